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
            var table = page.GetByRole(AriaRole.Table, new() { Name = "案件（按答复期限升序排列）" });
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

    // security.md "Personal data": a full ID number typed as the keyword is posted, and the list's address, pager and export
    // links carry its keyed hash, never the number (history, proxy logs, Referer).
    [Fact]
    public async Task CaseList_KeywordIsAFullIdNumber_AddressAndExportLinksCarryOnlyItsHash()
    {
        const string idNumber = "11010519491231002X";
        var office = await Office.Open(desk);
        var mine = await office.Register("2026-11-02", applicant: "周七", idNumber: idNumber);
        await office.Register("2026-11-03", applicant: "吴八");

        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        var addresses = new List<string>();
        page.Request += (_, request) => addresses.Add(request.Url);
        try
        {
            await page.GotoAsync(desk.App.BaseUrl + "/cases");
            await page.GetByLabel("关键词（编号、申请人、内容）").FillAsync(idNumber);
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await DeskFixture.AtUrl(page, "idHash=[0-9a-f]{64}");
            var table = page.GetByRole(AriaRole.Table, new() { Name = "案件（按答复期限升序排列）" });
            await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
            Assert.Contains((string)mine["caseNumber"]!, await table.Locator("tbody tr").First.InnerTextAsync());
            Assert.DoesNotContain(idNumber, page.Url, StringComparison.OrdinalIgnoreCase);
            var href = await page.GetByRole(AriaRole.Link, new() { Name = "导出 CSV" }).GetAttributeAsync("href");
            Assert.Contains("idHash=", href);
            Assert.DoesNotContain(idNumber, href!, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(idNumber, await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);

            // Filtering again keeps the hash; an old address with the number in it is sent on to the hashed one.
            await page.GetByLabel("渠道").SelectOptionAsync(new SelectOptionValue { Label = "当面" });
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await DeskFixture.AtUrl(page, "channel=InPerson");
            Assert.Contains("idHash=", page.Url);
            await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
            // Part of the number (trial finding 12): found nothing, and the page says a whole ID number is needed.
            await page.GotoAsync(desk.App.BaseUrl + "/cases?q=" + idNumber[..6]);
            await Assertions.Expect(page.Locator("#q-idpart")).ToContainTextAsync("完整的18位身份证号码");
            await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(0);
            await page.GotoAsync(desk.App.BaseUrl + "/cases?q=" + idNumber);
            await DeskFixture.AtUrl(page, "idHash=[0-9a-f]{64}");
            Assert.Equal(0, await page.Locator("#q-idpart").CountAsync());
            Assert.DoesNotContain(idNumber, page.Url, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(addresses, a => a.Contains(idNumber, StringComparison.OrdinalIgnoreCase) && !a.Contains("q=" + idNumber, StringComparison.Ordinal));
            await DeskFixture.AssertAccessible(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task CaseList_SortsByCaseNumberDescending_AndExportsTheFilteredListAsCsvAndXlsx()
    {
        var office = await Office.Open(desk);
        var first = await office.Register("2026-11-02", applicant: "赵一");
        var second = await office.Register("2026-11-03", applicant: "钱二");
        var fax = await office.Register("2026-11-04", channel: "Fax", applicant: "孙三");

        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            await page.GotoAsync(desk.App.BaseUrl + "/cases");
            await page.GetByLabel("排序").SelectOptionAsync(new SelectOptionValue { Label = "案件编号" });
            await page.GetByLabel("顺序").SelectOptionAsync(new SelectOptionValue { Label = "降序" });
            await page.GetByLabel("渠道").SelectOptionAsync(new SelectOptionValue { Label = "当面" });
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await DeskFixture.AtUrl(page, "sort=number");
            var table = page.GetByRole(AriaRole.Table, new() { Name = "案件（按案件编号降序排列）" });
            await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(2);
            var rows = await table.Locator("tbody tr").AllInnerTextsAsync();
            Assert.Equal([(string)second["caseNumber"]!, (string)first["caseNumber"]!], rows.Select(r => r.Split('\t')[0].Trim()));
            Assert.Equal("number", await page.GetByLabel("排序").InputValueAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "cases-sorted-export");

            // The links carry the filters and the order: the file holds the two in-person cases, not the fax.
            var csvLink = page.GetByRole(AriaRole.Link, new() { Name = "导出 CSV" });
            var href = await csvLink.GetAttributeAsync("href");
            Assert.Contains("channel=InPerson", href);
            Assert.Contains("sort=number", href);
            Assert.Contains("desc=true", href);
            var download = await page.RunAndWaitForDownloadAsync(() => csvLink.ClickAsync());
            var csv = await File.ReadAllTextAsync(await download.PathAsync(), System.Text.Encoding.UTF8);
            var lines = csv.TrimEnd().Split("\r\n");
            Assert.StartsWith("原案件编号,", lines[0].TrimStart('\uFEFF'));
            Assert.Equal([(string)second["caseNumber"]!, (string)first["caseNumber"]!], lines.Skip(1).Select(l => l.Split(',')[0]));
            Assert.DoesNotContain((string)fax["caseNumber"]!, csv);

            var xlsx = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "导出 XLSX" }).ClickAsync());
            Assert.EndsWith(".xlsx", xlsx.SuggestedFilename);
            var bytes = await File.ReadAllBytesAsync(await xlsx.PathAsync());
            Assert.Equal((byte)'P', bytes[0]); // a zip package
            Assert.Equal((byte)'K', bytes[1]);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
