using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>
/// Trial D findings 9 and 10 on the case page: the delivery form says beside the 送达方式 field that the case holds no e-mail address
/// (and how to add it: 更正 of the applicant's contact), and beside the 邮件号 field that a 邮件号 is for a delivery by post only;
/// nothing is recorded. After the 更正 adds the address, the same form records the delivery.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class DeliveryAddressTests(DeskFixture desk)
{
    [Fact]
    public async Task DeliveryForm_ShowsTheMissingAddressAndThePostOnlyTrackingNumber_BesideTheirFields()
    {
        var office = await Office.Open(desk);
        var id = (string)(await office.Register("2026-06-01", address: null))["id"]!;
        var number = (string)(await office.Handler.GetAsync($"/api/cases/{id}").Ok())["caseNumber"]!;
        await office.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-06-10", outcome = "Disclosed" }).Ok();

        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            var events = await page.Locator("#timeline tbody tr").CountAsync();
            var step = page.Locator("#step-delivery");
            await step.GetByLabel("送达日期").FillAsync("2026-06-11");
            await step.GetByLabel("送达方式").SelectOptionAsync(new SelectOptionValue { Label = "电子邮件" });
            await step.GetByRole(AriaRole.Button, new() { Name = "记录" }).ClickAsync();
            var methodError = page.Locator("#delivery-method-error");
            await Assertions.Expect(methodError).ToContainTextAsync($"案件{number}没有申请人的电子邮箱");
            await Assertions.Expect(methodError).ToContainTextAsync("请先更正申请人的联系方式");
            Assert.Equal("delivery-method-error", await page.Locator("#delivery-method").GetAttributeAsync("aria-describedby"));
            Assert.Equal(events, await page.Locator("#timeline tbody tr").CountAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "delivery-no-email-address");

            step = page.Locator("#step-delivery");
            await step.GetByLabel("送达方式").SelectOptionAsync(new SelectOptionValue { Label = "直接送达" });
            await step.GetByLabel("邮件号").FillAsync("EA1");
            await step.GetByRole(AriaRole.Button, new() { Name = "记录" }).ClickAsync();
            await Assertions.Expect(page.Locator("#delivery-trackingNumber-error")).ToHaveTextAsync("邮件号只用于邮寄送达（method 为 Post）。");
            Assert.Equal(events, await page.Locator("#timeline tbody tr").CountAsync());

            // The 更正 adds the e-mail address; the e-mail delivery is then recorded.
            await office.Handler.Post($"/api/cases/{id}/correction", new { reason = "申请人补充电子邮箱", applicant = new { email = "zhang@example.cn" } }).Ok();
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            step = page.Locator("#step-delivery");
            await step.GetByLabel("送达日期").FillAsync("2026-06-11");
            await step.GetByLabel("送达方式").SelectOptionAsync(new SelectOptionValue { Label = "电子邮件" });
            await step.GetByRole(AriaRole.Button, new() { Name = "记录" }).ClickAsync();
            await Assertions.Expect(page.Locator("#result-delivery-method")).ToHaveTextAsync("电子邮件");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
