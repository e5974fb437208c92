using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>案件列表: filters, bad input beside its field, go to a case by its number (today is 2026-11-25).</summary>
[Collection(DeskCollection.Name)]
public sealed class CasesTests(DeskFixture desk)
{
    [Fact]
    public async Task CaseList_FiltersByChannelAndOverdue_ShowsBadDatesBesideTheField_AndGoesToACaseByNumber()
    {
        var office = await Office.Open(desk);
        var overdue = await office.Register("2026-10-12", applicant: "李四");
        var fax = await office.Register("2026-11-02", channel: "Fax", applicant: "传真申请人");
        var letter = await office.Register("2026-11-03", channel: "Letter", letterMail: "Signed", receivedOn: "2026-11-03", applicant: "王五", description: "某街道拆迁补偿方案");
        await office.AssignToHandler(letter);

        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "案件列表" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "案件列表", Level = 1 }).WaitForAsync();
            var table = page.GetByRole(AriaRole.Table, new() { Name = "案件（按答复期限排序）" });
            Assert.Equal(3, await table.Locator("tbody tr").CountAsync());
            Assert.Contains((string)overdue["caseNumber"]!, await table.Locator("tbody tr").First.InnerTextAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "cases");

            await page.GetByLabel("渠道").SelectOptionAsync(new SelectOptionValue { Label = "传真" });
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await DeskFixture.AtUrl(page, "channel=Fax");
            await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
            var rows = await table.Locator("tbody tr").AllInnerTextsAsync();
            Assert.Equal([(string)fax["caseNumber"]!], rows.Select(r => r.Split('\t')[0].Trim()));

            await page.GetByLabel("渠道").SelectOptionAsync(new SelectOptionValue { Label = "全部" });
            await page.GetByLabel("仅显示已逾期").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await DeskFixture.AtUrl(page, "overdue=true");
            await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
            rows = await table.Locator("tbody tr").AllInnerTextsAsync();
            Assert.Equal([(string)overdue["caseNumber"]!], rows.Select(r => r.Split('\t')[0].Trim()));

            // A date typed the wrong way: the problem beside the field, in Chinese, and what was typed kept.
            await page.GetByLabel("仅显示已逾期").UncheckAsync();
            await page.GetByLabel("收到日期自").FillAsync("2026/11/01");
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await page.Locator("#receivedFrom-error").WaitForAsync();
            Assert.Equal("请按 yyyy-MM-dd 填写日期，例如 2026-09-01。", await page.Locator("#receivedFrom-error").InnerTextAsync());
            Assert.Equal("2026/11/01", await page.GetByLabel("收到日期自").InputValueAsync());
            Assert.Equal("true", await page.GetByLabel("收到日期自").GetAttributeAsync("aria-invalid"));
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "cases-bad-date");

            // Received between, and text.
            await page.GetByLabel("收到日期自").FillAsync("2026-11-03");
            await page.GetByLabel("关键词（编号、申请人、内容）").FillAsync("拆迁");
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await DeskFixture.AtUrl(page, "q=");
            await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
            rows = await table.Locator("tbody tr").AllInnerTextsAsync();
            Assert.Equal([(string)letter["caseNumber"]!], rows.Select(r => r.Split('\t')[0].Trim()));
            Assert.Contains("信函·挂号", rows[0]);

            // Go to by number: unknown → beside the field; known (typed in lower case) → the case page.
            await page.GetByLabel("案件编号").FillAsync($"{office.Child}-2026-09999");
            await page.GetByRole(AriaRole.Button, new() { Name = "转到" }).ClickAsync();
            await page.Locator("#number-error").WaitForAsync();
            Assert.Contains($"{office.Child}-2026-09999", await page.Locator("#number-error").InnerTextAsync());
            await page.GetByLabel("案件编号").FillAsync(((string)fax["caseNumber"]!).ToLowerInvariant());
            await page.GetByRole(AriaRole.Button, new() { Name = "转到" }).ClickAsync();
            await DeskFixture.AtUrl(page, $"/cases/{(string)fax["id"]!}$");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
