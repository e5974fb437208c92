using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Documents;

/// <summary>An issued document as a test reads it back: the issue's answer, the DOCX bytes downloaded and their text.</summary>
public sealed record IssuedDocx(JsonNode Issued, byte[] Bytes, string Text)
{
    public string Id => (string)Issued["id"]!;
    public string Number => (string)Issued["number"]!;
}

/// <summary>Drafting, issuing and opening documents through the API.</summary>
public static class DocumentKit
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>A China date as documents print it (2026年9月2日).</summary>
    public static string ChinaDate(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    public static string ChinaDate(string isoDate) => ChinaDate(DateOnly.Parse(isoDate));

    public static async Task<JsonNode> Case(HttpClient client, string id) => await Ok(client.GetAsync($"/api/cases/{id}"));

    public static Task<HttpResponseMessage> Issue(HttpClient client, string caseId, string kind, object? extra = null)
        => client.Post($"/api/cases/{caseId}/documents", extra ?? new { kind });

    /// <summary>Issues a document of <paramref name="kind"/> (201 expected) and downloads it as DOCX.</summary>
    public static async Task<IssuedDocx> IssueAndOpen(HttpClient client, string caseId, string kind, object? body = null)
    {
        var response = await Issue(client, caseId, kind, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        var issued = JsonNode.Parse(text)!;
        Assert.Equal($"/api/cases/{caseId}/documents/{issued["id"]}", response.Headers.Location?.OriginalString);
        var bytes = await Download(client, caseId, (string)issued["id"]!);
        return new IssuedDocx(issued, bytes, TextOf(bytes));
    }

    public static async Task<byte[]> Download(HttpClient client, string caseId, string documentId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}/documents/{documentId}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(DocxType));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DocxType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The text of a DOCX opened with OpenXml, one line per paragraph.</summary>
    public static string TextOf(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart!.Document!.Body!;
        return string.Join("\n", body.Descendants<Paragraph>().Select(p => string.Concat(p.Descendants<Text>().Select(t => t.Text))));
    }

    public static Task<HttpResponseMessage> Put(this HttpClient client, string url, object body)
        => client.PutAsync(url, System.Net.Http.Json.JsonContent.Create(body, options: Http.Json));

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A registered case (InPerson, so its receipt date is fixed) and its id.</summary>
    public static async Task<string> Registered(Scenario s, string submittedOn = "2026-09-01", string applicant = "张三")
        => (string)(await s.Register("InPerson", submittedOn, applicant: applicant))["id"]!;
}
