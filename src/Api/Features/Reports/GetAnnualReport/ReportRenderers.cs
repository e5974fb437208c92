using System.Globalization;
using System.Text;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Reports;
using CaseTracker.Infrastructure.Reports.Exports;
using Microsoft.Extensions.Primitives;

namespace CaseTracker.Api.Features.Reports.GetAnnualReport;

public enum ReportRepresentation { Json, Csv, Xlsx, Html, Docx }

/// <summary>
/// Chooses the representation of a report from the Accept header (RFC 9110 §12.5.1) and writes it: JSON without an
/// Accept header, for <c>*/*</c> and for <c>application/json</c>; <c>text/csv</c>, the XLSX media type or
/// <c>text/html</c> or the DOCX media type for the exports. The highest quality wins; on a tie the more specific range, then
/// the range the client listed first, then JSON, CSV, XLSX, HTML, DOCX in that order. Nothing acceptable: 406. A header that
/// does not parse is ignored, as if absent. A link cannot set Accept (the desk's downloads): <c>as=json|csv|xlsx|html|docx</c>
/// chooses the representation and wins over Accept (<c>format</c> already names the report's form).
/// </summary>
public static class ReportRenderers
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Html = "text/html";
    public const string Docx = ReportDocx.MediaType;

    private static readonly (ReportRepresentation Representation, string MediaType)[] Offered =
    [
        (ReportRepresentation.Json, Json),
        (ReportRepresentation.Csv, Csv),
        (ReportRepresentation.Xlsx, Xlsx),
        (ReportRepresentation.Html, Html),
        (ReportRepresentation.Docx, Docx),
    ];

    /// <summary>The values of <c>as</c>, by representation.</summary>
    public static readonly IReadOnlyDictionary<string, ReportRepresentation> Names = new Dictionary<string, ReportRepresentation>(StringComparer.OrdinalIgnoreCase)
    {
        ["json"] = ReportRepresentation.Json, ["csv"] = ReportRepresentation.Csv, ["xlsx"] = ReportRepresentation.Xlsx,
        ["html"] = ReportRepresentation.Html, ["docx"] = ReportRepresentation.Docx,
    };

    public const string Description = """
        Content negotiation by `Accept` (JSON when absent, `*/*` or `application/json`; 406 with problem details when none of the five is acceptable),
        or by `as=json|csv|xlsx|html|docx`, which wins over Accept (for links, which cannot set Accept; any other value is 400):

        * `application/json`: reports.md §6.
        * `text/csv`: UTF-8 with a byte-order mark, RFC 4180 quoting, CRLF, `Content-Disposition: attachment; filename="<agency>-<year>-<format>.csv"`.
          One header line `table,row_key,row_label,column_key,column_label,value`, then one line per cell: every row × column of every
          table of the format in the format's order, zeros included (`table` is the JSON property: `rows` for legacy, whose single
          column has an empty `column_key` and `column_label`; `table3`, `table4` for gov2019/gov2021). Counts are integers, `fees.total`
          is in 万元 with 4 decimals. Then one line per check: `table` = `check`, `row_key` = the rule, `row_label` = the title of the
          table checked, `column_key`/`column_label` = the column, `value` = 1 if the identity holds, 0 if not. No other lines.
        * `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`: `<agency>-<year>-<format>.xlsx`, one worksheet per table
          (三, 四; 统计表 for legacy) in the official layout of reports.md §7, Chinese only: the report's title, the table's heading, scope,
          year, form, generation time (and the provisional note), then the table as on paper (table 三: group labels merged beside their
          items, the two-level applicant header; table 四: three groups of five columns and one row of 15 figures), figures as numeric
          cells (fees `0.0000`). Every row has a height that fits its wrapped labels, no row or column is hidden, and each table sheet
          prints on one A4 page (print area set, fit to one page). Worksheet 校验: 表, 勾稽关系 (the rule in Chinese words), 栏目, 左边合计,
          右边合计, 结果 (✔ 成立 / ✘ 不成立). Worksheet 键: for every figure its sheet, cell, `table`, `row_key` and `column_key`.
        * `text/html`: a self-contained printable page (A4 portrait) in the official layout, Chinese only, each table on a page of its
          own, shown inline; each figure is a `td` with `data-key` (row) and `data-column`; the fees paragraph (gov2019/gov2021) is a
          `section.fees` with `data-notices-issued`, `data-paid`, `data-collected-yuan`, `data-reduced`, `data-waived`; the checks are
          rows with `data-rule`, `data-check-column`, `data-holds`.
        * `application/vnd.openxmlformats-officedocument.wordprocessingml.document`: `<agency>-<year>-<format>.docx`, the same title,
          tables (Word tables with merged cells, row heights, header rows repeated; each table from a new A4 portrait page), fees
          paragraph and checks in Chinese, for an office to paste into or attach to its published annual report.
        """;

    /// <summary>The representation to send, or null when the client accepts none of them.</summary>
    public static ReportRepresentation? Negotiate(StringValues accept)
        => ContentNegotiation.Negotiate(accept, Offered.Select(o => o.MediaType).ToArray()) is { } index ? Offered[index].Representation : null;

    public static IResult NotAcceptable(string accept)
        => TypedResults.Problem(
            statusCode: StatusCodes.Status406NotAcceptable,
            title: "Not acceptable",
            detail: $"The annual report is available as {Json}, {Csv}, {Xlsx}, {Html} or {Docx}; the request accepts only \"{accept}\".");

    public static IResult Render(AnnualReportDocument document, ReportRepresentation representation, HttpResponse response)
    {
        response.Headers.Vary = "Accept";
        switch (representation)
        {
            case ReportRepresentation.Csv:
                response.Headers.ContentDisposition = Disposition("attachment", document, "csv");
                return TypedResults.Bytes(ReportCsv.Render(document), "text/csv; charset=utf-8; header=present");
            case ReportRepresentation.Xlsx:
                response.Headers.ContentDisposition = Disposition("attachment", document, "xlsx");
                return TypedResults.Bytes(ReportXlsx.Render(document), Xlsx);
            case ReportRepresentation.Docx:
                response.Headers.ContentDisposition = Disposition("attachment", document, "docx");
                return TypedResults.Bytes(ReportDocx.Render(document), Docx);
            case ReportRepresentation.Html:
                response.Headers.ContentDisposition = Disposition("inline", document, "html");
                response.Headers.ContentSecurityPolicy = ReportHtml.ContentSecurityPolicy;
                return TypedResults.Text(ReportHtml.Render(document), "text/html; charset=utf-8", Encoding.UTF8);
            default:
                return TypedResults.Json(document.ToJson(), ApiJson.Options);
        }
    }

    /// <summary>Agency codes are letters, digits, '-' and '_' (validated at creation), so the quoted name needs no escaping.</summary>
    private static string Disposition(string kind, AnnualReportDocument document, string extension)
        => string.Create(CultureInfo.InvariantCulture, $"{kind}; filename=\"{ReportText.FileName(document, extension)}\"");
}
