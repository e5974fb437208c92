using System.Globalization;
using System.Text;
using CaseTracker.Domain.Documents;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CaseTracker.Infrastructure.Documents;

/// <summary>
/// The printable page of a paper issued from an agency's own template (trial C finding 8): the issued DOCX itself — the
/// stored bytes are the paper — laid out on the same A4 sheet and 22-line grid as the built-in page. Each body paragraph and
/// table of the DOCX becomes a paragraph or table of the page, in order, with what Word or WPS shows of it: alignment, first
/// line, hanging, left and right indents (in characters), space before and after (in lines of the grid), page breaks and
/// keep-with-next; each run its bold, italic, underline, typeface (小标宋, 黑体, 楷体, 宋体, else 仿宋) and size, mapped to the
/// nearest Chinese size (初号 42 pt … 小五 9 pt). All of it by class names from the stylesheet (the service's CSP allows no
/// inline style). Headers, footers, pictures and text boxes are not shown (a page number is printed by the stylesheet).
/// </summary>
public static partial class PrintableDocument
{
    /// <summary>The Chinese font sizes in points (初号 … 小五), the sizes the page has a class for (<c>dx-pt42</c> … <c>dx-pt9</c>).</summary>
    private static readonly (double Points, string Class)[] Sizes =
    [
        (42, "dx-pt42"), (36, "dx-pt36"), (26, "dx-pt26"), (24, "dx-pt24"), (22, "dx-pt22"), (18, "dx-pt18"), (16, ""), (15, "dx-pt15"),
        (14, "dx-pt14"), (12, "dx-pt12"), (10.5, "dx-pt10"), (9, "dx-pt9"),
    ];

    /// <summary>
    /// The sheet (an <c>article</c> as <see cref="Sheet"/> makes) of the issued <paramref name="docx"/> of <paramref name="kind"/>,
    /// labelled by its first paragraph with text (the template's own title, <c>id="document-title"</c>): its body's paragraphs and tables in order, each field's value in a
    /// <c>span</c> with <c>data-field="key"</c> (the content control's tag). <paramref name="voided"/>: the paper was replaced
    /// (更正), a receipt's 查询码 line is struck through as on the built-in page. Throws <see cref="ArgumentException"/> when the
    /// bytes are not a DOCX.
    /// </summary>
    public static string SheetOfDocx(byte[] docx, DocumentKind kind, bool voided = false) => DocxSheet(docx, kind, voided).Html;

    /// <summary>The sheet of <see cref="SheetOfDocx"/> and the text of its first paragraph with text (the paper's title as the template has it).</summary>
    private static (string Html, string Heading) DocxSheet(byte[] docx, DocumentKind kind, bool voided)
    {
        ArgumentNullException.ThrowIfNull(docx);
        WordprocessingDocument document;
        var stream = new MemoryStream(docx, writable: false);
        try
        {
            document = WordprocessingDocument.Open(stream, false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.IO.FileFormatException or IOException)
        {
            stream.Dispose();
            throw new ArgumentException("The issued document is not a DOCX document.", nameof(docx), e);
        }

        using (stream)
        using (document)
        {
            var main = document.MainDocumentPart ?? throw new ArgumentException("The issued document has no body.", nameof(docx));
            var styles = new DocxStyles(main.StyleDefinitionsPart?.Styles);
            var html = new StringBuilder(8192);
            html.Append("<article class=\"document-sheet official-document docx-sheet").Append(voided ? " document-voided" : "").Append("\" data-kind=\"")
                .Append(kind).Append("\" data-source=\"docx\" aria-labelledby=\"document-title\">\n");
            var heading = "";
            foreach (var element in BlockElements(main.Document?.Body))
            {
                var at = html.Length;
                Block(html, element, styles, voided);
                if (heading.Length > 0 || element is not Paragraph p || p.InnerText.Trim() is not { Length: > 0 } text) continue;
                heading = text;
                html.Insert(at + 2, " id=\"document-title\"");
            }

            html.Append("</article>\n");
            return (html.ToString(), heading);
        }
    }

    // The body's paragraphs and tables in order, content controls (w:sdt) and custom XML opened up.
    private static IEnumerable<OpenXmlElement> BlockElements(OpenXmlElement? within)
    {
        if (within is null) yield break;
        foreach (var child in within.ChildElements)
        {
            switch (child)
            {
                case Paragraph or Table:
                    yield return child;
                    break;
                case SdtBlock { SdtContentBlock: { } content }:
                    foreach (var inner in BlockElements(content)) yield return inner;
                    break;
                case CustomXmlBlock:
                    foreach (var inner in BlockElements(child)) yield return inner;
                    break;
            }
        }
    }

    private static void Block(StringBuilder html, OpenXmlElement element, DocxStyles styles, bool voided)
    {
        if (element is Table table)
        {
            TableOf(html, table, styles, voided);
            return;
        }

        var paragraph = (Paragraph)element;
        var p = styles.Paragraph(paragraph);
        var runs = new StringBuilder();
        var voidLine = false;
        var pageBreakBefore = p.PageBreakBefore;
        var pageBreakAfter = false;
        Inline(runs, paragraph, styles, p, null, ref voidLine, ref pageBreakBefore, ref pageBreakAfter);
        voidLine &= voided;
        var classes = new List<string>(p.Classes());
        if (pageBreakBefore) classes.Add("dx-page-before");
        if (pageBreakAfter) classes.Add("dx-page-after");
        if (voidLine) classes.Add("document-void-line");
        html.Append("<p");
        if (classes.Count > 0) html.Append(" class=\"").Append(string.Join(' ', classes)).Append('"');
        html.Append('>');
        // An empty paragraph is an empty line of the grid, as in Word.
        html.Append(runs.Length == 0 ? "<br />" : runs.ToString());
        if (voidLine) html.Append("<span class=\"document-void-note\">（查询码已作废）</span>");
        html.Append("</p>\n");
    }

    private static void Inline(StringBuilder html, OpenXmlElement within, DocxStyles styles, DocxParagraph p, string? field, ref bool lookupCode,
        ref bool pageBreakBefore, ref bool pageBreakAfter)
    {
        foreach (var child in within.ChildElements)
        {
            switch (child)
            {
                case Run run:
                    RunOf(html, run, styles, p, ref pageBreakBefore, ref pageBreakAfter);
                    break;
                case SdtRun { SdtContentRun: { } content } sdt:
                {
                    var key = sdt.SdtProperties?.GetFirstChild<Tag>()?.Val?.Value ?? sdt.SdtProperties?.GetFirstChild<SdtAlias>()?.Val?.Value;
                    key = string.IsNullOrWhiteSpace(key) ? null : key.Trim();
                    if (key == "lookupCode") lookupCode = true;
                    var inner = new StringBuilder();
                    Inline(inner, content, styles, p, key ?? field, ref lookupCode, ref pageBreakBefore, ref pageBreakAfter);
                    if (inner.Length == 0) break;
                    if (key is null) html.Append(inner);
                    else html.Append("<span data-field=\"").Append(E(key)).Append("\">").Append(inner).Append("</span>");
                    break;
                }
                case Hyperlink or SimpleField or InsertedRun or CustomXmlRun:
                    Inline(html, child, styles, p, field, ref lookupCode, ref pageBreakBefore, ref pageBreakAfter);
                    break;
            }
        }
    }

    private static void RunOf(StringBuilder html, Run run, DocxStyles styles, DocxParagraph p, ref bool pageBreakBefore, ref bool pageBreakAfter)
    {
        var r = styles.Run(p, run);
        if (r.Hidden) return;
        var text = new StringBuilder();
        foreach (var child in run.ChildElements)
        {
            switch (child)
            {
                case Text t:
                    text.Append(Kept(t.Text));
                    break;
                case TabChar or PositionalTab:
                    text.Append('\u3000');
                    break;
                case Break br when br.Type?.Value == BreakValues.Page:
                    // A page break before any text moves the paragraph to the next sheet; after text, what follows.
                    if (html.Length == 0 && text.Length == 0) pageBreakBefore = true;
                    else pageBreakAfter = true;
                    break;
                case Break or CarriageReturn:
                    text.Append("<br />");
                    break;
                case NoBreakHyphen:
                    text.Append('-');
                    break;
            }
        }

        if (text.Length == 0) return;
        var classes = r.Classes().ToList();
        if (classes.Count == 0) html.Append(text);
        else html.Append("<span class=\"").Append(string.Join(' ', classes)).Append("\">").Append(text).Append("</span>");
    }

    private static void TableOf(StringBuilder html, Table table, DocxStyles styles, bool voided)
    {
        html.Append("<table class=\"dx-table\">\n");
        var rows = table.Elements<TableRow>().ToList();
        // Vertically merged cells (w:vMerge): the first cell spans the rows that continue it; the continuing cells are not printed.
        var grid = rows.Select(row => row.Elements<TableCell>().Select(c => (Cell: c, Column: 0)).ToList()).ToList();
        for (var i = 0; i < grid.Count; i++)
        {
            var column = 0;
            for (var j = 0; j < grid[i].Count; j++)
            {
                grid[i][j] = (grid[i][j].Cell, column);
                column += Span(grid[i][j].Cell);
            }
        }

        for (var i = 0; i < rows.Count; i++)
        {
            html.Append("<tr>");
            foreach (var (cell, column) in grid[i])
            {
                var merge = cell.TableCellProperties?.VerticalMerge;
                if (merge is not null && merge.Val?.Value != MergedCellValues.Restart) continue;
                var rowSpan = 1;
                if (merge is not null)
                {
                    for (var k = i + 1; k < rows.Count; k++)
                    {
                        var below = grid[k].FirstOrDefault(c => c.Column == column).Cell?.TableCellProperties?.VerticalMerge;
                        if (below is null || below.Val?.Value == MergedCellValues.Restart) break;
                        rowSpan++;
                    }
                }

                html.Append("<td");
                if (Span(cell) > 1) html.Append(" colspan=\"").Append(Span(cell).ToString(CultureInfo.InvariantCulture)).Append('"');
                if (rowSpan > 1) html.Append(" rowspan=\"").Append(rowSpan.ToString(CultureInfo.InvariantCulture)).Append('"');
                html.Append(">\n");
                foreach (var element in BlockElements(cell)) Block(html, element, styles, voided);
                html.Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static int Span(TableCell cell) => Math.Max(1, cell.TableCellProperties?.GridSpan?.Val?.Value ?? 1);

    /// <summary>What a paragraph looks like once its style (and the styles it is based on) and its own properties are applied.</summary>
    private sealed class DocxParagraph
    {
        public string? Justification { get; set; }
        public double? FirstLineChars { get; set; }
        public double? HangingChars { get; set; }
        public double? LeftChars { get; set; }
        public double? RightChars { get; set; }
        public double? BeforeLines { get; set; }
        public double? AfterLines { get; set; }
        public bool KeepNext { get; set; }
        public bool KeepLines { get; set; }
        public bool PageBreakBefore { get; set; }

        /// <summary>The run properties the paragraph's style gives its runs.</summary>
        public List<OpenXmlElement> StyleRuns { get; } = [];

        public IEnumerable<string> Classes()
        {
            yield return Justification switch
            {
                "center" => "dx-center",
                "right" or "end" => "dx-right",
                "both" or "distribute" => "dx-both",
                _ => "dx-left",
            };
            if (Steps(HangingChars, 4) is > 0 and var hanging) yield return $"dx-h{hanging}";
            else if (Steps(FirstLineChars, 4) is > 0 and var first) yield return $"dx-fi{first}";
            if (Steps(LeftChars, 8) is > 0 and var left) yield return $"dx-l{left}";
            if (Steps(RightChars, 8) is > 0 and var right) yield return $"dx-r{right}";
            if (Steps(BeforeLines, 3) is > 0 and var before) yield return $"dx-sb{before}";
            if (Steps(AfterLines, 3) is > 0 and var after) yield return $"dx-sa{after}";
            if (KeepNext) yield return "dx-keep-next";
            if (KeepLines) yield return "dx-keep-lines";
        }

        private static int Steps(double? value, int most) => value is { } v ? Math.Clamp((int)Math.Round(v, MidpointRounding.AwayFromZero), 0, most) : 0;
    }

    /// <summary>What a run looks like: its style chain, then its own properties.</summary>
    private sealed class DocxRun
    {
        public bool Bold { get; set; }
        public bool Italic { get; set; }
        public bool Underline { get; set; }
        public bool Hidden { get; set; }
        public double? Points { get; set; }
        public string? Font { get; set; }

        public IEnumerable<string> Classes()
        {
            if (Bold) yield return "dx-b";
            if (Italic) yield return "dx-i";
            if (Underline) yield return "dx-u";
            if (Points is { } pt && Sizes.MinBy(s => Math.Abs(s.Points - pt)).Class is { Length: > 0 } size) yield return size;
            var font = Font ?? "";
            if (font.Contains("标宋", StringComparison.Ordinal) || font.Contains("中宋", StringComparison.Ordinal) || font.Contains("XiaoBiaoSong", StringComparison.OrdinalIgnoreCase))
                yield return "dx-biaosong";
            else if (font.Contains('黑') || font.Contains("Hei", StringComparison.OrdinalIgnoreCase)) yield return "dx-hei";
            else if (font.Contains('楷') || font.Contains("Kai", StringComparison.OrdinalIgnoreCase)) yield return "dx-kai";
            else if ((font.Contains('宋') && !font.Contains("仿宋", StringComparison.Ordinal)) || font.Contains("SimSun", StringComparison.OrdinalIgnoreCase))
                yield return "dx-song";
        }

        public void Apply(OpenXmlElement properties)
        {
            foreach (var child in properties.ChildElements)
            {
                switch (child)
                {
                    case Bold b: Bold = On(b.Val); break;
                    case Italic i: Italic = On(i.Val); break;
                    case Underline u: Underline = u.Val?.Value != UnderlineValues.None; break;
                    case Vanish v: Hidden = On(v.Val); break;
                    case FontSize s when double.TryParse(s.Val?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var half): Points = half / 2; break;
                    case RunFonts f when (f.EastAsia?.Value ?? f.Ascii?.Value) is { Length: > 0 } name: Font = name; break;
                }
            }
        }

        private static bool On(OnOffValue? value) => value?.Value ?? true;
    }

    /// <summary>The styles part: paragraph and run properties by style, following w:basedOn, over the document defaults.</summary>
    private sealed class DocxStyles
    {
        private readonly Dictionary<string, Style> byId = new(StringComparer.Ordinal);
        private readonly OpenXmlElement? defaultParagraph, defaultRun;
        private readonly string? defaultParagraphStyle;

        public DocxStyles(Styles? styles)
        {
            if (styles is null) return;
            foreach (var style in styles.Elements<Style>())
                if (style.StyleId?.Value is { } id) byId.TryAdd(id, style);
            defaultParagraph = styles.DocDefaults?.ParagraphPropertiesDefault?.ParagraphPropertiesBaseStyle;
            defaultRun = styles.DocDefaults?.RunPropertiesDefault?.RunPropertiesBaseStyle;
            defaultParagraphStyle = styles.Elements<Style>().FirstOrDefault(s => s.Type?.Value == StyleValues.Paragraph && (s.Default?.Value ?? false))?.StyleId?.Value;
        }

        // The style and those it is based on, the base first (a loop in w:basedOn is cut).
        private List<Style> Chain(string? id)
        {
            var chain = new List<Style>();
            while (id is not null && byId.TryGetValue(id, out var style) && !chain.Contains(style) && chain.Count < 16)
            {
                chain.Insert(0, style);
                id = style.BasedOn?.Val?.Value;
            }

            return chain;
        }

        public DocxParagraph Paragraph(Paragraph paragraph)
        {
            var result = new DocxParagraph();
            var sizeOf = 16.0;
            var layers = new List<OpenXmlElement>();
            if (defaultParagraph is not null) layers.Add(defaultParagraph);
            var chain = Chain(paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? defaultParagraphStyle);
            foreach (var style in chain)
            {
                if (style.StyleParagraphProperties is { } sp) layers.Add(sp);
                if (style.StyleRunProperties is { } sr) result.StyleRuns.Add(sr);
            }

            if (paragraph.ParagraphProperties is { } own) layers.Add(own);
            // The paragraph's font size decides how many characters a first-line indent in twips is.
            var run = new DocxRun();
            if (defaultRun is not null) run.Apply(defaultRun);
            foreach (var r in result.StyleRuns) run.Apply(r);
            if (run.Points is { } pt) sizeOf = pt;
            foreach (var layer in layers) ApplyParagraph(result, layer, sizeOf);
            return result;
        }

        private static void ApplyParagraph(DocxParagraph result, OpenXmlElement properties, double points)
        {
            double Chars(int? hundredths, string? twips) => hundredths is { } c ? c / 100.0 : Twips(twips) / (points * 20);
            foreach (var child in properties.ChildElements)
            {
                switch (child)
                {
                    case Justification j:
                        result.Justification = j.Val?.Value is { } jc ? ((IEnumValue)jc).Value : null;
                        break;
                    case Indentation ind:
                        if (ind.FirstLineChars is not null || ind.FirstLine is not null)
                        {
                            result.FirstLineChars = Chars(ind.FirstLineChars?.Value, ind.FirstLine?.Value);
                            result.HangingChars = null;
                        }

                        if (ind.HangingChars is not null || ind.Hanging is not null)
                        {
                            result.HangingChars = Chars(ind.HangingChars?.Value, ind.Hanging?.Value);
                            result.FirstLineChars = null;
                        }

                        if (ind.LeftChars is not null || ind.Left is not null || ind.Start is not null)
                            result.LeftChars = Chars(ind.LeftChars?.Value ?? ind.StartCharacters?.Value, ind.Left?.Value ?? ind.Start?.Value);
                        if (ind.RightChars is not null || ind.Right is not null || ind.End is not null)
                            result.RightChars = Chars(ind.RightChars?.Value ?? ind.EndCharacters?.Value, ind.Right?.Value ?? ind.End?.Value);
                        break;
                    case SpacingBetweenLines spacing:
                        if (spacing.BeforeLines?.Value is { } bl) result.BeforeLines = bl / 100.0;
                        else if (spacing.Before?.Value is { } b) result.BeforeLines = Twips(b) / DocxDocuments.LinePitch;
                        if (spacing.AfterLines?.Value is { } al) result.AfterLines = al / 100.0;
                        else if (spacing.After?.Value is { } a) result.AfterLines = Twips(a) / DocxDocuments.LinePitch;
                        break;
                    case KeepNext k:
                        result.KeepNext = k.Val?.Value ?? true;
                        break;
                    case KeepLines k:
                        result.KeepLines = k.Val?.Value ?? true;
                        break;
                    case PageBreakBefore k:
                        result.PageBreakBefore = k.Val?.Value ?? true;
                        break;
                }
            }
        }

        private static double Twips(string? value) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : 0;

        public DocxRun Run(DocxParagraph paragraph, Run run)
        {
            var result = new DocxRun();
            if (defaultRun is not null) result.Apply(defaultRun);
            foreach (var r in paragraph.StyleRuns) result.Apply(r);
            foreach (var style in Chain(run.RunProperties?.RunStyle?.Val?.Value))
                if (style.StyleRunProperties is { } sr) result.Apply(sr);
            if (run.RunProperties is { } own) result.Apply(own);
            return result;
        }
    }
}
