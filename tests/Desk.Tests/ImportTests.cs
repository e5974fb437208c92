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
}
