using System.Net.Http.Headers;
using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>
/// Issue 19 item 1 on the desk: an Administrator removes an attached file from the case page with a reason (the form in Chinese, the
/// reason required and checked), the row stays marked removed and the timeline has the entry; a case handler is not offered the
/// removal, and once the case is archived nobody is.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class AttachmentRemovalTests(DeskFixture desk)
{
    private static readonly byte[] Pdf = System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

    [Fact]
    public async Task Administrator_RemovesAFile_WithAReason_TheTimelineHasIt_HandlerAndArchivedCaseAreNotOffered()
    {
        var office = await Office.Open(desk);
        var @case = await office.Register("2026-11-02");
        var id = (string)@case["id"]!;
        await Upload(office.Intake, id, "申请书.pdf", "Application");
        var duplicate = await Upload(office.Intake, id, "重复扫描.pdf", "Other");

        var handler = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await handler.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            await handler.Locator("#attachments-list").WaitForAsync();
            Assert.Equal(2, await handler.Locator("#attachments-list tbody tr").CountAsync());
            Assert.Equal(0, await handler.Locator("details.attachment-remove").CountAsync());
        }
        finally
        {
            await handler.Context.CloseAsync();
        }

        var adminLogin = "deskadmin-" + office.Root.ToLowerInvariant();
        var admin = await office.SignIn(adminLogin, office.Root, "Administrator");
        try
        {
            await admin.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            await admin.Locator("#attachments-list").WaitForAsync();
            Assert.Equal(2, await admin.Locator("details.attachment-remove").CountAsync());
            var remove = admin.Locator($"#remove-{duplicate}");
            await remove.Locator("summary").ClickAsync();
            var reason = admin.GetByLabel("删除“重复扫描.pdf”的理由");
            Assert.True(await reason.EvaluateAsync<bool>("e => e.required"), "the reason is not required in the form");

            // A reason of punctuation only is refused beside the field, in Chinese, and nothing is removed.
            await reason.FillAsync("。。");
            await remove.GetByRole(AriaRole.Button, new() { Name = "确认删除" }).ClickAsync();
            var error = admin.Locator($"#remove-{duplicate} .error");
            await error.First.WaitForAsync();
            var refusal = await error.First.InnerTextAsync();
            Assert.Contains("理由", refusal);
            Assert.DoesNotContain("reason", refusal);
            Assert.Equal(0, await admin.Locator("#attachments-list .removed").CountAsync());

            await admin.GetByLabel("删除“重复扫描.pdf”的理由").FillAsync("重复上传");
            await admin.Locator($"#remove-{duplicate}").GetByRole(AriaRole.Button, new() { Name = "确认删除" }).ClickAsync();
            var removed = admin.Locator($"tr[data-attachment=\"{duplicate}\"] .removed");
            await removed.WaitForAsync();
            Assert.Contains("重复上传", await removed.InnerTextAsync());
            Assert.Equal(1, await admin.Locator("details.attachment-remove").CountAsync());
            var timeline = await admin.Locator("#timeline").InnerTextAsync();
            Assert.Contains("删除附件：其他 重复扫描.pdf：重复上传", timeline);
            Assert.Contains("添加附件：申请书 申请书.pdf", timeline);
            // 撤销上一步 voids a step, never an attachment's entry: it is not offered for one.
            Assert.DoesNotContain("撤销上一步：删除附件", await admin.Locator("main").InnerTextAsync());
            await DeskFixture.AssertAccessible(admin);
            await DeskFixture.Screenshot(admin, "case-attachment-removed");

            var history = await office.Handler.GetAsync($"/api/cases/{id}/history").Ok();
            Assert.Contains(history["items"]!.AsArray(), e => (string?)e!["kind"] == "AttachmentRemoved"
                && (string?)e["details"]!["reason"] == "重复上传" && (string?)e["actor"]!["name"] == adminLogin + "（测试）");

            // Closed and archived: the case file is the record, nothing is offered any more.
            await office.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-11-10", outcome = "Disclosed", summary = "2025年道路维修预算表" }).Ok();
            await office.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-11-11", method = "Post", trackingNumber = "EA123456789CN" }).Ok();
            await desk.App.Api("admin-" + office.Root.ToLowerInvariant(), office.Root, "Administrator").Post($"/api/cases/{id}/archival", new { }).Ok();
            await admin.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            await admin.Locator("#case-archived").WaitForAsync();
            Assert.Equal(0, await admin.Locator("details.attachment-remove").CountAsync());
            Assert.Equal("EA123456789CN", await admin.Locator("#result-tracking-number").InnerTextAsync());
        }
        finally
        {
            await admin.Context.CloseAsync();
        }
    }

    private static async Task<string> Upload(HttpClient client, string caseId, string fileName, string kind)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(kind), "kind");
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return (string)(await client.PostAsync($"/api/cases/{caseId}/attachments", form).Ok())["id"]!;
    }
}
