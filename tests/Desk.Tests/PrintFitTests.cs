using System.Text;
using System.Text.RegularExpressions;
using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>
/// Trial C finding 7: the printable page of a one-page letter prints on ONE A4 sheet, as its DOCX does (GB/T 9704: 版心 156 ×
/// 225 mm, 22 lines, 3号 body, the title and the 落款 on the line grid), and no line breaks inside a year ("2025年"), a case
/// number or a 文号. The shapes are trial C's: a 非本机关 answer with a named competent agency and the review body configured,
/// a 部分公开 answer (22 lines: the whole sheet), and a 收费通知书 for 150 pages. Chromium prints each to PDF (Playwright PdfAsync).
/// </summary>
[Collection(DeskCollection.Name)]
public sealed partial class PrintFitTests(DeskFixture desk)
{
    [Theory]
    [InlineData("Answer.OtherAgency")]
    [InlineData("Answer.Partial")]
    [InlineData("FeeNotice")]
    public async Task AOnePageLetter_PrintsOnOneA4Sheet_WithNoNumberSplitAcrossLines(string shape)
    {
        var office = await Office.Open(desk);
        var admin = desk.App.Api("admin-" + office.Child.ToLowerInvariant(), office.Child, "Administrator");
        await admin.PutAsync($"/api/agencies/{office.Child}/document-settings", System.Net.Http.Json.JsonContent.Create(
            new { reviewBody = "楚雄彝族自治州人民政府", reviewCourt = "楚雄市人民法院" })).Ok();
        var c = await office.Register("2026-11-02", applicant: "钱印刷");
        var id = (string)c["id"]!;
        var kind = shape.StartsWith("Answer", StringComparison.Ordinal) ? "Answer" : "FeeNotice";
        switch (shape)
        {
            case "Answer.OtherAgency":
                await office.Handler.Post($"/api/cases/{id}/decision", new
                {
                    decidedOn = "2026-11-20", outcome = "Unable.NotHeld.OtherAgency",
                    summary = "请向县财政局（电话：0878-4123456）申请。",
                }).Ok();
                break;
            case "Answer.Partial":
                await office.Handler.Post($"/api/cases/{id}/decision", new
                {
                    decidedOn = "2026-11-20", outcome = "PartiallyDisclosed",
                    summary = "涉及第三方个人隐私。",
                }).Ok();
                break;
            default:
                await office.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2026-11-05", method = "PerPage", pages = 150 }).Ok();
                break;
        }

        var issued = await office.Handler.Post($"/api/cases/{id}/documents", new { kind }).Ok();
        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/api/cases/{id}/documents/{(string)issued["id"]!}?format=html");
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            var lines = await page.EvaluateAsync<double>("""
                () => { const a = document.querySelector('article.official-document');
                        return a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight); }
                """);
            var pdf = await page.PdfAsync(new() { Format = "A4", PreferCSSPageSize = true });
            await File.WriteAllBytesAsync(Path.Combine(DeskApp.Folder(Path.Combine("artifacts", "documents")), $"fit-{shape}.pdf"), pdf);
            // On the DOCX's grid: every line, the title's and the 落款's too, one pitch (225/22 mm) — a whole number of lines —
            // and this letter (20 to 22 lines, as in Word) within the 22 lines of one sheet.
            Assert.True(Math.Abs(lines - Math.Round(lines)) < 0.05, $"the {shape} is {lines:F2} lines high, off the line grid");
            Assert.InRange(Math.Round(lines), 18, 22);
            Assert.Single(PageObject().Matches(Encoding.Latin1.GetString(pdf)));

            // Every year, case number and 文号 in the sheet lies on one line (the layout of its characters, not the markup).
            var split = await page.EvaluateAsync<string[]>("""
                () => {
                  const a = document.querySelector('article.official-document');
                  const nodes = []; let text = '';
                  const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
                  for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, text.length]); text += n.data; }
                  const at = i => { let k = nodes.length - 1; while (k > 0 && nodes[k][1] > i) k--; return [nodes[k][0], i - nodes[k][1]]; };
                  const bad = [];
                  for (const m of text.matchAll(/\d{4}年|[A-Z0-9]+-\d{4}-\d{5}|〔\d{4}〕\d+号|\d{4}-\d{7}/g)) {
                    const r = document.createRange();
                    const [sn, so] = at(m.index); const [en, eo] = at(m.index + m[0].length - 1);
                    r.setStart(sn, so); r.setEnd(en, eo + 1);
                    const tops = [...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top));
                    if (new Set(tops).size > 1) bad.push(m[0]);
                  }
                  return bad;
                }
                """);
            Assert.Empty(split);
            var text = await page.Locator("article.official-document").InnerTextAsync();
            Assert.Contains(kind == "Answer" ? "楚雄彝族自治州人民政府" : "最迟于", text);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// Trial C finding 8: a receipt issued from the agency's own template (its own title, an added sentence) prints as issued —
    /// the printable page is the stored DOCX on the same A4 sheet and 22-line grid, one A4 sheet, the sentence and title on it.
    /// </summary>
    [Fact]
    public async Task OwnTemplateReceipt_PrintsItsOwnTitleAndSentence_OnOneA4Sheet()
    {
        const string title = "政府信息公开申请受理告知书", sentence = "查询网址：www.lufeng.gov.cn/ysqgk，咨询电话：0878-4123456。";
        var office = await Office.Open(desk);
        var admin = desk.App.Api("admin-" + office.Child.ToLowerInvariant(), office.Child, "Administrator");
        var template = await (await admin.GetAsync($"/api/agencies/{office.Child}/templates/Receipt")).Content.ReadAsByteArrayAsync();
        using (var stream = new MemoryStream())
        {
            stream.Write(template);
            using (var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(stream, true))
            {
                var body = document.MainDocumentPart!.Document!.Body!;
                DocumentFormat.OpenXml.Wordprocessing.Paragraph With(string tag) => body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>()
                    .First(p => p.Descendants<DocumentFormat.OpenXml.Wordprocessing.SdtRun>().Any(r => r.SdtProperties?.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.Tag>()?.Val == tag));
                var heading = With("title");
                heading.RemoveAllChildren<DocumentFormat.OpenXml.Wordprocessing.SdtRun>();
                heading.Append(new DocumentFormat.OpenXml.Wordprocessing.Run(new DocumentFormat.OpenXml.Wordprocessing.Text(title)));
                body.InsertBefore(new DocumentFormat.OpenXml.Wordprocessing.Paragraph(
                    new DocumentFormat.OpenXml.Wordprocessing.ParagraphProperties(new DocumentFormat.OpenXml.Wordprocessing.Indentation { FirstLineChars = 200 }),
                    new DocumentFormat.OpenXml.Wordprocessing.Run(new DocumentFormat.OpenXml.Wordprocessing.Text(sentence))), With("agency"));
            }

            var content = new ByteArrayContent(stream.ToArray());
            content.Headers.ContentType = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
            await admin.PutAsync($"/api/agencies/{office.Child}/templates/Receipt", content).Ok();
        }

        var id = (string)(await office.Register("2026-11-02", applicant: "陆自有"))["id"]!;
        var issued = await office.Intake.Post($"/api/cases/{id}/documents", new { kind = "Receipt" }).Ok();
        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/api/cases/{id}/documents/{(string)issued["id"]!}?format=html");
            var sheet = page.Locator("article.official-document");
            await Assertions.Expect(sheet).ToHaveAttributeAsync("data-source", "docx");
            await Assertions.Expect(page.Locator("#document-title")).ToHaveTextAsync(title);
            await Assertions.Expect(sheet).ToContainTextAsync(sentence);
            await Assertions.Expect(sheet).ToContainTextAsync((string)issued["number"]!);
            await Assertions.Expect(sheet).ToContainTextAsync("陆自有");
            // The title is 2号 (22 pt) and centred as the template's title style says; the body 3号 (16 pt) on the 22-line grid.
            Assert.Equal("center", await page.Locator("#document-title").EvaluateAsync<string>("e => getComputedStyle(e).textAlign"));
            Assert.Equal("22pt", await page.Locator("#document-title span").First.EvaluateAsync<string>("e => Math.round(parseFloat(getComputedStyle(e).fontSize) * 0.75) + 'pt'"));
            await DeskFixture.AssertAccessible(page);
            await sheet.ScreenshotAsync(new() { Path = Path.Combine(DeskApp.Folder(Path.Combine("artifacts", "documents")), "Receipt-own-template.png") });
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            var lines = await page.EvaluateAsync<double>("""
                () => { const a = document.querySelector('article.official-document');
                        return a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight); }
                """);
            Assert.True(Math.Abs(lines - Math.Round(lines)) < 0.05, $"the receipt is {lines:F2} lines high, off the line grid");
            var pdf = await page.PdfAsync(new() { Format = "A4", PreferCSSPageSize = true });
            await File.WriteAllBytesAsync(Path.Combine(DeskApp.Folder(Path.Combine("artifacts", "documents")), "Receipt-own-template.pdf"), pdf);
            Assert.Single(PageObject().Matches(Encoding.Latin1.GetString(pdf)));
            var box = Regex.Match(Encoding.Latin1.GetString(pdf), @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]");
            Assert.True(box.Success, "no MediaBox in the PDF");
            Assert.InRange(double.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 593, 598);
            Assert.InRange(double.Parse(box.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 840, 844);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [GeneratedRegex(@"/Type\s*/Page(?![s\w])")]
    private static partial Regex PageObject();
}
