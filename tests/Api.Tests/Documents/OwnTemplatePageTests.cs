using System.Net.Http.Headers;
using CaseTracker.Api.Tests.Support;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using static CaseTracker.Api.Tests.Documents.DocumentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Documents;

/// <summary>
/// Trial C finding 8: a paper issued from the agency's own template prints as issued — the printable page is the stored DOCX
/// (its title, its added sentence, its table), not the built-in layout; a paper from the default template keeps the built-in page.
/// </summary>
public class OwnTemplatePageTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    public const string OwnTitle = "政府信息公开申请受理告知书";
    public const string OwnSentence = "查询网址：www.lufeng.gov.cn/ysqgk，咨询电话：0878-4123456。";

    /// <summary>
    /// The default Receipt template as an office would change it in Word: the title control replaced by its own title (bold,
    /// 2号 小标宋, centred), a sentence added before the 落款 and a two-cell table of contacts.
    /// </summary>
    public static byte[] OwnReceiptTemplate(byte[] template)
    {
        using var stream = new MemoryStream();
        stream.Write(template);
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var body = document.MainDocumentPart!.Document!.Body!;
            var title = body.Elements<Paragraph>().First(p => p.Descendants<SdtRun>().Any(s => s.SdtProperties?.GetFirstChild<Tag>()?.Val == "title"));
            title.RemoveAllChildren<SdtRun>();
            title.Append(new Run(new RunProperties(new Bold()), new Text(OwnTitle)));
            var agency = body.Elements<Paragraph>().First(p => p.Descendants<SdtRun>().Any(s => s.SdtProperties?.GetFirstChild<Tag>()?.Val == "agency"));
            var sentence = new Paragraph(new ParagraphProperties(new Indentation { FirstLineChars = 200 }), new Run(new Text(OwnSentence)));
            var table = new Table(new TableRow(
                new TableCell(new Paragraph(new Run(new Text("受理窗口")))),
                new TableCell(new Paragraph(new Run(new Text("县政务服务中心三楼"))))));
            body.InsertBefore(sentence, agency);
            body.InsertBefore(table, agency);
        }

        return stream.ToArray();
    }

    private static async Task<string> Page(HttpClient client, string caseId, string documentId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}/documents/{documentId}");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task OwnTemplate_PrintablePage_IsTheIssuedDocx_TitleSentenceTableAndFields()
    {
        var s = await Create(factory);
        var template = await (await s.Admin.GetAsync($"/api/agencies/{s.Child}/templates/Receipt")).Content.ReadAsByteArrayAsync();
        var content = new ByteArrayContent(OwnReceiptTemplate(template));
        content.Headers.ContentType = new MediaTypeHeaderValue(DocxType);
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/templates/Receipt", content));

        var id = await Registered(s, applicant: "陆自有");
        var issued = await IssueAndOpen(s.Intake, id, "Receipt");
        Assert.Contains(OwnSentence, issued.Text);
        var html = await Page(s.Intake, id, issued.Id);
        Assert.Contains("data-source=\"docx\"", html);
        // The sentence and the title of the agency's template, as the DOCX says them; the built-in title is not there.
        Assert.Contains("<span class=\"nb\">0878-4123456</span>", html);
        Assert.Contains("查询网址：", html);
        Assert.Matches("<p id=\"document-title\" class=\"dx-center[^\"]*\"><span class=\"dx-b dx-pt22 dx-biaosong\">" + OwnTitle + "</span></p>", html);
        Assert.DoesNotContain("登记回执", html[html.IndexOf("<article", StringComparison.Ordinal)..]);
        // The added sentence keeps its two-character first-line indent; the table its cells.
        Assert.Matches("<p class=\"dx-both dx-fi2[^\"]*\">查询网址", html);
        Assert.Contains("<table class=\"dx-table\">", html);
        Assert.Contains("县政务服务中心三楼", html);
        // The fields as filled in the DOCX, each still marked with its key.
        Assert.Contains("<span data-field=\"number\">", html);
        Assert.Contains(issued.Number[..issued.Number.IndexOf('〔')] + "<span class=\"nb\">" + issued.Number[issued.Number.IndexOf('〔')..] + "</span>", html);
        Assert.Contains("陆自有", html);
        Assert.Contains((string)issued.Issued["lookupCode"]!, html);
        Assert.Contains("<span data-field=\"receivedOn\"><span class=\"nb\">2026年</span><span class=\"nb\">9月</span><span class=\"nb\">1日</span></span>", html);
        // The page's stylesheet and no inline style (the CSP allows none).
        Assert.Contains("href=\"/document.css\"", html);
        Assert.DoesNotContain(" style=", html);

        // Back to the default template: the correction prints with the built-in layout again, and the first paper, replaced,
        // keeps its own wording under the 作废 banner, its 查询码 line struck through.
        await s.Admin.DeleteAsync($"/api/agencies/{s.Child}/templates/Receipt");
        var corrected = await IssueAndOpen(s.Intake, id, "Receipt", new { kind = "Receipt", replaces = issued.Id });
        var builtIn = await Page(s.Intake, id, corrected.Id);
        Assert.DoesNotContain("data-source=\"docx\"", builtIn);
        Assert.Contains("id=\"document-title\"", builtIn);
        Assert.DoesNotContain(OwnTitle, builtIn);
        var voided = await Page(s.Intake, id, issued.Id);
        Assert.Contains("id=\"document-void\"", voided);
        Assert.Contains(OwnTitle, voided);
        Assert.Contains("document-void-line", voided);
    }
}
