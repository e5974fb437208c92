using System.Text.RegularExpressions;
using System.Xml.Linq;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure.Documents;

namespace CaseTracker.Api.Tests.Documents;

/// <summary>
/// The printable page of a document (PrintableDocument): every paragraph of the kind's wording (DocumentLayout) with the
/// draft's fields, user text encoded, nothing inline that the Content-Security-Policy would refuse. How it prints on A4 is
/// measured in Chromium (tests/Desk.Tests/DocumentsTests).
/// </summary>
public sealed class PrintableDocumentTests
{
    private static DocumentDraft Draft(DocumentKind kind, params (string Key, string Value)[] fields)
        => new(kind, "政府信息公开申请补正告知书", "张三", 1,
            [.. fields.Select(f => new DocumentField(f.Key, f.Key, f.Value, f.Key == "body")), new DocumentField("issuedOn", "日期", "2026年11月25日", false)]);

    [Fact]
    public void Render_PutsTitleNumberAddresseeBodyAndSignatureInOrder_WithEveryFieldOfTheLayout()
    {
        var keys = DocumentLayout.FieldKeysOf(DocumentKind.SupplementNotice)
            .Where(k => k is not ("title" or "number" or "addressee" or "agency" or "issuedOn")).ToList();
        var draft = Draft(DocumentKind.SupplementNotice, [.. keys.Select(k => (k, $"〈{k}〉"))]);

        var html = PrintableDocument.Render(draft, "武政信补〔2026〕3号", "测试州人民政府");

        var order = new[] { "document-title\">", "document-number\">", "document-addressee\">", "document-agency\">", "document-date\">" }
            .Select(id => html.IndexOf(id, StringComparison.Ordinal)).ToList();
        Assert.True(order[0] > 0 && order.Zip(order.Skip(1)).All(p => p.First < p.Second), html);
        Assert.Contains(">政府信息公开申请补正告知书</span></h1>", html);
        Assert.Contains(">武政信补〔2026〕3号</span></p>", html);
        Assert.Contains(">张三</span>：</p>", html);
        Assert.Contains(">测试州人民政府</span></p>", html);
        Assert.Contains(">2026年11月25日</span></p>", html);
        foreach (var key in keys)
            Assert.Contains($"<span data-field=\"{key}\">{System.Net.WebUtility.HtmlEncode($"〈{key}〉")}</span>", html);
        Assert.Contains("不计算在答复期限内", html);
    }

    [Fact]
    public void Render_EncodesUserText_AndHasNoInlineScriptOrStyle()
    {
        var draft = Draft(DocumentKind.SupplementNotice, ("items", "<script>alert(1)</script>"), ("body", "a & b \"c\""));

        var html = PrintableDocument.Render(draft, "补〔2026〕1号", "<b>机关</b>");

        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<b>机关", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", Regex.Replace(html, "<span class=\"nb\">([^<]*)</span>", "$1"));
        Assert.DoesNotMatch(new Regex("<script(?![^>]*\\bsrc=)"), html);
        Assert.DoesNotContain("<style", html);
        Assert.DoesNotContain(" style=", html);
        Assert.DoesNotMatch(new Regex("<[^>]+\\son\\w+="), html);
        Assert.Contains($"href=\"{PrintableDocument.Stylesheet}\"", html);
        // Well-formed markup (a page that parses back).
        XDocument.Parse(Regex.Replace(html, "<!DOCTYPE html>", ""));
    }

    [Fact]
    public void Render_SplitsAMultiLineFieldIntoParagraphs_AndLeavesOutAParagraphOfEmptyFieldsOnly()
    {
        var draft = Draft(DocumentKind.SupplementNotice, ("items", "一、年份\n二、用途"), ("body", ""));

        var html = PrintableDocument.Sheet(draft, "补〔2026〕1号", "机关");

        Assert.Contains("<p class=\"document-item\"><span data-field=\"items\">一、年份</span></p>", html);
        Assert.Contains("<p class=\"document-item\"><span data-field=\"items\">二、用途</span></p>", html);
        Assert.DoesNotContain("data-field=\"body\"", html);
        Assert.DoesNotContain("<p></p>", html);
    }

    [Fact]
    public void Sheet_PrintsTheLookupCodeGivenAtIssue_InPlaceOfTheStoredField()
    {
        var draft = Draft(DocumentKind.Receipt, ("lookupCode", ""), ("case.number", "2026-0001"));

        var withCode = PrintableDocument.Sheet(draft, "受〔2026〕1号", "机关", "ABCDEFGH23");
        var without = PrintableDocument.Sheet(draft, "受〔2026〕1号", "机关");

        Assert.Contains("<span data-field=\"lookupCode\"><span class=\"nb\">ABCDEFGH23</span></span>", withCode);
        // The last body paragraph carries the closing mark on its own tag, not on the code's span.
        Assert.Contains("<p class=\"document-closing\">您可凭案件编号和查询码", withCode);
        Assert.DoesNotContain("ABCDEFGH23", without);
    }

    [Fact]
    public void Sheet_SaysWhatTheDocxSays_ParagraphByParagraph()
    {
        var keys = DocumentLayout.FieldKeysOf(DocumentKind.Answer).Where(k => k is not ("title" or "number" or "addressee" or "agency")).ToList();
        var draft = new DocumentDraft(DocumentKind.Answer, "政府信息公开申请答复书", "张三", 1,
            [.. keys.Select(k => new DocumentField(k, k, k == "provided" ? "" : k == "reason" ? "第一行\n第二行" : $"〈{k}〉", false)),
             new DocumentField("agency", "发文机关", "测试州人民政府", false)]);

        var html = PrintableDocument.Sheet(draft, "答〔2026〕7号", "测试州人民政府");

        var printed = Regex.Matches(html, "<(h1|p)[^>]*>(.*?)</\\1>").Select(m => System.Net.WebUtility.HtmlDecode(Regex.Replace(m.Groups[2].Value, "<[^>]+>", ""))).ToList();
        var filled = DocumentLayout.Fill(draft, "答〔2026〕7号").SelectMany(b => b.Text.Split('\n')).Where(t => t.Length > 0).ToList();
        Assert.Equal(filled, printed);
    }
    [Fact]
    public void Sheet_MarksTheLastBodyParagraphAsTheClosingKeptWithThe落款()
    {
        var draft = Draft(DocumentKind.SupplementNotice, ("items", "年份"), ("body", "最后一段。"));

        var html = PrintableDocument.Sheet(draft, "补〔2026〕1号", "机关");

        Assert.Contains("<p class=\"document-closing\"><span data-field=\"body\">最后一段。</span></p>\n<div class=\"document-signature\">", html);
        Assert.Single(Regex.Matches(html, "document-closing"));
    }

    [Fact]
    public void Render_OfAReplacedReceipt_HasAVoidBanner_AndItsLookupCodeLineVoid_TheSheetWordingUnchanged()
    {
        var draft = Draft(DocumentKind.Receipt, ("lookupCode", "ABCDEFGH23"), ("case.number", "2026-0001"));

        var replaced = PrintableDocument.Render(draft, "受〔2026〕1号", "机关", replacedBy: "受〔2026〕2号");
        var live = PrintableDocument.Render(draft, "受〔2026〕1号", "机关");

        Assert.Contains("<p class=\"document-void\" id=\"document-void\" role=\"note\">作废：本文书（受〔2026〕1号）已由受〔2026〕2号更正", replaced);
        Assert.Contains("id=\"document-lookup-void\"", replaced);
        Assert.Contains("ABCDEFGH23", replaced);
        Assert.DoesNotContain("document-void", live);
        Assert.DoesNotContain("查询码已作废", live);
        XDocument.Parse(Regex.Replace(replaced, "<!DOCTYPE html>", ""));
    }
}
