using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Dashboard.GetDashboardCharts;

/// <summary>
/// One month of this year against the same month of last year: cases received (receipt date in the month) and closed (closing
/// date in the month). This year's figures are null for the months after the current one (China date).
/// </summary>
public sealed record MonthFigures(int Month, int? Received, int? Closed, int ReceivedLastYear, int ClosedLastYear);

/// <summary>
/// The cases of one agency (its own, not its subordinates') closed this year: within the time limit without an extension
/// (<see cref="OnTime"/>), within the extended limit (<see cref="Extended"/>), after the limit (<see cref="Late"/>); the three add up
/// to its closed cases.
/// </summary>
public sealed record AgencyTimeliness(string Code, string Name, int OnTime, int Extended, int Late);

/// <summary>Cases closed this year whose outcome counts in one group of table 三 (<see cref="OutcomeGroups"/>).</summary>
public sealed record OutcomeGroupCount(string Group, string Label, int Count);

/// <summary>
/// The 督办 charts' figures besides those of <c>GET /api/dashboard</c>: received and closed per month this year and last year,
/// timeliness per agency and outcomes by group this year. <see cref="Links"/> maps each figure (<c>months.3.received</c>,
/// <c>months.3.closedLastYear</c>, <c>agencies.CX.late</c>, <c>outcomes.withheld</c>, …) to the case list that holds exactly those cases.
/// </summary>
public sealed record DashboardCharts(
    string Agency, bool Subtree, int Year, IReadOnlyList<MonthFigures> Months, IReadOnlyList<AgencyTimeliness> Agencies,
    IReadOnlyList<OutcomeGroupCount> Outcomes, IReadOnlyDictionary<string, string> Links);

/// <summary>
/// The charts of the agency (default: the caller's) or its tree. Refused: an unknown agency (400), one outside the caller's
/// scope (403).
/// </summary>
public sealed record GetDashboardChartsQuery(string? Agency, bool Subtree) : IQuery<DashboardCharts>, IValidatable
{
    public void Validate(Validator v) => v.Code("agency", Agency, required: false);
}

/// <summary>
/// The months as range counts over (agency, receipt date) and (agency, closing date), one per month; the timeliness and outcomes of
/// the cases closed this year as grouped queries over the report's covering index of the closing date; nothing is loaded case by case.
/// </summary>
internal sealed class GetDashboardChartsHandler(DbSession session, AgencyAccess access, CurrentUser user, RegisterClock clock)
    : IQueryHandler<GetDashboardChartsQuery, DashboardCharts>
{
    private sealed class MonthRow
    {
        public int Y { get; init; }
        public int M { get; init; }
        public long Cases { get; init; }
    }

    private sealed class AgencyRow
    {
        public string AgencyCode { get; init; } = "";
        public long OnTime { get; init; }
        public long Extended { get; init; }
        public long Late { get; init; }
    }

    private sealed class OutcomeRow
    {
        public string? Regime { get; init; }
        public string? Outcome { get; init; }
        public long Cases { get; init; }
    }

    public async ValueTask<DashboardCharts> Handle(GetDashboardChartsQuery query, CancellationToken cancellationToken)
    {
        var agency = query.Agency ?? user.AgencyCode;
        var agencies = (await access.Scope(agency, query.Subtree, cancellationToken)).ToArray();
        var today = clock.Today;
        var yearStart = new DateOnly(today.Year, 1, 1);
        var lastYearStart = yearStart.AddYears(-1);
        var d = session.Dialect;
        var inScope = d.InList("agency_code", "agencies");
        var p = new { agencies, yearStart, lastYearStart, no = false, yes = true };
        IReadOnlyList<MonthRow> received = [], closed = [];
        IReadOnlyList<AgencyRow> byAgency = [];
        IReadOnlyList<OutcomeRow> outcomes = [];
        if (agencies.Length > 0)
        {
            // Received and closed per month: one range count per month over (agency_code, received_on) / (agency_code, closed_on),
            // last year's twelve months and this year's up to the current one (the later ones are not shown).
            var periods = Enumerable.Range(0, 12 + today.Month)
                .Select(i => (lastYearStart.AddMonths(i), lastYearStart.AddMonths(i + 1))).ToList();
            MonthRow[] Rows(long[] counts) => [.. periods.Select((m, i) => new MonthRow { Y = m.Item1.Year, M = m.Item1.Month, Cases = counts[i] })];
            received = Rows(await PeriodCounts.Count(session, "received_on", agencies, periods, cancellationToken));
            closed = Rows(await PeriodCounts.Count(session, "closed_on", agencies, periods, cancellationToken));
            byAgency = await session.Query<AgencyRow>($"""
                SELECT agency_code,
                       COALESCE(SUM(CASE WHEN extended = @no AND closed_late = @no THEN 1 ELSE 0 END), 0) AS on_time,
                       COALESCE(SUM(CASE WHEN extended = @yes AND closed_late = @no THEN 1 ELSE 0 END), 0) AS extended,
                       COALESCE(SUM(CASE WHEN closed_late = @yes THEN 1 ELSE 0 END), 0) AS late
                FROM cases WHERE {inScope} AND closed_on >= @yearStart
                GROUP BY agency_code
                """, p, cancellationToken);
            outcomes = await session.Query<OutcomeRow>($"""
                SELECT regime, outcome, COUNT(*) AS cases FROM cases WHERE {inScope} AND closed_on >= @yearStart GROUP BY regime, outcome
                """, p, cancellationToken);
        }

        int Count(IReadOnlyList<MonthRow> rows, int year, int month) => (int)rows.Where(r => r.Y == year && r.M == month).Sum(r => r.Cases);
        var months = Enumerable.Range(1, 12).Select(m => new MonthFigures(m,
            m <= today.Month ? Count(received, today.Year, m) : null, m <= today.Month ? Count(closed, today.Year, m) : null,
            Count(received, today.Year - 1, m), Count(closed, today.Year - 1, m))).ToList();

        var names = (await access.All(cancellationToken)).ToDictionary(a => a.Code, a => a.Name, StringComparer.Ordinal);
        var timeliness = byAgency.OrderBy(r => r.AgencyCode, StringComparer.Ordinal)
            .Select(r => new AgencyTimeliness(r.AgencyCode, names.GetValueOrDefault(r.AgencyCode, r.AgencyCode), (int)r.OnTime, (int)r.Extended, (int)r.Late))
            .ToList();

        var byGroup = outcomes.GroupBy(r => OutcomeGroups.Of(Enum.TryParse<Regime>(r.Regime, out var regime) ? regime : null, r.Outcome))
            .ToDictionary(g => g.Key, g => (int)g.Sum(r => r.Cases), StringComparer.Ordinal);
        var groups = OutcomeGroups.Keys.Select(g => new OutcomeGroupCount(g, OutcomeGroups.Label(g), byGroup.GetValueOrDefault(g))).ToList();

        var scope = $"agency={Uri.EscapeDataString(agency)}&subtree={(query.Subtree ? "true" : "false")}";
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in months)
        {
            foreach (var (year, suffix) in new[] { (today.Year, ""), (today.Year - 1, "LastYear") })
            {
                if (year == today.Year && m.Month > today.Month) continue;
                var first = new DateOnly(year, m.Month, 1);
                var range = $"{first:yyyy-MM-dd}&{{0}}To={first.AddMonths(1).AddDays(-1):yyyy-MM-dd}";
                links[$"months.{m.Month}.received{suffix}"] = $"/api/cases?{scope}&receivedFrom={string.Format(System.Globalization.CultureInfo.InvariantCulture, range, "received")}";
                links[$"months.{m.Month}.closed{suffix}"] = $"/api/cases?{scope}&closedFrom={string.Format(System.Globalization.CultureInfo.InvariantCulture, range, "closed")}";
            }
        }

        var from = $"closedFrom={yearStart:yyyy-MM-dd}";
        foreach (var a in timeliness)
        {
            var one = $"agency={Uri.EscapeDataString(a.Code)}&subtree=false&{from}";
            links[$"agencies.{a.Code}.onTime"] = $"/api/cases?{one}&extended=false&closedLate=false";
            links[$"agencies.{a.Code}.extended"] = $"/api/cases?{one}&extended=true&closedLate=false";
            links[$"agencies.{a.Code}.late"] = $"/api/cases?{one}&closedLate=true";
        }

        foreach (var g in groups) links[$"outcomes.{g.Group}"] = $"/api/cases?{scope}&{from}&outcomeGroup={g.Group}";

        return new DashboardCharts(agency, query.Subtree, today.Year, months, timeliness, groups, links);
    }
}

public static class GetDashboardChartsEndpoint
{
    public static void Map(RouteGroupBuilder dashboard)
        => dashboard.MapGet("/charts", async (string? agency, bool? subtree, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new GetDashboardChartsQuery(agency, subtree ?? false), ct)))
            .RequireAuthorization(Policies.Reports)
            .WithName("GetDashboardCharts")
            .WithSummary("The 督办 charts: received and closed per month this year and last year, on-time / extended / late per agency and outcomes by table 三 group this year; each figure with the case list that reproduces it.");
}
