using System.Globalization;
using System.Text;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Reports;
using CaseTracker.Infrastructure.Reports.Exports;
using Microsoft.Extensions.Primitives;

namespace CaseTracker.Api.Features.Reports.GetAnnualReport;

public enum ReportRepresentation { Json, Csv, Xlsx, Html }

/// <summary>
/// Chooses the representation of a report from the Accept header (RFC 9110 §12.5.1) and writes it: JSON without an
/// Accept header, for <c>*/*</c> and for <c>application/json</c>; <c>text/csv</c>, the XLSX media type or
/// <c>text/html</c> for the exports. The highest quality wins; on a tie the more specific range, then the range the
/// client listed first, then JSON, CSV, XLSX, HTML in that order. Nothing acceptable: 406. A header that does not parse
/// is ignored, as if absent.
/// </summary>
public static class ReportRenderers
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Html = "text/html";

    private static readonly (ReportRepresentation Representation, string MediaType)[] Offered =
    [
        (ReportRepresentation.Json, Json),
        (ReportRepresentation.Csv, Csv),
        (ReportRepresentation.Xlsx, Xlsx),
        (ReportRepresentation.Html, Html),
    ];

    public const string Description = """
        Content negotiation by `Accept` (JSON when absent, `*/*` or `application/json`; 406 with problem details when none of the four is acceptable):

        * `application/json`: reports.md §6.
        * `text/csv`: UTF-8 with a byte-order mark, RFC 4180 quoting, CRLF, `Content-Disposition: attachment; filename="<agency>-<year>-<format>.csv"`.
          One header line `table,row_key,row_label,column_key,column_label,value`, then one line per cell: every row × column of every
          table of the format in the format's order, zeros included (`table` is the JSON property: `rows` for legacy, whose single
          column has an empty `column_key` and `column_label`; `table3`, `table4` for gov2019/gov2021). Counts are integers, `fees.total`
          is in 万元 with 4 decimals. Then one line per check: `table` = `check`, `row_key` = the rule, `row_label` = the title of the
          table checked, `column_key`/`column_label` = the column, `value` = 1 if the identity holds, 0 if not. No other lines.
        * `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`: `<agency>-<year>-<format>.xlsx`, one worksheet per table
          (三, 四; 统计表 for legacy) in the official layout: title, agency, year, form, generation time (and the provisional note),
          the grouped column header, row labels indented as on the form, figures as numeric cells (fees `0.0000`). A hidden row under
          the header holds the column keys (`column_key` in column A) and a hidden trailing column (headed `row_key`) the row keys.
          Worksheet 校验: table, rule, column key, column label, left, right, holds (1/0), ✔/✘.
        * `text/html`: a self-contained printable page (A4) in the official layout, shown inline; each figure is a `td` with
          `data-column` inside a `tr` with `data-key`; the checks are rows with `data-rule`, `data-check-column`, `data-holds`.
        """;

    /// <summary>The representation to send, or null when the client accepts none of them.</summary>
    public static ReportRepresentation? Negotiate(StringValues accept)
        => ContentNegotiation.Negotiate(accept, Offered.Select(o => o.MediaType).ToArray()) is { } index ? Offered[index].Representation : null;

    public static IResult NotAcceptable(string accept)
        => TypedResults.Problem(
            statusCode: StatusCodes.Status406NotAcceptable,
            title: "Not acceptable",
            detail: $"The annual report is available as {Json}, {Csv}, {Xlsx} or {Html}; the request accepts only \"{accept}\".");

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
