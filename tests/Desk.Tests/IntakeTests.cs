using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>
/// 登记申请: every problem at once, no due date for a future receipt date (today is 2026-11-25). The 受理回执 issued and printed
/// at once is in <see cref="DocumentsTests"/>.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class IntakeTests(DeskFixture desk)
{
    private async Task Choose(IPage page, string channel)
    {
        await page.GotoAsync($"{desk.App.BaseUrl}/intake");
        await page.GetByLabel(channel, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("自然人", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步：填写申请" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).WaitForAsync();
    }

    [Fact]
    public async Task Intake_ShowsEveryFieldProblemAtOnce_AndKeepsWhatWasTyped()
    {
        var office = await Office.Open(desk);
        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            await Choose(page, "当面提交");
            // A mistyped ID number (the domain's one rule, IdDocument.Problem), no name and no request (the command's validation), a phone too long.
            await page.GetByLabel("身份证号码").FillAsync("110105194912310021");
            await page.GetByLabel("姓名").FillAsync("");
            await page.GetByLabel("联系电话").FillAsync(new string('1', 41));
            await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
            await page.Locator("#idNumber-error").WaitForAsync();
            Assert.Contains("校验码不符（GB 11643-1999）：有数字输错；按这17位数字，第18位应为X。", await page.Locator("#idNumber-error").InnerTextAsync());
            Assert.Equal("必填。", await page.Locator("#name-error").InnerTextAsync());
            Assert.Equal("必填。", await page.Locator("#description-error").InnerTextAsync());
            Assert.NotEmpty(await page.Locator("#phone-error").InnerTextAsync());
            Assert.Equal("110105194912310021", await page.GetByLabel("身份证号码").InputValueAsync());
            Assert.Equal(new string('1', 41), await page.GetByLabel("联系电话").InputValueAsync());
            Assert.Equal(0, await page.Locator("#saved-heading").CountAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "intake-all-problems");

            var list = await office.Intake.GetAsync("/api/cases").Ok();
            Assert.Equal(0, (int)list["total"]!);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Intake_FutureReceiptDate_ShowsASentenceNotADueDate_AndIsRefusedBesideTheField()
    {
        var office = await Office.Open(desk);
        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            await Choose(page, "信函（挂号信、EMS，本机关签收）");
            await page.GetByLabel("信函到达日期").FillAsync("2026-11-24");
            await page.GetByLabel("签收日期").FillAsync("2026-11-26");
            await page.GetByLabel("姓名").FillAsync("张三");
            await page.GetByLabel("所需政府信息").FillAsync("2025年城市道路维修预算及执行情况");
            await page.GetByRole(AriaRole.Button, new() { Name = "核对并计算期限" }).ClickAsync();
            await page.Locator("#due-future").WaitForAsync();
            Assert.Equal(0, await page.Locator("#due-preview").CountAsync());
            Assert.Contains("2026-11-26 晚于今天（2026-11-25），不计算答复期限", await page.Locator("#due-future").InnerTextAsync());

            await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
            await page.Locator("#receivedOn-error").WaitForAsync();
            Assert.Equal("2026-11-26是将来的日期（今天是2026-11-25）。", await page.Locator("#receivedOn-error").InnerTextAsync());
            Assert.Equal("2026-11-26", await page.GetByLabel("签收日期").InputValueAsync());
            Assert.Equal(0, await page.Locator("#due-preview").CountAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "intake-future-receipt");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
