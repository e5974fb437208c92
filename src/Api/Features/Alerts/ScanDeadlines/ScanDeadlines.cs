using System.Text.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Notifications;
using CaseTracker.Infrastructure.Persistence;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.Alerts;

public sealed record ScanResult(DateOnly Today, int Raised, int Resolved, int StillOpen, int CasesClosedAsLapsed);

/// <summary>
/// The deadline scan (every 15 minutes and at start-up): works out from the register which alerts should
/// exist today, raises the missing ones (once per case, kind and due date), and resolves those whose
/// condition is gone (due date moved, case closed). Safe to run twice: the database is the source of truth.
/// </summary>
public sealed record ScanDeadlinesCommand : ICommand<ScanResult>, IRetryOnConflict;

internal sealed class ScanDeadlinesHandler(
    DbSession session, ICaseRepository cases, RegisterClock clock, AlertOptions options, IBackgroundJobClient jobs, IEnumerable<ISqlObserver> observers,
    SmtpMailer mailer)
    : ICommandHandler<ScanDeadlinesCommand, ScanResult>
{
    private sealed record Desired(AlertKind Kind, Guid? CaseId, string AgencyCode, DateOnly? DueOn, string[] Recipients, string? Details)
    {
        public string Key => $"{Kind}|{CaseId?.ToString() ?? AgencyCode}|{DueOn:yyyy-MM-dd}";
    }

    private sealed class OpenCase
    {
        public string Id { get; init; } = "";
        public string AgencyCode { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Regime { get; init; }
        public DateOnly SubmittedOn { get; init; }
        public DateOnly? ReceivedOn { get; init; }
        public DateOnly? DueOn { get; init; }
        public string? AssignedUserId { get; init; }
    }

    private static readonly string[] AlertColumns = ["id", "kind", "case_id", "agency_code", "due_on", "dedupe_key", "recipients", "details", "raised_at"];

    private sealed class EventRow
    {
        public string CaseId { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Payload { get; init; } = "";
        public string AgencyCode { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Regime { get; init; }
        public string? AssignedUserId { get; init; }
    }

    private sealed class SettingRow
    {
        public string AgencyCode { get; init; } = "";
        public bool CloseLapsedCases { get; init; }
    }

    private sealed class ReminderRow
    {
        public string AgencyCode { get; init; } = "";
        public int Year { get; init; }
        public string Kind { get; init; } = "";
        public DateOnly DueOn { get; init; }
    }

    private sealed class ExistingAlert
    {
        public string Id { get; init; } = "";
        public string DedupeKey { get; init; } = "";
        public DateTimeOffset? ResolvedAt { get; init; }
    }

    /// <summary>The alerts of these agencies raised by this scan: their ids start with the scan's own prefix.</summary>
    private async Task<IReadOnlyList<string>> RaisedBy(string scan, IReadOnlyList<string> agencies, CancellationToken cancellationToken)
        => agencies.Count == 0 ? [] : await session.Query<string>(
            $"SELECT a.id FROM alerts a WHERE {session.Dialect.InList("a.agency_code", "agencies")} AND a.resolved_at IS NULL AND a.id LIKE @raised",
            new { agencies = agencies.ToArray(), raised = scan + "%" }, cancellationToken);

    private sealed record Lapsed(EventRow Case, AlertKind Kind, DateOnly Due, string Outcome, string? Details);

    private static string[] Recipients(string agency, string? handler)
        => handler is null ? [$"supervisors:{agency}"] : [$"user:{handler}", $"supervisors:{agency}"];

    public async ValueTask<ScanResult> Handle(ScanDeadlinesCommand command, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var calendar = clock.Calendar;
        var now = clock.Now;
        // Every alert this scan raises gets an id that starts with this (a version-7 Guid's time and random bits),
        // then 8001-, 8002- or 8003- by statement, then its row number: the scan can find what it raised.
        var scan = SqlDialect.NewIdPrefix()[..19];
        if (session.Dialect.BulkStatementsSetting is { } setting) await session.Execute(setting, null, cancellationToken);

        // The 补正 window (7 working days from receipt) closes within the warning days only for receipts in a narrow band.
        var todayOrdinal = calendar.OrdinalOnOrBefore(today);
        var watchFrom = calendar.DateOfOrdinal(todayOrdinal - clock.Settings.SupplementNoticeWindowWorkingDays - 1);
        var watchTo = calendar.DateOfOrdinal(todayOrdinal + options.SupplementWindowWarningWorkingDays - clock.Settings.SupplementNoticeWindowWorkingDays + 1);

        // The cases waiting on someone (read and worked out here, a case at a time) are read on a second connection
        // while this one raises the due-date and 补正-window alerts set-based: the two overlap instead of queueing.
        // Nothing of the scan's own writes is needed there; on SQLite no other writer can commit meanwhile (the
        // write gate is held), so both see the same register.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var reader = new DbSession(session.Dialect, observers);
        var waiting = ReadWaitingCases(reader, today, stop.Token);
        int dueRaised, dueResolved, windowRaised, windowResolved;
        try
        {
            (dueRaised, dueResolved) = await ScanDueDates(today, now, $"{scan}8001-", cancellationToken);
            (windowRaised, windowResolved) = await ScanSupplementWindows(today, watchFrom, watchTo, now, $"{scan}8002-", cancellationToken);
        }
        catch
        {
            await stop.CancelAsync();
            try
            {
                await waiting;
            }
            catch (Exception)
            {
                // Stopped or failed as well: the first failure is the one to report.
            }

            throw;
        }

        var (desired, lapsedCases) = await waiting;
        void Want(Desired d) => desired.TryAdd(d.Key, d);
        var closed = new List<string>();
        var settings = (await session.Query<SettingRow>(
            "SELECT agency_code, close_lapsed_cases FROM agency_settings", null, cancellationToken)).ToDictionary(s => s.AgencyCode, s => s.CloseLapsedCases);
        foreach (var (c, kind, due, outcome, details) in lapsedCases)
        {
            if (!settings.GetValueOrDefault(c.AgencyCode))
            {
                Want(new(kind, Guid.Parse(c.CaseId), c.AgencyCode, due, Recipients(c.AgencyCode, c.AssignedUserId), details));
                continue;
            }

            var @case = (await cases.Find(new CaseId(Guid.Parse(c.CaseId)), cancellationToken))!;
            var before = @case.Clock(calendar, clock.Settings).DueOn;
            @case.CloseAsAbandoned(today, outcome, clock.Context());
            await cases.Save(@case, before, @case.Clock(calendar, clock.Settings), Actor.System, now, cancellationToken);
            closed.Add(c.CaseId);
        }

        // The due-date and 补正-window alerts were worked out above, before these cases closed: resolve theirs now.
        var resolved = 0;
        foreach (var chunk in closed.Chunk(1000))
            resolved += await session.Execute($"""
                UPDATE alerts SET resolved_at = @now
                WHERE {session.Dialect.InList("case_id", "closed")} AND resolved_at IS NULL
                  AND kind IN ('Overdue', 'DueToday', 'DueSoon', 'SupplementNoticeWindow')
                """, new { now, closed = chunk }, cancellationToken);

        // Law.md §2: from 1 November, next year's holiday notice.
        var roots = await session.Query<string>("SELECT code FROM agencies WHERE parent_code IS NULL", null, cancellationToken);
        if (today >= new DateOnly(today.Year, 11, 1) && calendar.IsProvisional(today.Year + 1))
            foreach (var root in roots)
                Want(new(AlertKind.CalendarMissing, null, root, new DateOnly(today.Year, 12, 31), [$"supervisors:{root}"],
                    $"The State Council holiday notice for {today.Year + 1} is not loaded; dates counted into {today.Year + 1} are provisional."));

        // Reports not yet published as 31 January / 31 March approach (recorded by the annual-report watch).
        var reminders = await session.Query<ReminderRow>("""
            SELECT r.agency_code, r.year, r.kind, r.due_on FROM report_reminders r
            WHERE NOT EXISTS (SELECT 1 FROM report_snapshots s WHERE s.agency_code = r.agency_code AND s.year = r.year
                              AND s.published_at IS NOT NULL AND s.subtree = CASE WHEN r.kind = 'RollUp' THEN @yes ELSE @no END)
            """, new { yes = true, no = false }, cancellationToken);
        foreach (var r in reminders)
            Want(new(AlertKind.AnnualReportDue, null, r.AgencyCode, r.DueOn, [$"supervisors:{r.AgencyCode}"],
                $"The {r.Year} {(r.Kind == "RollUp" ? "roll-up of the subordinate agencies" : "annual report")} is due by {r.DueOn:yyyy-MM-dd} and not published."));

        var existing = await session.Query<ExistingAlert>(
            "SELECT id, dedupe_key, resolved_at FROM alerts WHERE kind NOT IN ('Overdue', 'DueToday', 'DueSoon', 'SupplementNoticeWindow')", null, cancellationToken);
        var known = existing.ToDictionary(e => e.DedupeKey);
        foreach (var chunk in existing.Where(e => e.ResolvedAt is null && !desired.ContainsKey(e.DedupeKey)).Select(e => e.Id).Chunk(1000))
            resolved += await session.Execute($"UPDATE alerts SET resolved_at = @now WHERE {session.Dialect.InList("id", "ids")} AND resolved_at IS NULL",
                new { now, ids = chunk }, cancellationToken);

        // Many rows a statement (a first scan over a large register raises thousands of these at once).
        var idPrefix = $"{scan}8003-";
        var rows = desired.Values.Where(d => !known.ContainsKey(d.Key)).Select((d, i) => new object?[]
        {
            $"{idPrefix}{i + 1:x12}", d.Kind.ToString(), d.CaseId?.ToString(), d.AgencyCode, d.DueOn, d.Key, JsonSerializer.Serialize(d.Recipients), d.Details, now,
        }).ToList();
        await session.InsertRows("alerts", AlertColumns, rows, cancellationToken);
        var raised = rows.Count;

        var stillOpen = await session.ExecuteScalar<int>("SELECT COUNT(*) FROM alerts WHERE resolved_at IS NULL", null, cancellationToken);

        // Every alert raised by this scan goes to its agency's webhook and alert address, once the scan has committed
        // (looked up through the agencies that have one, so a register without them reads no alert here).
        var targets = await DeliveryTargets.Read(session, mailer, cancellationToken);
        var toHook = await RaisedBy(scan, targets.Webhook, cancellationToken);
        var toMail = await RaisedBy(scan, targets.Email, cancellationToken);
        if (toHook.Count + toMail.Count > 0)
            session.OnCommit(() =>
            {
                foreach (var id in toHook) jobs.Enqueue<WebhookJobs>(j => j.Deliver(Guid.Parse(id), CancellationToken.None));
                foreach (var id in toMail) jobs.Enqueue<EmailJobs>(j => j.Send(Guid.Parse(id), CancellationToken.None));
            });
        return new ScanResult(today, raised + dueRaised + windowRaised, resolved + dueResolved + windowResolved, stillOpen, closed.Count);
    }

    /// <summary>
    /// Receipts not confirmed in time, consultations without a reply, supplements and fees past their deadline:
    /// the alerts these cases should have, and the cases whose supplement or fee deadline passed.
    /// </summary>
    private async Task<(Dictionary<string, Desired> Desired, List<Lapsed> Lapsed)> ReadWaitingCases(DbSession reader, DateOnly today, CancellationToken cancellationToken)
    {
        await Task.Yield(); // the caller goes on to the set-based statements at once
        var calendar = clock.Calendar;
        var desired = new Dictionary<string, Desired>();
        void Want(Desired d) => desired.TryAdd(d.Key, d);

        // Streamed, so memory follows the alerts raised, not the cases read.
        await foreach (var c in reader.Stream<OpenCase>(
            "SELECT id, agency_code, status, submitted_on, assigned_user_id FROM cases WHERE status = 'AwaitingConfirmation'", null, cancellationToken))
        {
            if (CaseAlerts.ReceiptUnconfirmed(Guid.Parse(c.Id), c.SubmittedOn, today, calendar) is { } alert)
                Want(new(alert.Kind, alert.CaseId, c.AgencyCode, alert.DueOn, Recipients(c.AgencyCode, c.AssignedUserId), alert.Details));
        }

        // Consultations, supplements and fees waiting on someone else: their events only, one streamed query, a case at a time.
        var lapsedCases = new List<Lapsed>();
        var group = new List<EventRow>();
        async IAsyncEnumerable<List<EventRow>> Groups()
        {
            await foreach (var row in reader.Stream<EventRow>("""
                SELECT h.case_id, h.kind, h.payload, c.agency_code, c.status, c.regime, c.assigned_user_id FROM case_history h JOIN cases c ON c.id = h.case_id
                WHERE c.status IN ('AwaitingSupplement', 'Consulting', 'AwaitingFee')
                  AND h.kind IN ('SupplementRequested', 'ConsultationSent', 'ConsultationReplied', 'FeeNoticeIssued')
                ORDER BY h.case_id, h.seq
                """, null, cancellationToken))
            {
                if (group.Count > 0 && group[0].CaseId != row.CaseId)
                {
                    yield return group;
                    group = [];
                }

                group.Add(row);
            }

            if (group.Count > 0) yield return group;
        }

        await foreach (var rows in Groups())
        {
            var c = rows[0];
            var to = Recipients(c.AgencyCode, c.AssignedUserId);
            var events = rows.Select(r => CaseEventSerializer.Deserialize(r.Kind, r.Payload)).ToList();
            var caseId = Guid.Parse(c.CaseId);
            foreach (var alert in CaseAlerts.ConsultationsOverdue(caseId, c.Regime is null ? Regime.Regime2019 : Enum.Parse<Regime>(c.Regime), events, today, calendar, clock.Settings))
                Want(new(alert.Kind, caseId, c.AgencyCode, alert.DueOn, to, alert.Details));
            if (CaseAlerts.Lapsed(caseId, Enum.Parse<CaseStatus>(c.Status), events, today, calendar, clock.Settings) is { } lapsed)
                lapsedCases.Add(new(c, lapsed.Alert.Kind, lapsed.Alert.DueOn, lapsed.Outcome, lapsed.Alert.Details));
        }

        return (desired, lapsedCases);
    }

    /// <summary>
    /// Art. 30: warn while the 7-working-day 补正 window of a Regime 2019 request is about to close and no notice
    /// went out. The window end depends only on the receipt date, so the few receipt dates of the narrow band
    /// and their window ends go into one set-based statement.
    /// </summary>
    private async Task<(int Raised, int Resolved)> ScanSupplementWindows(
        DateOnly today, DateOnly from, DateOnly to, DateTimeOffset now, string idPrefix, CancellationToken cancellationToken)
    {
        var calendar = clock.Calendar;
        var resolved = await session.Execute(DeadlineScanSql.ResolveSupplementWindowAlerts, new { now, today }, cancellationToken);
        var parameters = new Dapper.DynamicParameters(new { now, details = "The 补正 notice window (7 working days, Art. 30) closes.", idPrefix });
        var receiptDates = 0;
        for (var received = from; received <= to; received = received.AddDays(1))
        {
            // Counted from the counted receipt date: a rest-day receipt counts from the next working day (law.md §3).
            var window = calendar.AddWorkingDays(StatutoryClock.CountedReceiptDate(received, calendar, clock.Settings), clock.Settings.SupplementNoticeWindowWorkingDays);
            if (today > window || calendar.WorkingDaysBetween(today, window) > options.SupplementWindowWarningWorkingDays) continue;
            parameters.Add($"received{receiptDates}", received);
            parameters.Add($"window{receiptDates}", window);
            receiptDates++;
        }

        var raised = receiptDates == 0 ? 0
            : await session.Execute(DeadlineScanSql.RaiseSupplementWindowAlerts(session.Dialect, receiptDates), parameters, cancellationToken);
        return (raised, resolved);
    }

    /// <summary>
    /// Overdue, due today, due soon: read from the cases' projected due dates and resolved, then raised, in the
    /// database, set-based, one statement each (the register may hold a million open cases; none is loaded here).
    /// DueSoon is raised once per threshold band (5, 3, 1 by default): "5 working days left" until 3 are left,
    /// then "3 …", then "1 …".
    /// </summary>
    private async Task<(int Raised, int Resolved)> ScanDueDates(DateOnly today, DateTimeOffset now, string idPrefix, CancellationToken cancellationToken)
    {
        var thresholds = options.DueSoonWorkingDays.Where(t => t > 0).Distinct().Order().ToArray();
        var parameters = new Dapper.DynamicParameters(new { today, now, idPrefix });
        var last = today;
        for (var i = 0; i < thresholds.Length; i++)
        {
            last = clock.Calendar.AddWorkingDays(today, thresholds[i]);
            parameters.Add($"to{i}", last);
            parameters.Add($"band{i}", $"|{thresholds[i]}");
            parameters.Add($"details{i}", $"{thresholds[i]} working days or fewer left.");
        }

        parameters.Add("last", last);
        var resolved = await session.Execute(DeadlineScanSql.ResolveDueDateAlerts(session.Dialect, thresholds.Length), parameters, cancellationToken);
        var raised = await session.Execute(DeadlineScanSql.RaiseDueDateAlerts(session.Dialect, thresholds.Length), parameters, cancellationToken);
        return (raised, resolved);
    }
}

/// <summary><c>Alerts:DueSoonWorkingDays</c> (5, 3, 1) and the 补正-window warning.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    public int[] DueSoonWorkingDays { get; set; } = [5, 3, 1];
    public int SupplementWindowWarningWorkingDays { get; set; } = 2;

    /// <summary>The same settings as the domain's alert rules read them.</summary>
    public AlertSettings Rules => new() { DueSoonWorkingDays = DueSoonWorkingDays, SupplementWindowWarningWorkingDays = SupplementWindowWarningWorkingDays };
}
