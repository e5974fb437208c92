using CaseTracker.Api.Features.Cases;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Dashboard;

public sealed record HandlerLoad(string? UserId, string? Name, int Open, int Overdue);

public sealed record OverdueCase(Guid Id, string CaseNumber, DateOnly DueOn, int WorkingDaysOverdue, string? AssignedTo);

public sealed record YearFigures(int Received, int Closed, int ClosedOnTime, int ClosedExtended, int ClosedLate, decimal? MedianWorkingDays, int Extensions);

/// <summary>api.md "Dashboard": each figure with the case-list query (links) that reproduces it.</summary>
public sealed record DashboardView(
    int Open, int AwaitingConfirmation, int DueWithin3, int DueToday, int Overdue, IReadOnlyList<OverdueCase> WorstOverdue,
    IReadOnlyDictionary<string, int> ByStatus, IReadOnlyList<HandlerLoad> ByHandler, YearFigures Year, IReadOnlyDictionary<string, string> Links);

public sealed record GetDashboardQuery(string? Agency, bool Subtree) : IQuery<DashboardView>, IValidatable
{
    public void Validate(Validator v) => v.Code("agency", Agency, required: false);
}

internal sealed class GetDashboardHandler(DbSession session, AgencyAccess access, CurrentUser user, RegisterClock clock, ICaseRepository cases)
    : IQueryHandler<GetDashboardQuery, DashboardView>
{
    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string CaseNumber { get; init; } = "";
        public string Status { get; init; } = "";
        public DateOnly? ReceivedOn { get; init; }
        public DateOnly? DueOn { get; init; }
        public DateOnly? ClosedOn { get; init; }
        public bool Extended { get; init; }
        public bool ClosedLate { get; init; }
        public string? AssignedUserId { get; init; }
        public string? AssignedUserName { get; init; }
    }

    public async ValueTask<DashboardView> Handle(GetDashboardQuery query, CancellationToken cancellationToken)
    {
        var agency = query.Agency ?? user.AgencyCode;
        var agencies = await access.Scope(agency, query.Subtree, cancellationToken);
        var today = clock.Today;
        var calendar = clock.Calendar;
        var yearStart = new DateOnly(today.Year, 1, 1);
        var rows = agencies.Count == 0 ? [] : await session.Query<Row>($"""
            SELECT id, case_number, status, received_on, due_on, closed_on, extended, closed_late, assigned_user_id, assigned_user_name FROM cases
            WHERE {session.Dialect.InList("agency_code", "agencies")} AND (status <> 'Closed' OR closed_on >= @yearStart OR received_on >= @yearStart)
            """, new { agencies = agencies.ToArray(), yearStart }, cancellationToken);

        var open = rows.Where(r => r.Status != nameof(CaseStatus.Closed)).ToList();
        var within3 = calendar.AddWorkingDays(today, 3);
        var overdue = open.Where(r => r.DueOn < today).OrderBy(r => r.DueOn).ThenBy(r => r.CaseNumber).ToList();
        var closedThisYear = rows.Where(r => r.ClosedOn >= yearStart && r.ReceivedOn is not null).ToList();

        // Working days to answer, paused days excluded: the clock's own count from the base date to the close.
        var durations = new List<int>();
        foreach (var closed in closedThisYear)
        {
            var @case = await cases.Find(new CaseId(Guid.Parse(closed.Id)), cancellationToken);
            var reading = @case!.Clock(calendar, clock.Settings);
            if (reading.BaseDate is not { } baseDate || reading.ClosedOn is not { } closedOn) continue;
            durations.Add(StatutoryClock.CountedWorkingDays(calendar, baseDate, closedOn,
                reading.Pauses.Select(p => new PausedSpan(p.After, p.Until)).ToArray()));
        }

        durations.Sort();
        decimal? median = durations.Count == 0 ? null
            : durations.Count % 2 == 1 ? durations[durations.Count / 2] : (durations[durations.Count / 2 - 1] + durations[durations.Count / 2]) / 2m;

        var scope = $"agency={Uri.EscapeDataString(agency)}&subtree={(query.Subtree ? "true" : "false")}";
        var year = $"{yearStart:yyyy-MM-dd}";
        var links = new Dictionary<string, string>
        {
            ["open"] = $"/api/cases?{scope}&open=true",
            ["awaitingConfirmation"] = $"/api/cases?{scope}&status=AwaitingConfirmation",
            ["dueWithin3"] = $"/api/cases?{scope}&dueWithin=3&overdue=false",
            ["dueToday"] = $"/api/cases?{scope}&dueWithin=0&overdue=false",
            ["overdue"] = $"/api/cases?{scope}&overdue=true",
            ["year.received"] = $"/api/cases?{scope}&receivedFrom={year}",
            ["year.closed"] = $"/api/cases?{scope}&closedFrom={year}",
            ["year.closedOnTime"] = $"/api/cases?{scope}&closedFrom={year}&closedLate=false",
            ["year.closedExtended"] = $"/api/cases?{scope}&closedFrom={year}&extended=true",
            ["year.closedLate"] = $"/api/cases?{scope}&closedFrom={year}&closedLate=true",
            ["year.extensions"] = $"/api/cases?{scope}&receivedFrom={year}&extended=true",
        };
        foreach (var status in Enum.GetNames<CaseStatus>().Where(s => s != nameof(CaseStatus.Closed)))
            links[$"byStatus.{status}"] = $"/api/cases?{scope}&status={status}";

        return new DashboardView(
            Open: open.Count,
            AwaitingConfirmation: open.Count(r => r.Status == nameof(CaseStatus.AwaitingConfirmation)),
            DueWithin3: open.Count(r => r.DueOn >= today && r.DueOn <= within3),
            DueToday: open.Count(r => r.DueOn == today),
            Overdue: overdue.Count,
            WorstOverdue: overdue.Take(10).Select(r => new OverdueCase(Guid.Parse(r.Id), r.CaseNumber, r.DueOn!.Value,
                calendar.WorkingDaysBetween(r.DueOn.Value, today), r.AssignedUserName)).ToList(),
            ByStatus: open.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count()),
            ByHandler: open.GroupBy(r => (r.AssignedUserId, r.AssignedUserName))
                .Select(g => new HandlerLoad(g.Key.AssignedUserId, g.Key.AssignedUserName, g.Count(), g.Count(r => r.DueOn < today)))
                .OrderByDescending(h => h.Overdue).ThenByDescending(h => h.Open).ToList(),
            Year: new YearFigures(
                Received: rows.Count(r => r.ReceivedOn >= yearStart),
                Closed: rows.Count(r => r.ClosedOn >= yearStart),
                ClosedOnTime: rows.Count(r => r.ClosedOn >= yearStart && !r.ClosedLate),
                ClosedExtended: rows.Count(r => r.ClosedOn >= yearStart && r.Extended),
                ClosedLate: rows.Count(r => r.ClosedOn >= yearStart && r.ClosedLate),
                MedianWorkingDays: median,
                Extensions: rows.Count(r => r.ReceivedOn >= yearStart && r.Extended)),
            Links: links);
    }
}

public static class DashboardEndpoints
{
    public static void MapDashboard(this IEndpointRouteBuilder app)
        => app.MapGet("/api/dashboard", async (string? agency, bool? subtree, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new GetDashboardQuery(agency, subtree ?? false), ct)))
            .RequireAuthorization(Policies.Reports)
            .WithTags("Dashboard")
            .WithName("GetDashboard")
            .WithSummary("Open cases by status, due soon, due today, overdue (worst first), workload per handler, the year so far; each figure with the case list that reproduces it.");
}
