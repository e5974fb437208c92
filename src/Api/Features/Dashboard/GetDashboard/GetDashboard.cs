using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Dashboard.GetDashboard;

public sealed record HandlerLoad(string? UserId, string? Name, int Open, int Overdue);

public sealed record OverdueCase(Guid Id, string CaseNumber, DateOnly DueOn, int WorkingDaysOverdue, string? AssignedTo);

/// <summary>
/// The year so far (China dates from 1 January). <paramref name="MedianWorkingDaysByMonth"/>: twelve medians, January first, of the
/// working days to answer of the cases closed in that month (null for a month without one), from the same pass as the year's median.
/// </summary>
public sealed record YearFigures(int Received, int Closed, int ClosedOnTime, int ClosedExtended, int ClosedLate, decimal? MedianWorkingDays, int Extensions,
    IReadOnlyList<decimal?> MedianWorkingDaysByMonth);

/// <summary>api.md "Dashboard": each figure with the case-list query (links) that reproduces it.</summary>
public sealed record DashboardView(
    int Open, int AwaitingConfirmation, int DueWithin3, int DueToday, int Overdue, IReadOnlyList<OverdueCase> WorstOverdue,
    IReadOnlyDictionary<string, int> ByStatus, IReadOnlyList<HandlerLoad> ByHandler, YearFigures Year, IReadOnlyDictionary<string, string> Links);

public sealed record GetDashboardQuery(string? Agency, bool Subtree) : IQuery<DashboardView>, IValidatable
{
    public void Validate(Validator v) => v.Code("agency", Agency, required: false);
}

/// <summary>
/// Counted in the database, each figure over a range of an index (migration 0032): the open cases per (agency, status) and per
/// (agency, status, handler) in index order, overdue / due today / due within 3 working days as ranges of the due date (overdue
/// follows today, so it is never a stored count), the year's receipts and extensions as ranges of the receipt date, the cases
/// closed this year as a range of the closing date; the ten worst overdue cases; the median streamed from the history of the
/// cases closed this year. The register may hold a million open cases, none of which is loaded here.
/// </summary>
internal sealed class GetDashboardHandler(DbSession session, AgencyAccess access, CurrentUser user, RegisterClock clock)
    : IQueryHandler<GetDashboardQuery, DashboardView>
{
    private sealed class StatusRow
    {
        public string AgencyCode { get; init; } = "";
        public string Status { get; init; } = "";
        public long Cases { get; init; }
    }

    private sealed class DueRow
    {
        public long Overdue { get; init; }
        public long DueToday { get; init; }
        public long DueWithin3 { get; init; }
    }

    private sealed class HandlerRow
    {
        public string AgencyCode { get; init; } = "";
        public string Status { get; init; } = "";
        public string? AssignedUserId { get; init; }
        public string? AssignedUserName { get; init; }
        public long Cases { get; init; }
    }

    private sealed class HandlerOverdueRow
    {
        public string? AssignedUserId { get; init; }
        public long Overdue { get; init; }
    }

    private sealed class ClosedYearRow
    {
        public long Closed { get; init; }
        public long ClosedOnTime { get; init; }
        public long ClosedExtended { get; init; }
        public long ClosedLate { get; init; }
    }

    private sealed class ReceivedYearRow
    {
        public long Received { get; init; }
        public long Extensions { get; init; }
    }

    private sealed class OverdueRow
    {
        public string Id { get; init; } = "";
        public string CaseNumber { get; init; } = "";
        public DateOnly DueOn { get; init; }
        public string? AssignedUserName { get; init; }
    }

    public async ValueTask<DashboardView> Handle(GetDashboardQuery query, CancellationToken cancellationToken)
    {
        var agency = query.Agency ?? user.AgencyCode;
        var agencies = (await access.Scope(agency, query.Subtree, cancellationToken)).ToArray();
        var today = clock.Today;
        var calendar = clock.Calendar;
        var yearStart = new DateOnly(today.Year, 1, 1);
        var d = session.Dialect;
        var inScope = d.InList("agency_code", "agencies");
        var p = new
        {
            agencies, open = OpenStatuses, today, within3 = calendar.AddWorkingDays(today, 3), yearStart, no = false, yes = true, offset = 0, limit = 10,
        };
        IReadOnlyList<StatusRow> byStatus = [];
        var due = new DueRow();
        IReadOnlyList<HandlerRow> byHandler = [];
        IReadOnlyList<HandlerOverdueRow> overdueByHandler = [];
        IReadOnlyList<OverdueRow> worst = [];
        var closedYear = new ClosedYearRow();
        var receivedYear = new ReceivedYearRow();
        decimal? median = null;
        IReadOnlyList<decimal?> medianByMonth = new decimal?[12];
        if (agencies.Length > 0)
        {
            // Each figure is a count over a range of an index (migration 0032), read in the index's order: the open cases per
            // (agency, status) and per (agency, status, handler) are counted without evaluating anything row by row, the
            // due-date figures are ranges of due_on, the year's receipts and extensions ranges of received_on. Overdue depends on
            // today, so it is never stored: it is always the range due_on < today.
            // The open cases per (agency, status) are the sums of the per-handler counts below: one pass over the index, not two.
            var openInScope = $"{inScope} AND {d.InList("status", "open")}";
            due = await session.QuerySingleOrDefault<DueRow>($"""
                SELECT (SELECT COUNT(*) FROM cases WHERE {openInScope} AND due_on < @today) AS overdue,
                       (SELECT COUNT(*) FROM cases WHERE {openInScope} AND due_on = @today) AS due_today,
                       (SELECT COUNT(*) FROM cases WHERE {openInScope} AND due_on >= @today AND due_on <= @within3) AS due_within3
                """, p, cancellationToken) ?? due;
            // Every open case of the scope from the index of the open cases alone (migration 0038, whose condition this one repeats
            // word for word, the literal included, so SQLite and SQL Server as well as PostgreSQL can prove the index covers it).
            byHandler = await session.Query<HandlerRow>($"""
                SELECT agency_code, status, assigned_user_id, assigned_user_name, COUNT(*) AS cases FROM cases
                WHERE {inScope} AND status <> 'Closed' GROUP BY agency_code, status, assigned_user_id, assigned_user_name
                """, p, cancellationToken);
            byStatus = byHandler.GroupBy(h => (h.AgencyCode, h.Status))
                .Select(g => new StatusRow { AgencyCode = g.Key.AgencyCode, Status = g.Key.Status, Cases = g.Sum(h => h.Cases) }).ToList();
            overdueByHandler = await session.Query<HandlerOverdueRow>($"""
                SELECT assigned_user_id, COUNT(*) AS overdue FROM cases WHERE {openInScope} AND due_on < @today GROUP BY assigned_user_id
                """, p, cancellationToken);
            worst = await session.Query<OverdueRow>(d.Page($"""
                SELECT id, case_number, due_on, assigned_user_name FROM cases
                WHERE {openInScope} AND due_on < @today ORDER BY due_on, case_number
                """), p, cancellationToken);
            receivedYear = await session.QuerySingleOrDefault<ReceivedYearRow>($"""
                SELECT COUNT(*) AS received, COALESCE(SUM(CASE WHEN extended = @yes THEN 1 ELSE 0 END), 0) AS extensions
                FROM cases WHERE {inScope} AND received_on >= @yearStart
                """, p, cancellationToken) ?? receivedYear;
            closedYear = await session.QuerySingleOrDefault<ClosedYearRow>($"""
                SELECT COUNT(*) AS closed,
                       COALESCE(SUM(CASE WHEN closed_late = @no THEN 1 ELSE 0 END), 0) AS closed_on_time,
                       COALESCE(SUM(CASE WHEN extended = @yes THEN 1 ELSE 0 END), 0) AS closed_extended,
                       COALESCE(SUM(CASE WHEN closed_late = @yes THEN 1 ELSE 0 END), 0) AS closed_late
                FROM cases WHERE {inScope} AND closed_on >= @yearStart
                """, p, cancellationToken) ?? closedYear;
            (median, medianByMonth) = await MedianWorkingDaysToAnswer(p, cancellationToken);
        }

        var open = (int)byStatus.Sum(r => r.Cases);
        var overdueOf = overdueByHandler.ToDictionary(r => HandlerKey(r.AssignedUserId), r => (int)r.Overdue, StringComparer.Ordinal);
        var handlers = byHandler.GroupBy(h => h.AssignedUserId)
            .Select(g => new HandlerLoad(g.Key, g.Select(h => h.AssignedUserName).FirstOrDefault(n => n is not null), (int)g.Sum(h => h.Cases),
                overdueOf.GetValueOrDefault(HandlerKey(g.Key))))
            .OrderByDescending(h => h.Overdue).ThenByDescending(h => h.Open).ToList();
        var scope = $"agency={Uri.EscapeDataString(agency)}&subtree={(query.Subtree ? "true" : "false")}";
        var from = $"{yearStart:yyyy-MM-dd}";
        var links = new Dictionary<string, string>
        {
            ["open"] = $"/api/cases?{scope}&open=true",
            ["awaitingConfirmation"] = $"/api/cases?{scope}&status=AwaitingConfirmation",
            ["dueWithin3"] = $"/api/cases?{scope}&dueWithin=3&overdue=false",
            ["dueToday"] = $"/api/cases?{scope}&dueWithin=0&overdue=false",
            ["overdue"] = $"/api/cases?{scope}&overdue=true",
            ["year.received"] = $"/api/cases?{scope}&receivedFrom={from}",
            ["year.closed"] = $"/api/cases?{scope}&closedFrom={from}",
            ["year.closedOnTime"] = $"/api/cases?{scope}&closedFrom={from}&closedLate=false",
            ["year.closedExtended"] = $"/api/cases?{scope}&closedFrom={from}&extended=true",
            ["year.closedLate"] = $"/api/cases?{scope}&closedFrom={from}&closedLate=true",
            ["year.extensions"] = $"/api/cases?{scope}&receivedFrom={from}&extended=true",
        };
        foreach (var status in Enum.GetNames<CaseStatus>().Where(s => s != nameof(CaseStatus.Closed)))
            links[$"byStatus.{status}"] = $"/api/cases?{scope}&status={status}";
        foreach (var h in handlers)
        {
            var who = Uri.EscapeDataString(HandlerKey(h.UserId));
            links[$"byHandler.{HandlerKey(h.UserId)}.open"] = $"/api/cases?{scope}&assignedTo={who}&open=true";
            links[$"byHandler.{HandlerKey(h.UserId)}.overdue"] = $"/api/cases?{scope}&assignedTo={who}&overdue=true";
        }

        return new DashboardView(
            Open: open,
            AwaitingConfirmation: (int)byStatus.Where(r => r.Status == nameof(CaseStatus.AwaitingConfirmation)).Sum(r => r.Cases),
            DueWithin3: (int)due.DueWithin3,
            DueToday: (int)due.DueToday,
            Overdue: (int)due.Overdue,
            WorstOverdue: worst.Select(r => new OverdueCase(Guid.Parse(r.Id), r.CaseNumber, r.DueOn, calendar.WorkingDaysBetween(r.DueOn, today), r.AssignedUserName))
                .ToList(),
            ByStatus: byStatus.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => (int)g.Sum(r => r.Cases)),
            ByHandler: handlers,
            Year: new YearFigures((int)receivedYear.Received, (int)closedYear.Closed, (int)closedYear.ClosedOnTime, (int)closedYear.ClosedExtended,
                (int)closedYear.ClosedLate, median, (int)receivedYear.Extensions, medianByMonth),
            Links: links);
    }

    /// <summary>Every status of a case not closed: the statuses the open figures count (the index ranges of migration 0032 start at each).</summary>
    private static readonly string[] OpenStatuses = Enum.GetNames<CaseStatus>().Where(s => s != nameof(CaseStatus.Closed)).ToArray();

    /// <summary>The key of a handler in <c>links</c> and in the case list's <c>assignedTo</c>: the user id, or <c>none</c> for cases assigned to nobody.</summary>
    public static string HandlerKey(string? userId) => userId ?? "none";

    /// <summary>
    /// Working days to answer, paused days excluded, of each case closed this year: the clock's own count from the
    /// base date to the close, each case's events streamed in turn; counted in histograms (a few hundred
    /// distinct values; one for the year, one per month of the close), so memory does not follow the number of cases.
    /// </summary>
    private async Task<(decimal? Year, decimal?[] ByMonth)> MedianWorkingDaysToAnswer(object p, CancellationToken cancellationToken)
    {
        var calendar = clock.Calendar;
        var histogram = new SortedDictionary<int, int>();
        var months = Enumerable.Range(0, 12).Select(_ => new SortedDictionary<int, int>()).ToArray();
        // The cases are found by the range of their closing date: the receipt-date test is written so that no engine takes it
        // for a range of (agency, received_on) instead, which on a register of a million cases received this year reads them all.
        await foreach (var (_, events) in session.EventsByCase($"""
            SELECT h.case_id, h.kind, h.payload FROM case_history h JOIN cases c ON c.id = h.case_id
            WHERE {session.Dialect.InList("c.agency_code", "agencies")} AND c.closed_on >= @yearStart
              AND (CASE WHEN c.received_on IS NULL THEN 0 ELSE 1 END) = 1 AND h.voided_by_seq IS NULL
            ORDER BY h.case_id, h.seq
            """, p, cancellationToken))
        {
            var reading = StatutoryClock.Compute(events, calendar, clock.Settings);
            if (reading.BaseDate is not { } baseDate || reading.ClosedOn is not { } closedOn) continue;
            var days = StatutoryClock.CountedWorkingDays(calendar, baseDate, closedOn, reading.Pauses.Select(x => new PausedSpan(x.After, x.Until)).ToArray());
            histogram[days] = histogram.GetValueOrDefault(days) + 1;
            var month = months[closedOn.Month - 1];
            month[days] = month.GetValueOrDefault(days) + 1;
        }

        return (Median(histogram), months.Select(Median).ToArray());
    }

    /// <summary>The median of the counts in a histogram (days → cases), the mean of the middle two for an even count; null when empty.</summary>
    private static decimal? Median(SortedDictionary<int, int> histogram)
    {
        var total = histogram.Values.Sum();
        if (total == 0) return null;
        int At(int index)
        {
            foreach (var (days, count) in histogram)
            {
                if (index < count) return days;
                index -= count;
            }

            throw new InvalidOperationException("The median's index lies outside the histogram.");
        }

        return total % 2 == 1 ? At(total / 2) : (At(total / 2 - 1) + At(total / 2)) / 2m;
    }
}

public static class GetDashboardEndpoint
{
    public static void Map(RouteGroupBuilder dashboard)
        => dashboard.MapGet("", async (string? agency, bool? subtree, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new GetDashboardQuery(agency, subtree ?? false), ct)))
            .RequireAuthorization(Policies.Reports)
            .WithName("GetDashboard")
            .WithSummary("Open cases by status, due soon, due today, overdue (worst first), workload per handler, the year so far; each figure with the case list that reproduces it.");
}
