using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>
/// 导入 (issue 17 item 7): an intake officer uploads the office's GBK register, sees the mapping and the errors row by row,
/// fixes the one column CaseTracker could not place, and imports; the cases are then in the register.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class ImportTests(DeskFixture desk)
{
    private static byte[] GbkRegister()
    {
        var text = new StringBuilder()
            .Append("2025年政府信息公开申请登记台账,,,,,,,,\r\n")
            .Append("序号,登记日,申请方式,申请人姓名,申请人类型,所需信息,答复日期,答复结果,送达方式\r\n")
            .Append("1,2025/1/6,当面,张三,自然人,2024年城市道路维修预算,2025/1/6,予以公开,当场答复\r\n")
            .Append("2,2025/2/3,当面,某科技有限公司,企业,本单位周边规划,2025/2/20,部分公开,邮寄\r\n");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936).GetBytes(text.ToString());
    }

    [Fact]
    public async Task Import_OfficerPreviewsFixesTheMappingAndImports()
    {
        var office = await Office.Open(desk);
        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "导入" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "导入登记台账", Level = 1 }).WaitForAsync();
            await page.GetByLabel("登记台账文件").SetInputFilesAsync(new FilePayload { Name = "台账.csv", MimeType = "text/csv", Buffer = GbkRegister() });
            await page.GetByLabel("答复日期即送达日期", new() { Exact = false }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "预览" }).ClickAsync();

            // 登记日 is no name CaseTracker knows: the submission date is missing, said once for the header.
            var errors = page.GetByRole(AriaRole.Table, new() { Name = "发现1处问题（改正表格后重新上传，或修改列的对照）" });
            await errors.WaitForAsync();
            Assert.Contains("提交日期", await errors.InnerTextAsync());
            Assert.Contains("序号", await page.Locator("#warning").InnerTextAsync());
            Assert.Contains("表头在表格第2行", await page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First.InnerTextAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "import-preview-errors");

            // The mapping offers the register's Chinese column names only, never the API's keys.
            var options = await page.Locator("#mapping option").AllInnerTextsAsync();
            Assert.Contains("提交日期", options);
            Assert.All(options, o => Assert.DoesNotMatch("[A-Za-z]", o));
            await page.GetByLabel("登记日").SelectOptionAsync(new SelectOptionValue { Label = "提交日期" });
            await page.GetByRole(AriaRole.Button, new() { Name = "保存对照并重新预览" }).ClickAsync();
            await page.Locator("#no-errors").WaitForAsync();
            Assert.Contains("将导入2件", await page.Locator("#would-import").InnerTextAsync());
            await DeskFixture.Screenshot(page, "import-preview-valid");

            await page.GetByRole(AriaRole.Button, new() { Name = "导入这2件" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "已导入2件。" }).WaitForAsync();
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "import-done");
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        var list = JsonNode.Parse(await office.Intake.GetStringAsync($"/api/cases?agency={office.Child}"))!;
        Assert.Equal(2, (int)list["total"]!);
        Assert.All(list["items"]!.AsArray(), c => Assert.Equal("Closed", (string?)c!["status"]));
        var mapping = JsonNode.Parse(await office.Intake.GetStringAsync($"/api/agencies/{office.Child}/import-mapping"))!;
        Assert.Equal("submittedOn", (string?)mapping["columns"]!["登记日"]);
    }
    /// <summary>The register of <see cref="Import_WhenImportedAgain_ListsTheDuplicatesWithTheirCasesAndTheOpenRow"/>: a decided row and an old row never answered.</summary>
    private static byte[] WithOpenRow()
    {
        var text = new StringBuilder()
            .Append("2024年政府信息公开申请登记台账,,,,,,\r\n")
            .Append("申请日期,申请方式,申请人,申请人类型,所需信息,答复日期,答复结果\r\n")
            .Append("2024/1/8,当面,张三,自然人,某年度预算,2024/1/15,予以公开\r\n")
            .Append("2024/1/8,当面,李四,自然人,某会议纪要,,\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Fact]
    public async Task Import_WhenImportedAgain_ListsTheDuplicatesWithTheirCasesAndTheOpenRow()
    {
        var office = await Office.Open(desk);
        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            async Task Preview()
            {
                await page.GotoAsync(desk.App.BaseUrl + "/import");
                await page.GetByLabel("登记台账文件").SetInputFilesAsync(new FilePayload { Name = "台账.csv", MimeType = "text/csv", Buffer = WithOpenRow() });
                await page.GetByLabel("答复日期即送达日期", new() { Exact = false }).CheckAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "预览" }).ClickAsync();
            }

            // The first time: no problem; the row never answered is listed, by the spreadsheet's row, as an open case already overdue.
            await Preview();
            await page.Locator("#no-errors").WaitForAsync();
            var open = page.GetByRole(AriaRole.Table, new() { Name = "1行需要核对（不是错误，这些行会照此导入）" });
            var row = open.GetByRole(AriaRole.Row).Nth(1);
            Assert.Equal("4", await row.GetByRole(AriaRole.Cell).First.InnerTextAsync());
            Assert.StartsWith("没有答复日期和答复结果：将作为办理中的案件导入，已超期", await row.GetByRole(AriaRole.Cell).Nth(2).InnerTextAsync());
            Assert.Contains("办理中（未答复） 1", await page.Locator("#would-import").InnerTextAsync());
            await page.GetByRole(AriaRole.Button, new() { Name = "导入这2件" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "已导入2件。" }).WaitForAsync();

            // Again: each row is a problem naming the case it repeats, and nothing can be imported.
            var numbers = JsonNode.Parse(await office.Intake.GetStringAsync($"/api/cases?agency={office.Child}"))!["items"]!.AsArray()
                .Select(c => (string)c!["caseNumber"]!).Order(StringComparer.Ordinal).ToList();
            await Preview();
            var errors = page.GetByRole(AriaRole.Table, new() { Name = "发现2处问题（改正表格后重新上传，或修改列的对照）" });
            await errors.WaitForAsync();
            var errorRows = errors.GetByRole(AriaRole.Row);
            for (var i = 0; i < 2; i++)
            {
                var cells = errorRows.Nth(i + 1).GetByRole(AriaRole.Cell);
                Assert.Equal((i + 3).ToString(System.Globalization.CultureInfo.InvariantCulture), await cells.First.InnerTextAsync());
                Assert.Contains(numbers[i], await cells.Nth(2).InnerTextAsync());
            }

            Assert.Equal(0, await page.Locator("#run").CountAsync());
            await DeskFixture.AssertAccessible(page);

            // The clerk who knows them to be other requests allows them without choosing the file again: still listed, with their cases.
            await page.GetByRole(AriaRole.Button, new() { Name = "这些行确为另一次申请：允许重复并重新预览" }).ClickAsync();
            await page.Locator("#no-errors").WaitForAsync();
            var listed = await page.Locator("#row-warnings").InnerTextAsync();
            Assert.Contains(numbers[0], listed);
            Assert.Contains(numbers[1], listed);
            Assert.Contains("已超期", listed);
            Assert.Contains("导入这2件", await page.Locator("#run").InnerTextAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "import-duplicates-allowed");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
