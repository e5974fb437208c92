using System.Net;
using System.Net.Http.Headers;
using CaseTracker.Api.Tests.Support;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using static CaseTracker.Api.Tests.Documents.DocumentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Documents;

/// <summary>documents.md "Templates": an agency's own template per kind, the parent's for a subordinate without one, else the default.</summary>
public class TemplateTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static HttpContent Docx(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(DocxType);
        return content;
    }

    /// <summary>The template with one more paragraph: plain text, or a content control tagged <paramref name="tag"/>.</summary>
    private static byte[] WithParagraph(byte[] template, string text, string? tag = null)
    {
        using var stream = new MemoryStream();
        stream.Write(template);
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var body = document.MainDocumentPart!.Document!.Body!;
            OpenXmlElement content = new Run(new Text(text));
            if (tag is not null)
                content = new SdtRun(new SdtProperties(new Tag { Val = tag }, new SdtAlias { Val = tag }), new SdtContentRun(content));
            body.InsertBefore(new Paragraph(content), body.Elements<SectionProperties>().LastOrDefault());
        }

        return stream.ToArray();
    }

    [Fact]
    public async Task ParentTemplate_IsUsedByASubordinateWithoutItsOwn_AndDeletingItRestoresTheDefault()
    {
        var s = await Create(factory);
        var defaultTemplate = await s.Admin.GetAsync($"/api/agencies/{s.Root}/templates/Receipt");
        Assert.Equal("default", defaultTemplate.Headers.GetValues("X-Template-Source").Single());
        var marked = WithParagraph(await defaultTemplate.Content.ReadAsByteArrayAsync(), "上级机关模板标记");
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Root}/templates/Receipt", Docx(marked)));

        var child = await s.Admin.GetAsync($"/api/agencies/{s.Child}/templates/Receipt");
        Assert.Equal(s.Root, child.Headers.GetValues("X-Template-Source").Single());
        var id = await Registered(s);
        var draft = await Ok(s.Intake.Post($"/api/cases/{id}/documents/drafts", new { kind = "Receipt" }));
        Assert.Equal(s.Root, (string)draft["template"]!);
        var issued = await IssueAndOpen(s.Intake, id, "Receipt");
        Assert.Contains("上级机关模板标记", issued.Text);
        Assert.Contains(issued.Number, issued.Text);

        Assert.Equal(HttpStatusCode.NoContent, (await s.Admin.DeleteAsync($"/api/agencies/{s.Root}/templates/Receipt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Admin.DeleteAsync($"/api/agencies/{s.Root}/templates/Receipt")).StatusCode);
        var after = await IssueAndOpen(s.Intake, id, "Receipt", new { kind = "Receipt", replaces = issued.Id });
        Assert.DoesNotContain("上级机关模板标记", after.Text);
        Assert.Contains("上级机关模板标记", TextOf(await Download(s.Intake, id, issued.Id))); // issued documents keep their template
    }

    [Fact]
    public async Task Upload_WithAnUnknownField_IsRefusedNamingIt_AndNotADocxIsRefused()
    {
        var s = await Create(factory);
        var template = await (await s.Admin.GetAsync($"/api/agencies/{s.Child}/templates/SupplementNotice")).Content.ReadAsByteArrayAsync();
        var before = factory.Snapshot();
        var unknown = await Refused(s.Admin.PutAsync($"/api/agencies/{s.Child}/templates/SupplementNotice", Docx(WithParagraph(template, "x", tag: "applicant.shoeSize"))),
            HttpStatusCode.BadRequest);
        Assert.Contains("applicant.shoeSize", (string)unknown["errors"]!["template"]![0]!);
        var notDocx = await Refused(s.Admin.PutAsync($"/api/agencies/{s.Child}/templates/SupplementNotice", Docx("not a word file"u8.ToArray())), HttpStatusCode.BadRequest);
        Assert.Contains("DOCX", (string)notDocx["errors"]!["template"]![0]!);
        var json = await Refused(s.Admin.PutAsync($"/api/agencies/{s.Child}/templates/SupplementNotice", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.UnsupportedMediaType);
        Assert.Contains(DocxType, (string)json["detail"]!);
        await Refused(s.Admin.PutAsync($"/api/agencies/{s.Child}/templates/Memo", Docx(template)), HttpStatusCode.BadRequest);
        Assert.Equal(before, factory.Snapshot());

        var known = await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/templates/SupplementNotice", Docx(WithParagraph(template, "x", tag: "supplyBy"))));
        Assert.Equal(Sha256(WithParagraph(template, "x", tag: "supplyBy")).Length, ((string)known["sha256"]!).Length);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Handler.PutAsync($"/api/agencies/{s.Child}/templates/SupplementNotice", Docx(template))).StatusCode);
    }
}
