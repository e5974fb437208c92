using System.Globalization;
using System.Net;
using System.Text;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Domain.Reports;

namespace CaseTracker.Infrastructure.Reports.Exports;

/// <summary>
/// The printable report (reports.md §7): one self-contained, well-formed (XHTML-compatible) HTML page with inline CSS for A4
/// portrait, in Chinese only: the title <c>&lt;agency name&gt;&lt;year&gt;年政府信息公开工作年度报告</c> (no agency code), the
/// scope, year, form, generation time and provisional note, each table in the official layout of <see cref="PrintedTable"/>
/// (merged group labels in table 三, table 四 as one row of 15 figures) on a page of its own, then the fees paragraph
/// (gov2019/gov2021) and the checks (勾稽关系) in Chinese words. Every figure is a <c>td</c> with <c>data-key</c> (the row
/// key) and <c>data-column</c> (the column key; "" in the legacy form), so the page parses back; every text is
/// HTML-encoded (agency names are user input). No script.
/// </summary>
public static class ReportHtml
{
    // Declared first: the policy below hashes it.
    private static readonly string Css = BaseCss + WidthCss();

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
        html.Append($"<title>{E(ReportText.Title(document))}</title>\n");
        html.Append("<style>\n").Append(Css).Append("</style>\n</head>\n");
        html.Append($"<body data-format=\"{E(definition.Id)}\" data-year=\"{report.Year.ToString(CultureInfo.InvariantCulture)}\" data-agency=\"{E(document.AgencyCode)}\" data-subtree=\"{(document.Subtree ? "true" : "false")}\" data-provisional=\"{(document.Provisional ? "true" : "false")}\">\n");
        html.Append("<header>\n");
        html.Append($"<h1>{E(ReportText.Title(document))}</h1>\n");
        html.Append("<dl class=\"meta\">\n");
        Meta(html, "统计范围", E(ReportText.Scope(document)));
        Meta(html, "统计年度", $"{report.Year.ToString(CultureInfo.InvariantCulture)}年");
        Meta(html, "表式", E(definition.Source));
        Meta(html, "生成时间", $"<time datetime=\"{E(document.GeneratedAt.ToString("O", CultureInfo.InvariantCulture))}\">{E(ReportText.GeneratedAt(document))}</time>");
        html.Append("</dl>\n");
        if (document.Provisional) html.Append($"<p class=\"provisional\" role=\"note\">{E(ReportText.ProvisionalNote)}</p>\n");
        html.Append("</header>\n");

        html.Append(Tables(document));
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The body of the report without the page around it — each table in the official layout, the fees paragraph and the
    /// checks — for a screen that shows the report (the desk's 年度报告). A figure whose (table, row key, column key) is in
    /// <paramref name="published"/> differs from the published report: its <c>td</c> gets the class <c>changed</c>,
    /// <c>data-published</c> with the published figure and a <c>title</c> saying it.
    /// </summary>
    public static string Tables(AnnualReportDocument document, IReadOnlyDictionary<(string Table, string Row, string Column), decimal>? published = null)
    {
        var html = new StringBuilder();
        var definition = document.Report.Definition;
        foreach (var table in PrintedTable.Of(definition)) Table(html, document, table, published);
        if (ReportText.PrintsFees(definition)) Fees(html, document.Report.Fees);
        Checks(html, document);
        return html.ToString();
    }

    private static void Meta(StringBuilder html, string term, string encodedValue)
        => html.Append($"<div><dt>{E(term)}</dt><dd>{encodedValue}</dd></div>\n");

    private static void Table(StringBuilder html, AnnualReportDocument document, PrintedTable table,
        IReadOnlyDictionary<(string Table, string Row, string Column), decimal>? published)
    {
        var values = document.Report.Cells[table.Table.Key];
        html.Append($"<section class=\"report-table\" data-table=\"{E(table.Table.Key)}\">\n");
        html.Append($"<h2>{E(table.Table.Title)}</h2>\n");
        html.Append("<table>\n<colgroup>");
        for (var c = 0; c < table.ColumnCount; c++) html.Append($"<col class=\"c{c.ToString(CultureInfo.InvariantCulture)}\" />");
        html.Append("</colgroup>\n");
        for (var r = 0; r < table.RowCount; r++)
        {
            if (r == 0) html.Append("<thead>\n");
            if (r == table.HeaderRows) html.Append("<tbody>\n");
            var line = table.Cells.Where(c => c.Top == r).OrderBy(c => c.Left).ToList();
            var keys = line.Where(c => c.Kind == FormCellKind.Figure).Select(c => c.Row!.Key).Distinct().ToList();
            var keyAttribute = keys.Count == 1 ? $" data-key=\"{E(keys[0])}\"" : "";
            html.Append($"<tr{keyAttribute}>");
            foreach (var cell in line)
            {
                var span = Span("rowspan", cell.RowSpan) + Span("colspan", cell.ColumnSpan);
                switch (cell.Kind)
                {
                    case FormCellKind.Header:
                        html.Append($"<th scope=\"col\"{span}>{E(cell.Text)}</th>");
                        break;
                    case FormCellKind.Label:
                        var classes = $"indent-{Math.Min(cell.Indent, 3).ToString(CultureInfo.InvariantCulture)}{(cell.Bold ? " group" : "")}{(cell.RowSpan > 1 ? " merged" : "")}";
                        var labelKey = cell.Row is { } labelRow ? $" data-label-key=\"{E(labelRow.Key)}\"" : "";
                        html.Append($"<th scope=\"{(cell.RowSpan > 1 ? "rowgroup" : "row")}\" class=\"{classes}\"{labelKey}{span}>{E(cell.Text)}</th>");
                        break;
                    case FormCellKind.Unit:
                        html.Append($"<td class=\"unit\">{E(TableLayoutUnit(cell))}</td>");
                        break;
                    case FormCellKind.Figure:
                        var row = cell.Row!;
                        var changed = published is not null && published.TryGetValue((table.Table.Key, row.Key, cell.ColumnKey!), out var before)
                            ? $" data-published=\"{E(ReportText.Figure(row, before))}\" title=\"{E("发布时为" + ReportText.Figure(row, before))}\""
                            : null;
                        html.Append($"<td class=\"num{(changed is null ? "" : " changed")}\" data-key=\"{E(row.Key)}\" data-column=\"{E(cell.ColumnKey!)}\"{changed}>{E(ReportText.Figure(row, values[row.Key][cell.ColumnKey!]))}</td>");
                        break;
                    default:
                        html.Append($"<td{span}></td>");
                        break;
                }
            }

            html.Append("</tr>\n");
            if (r == table.HeaderRows - 1) html.Append("</thead>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static string TableLayoutUnit(FormCell cell) => PrintedTable.Unit(cell.Row!);

    private static void Fees(StringBuilder html, ReportFees fees)
    {
        var i = CultureInfo.InvariantCulture;
        html.Append($"<section class=\"fees\" data-notices-issued=\"{fees.NoticesIssued.ToString(i)}\" data-paid=\"{fees.Paid.ToString(i)}\" data-collected-yuan=\"{fees.CollectedYuan.ToString(i)}\" data-reduced=\"{fees.Reduced.ToString(i)}\" data-waived=\"{fees.Waived.ToString(i)}\">\n");
        html.Append($"<h2>{E(ReportText.FeesHeading)}</h2>\n<p>{E(ReportText.FeesSentence(fees))}</p>\n</section>\n");
    }

    private static void Checks(StringBuilder html, AnnualReportDocument document)
    {
        var report = document.Report;
        html.Append("<section class=\"checks\">\n<h2>勾稽关系校验</h2>\n<table>\n<thead>\n");
        html.Append("<tr><th scope=\"col\">表</th><th scope=\"col\">勾稽关系</th><th scope=\"col\">栏目</th><th scope=\"col\">左边合计</th><th scope=\"col\">右边合计</th><th scope=\"col\">结果</th></tr>\n");
        html.Append("</thead>\n<tbody>\n");
        foreach (var check in report.Checks)
        {
            var table = report.Definition.Table(check.Table);
            html.Append($"<tr class=\"{(check.Holds ? "holds" : "fails")}\" data-table=\"{E(check.Table)}\" data-rule=\"{E(check.Rule)}\" data-check-column=\"{E(check.Column)}\" data-holds=\"{(check.Holds ? "true" : "false")}\">");
            html.Append($"<td>{E(TableName(table))}</td><td>{E(ReportText.CheckRule(report.Definition, check))}</td><td>{E(ReportText.CheckColumn(report.Definition, check))}</td>");
            html.Append($"<td class=\"num\">{E(check.Left.ToString(CultureInfo.InvariantCulture))}</td><td class=\"num\">{E(check.Right.ToString(CultureInfo.InvariantCulture))}</td>");
            html.Append($"<td class=\"result\">{E(ReportText.CheckResultText(check))}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>The table's short name in the checks: 表三, 表四, or the legacy form's title.</summary>
    private static string TableName(ReportTable table) => table.Key switch { "table3" => "表三", "table4" => "表四", _ => table.Title };

    /// <summary>Each printed table's column widths (mm), by class, under its section.</summary>
    private static string WidthCss()
    {
        var css = new StringBuilder();
        foreach (var table in ReportFormats.All.SelectMany(PrintedTable.Of).DistinctBy(t => (t.Table.Key, t.ColumnCount)))
        for (var c = 0; c < table.ColumnCount; c++)
            css.Append(CultureInfo.InvariantCulture, $"section[data-table=\"{table.Table.Key}\"] col.c{c} {{ width: {table.ColumnWidthsMm[c]:0.##}mm; }}\n");
        return css.ToString();
    }

    private static string Span(string attribute, int span) => span > 1 ? $" {attribute}=\"{span.ToString(CultureInfo.InvariantCulture)}\"" : "";

    /// <summary>Encodes &lt; &gt; &amp; " and ' for text and attribute values alike.</summary>
    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string BaseCss = """
        @page { size: A4 portrait; margin: 12mm 12mm; }
        html { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 10pt; color: #000; background: #fff; }
        body { max-width: 186mm; margin: 0 auto; padding: 8mm 0; }
        h1 { font-size: 15pt; text-align: center; margin: 0 0 3mm; }
        h2 { font-size: 12pt; margin: 3mm 0 2mm; }
        dl.meta { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5mm 6mm; margin: 0 0 2mm; font-size: 9pt; }
        dl.meta div { display: flex; gap: 2mm; }
        dl.meta dt { font-weight: bold; white-space: nowrap; }
        dl.meta dt::after { content: "："; }
        dl.meta dd { margin: 0; }
        .provisional { border: 1px solid #000; padding: 1mm 2mm; font-weight: bold; font-size: 9pt; margin: 0 0 2mm; }
        table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 9.5pt; line-height: 1.25; }
        th, td { border: 1px solid #000; padding: 0.8mm 1mm; vertical-align: middle; overflow-wrap: anywhere; }
        thead th { text-align: center; font-weight: bold; }
        tbody th { text-align: left; font-weight: normal; }
        tbody th.merged { text-align: center; }
        th.group { font-weight: bold; }
        th.indent-1 { padding-left: 4mm; }
        th.indent-2 { padding-left: 7mm; }
        th.indent-3 { padding-left: 10mm; }
        td.num { text-align: center; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.unit, td.result { text-align: center; white-space: nowrap; }
        section.fees p { margin: 0 0 2mm; text-indent: 2em; line-height: 1.5; }
        section.checks table { font-size: 9pt; }
        section.checks td { text-align: left; }
        section.checks td:first-child { white-space: nowrap; }
        section.checks td.num, section.checks td.result { text-align: center; }
        section.checks table { table-layout: auto; }
        tr.fails td { font-weight: bold; }
        @media print {
          body { max-width: none; padding: 0; }
          section.report-table + section.report-table { break-before: page; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; }
          h2 { break-after: avoid; }
        }

        """;
}
