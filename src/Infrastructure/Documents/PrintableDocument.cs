using System.Net;
using System.Text;
using CaseTracker.Domain.Documents;

namespace CaseTracker.Infrastructure.Documents;

/// <summary>
/// The printable HTML page of a document (文书), the companion of the DOCX: the same wording (<see cref="DocumentLayout"/>,
/// paragraph by paragraph) and the same fields, laid out as GB/T 9704-2012 lays out an official letter on A4 — the title
/// (2号小标宋) centred, the number (文号) under it, the addressee (主送), the body (3号仿宋, 22 lines of 28 characters in a
/// 版心 of 156 × 225 mm), and the 落款 (the issuing agency over the date, four characters from the right, room above for the
/// seal). The layout is in the stylesheet the service serves at <see cref="Stylesheet"/> (src/Api/wwwroot/document.css),
/// so the page has no inline style or script and passes the service's Content-Security-Policy as it is; fonts are named,
/// never embedded or fetched. Every text is HTML-encoded (names, reasons and the clerk's edits are user input); each
/// field's value sits in a <c>span</c> with <c>data-field="key"</c> so the page reads back.
/// </summary>
public static partial class PrintableDocument
{
    /// <summary>Where the service serves the page's stylesheet (A4, 版心, fonts, print rules).</summary>
    public const string Stylesheet = "/document.css";

    /// <summary>The script that makes the page's 打印 button print (the desk's one script).</summary>
    public const string Script = "/desk.js";

    /// <summary>
    /// A complete HTML page (UTF-8, zh-CN) of <paramref name="draft"/> as issued under <paramref name="number"/> (文号, e.g.
    /// 武政信补〔2026〕3号) by <paramref name="agencyName"/>: a 打印 button (not printed), then the sheet. Dates are printed
    /// as the draft's fields hold them (China dates, written in Chinese). <paramref name="replacedBy"/>: the 文号 of the document
    /// that replaced (更正) this one; the page then carries a 作废 banner above the sheet (printed too) and a receipt's 查询码 line
    /// is marked void, while the sheet's wording stays as issued. <paramref name="voidNote"/>: the sentence of a paper made void
    /// otherwise (its decision amended, 更正答复决定, or its step voided, 撤销上一步; <see cref="SupersededNote"/>), printed the same
    /// way in place of the replacement's. <paramref name="issuedDocx"/>: the stored bytes of a paper issued from an agency's own
    /// template, whose sheet is then that DOCX (<see cref="SheetOfDocx"/>) rather than the built-in layout.
    /// </summary>
    public static string Render(DocumentDraft draft, string number, string agencyName, string? replacedBy = null, string? voidNote = null,
        byte[]? issuedDocx = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var html = new StringBuilder(6144);
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\" />\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
        var (docxSheet, docxHeading) = issuedDocx is null ? (null, null) : DocxSheet(issuedDocx, draft.Kind, voided: replacedBy is not null || voidNote is not null);
        html.Append("<title>").Append(E(docxHeading is { Length: > 0 } ? docxHeading : draft.Title)).Append(' ').Append(E(number)).Append("</title>\n");
        html.Append("<link rel=\"stylesheet\" href=\"").Append(Stylesheet).Append("\" />\n");
        html.Append("<script src=\"").Append(Script).Append("\" defer=\"defer\"></script>\n");
        html.Append("</head>\n<body class=\"document-page\">\n<main>\n");
        html.Append("<p class=\"document-toolbar\"><button type=\"button\" data-print=\"\" id=\"print\">打印</button>")
            .Append("<span>打印时选择 A4 纸张、缩放 100%，不打印页眉和页脚。</span></p>\n");
        if (voidNote is not null)
            html.Append("<p class=\"document-void\" id=\"document-void\" role=\"note\">").Append(E(voidNote)).Append("</p>\n");
        else if (replacedBy is not null)
        {
            html.Append("<p class=\"document-void\" id=\"document-void\" role=\"note\">作废：本文书（").Append(E(number)).Append("）已由")
                .Append(E(replacedBy)).Append("更正，以更正后的文书为准。");
            if (draft.Kind == DocumentKind.Receipt) html.Append("本回执的查询码已失效，请使用更正后回执上的查询码。");
            html.Append("</p>\n");
        }

        html.Append(docxSheet ?? Sheet(draft, number, agencyName, voided: replacedBy is not null || voidNote is not null));
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The 作废 sentence of the paper <paramref name="number"/> superseded on <paramref name="on"/> (China date): by an amendment of
    /// its decision (<paramref name="byAmendment"/>, 更正答复决定) or a void of its step (撤销上一步). <paramref name="inForce"/>: the
    /// 文号 of the paper issued in its place, when there is one, which the sentence names as the one that counts.
    /// </summary>
    public static string SupersededNote(string number, DateOnly on, bool byAmendment, string? inForce)
    {
        var date = CaseDocuments.ChineseDate(on);
        var why = byAmendment ? $"因更正答复决定（{date}）已失效" : $"因撤销上一步（{date}）已失效";
        var then = inForce is not null
            ? $"，以{inForce}为准。"
            : byAmendment ? $"：答复决定已于{date}更正，以更正后的决定为准。" : $"：该步骤已于{date}撤销。";
        return $"作废：本文书（{number}）{why}{then}";
    }

    /// <summary>
    /// The sheet alone (an <c>article</c>), for a desk page that shows the document within the desk (the 登记回执 right
    /// after it is issued); that page links <see cref="Stylesheet"/>. <paramref name="lookupCode"/> (查询码), when given,
    /// is printed in place of the draft's field: the answer to the issue is what carries the code made for it.
    /// </summary>
    public static string Sheet(DocumentDraft draft, string number, string agencyName, string? lookupCode = null, bool voided = false)
    {
        ArgumentNullException.ThrowIfNull(draft);
        string Value(string key) => key switch
        {
            "title" => draft.Title,
            "addressee" => draft.Addressee,
            "number" => number,
            "agency" => agencyName,
            "lookupCode" when lookupCode is not null => lookupCode,
            _ => draft.Value(key) ?? "",
        };

        var html = new StringBuilder(4096);
        html.Append("<article class=\"document-sheet official-document").Append(voided ? " document-voided" : "").Append("\" data-kind=\"").Append(draft.Kind)
            .Append("\" aria-labelledby=\"document-title\">\n");
        var signatureOpen = false;
        var paragraphs = new List<string>();
        foreach (var block in DocumentLayout.Of(draft.Kind))
        {
            var fieldsOnly = block.Segments.All(s => s.FieldKey is not null);
            if (fieldsOnly && block.Segments.All(s => string.IsNullOrWhiteSpace(Value(s.FieldKey!)))) continue;
            if (DocumentLayout.WithoutLookup(block, Value("lookupCode"))) continue; // a receipt that promises no lookup
            if (block.Role is BlockRole.Signature or BlockRole.Date && !signatureOpen)
            {
                // The last body paragraph is kept with the 落款 (GB/T 9704-2012 §7.3.5): the page the 落款 lands on has body text.
                // The mark goes on the paragraph's own tag, never on a span inside it (span.nb).
                if (paragraphs.Count > 0)
                {
                    var last = paragraphs[^1];
                    var tagEnd = last.IndexOf('>');
                    var classAt = last.IndexOf(" class=\"", StringComparison.Ordinal);
                    paragraphs[^1] = classAt >= 0 && classAt < tagEnd
                        ? last.Insert(classAt + " class=\"".Length, "document-closing ")
                        : last.Insert(tagEnd, " class=\"document-closing\"");
                }
                foreach (var p in paragraphs) html.Append(p);
                paragraphs.Clear();
                html.Append("<div class=\"document-signature\">\n");
                signatureOpen = true;
            }

            var (tag, attributes) = block.Role switch
            {
                BlockRole.Title => ("h1", " class=\"document-title\" id=\"document-title\""),
                BlockRole.Number => ("p", " class=\"document-number\" id=\"document-number\""),
                BlockRole.Addressee => ("p", " class=\"document-addressee\" id=\"document-addressee\""),
                BlockRole.Item => ("p", " class=\"document-item\""),
                BlockRole.Signature => ("p", " class=\"document-agency\" id=\"document-agency\""),
                BlockRole.Date => ("p", " class=\"document-date\" id=\"document-date\""),
                _ => ("p", ""),
            };
            // A field holding several lines (the 补正 items, the clerk's free text) becomes several paragraphs of the block's kind.
            // A replaced receipt's 查询码 no longer opens the status lookup: its line is struck through and says so.
            var voidLine = voided && block.Segments.Any(s => s.FieldKey == "lookupCode");
            foreach (var line in Lines(block, Value))
            {
                var paragraph = voidLine
                    ? $"<{tag} class=\"document-void-line\" id=\"document-lookup-void\">{line}<span class=\"document-void-note\">（查询码已作废）</span></{tag}>\n"
                    : $"<{tag}{attributes}>{line}</{tag}>\n";
                if (signatureOpen) html.Append(paragraph);
                else paragraphs.Add(paragraph);
            }
        }

        foreach (var p in paragraphs) html.Append(p);
        if (signatureOpen) html.Append("</div>\n");
        html.Append("</article>\n");
        return html.ToString();
    }

    /// <summary>
    /// The block's encoded text, split into one paragraph per line of a multi-line field; in the paragraphs that run over
    /// several lines (addressee, body, items) numbers and codes are kept whole (<see cref="Kept"/>).
    /// </summary>
    private static IEnumerable<string> Lines(LayoutBlock block, Func<string, string> value)
    {
        Func<string?, string> keep = block.Role is BlockRole.Body or BlockRole.Item or BlockRole.Addressee ? PrintableDocument.Kept : E;
        var lines = new List<StringBuilder> { new() };
        foreach (var segment in block.Segments)
        {
            if (segment.FieldKey is null)
            {
                lines[^1].Append(keep(segment.Text));
                continue;
            }

            var parts = value(segment.FieldKey).Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0) lines.Add(new StringBuilder());
                if (parts[i].Length == 0) continue;
                lines[^1].Append("<span data-field=\"").Append(E(segment.FieldKey)).Append("\">").Append(keep(parts[i])).Append("</span>");
            }
        }

        return lines.Where(l => l.Length > 0).Select(l => l.ToString());
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>
    /// <paramref name="text"/> encoded, each number or code in it (2025年, 1700元, LX-2026-00001, 〔2026〕5号, a 查询码 with a digit)
    /// wrapped in <c>span.nb</c> so a line never breaks inside it (trial C finding 7: "20|25年", "LX-2026-0|0001"). A run longer
    /// than <see cref="LongestKept"/> characters (a web address) stays breakable: kept whole it could not fit a line of 28.
    /// </summary>
    private static string Kept(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var html = new StringBuilder(text.Length + 32);
        var at = 0;
        foreach (System.Text.RegularExpressions.Match m in Unbreakable().Matches(text))
        {
            if (m.Length > LongestKept) continue;
            html.Append(E(text[at..m.Index])).Append("<span class=\"nb\">").Append(E(m.Value)).Append("</span>");
            at = m.Index + m.Length;
        }

        return html.Append(E(text[at..])).ToString();
    }

    private const int LongestKept = 24;

    // A run of Latin letters, digits and joiners holding at least one digit, with the unit after it; a Latin word without a digit
    // never breaks inside under word-break: normal, so it is left as it is.
    [System.Text.RegularExpressions.GeneratedRegex(@"〔[0-9]{4}〕[0-9]+号|(?=[0-9A-Za-z./:_@-]*[0-9])[0-9A-Za-z](?:[0-9A-Za-z./:_@-]*[0-9A-Za-z])?(?:年|月|日|号|元|页|件|个|条|项)?")]
    private static partial System.Text.RegularExpressions.Regex Unbreakable();
}
