using System.Net.Http.Headers;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Attachments;

/// <summary>Uploading and downloading attachments as a client does (multipart/form-data; the file part last, as browsers send it).</summary>
public static class AttachmentKit
{
    public static MultipartFormDataContent Form(HttpContent file, string fileName, string? kind, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        if (kind is not null) form.Add(new StringContent(kind), "kind");
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    public static Task<HttpResponseMessage> Upload(HttpClient client, string caseId, byte[] bytes, string fileName, string? kind = "Application",
        params (string Name, string Value)[] fields)
        => client.PostAsync($"/api/cases/{caseId}/attachments", Form(new ByteArrayContent(bytes), fileName, kind, fields));

    public static async Task<string> Uploaded(HttpClient client, string caseId, byte[] bytes, string fileName, string kind = "Application",
        params (string Name, string Value)[] fields)
        => (string)(await Ok(Upload(client, caseId, bytes, fileName, kind, fields)))["id"]!;

    public static async Task<byte[]> Download(HttpClient client, string caseId, string attachmentId)
    {
        var response = await client.GetAsync($"/api/cases/{caseId}/attachments/{attachmentId}");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>A case decided and delivered by post with a tracking number, so it is closed.</summary>
    public static async Task<string> Closed(Scenario s, string trackingNumber = "EA123456789CN")
    {
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed", summary = "2025年道路维修预算表" }));
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "Post", trackingNumber }));
        return id;
    }
}
