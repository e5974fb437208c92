using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Reports.GetTrends;

/// <summary>
/// One calendar year (China dates) of the agency or tree: cases received (receipt date in the year), closed (closing date in the
/// year), of which closed within the time limit (extended or not: <see cref="ClosedOnTime"/>); <see cref="OnTimeRate"/> is
/// <see cref="ClosedOnTime"/> ÷ <see cref="Closed"/> in percent with one decimal (null without a closed case); <see cref="Outcomes"/>
/// counts the closed cases by the six groups of table 三 (keys of <see cref="OutcomeGroups"/>, every key present, adding up to
/// <see cref="Closed"/>). <see cref="Provisional"/>: the year has not ended, its figures still change.
/// </summary>
public sealed record TrendYear(int Year, int Received, int Closed, int ClosedOnTime, decimal? OnTimeRate, IReadOnlyDictionary<string, int> Outcomes, bool Provisional);

/// <summary>An outcome group's key and its label as table 三 prints it.</summary>
public sealed record TrendGroup(string Key, string Label);

/// <summary>
/// Every year of the register from the first receipt or close of the agency (or tree) to the current year, none skipped.
/// <see cref="Links"/> maps each count (<c>2025.received</c>, <c>2025.closed</c>, <c>2025.closedOnTime</c>, <c>2025.outcomes.withheld</c>) to
/// the case list that holds exactly those cases.
/// </summary>
public sealed record Trends(string Agency, bool Subtree, IReadOnlyList<TrendGroup> Groups, IReadOnlyList<TrendYear> Years, IReadOnlyDictionary<string, string> Links);

/// <summary>
/// <c>GET /api/reports/trends?agency=&amp;subtree=</c> (issue 18): the agency (default: the caller's) or its tree, year by year.
/// Refused: a malformed agency code (400), an unknown agency (400), an agency outside the caller's scope (403).
/// </summary>
public sealed record GetTrendsQuery(string? Agency, bool Subtree) : IQuery<Trends>, IValidatable
{
    public void Validate(Validator v) => v.Code("agency", Agency, required: false);
}

/// <summary>
/// Receipts per year as one range count per year over (agency, receipt date), between each agency's first and last receipt; the
/// closed cases in one grouped query (by year of closing, regime, outcome and lateness) over the report's covering index of the
/// closing date.
/// </summary>
internal sealed class GetTrendsHandler(DbSession session, AgencyAccess access, CurrentUser user, RegisterClock clock) : IQueryHandler<GetTrendsQuery, Trends>
{
    private sealed class ReceivedRow
    {
        public int Y { get; init; }
        public long Cases { get; init; }
    }

    private sealed class ReceivedSpan
    {
        public int? FirstYear { get; init; }
        public int? LastYear { get; init; }
    }

    private sealed class ClosedRow
    {
        public int Y { get; init; }
        public string? Regime { get; init; }
        public string? Outcome { get; init; }
        public bool ClosedLate { get; init; }
        public long Cases { get; init; }
    }

    public async ValueTask<Trends> Handle(GetTrendsQuery query, CancellationToken cancellationToken)
    {
        var agency = query.Agency ?? user.AgencyCode;
        var agencies = (await access.Scope(agency, query.Subtree, cancellationToken)).ToArray();
        var d = session.Dialect;
        var inScope = d.InList("agency_code", "agencies");
        var p = new { agencies };
        IReadOnlyList<ReceivedRow> received = [];
        IReadOnlyList<ClosedRow> closed = [];
        if (agencies.Length > 0)
        {
            // The years with receipts: each agency's first and last receipt date read from the end of its range of
            // (agency_code, received_on), then one range count per year over that index (no date function per case).
            var span = await session.QuerySingleOrDefault<ReceivedSpan>($"""
                SELECT {d.YearOf("MIN(first_on)")} AS first_year, {d.YearOf("MAX(last_on)")} AS last_year FROM (
                    SELECT (SELECT MIN(c.received_on) FROM cases c WHERE c.agency_code = a.code) AS first_on,
                           (SELECT MAX(c.received_on) FROM cases c WHERE c.agency_code = a.code) AS last_on
                    FROM agencies a WHERE {d.InList("a.code", "agencies")}) spans
                """, p, cancellationToken);
            if (span is { FirstYear: { } firstYear, LastYear: { } lastYear })
            {
                var receiptYears = Enumerable.Range(firstYear, lastYear - firstYear + 1).ToList();
                var counts = await PeriodCounts.Count(session, "received_on", agencies,
                    receiptYears.Select(y => (new DateOnly(y, 1, 1), new DateOnly(y + 1, 1, 1))).ToList(), cancellationToken);
                received = [.. receiptYears.Select((y, i) => new ReceivedRow { Y = y, Cases = counts[i] }).Where(r => r.Cases > 0)];
            }

            closed = await session.Query<ClosedRow>($"""
                SELECT {d.YearOf("closed_on")} AS y, regime, outcome, closed_late, COUNT(*) AS cases FROM cases
                WHERE {inScope} AND closed_on IS NOT NULL GROUP BY {d.YearOf("closed_on")}, regime, outcome, closed_late
                """, p, cancellationToken);
        }

        var today = clock.Today;
        var years = received.Select(r => r.Y).Concat(closed.Select(r => r.Y)).ToList();
        var result = new List<TrendYear>();
        if (years.Count > 0)
        {
            for (var year = years.Min(); year <= Math.Max(years.Max(), today.Year); year++)
            {
                var ofYear = closed.Where(r => r.Y == year).ToList();
                var closedCount = (int)ofYear.Sum(r => r.Cases);
                var onTime = (int)ofYear.Where(r => !r.ClosedLate).Sum(r => r.Cases);
                var byGroup = ofYear.GroupBy(r => OutcomeGroups.Of(Enum.TryParse<Regime>(r.Regime, out var regime) ? regime : null, r.Outcome))
                    .ToDictionary(g => g.Key, g => (int)g.Sum(r => r.Cases), StringComparer.Ordinal);
                result.Add(new TrendYear(year, (int)received.Where(r => r.Y == year).Sum(r => r.Cases), closedCount, onTime,
                    closedCount == 0 ? null : Math.Round(100m * onTime / closedCount, 1, MidpointRounding.AwayFromZero),
                    OutcomeGroups.Keys.ToDictionary(g => g, g => byGroup.GetValueOrDefault(g), StringComparer.Ordinal), year >= today.Year));
            }
        }

        var scope = $"agency={Uri.EscapeDataString(agency)}&subtree={(query.Subtree ? "true" : "false")}";
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var y in result)
        {
            var closedIn = $"/api/cases?{scope}&closedFrom={y.Year:D4}-01-01&closedTo={y.Year:D4}-12-31";
            links[$"{y.Year}.received"] = $"/api/cases?{scope}&receivedFrom={y.Year:D4}-01-01&receivedTo={y.Year:D4}-12-31";
            links[$"{y.Year}.closed"] = closedIn;
            links[$"{y.Year}.closedOnTime"] = closedIn + "&closedLate=false";
            foreach (var g in OutcomeGroups.Keys) links[$"{y.Year}.outcomes.{g}"] = $"{closedIn}&outcomeGroup={g}";
        }

        return new Trends(agency, query.Subtree, [.. OutcomeGroups.Keys.Select(g => new TrendGroup(g, OutcomeGroups.Label(g)))], result, links);
    }
}

public static class GetTrendsEndpoint
{
    public const string Description = """
        Every year of the register, from the first year with a receipt or a close in the agency (`agency`, default the caller's;
        `subtree=true` adds every agency below it) to the current year, no year skipped: `received` (receipt date in the year),
        `closed` (closing date in the year), `closedOnTime` (closed within the time limit, extended or not), `onTimeRate`
        (closedOnTime ÷ closed in percent, one decimal; null without a closed case), `outcomes` (the closed cases by the six groups
        of the annual report's table 三: disclosed, partially_disclosed, withheld, unable, not_processed, other; Regime 2008 outcomes
        through the report's crosswalk), `provisional` (the year has not ended). `groups` gives each group's label as table 三 prints it;
        `links` maps each count (`2025.received`, `2025.closed`, `2025.closedOnTime`, `2025.outcomes.withheld`) to the `GET /api/cases` list
        that holds exactly those cases.

        Refused with problem details (Chinese `detail` with `Accept-Language: zh`): 400 for a malformed or unknown agency code or a
        `subtree` that is not true/false, 403 for an agency outside the caller's scope.
        """;

    public static void Map(RouteGroupBuilder reports)
        => reports.MapGet("/trends", async (string? agency, bool? subtree, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new GetTrendsQuery(agency, subtree ?? false), ct)))
            .WithName("GetReportTrends")
            .WithSummary("Received, closed, on-time rate and outcome mix (table 三's groups) for every year of the register, for an agency or its tree.")
            .WithDescription(Description)
            .Produces<Trends>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
