using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>
/// Issue 19 item 5: a paper application scanned at intake is stored with the case; the case page lists it with a preview drawn
/// from the download URL and a download link; another file is added on the case page with the file picker.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class AttachmentsTests(DeskFixture desk)
{
    [Fact]
    public async Task Intake_TakesTheScannedApplication_TheCasePageShowsItsPreview_AndTakesAnotherFile()
    {
        var office = await Office.Open(desk);
        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            // A real PNG, as a scanner would give: the browser's own picture of a page.
            await page.SetContentAsync("<html><body style='background:#fff'><h1>政府信息公开申请表</h1><p>申请人：王扫描</p></body></html>");
            var scan = await page.ScreenshotAsync(new() { Type = ScreenshotType.Png });

            await page.GotoAsync($"{desk.App.BaseUrl}/intake");
            await page.GetByLabel("当面提交", new() { Exact = true }).CheckAsync();
            await page.GetByLabel("自然人", new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "下一步：填写申请" }).ClickAsync();
            await page.GetByLabel("姓名").FillAsync("王扫描");
            await page.GetByLabel("所需政府信息").FillAsync("2025年城市道路维修预算及执行情况");
            await page.GetByLabel("申请书扫描件（选填）").SetInputFilesAsync(new FilePayload { Name = "申请书扫描.png", MimeType = "image/png", Buffer = scan });
            await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
            try { await page.Locator("#scan-result").WaitForAsync(); }
            catch (TimeoutException) { Assert.Fail(await page.Locator("main").InnerTextAsync()); }
            Assert.Contains("申请书扫描.png", await page.Locator("#scan-result").InnerTextAsync());

            await page.Locator("section.result a[href^=\"/cases/\"]").First.ClickAsync();
            await page.Locator("#attachments-list").WaitForAsync();
            var row = page.Locator("#attachments-list tbody tr").First;
            Assert.Contains("申请书", await row.InnerTextAsync());
            Assert.Contains("申请书扫描.png", await row.InnerTextAsync());
            var preview = row.Locator("img.attachment-preview");
            await preview.WaitForAsync();
            await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await preview.ElementHandleAsync());
            var download = await page.APIRequest.GetAsync(desk.App.BaseUrl + await row.Locator("a[download]").GetAttributeAsync("href"));
            Assert.Equal(scan, await download.BodyAsync());

            // A second file with the picker: a PDF.
            var pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
            await page.GetByLabel("类别").SelectOptionAsync("PowerOfAttorney");
            await page.Locator("#attachment-file").SetInputFilesAsync(new FilePayload { Name = "授权委托书.pdf", MimeType = "application/pdf", Buffer = pdf });
            await page.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
            await page.Locator("#attachments-list tbody tr").Nth(1).WaitForAsync();
            Assert.Contains("授权委托书", await page.Locator("#attachments-list").InnerTextAsync());
            Assert.Equal(1, await page.Locator("#attachments-list a", new() { HasText = "预览" }).CountAsync());

            // A renamed file is refused beside the field, in Chinese.
            await page.Locator("#attachment-file").SetInputFilesAsync(new FilePayload { Name = "身份证.pdf", MimeType = "application/pdf", Buffer = scan });
            await page.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
            await page.Locator("#attachment-upload .error").WaitForAsync();
            Assert.Contains("文件名与内容不符", await page.Locator("#attachment-upload .error").InnerTextAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "case-attachments");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
