using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Domain.Reports;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Reports;
using Mediator;

namespace CaseTracker.Api.Features.Reports.GetAnnualReport;

public sealed record GetAnnualReportQuery : IQuery<AnnualReportDocument>, IValidatable
{
    public required int Year { get; init; }
    public string? Agency { get; init; }
    public bool Subtree { get; init; }
    public string? Format { get; init; }

    public void Validate(Validator v)
    {
        v.Range("year", Year, 2008, 2099).Code("agency", Agency, required: false);
        if (Format is not null && !ReportFormats.TryParse(Format, out _))
            v.Error("format", $"format must be one of {string.Join(", ", ReportFormats.All.Select(d => d.Id))}.");
    }
}

/// <summary>
/// reports.md: the year's table for one agency, or its roll-up with every subordinate agency; counted by
/// the database, assembled by the domain. The format defaults to the year's own.
/// </summary>
internal sealed class GetAnnualReportHandler(AnnualReports reports, CurrentUser user) : IQueryHandler<GetAnnualReportQuery, AnnualReportDocument>
{
    public async ValueTask<AnnualReportDocument> Handle(GetAnnualReportQuery query, CancellationToken cancellationToken)
    {
        var format = query.Format is null ? ReportFormats.DefaultFor(query.Year) : ReportFormats.Parse(query.Format);
        return await reports.Compute(query.Year, query.Agency ?? user.AgencyCode, query.Subtree, format, cancellationToken);
    }
}

/// <summary>
/// Computes a report for an agency the caller may see (jobs see every agency). The report names the agency by the name in
/// force at the moment it is generated (issue 16 item 5): a report computed after a rename — JSON, page, XLSX, DOCX, CSV,
/// any year — carries the new name; a stored snapshot (generated or published) keeps the name it was generated with.
/// </summary>
public sealed class AnnualReports(ReportCountsQuery counts, AgencyAccess access, RegisterClock clock)
{
    public async Task<AnnualReportDocument> Compute(int year, string agencyCode, bool subtree, ReportFormat format, CancellationToken cancellationToken)
    {
        format.EnsureAvailable(year);
        var agency = await access.Find(agencyCode, cancellationToken) ?? throw new InvalidInputException("agency", $"There is no agency {agencyCode}.");
        var agencies = await access.Scope(agencyCode, subtree, cancellationToken);
        var report = AnnualReport.Build(format, year, await counts.Count(agencies, year, cancellationToken));
        return new AnnualReportDocument(report, agency.Code, agency.Name, subtree, clock.Now, clock.Today <= new DateOnly(year, 12, 31));
    }
}

public static class AnnualReportJson
{
    /// <summary>
    /// The JSON of reports.md §6: every key of the format, zeros included, each check's result, and <c>fees</c> (reports.md §7:
    /// <c>noticesIssued</c>, <c>paid</c>, <c>collectedYuan</c>, <c>reduced</c>, <c>waived</c> for the year and the agency or tree).
    /// </summary>
    public static Dictionary<string, object?> ToJson(this AnnualReportDocument document)
    {
        var report = document.Report;
        var json = new Dictionary<string, object?>
        {
            ["format"] = report.Definition.Id,
            ["year"] = report.Year,
            ["agency"] = new { code = document.AgencyCode, name = document.AgencyName },
            ["subtree"] = document.Subtree,
            ["generatedAt"] = document.GeneratedAt,
            ["provisional"] = document.Provisional,
        };
        foreach (var table in report.Definition.Tables)
        {
            var cells = report.Cells[table.Key];
            json[table.Key] = table.Columns.Count == 0
                ? table.Rows.ToDictionary(r => r.Key, r => cells[r.Key][AnnualReport.Value])
                : table.Rows.ToDictionary(r => r.Key, r => (object)table.Columns.ToDictionary(c => c.Key, c => cells[r.Key][c.Key]));
        }

        var fees = report.Fees;
        // reports.md §7: the year's 信息处理费 (section 六 of the 2021 report), beside the tables, for the agency or its tree.
        json["fees"] = new { noticesIssued = fees.NoticesIssued, paid = fees.Paid, collectedYuan = fees.CollectedYuan, reduced = fees.Reduced, waived = fees.Waived };
        json["checks"] = report.Checks.Select(c => new { table = c.Table, rule = c.Rule, column = c.Column, holds = c.Holds, left = c.Left, right = c.Right });
        return json;
    }
}

public static class GetAnnualReportEndpoint
{
    public static void Map(RouteGroupBuilder reports)
        => reports.MapGet("/annual/{year:int}", async (int year, string? agency, bool? subtree, string? format, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "as")] string? representationName,
                HttpContext http, ISender sender, CancellationToken ct) =>
            {
                // Chosen first: a representation the service cannot produce is refused before anything is counted.
                ReportRepresentation representation;
                if (representationName is not null)
                {
                    if (!ReportRenderers.Names.TryGetValue(representationName.Trim(), out representation))
                        throw new ValidationException(new Dictionary<string, string[]> { ["as"] = ["as must be one of json, csv, xlsx, html, docx."] });
                }
                else if (ReportRenderers.Negotiate(http.Request.Headers.Accept) is { } negotiated)
                {
                    representation = negotiated;
                }
                else
                {
                    return ReportRenderers.NotAcceptable(http.Request.Headers.Accept.ToString());
                }

                var document = await sender.Send(new GetAnnualReportQuery { Year = year, Agency = agency, Subtree = subtree ?? false, Format = format }, ct);
                return ReportRenderers.Render(document, representation, http.Response);
            })
            .RequireRateLimiting(RateLimits.ReportsPerUser)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("GetAnnualReport")
            .WithSummary("The annual statistics (reports.md): JSON, or by Accept (or as=) CSV, an XLSX workbook, a printable HTML page or a DOCX of the same figures.")
            .WithDescription(ReportRenderers.Description)
            .Produces(StatusCodes.Status200OK, typeof(Dictionary<string, object>), ReportRenderers.Json,
                ReportRenderers.Csv, ReportRenderers.Xlsx, ReportRenderers.Html, ReportRenderers.Docx)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .WithMetadata(new ProblemDetailsForAnyAcceptMetadata());
}
