using System.Globalization;
using System.Net;
using System.Text;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Domain.Reports;

namespace CaseTracker.Infrastructure.Reports.Exports;

/// <summary>
/// The printable report: one self-contained, well-formed (XHTML-compatible) HTML page with inline CSS for A4, the
/// official titles, the agency, the year, the form, when generated and the provisional note, each table in the
/// official row/column layout, and the checks with ✔/✘. Every figure sits in a <c>td</c> with <c>data-column</c>
/// (the column key; "" in the legacy form) inside a <c>tr</c> with <c>data-key</c> (the row key), so the page parses
/// back; every text is HTML-encoded (agency names are user input). No script.
/// </summary>
public static class ReportHtml
{
    /// <summary>
    /// The Content-Security-Policy of the page: nothing may load or run but its own style block (allowed by its SHA-256
    /// hash, so no inline script and no other inline style), and no site may frame it.
    /// </summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("\n" + Css)))}'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string Render(AnnualReportDocument document)
    {
        var report = document.Report;
        var definition = report.Definition;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n");
        html.Append("<html lang=\"zh-CN\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<meta charset=\"utf-8\" />\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
        html.Append($"<title>{E(Title(document))}</title>\n");
        html.Append("<style>\n").Append(Css).Append("</style>\n</head>\n");
        html.Append($"<body data-format=\"{E(definition.Id)}\" data-year=\"{report.Year.ToString(CultureInfo.InvariantCulture)}\" data-agency=\"{E(document.AgencyCode)}\" data-subtree=\"{(document.Subtree ? "true" : "false")}\" data-provisional=\"{(document.Provisional ? "true" : "false")}\">\n");
        html.Append("<header>\n");
        html.Append($"<h1>{E(Title(document))}</h1>\n");
        html.Append("<dl class=\"meta\">\n");
        Meta(html, "填报单位", $"<span class=\"agency\">{E(document.AgencyName)}</span>（{E(document.AgencyCode)}）");
        Meta(html, "统计范围", E(ReportText.Scope(document)));
        Meta(html, "统计年度", $"{report.Year.ToString(CultureInfo.InvariantCulture)}年");
        Meta(html, "表式", E(definition.Source));
        Meta(html, "生成时间", $"<time datetime=\"{E(document.GeneratedAt.ToString("O", CultureInfo.InvariantCulture))}\">{E(ReportText.GeneratedAt(document))}</time>");
        html.Append("</dl>\n");
        if (document.Provisional) html.Append($"<p class=\"provisional\" role=\"note\">{E(ReportText.ProvisionalNote)}</p>\n");
        html.Append("</header>\n");

        foreach (var layout in TableLayout.Of(definition)) Table(html, document, layout);
        Checks(html, document);

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string Title(AnnualReportDocument document)
        => $"{document.AgencyName}{document.Report.Year.ToString(CultureInfo.InvariantCulture)}年政府信息公开工作年度报告（统计）";

    private static void Meta(StringBuilder html, string term, string encodedValue)
        => html.Append($"<div><dt>{E(term)}</dt><dd>{encodedValue}</dd></div>\n");

    private static void Table(StringBuilder html, AnnualReportDocument document, TableLayout layout)
    {
        var cells = document.Report.Cells[layout.Table.Key];
        html.Append($"<section class=\"report-table\" data-table=\"{E(layout.Table.Key)}\">\n");
        html.Append($"<h2>{E(layout.Table.Title)}</h2>\n");
        html.Append("<table>\n<thead>\n");
        for (var r = 0; r < layout.HeaderRows; r++)
        {
            html.Append("<tr>");
            if (r == 0)
                html.Append($"<th class=\"corner\" scope=\"col\"{Span("rowspan", layout.HeaderRows)}>{E(layout.Corner)}</th>");
            foreach (var header in layout.Header.Where(h => h.HeaderRow == r).OrderBy(h => h.Column))
            {
                var key = header.ColumnSpan == 1 && header.HeaderRow + header.RowSpan == layout.HeaderRows ? layout.Columns[header.Column].Key : null;
                var keyAttribute = key is null ? "" : $" data-column=\"{E(key)}\"";
                html.Append($"<th scope=\"col\"{keyAttribute}{Span("colspan", header.ColumnSpan)}{Span("rowspan", header.RowSpan)}>{E(header.Label)}</th>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</thead>\n<tbody>\n");
        foreach (var line in layout.Rows)
        {
            var classes = new List<string> { $"indent-{Math.Min(line.Indent, 3).ToString(CultureInfo.InvariantCulture)}" };
            if (line.IsHeading) classes.Add("heading");
            if (line.IsGroup) classes.Add("group");
            if (line.Row?.Kind == ReportRowKind.Note) classes.Add("note");
            var keyAttribute = line.Key is { } rowKey ? $" data-key=\"{E(rowKey)}\"" : "";
            html.Append($"<tr{keyAttribute} class=\"{string.Join(' ', classes)}\"><th scope=\"row\">{E(line.Label)}</th>");
            foreach (var column in layout.Columns)
            {
                if (line.Row is not { } row) html.Append("<td></td>");
                else if (column.IsUnit) html.Append($"<td class=\"unit\">{E(TableLayout.Unit(row))}</td>");
                else html.Append($"<td class=\"num\" data-column=\"{E(column.Key!)}\">{E(ReportText.Figure(row, cells[row.Key][column.Key!]))}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Checks(StringBuilder html, AnnualReportDocument document)
    {
        var report = document.Report;
        html.Append("<section class=\"checks\">\n<h2>勾稽关系校验</h2>\n<table>\n<thead>\n");
        html.Append("<tr><th scope=\"col\">表</th><th scope=\"col\">规则</th><th scope=\"col\">栏目</th><th scope=\"col\">左边</th><th scope=\"col\">右边</th><th scope=\"col\">结果</th></tr>\n");
        html.Append("</thead>\n<tbody>\n");
        foreach (var check in report.Checks)
        {
            var table = report.Definition.Table(check.Table);
            var columnLabel = table.Columns.FirstOrDefault(c => c.Key == check.Column)?.Label ?? "";
            html.Append($"<tr class=\"{(check.Holds ? "holds" : "fails")}\" data-table=\"{E(check.Table)}\" data-rule=\"{E(check.Rule)}\" data-check-column=\"{E(check.Column)}\" data-holds=\"{(check.Holds ? "true" : "false")}\">");
            html.Append($"<td>{E(table.Title)}</td><td><code>{E(check.Rule)}</code></td><td>{E(columnLabel)}</td>");
            html.Append($"<td class=\"num\">{E(check.Left.ToString(CultureInfo.InvariantCulture))}</td><td class=\"num\">{E(check.Right.ToString(CultureInfo.InvariantCulture))}</td>");
            html.Append($"<td class=\"result\">{(check.Holds ? "✔ 成立" : "✘ 不成立")}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static string Span(string attribute, int span) => span > 1 ? $" {attribute}=\"{span.ToString(CultureInfo.InvariantCulture)}\"" : "";

    /// <summary>Encodes &lt; &gt; &amp; " and ' for text and attribute values alike.</summary>
    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        @page { size: A4; margin: 15mm 12mm; }
        html { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 11pt; color: #000; background: #fff; }
        body { max-width: 190mm; margin: 0 auto; padding: 8mm 0; }
        h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
        h2 { font-size: 13pt; margin: 6mm 0 2mm; }
        dl.meta { display: grid; grid-template-columns: 1fr 1fr; gap: 1mm 6mm; margin: 0 0 3mm; }
        dl.meta div { display: flex; gap: 2mm; }
        dl.meta dt { font-weight: bold; white-space: nowrap; }
        dl.meta dt::after { content: "："; }
        dl.meta dd { margin: 0; }
        .provisional { border: 1px solid #000; padding: 2mm 3mm; font-weight: bold; }
        table { border-collapse: collapse; width: 100%; font-size: 10pt; }
        th, td { border: 1px solid #000; padding: 1mm 1.5mm; vertical-align: middle; }
        thead th { text-align: center; font-weight: bold; }
        thead th.corner { font-weight: normal; font-size: 9pt; width: 42%; }
        tbody th { text-align: left; font-weight: normal; }
        tr.group th, tr.heading th { font-weight: bold; }
        tr.indent-1 th { padding-left: 5mm; }
        tr.indent-2 th { padding-left: 9mm; }
        tr.indent-3 th { padding-left: 13mm; }
        tr.note th, tr.note td { font-style: italic; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.unit, td.result { text-align: center; white-space: nowrap; }
        tr.fails td { font-weight: bold; }
        code { font-family: inherit; }
        @media print {
          body { max-width: none; padding: 0; }
          section.report-table + section.report-table { break-before: page; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; }
          h2 { break-after: avoid; }
        }

        """;
}
