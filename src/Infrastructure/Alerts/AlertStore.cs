using System.Text.Json;
using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Alerts;

/// <summary>
/// An alert to raise, as the store writes it: its <see cref="Key"/> (the <c>dedupe_key</c>, from <see cref="AlertKey"/>),
/// and the recipients stored with it (a case's alert is addressed again when read, from the case's handler then).
/// </summary>
public sealed record AlertToRaise(string Key, AlertKind Kind, Guid? CaseId, string AgencyCode, DateOnly? DueOn, IReadOnlyList<string> Recipients, string? Details)
{
    /// <summary>A case's alert for a case of <paramref name="agencyCode"/> handled by <paramref name="handler"/> (none: supervisors only).</summary>
    public static AlertToRaise OfCase(CaseAlert alert, string agencyCode, string? handler)
        => new(alert.Key, alert.Kind, alert.CaseId, agencyCode, alert.DueOn, CaseAlert.Recipients(agencyCode, handler), alert.Details);

    /// <summary>An agency's alert (calendar, annual report), to its supervisors.</summary>
    public static AlertToRaise OfAgency(AgencyAlert alert)
        => new(alert.Key, alert.Kind, null, alert.AgencyCode, alert.DueOn, alert.Recipients, alert.Details);
}

/// <summary>A case awaiting confirmation of receipt (Art. 31), as the scan reads it.</summary>
public sealed class UnconfirmedCase
{
    public string Id { get; init; } = "";
    public string AgencyCode { get; init; } = "";
    public string Status { get; init; } = "";
    public DateOnly SubmittedOn { get; init; }
    public string? AssignedUserId { get; init; }
}

/// <summary>A case waiting on someone else (supplement, consultation, fee) with the events the alert rules read of it.</summary>
public sealed record WaitingCase(Guid CaseId, string AgencyCode, CaseStatus Status, Regime? Regime, string? AssignedUserId, IReadOnlyList<CaseEvent> Events);

/// <summary>An annual report recorded as due (by the annual-report watch) and not yet published.</summary>
public sealed class UnpublishedReport
{
    public string AgencyCode { get; init; } = "";
    public int Year { get; init; }
    public string Kind { get; init; } = "";
    public DateOnly DueOn { get; init; }
}

/// <summary>
/// Every statement that raises, resolves or acknowledges alerts: the deadline scan's set-based ones
/// (<see cref="DeadlineScanSql"/>) and its reads, and a case's alerts as a command leaves them (inside its transaction,
/// with the scan's dedupe key and id scheme, so the next scan finds them already raised or resolved and does nothing twice).
/// </summary>
public sealed class AlertStore(DbSession session)
{
    private static readonly string[] Columns = ["id", "kind", "case_id", "agency_code", "due_on", "dedupe_key", "recipients", "details", "raised_at"];

    /// <summary>The fourth group of the ids the commands' alerts get: the scan's statements use 8001–8003.</summary>
    private const string CommandIdGroup = "8004-";

    /// <summary>The kinds the scan decides in SQL, set-based; the others it works out in C# and reconciles by key.</summary>
    private const string SetBasedKinds = "'Overdue', 'DueToday', 'DueSoon', 'SupplementNoticeWindow'";

    private sealed class Existing
    {
        public string Id { get; init; } = "";
        public string DedupeKey { get; init; } = "";
        public DateTimeOffset? ResolvedAt { get; init; }
    }

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

    /// <summary>
    /// The first 19 characters of every id one scan raises (a version-7 Guid's time and random bits), then 8001-, 8002- or
    /// 8003- by statement, then the row number: the scan can find what it raised.
    /// </summary>
    public static string NewScanPrefix() => SqlDialect.NewIdPrefix()[..19];

    /// <summary>Engine settings for the large set-based statements of a scan (PostgreSQL: no JIT); nothing elsewhere.</summary>
    public async Task PrepareForScan(CancellationToken cancellationToken)
    {
        if (session.Dialect.BulkStatementsSetting is { } setting) await session.Execute(setting, null, cancellationToken);
    }

    /// <summary>
    /// Overdue, due today, due soon: resolved, then raised, from the cases' projected due dates, set-based, one statement each
    /// (the register may hold a million open cases; none is loaded). <paramref name="bands"/> come from <see cref="CaseAlerts.DueSoonBands"/>.
    /// </summary>
    public async Task<(int Raised, int Resolved)> ScanDueDates(DateOnly today, IReadOnlyList<DueSoonBand> bands, DateTimeOffset now, string idPrefix,
        CancellationToken cancellationToken)
    {
        var parameters = new Dapper.DynamicParameters(new { today, now, idPrefix });
        var last = today;
        for (var i = 0; i < bands.Count; i++)
        {
            last = bands[i].UpTo;
            parameters.Add($"to{i}", last);
            parameters.Add($"band{i}", bands[i].Band);
            parameters.Add($"details{i}", bands[i].Details);
        }

        parameters.Add("last", last);
        var resolved = await session.Execute(DeadlineScanSql.ResolveDueDateAlerts(session.Dialect, bands.Count), parameters, cancellationToken);
        var raised = await session.Execute(DeadlineScanSql.RaiseDueDateAlerts(session.Dialect, bands.Count), parameters, cancellationToken);
        return (raised, resolved);
    }

    /// <summary>
    /// Art. 30: the 补正-window alerts, resolved then raised in one statement each; <paramref name="windows"/> (the few receipt
    /// dates whose window closes within the warning days) come from <see cref="CaseAlerts.SupplementWindowsClosingSoon"/>.
    /// </summary>
    public async Task<(int Raised, int Resolved)> ScanSupplementWindows(DateOnly today, IReadOnlyList<SupplementWindow> windows, DateTimeOffset now,
        string idPrefix, CancellationToken cancellationToken)
    {
        var resolved = await session.Execute(DeadlineScanSql.ResolveSupplementWindowAlerts, new { now, today }, cancellationToken);
        var parameters = new Dapper.DynamicParameters(new { now, details = CaseAlerts.SupplementWindowDetails, idPrefix });
        for (var i = 0; i < windows.Count; i++)
        {
            parameters.Add($"received{i}", windows[i].ReceivedOn);
            parameters.Add($"window{i}", windows[i].ClosesOn);
        }

        var raised = windows.Count == 0 ? 0
            : await session.Execute(DeadlineScanSql.RaiseSupplementWindowAlerts(session.Dialect, windows.Count), parameters, cancellationToken);
        return (raised, resolved);
    }

    /// <summary>The cases awaiting confirmation of receipt, streamed (memory follows the alerts raised, not the cases read).</summary>
    public IAsyncEnumerable<UnconfirmedCase> UnconfirmedCases(CancellationToken cancellationToken)
        => session.Stream<UnconfirmedCase>(
            "SELECT id, agency_code, status, submitted_on, assigned_user_id FROM cases WHERE status = 'AwaitingConfirmation'", null, cancellationToken);

    /// <summary>Consultations, supplements and fees waiting on someone else: their events only, one streamed query, a case at a time.</summary>
    public async IAsyncEnumerable<WaitingCase> WaitingCases([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var group = new List<EventRow>();
        await foreach (var row in session.Stream<EventRow>("""
            SELECT h.case_id, h.kind, h.payload, c.agency_code, c.status, c.regime, c.assigned_user_id FROM case_history h JOIN cases c ON c.id = h.case_id
            WHERE c.status IN ('AwaitingSupplement', 'Consulting', 'AwaitingFee')
              AND h.kind IN ('SupplementRequested', 'ConsultationSent', 'ConsultationReplied', 'FeeNoticeIssued') AND h.voided_by_seq IS NULL
            ORDER BY h.case_id, h.seq
            """, null, cancellationToken))
        {
            if (group.Count > 0 && group[0].CaseId != row.CaseId)
            {
                yield return Waiting(group);
                group = [];
            }

            group.Add(row);
        }

        if (group.Count > 0) yield return Waiting(group);

        static WaitingCase Waiting(List<EventRow> rows)
        {
            var c = rows[0];
            return new(Guid.Parse(c.CaseId), c.AgencyCode, Enum.Parse<CaseStatus>(c.Status), c.Regime is null ? null : Enum.Parse<Regime>(c.Regime),
                c.AssignedUserId, rows.Select(r => CaseEventSerializer.Deserialize(r.Kind, r.Payload)).ToList());
        }
    }

    /// <summary>Resolves the due-date and 补正-window alerts of cases the scan has just closed (worked out before they closed).</summary>
    public async Task<int> ResolveSetBasedAlertsOf(IReadOnlyList<string> closedCaseIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var resolved = 0;
        foreach (var chunk in closedCaseIds.Chunk(1000))
            resolved += await session.Execute($"""
                UPDATE alerts SET resolved_at = @now
                WHERE {session.Dialect.InList("case_id", "closed")} AND resolved_at IS NULL
                  AND kind IN ({SetBasedKinds})
                """, new { now, closed = chunk }, cancellationToken);
        return resolved;
    }

    /// <summary>The root agencies (no parent): those the calendar alert goes to.</summary>
    public Task<IReadOnlyList<string>> RootAgencies(CancellationToken cancellationToken)
        => session.Query<string>("SELECT code FROM agencies WHERE parent_code IS NULL", null, cancellationToken);

    /// <summary>The reports recorded as due by the annual-report watch and still not published (own report, or roll-up with the subordinates).</summary>
    public Task<IReadOnlyList<UnpublishedReport>> UnpublishedReports(CancellationToken cancellationToken)
        => session.Query<UnpublishedReport>($"""
            SELECT r.agency_code, r.year, r.kind, r.due_on FROM report_reminders r
            WHERE NOT EXISTS (SELECT 1 FROM report_snapshots s WHERE s.agency_code = r.agency_code AND s.year = r.year
                              AND s.published_at IS NOT NULL AND s.subtree = CASE WHEN r.kind = '{AgencyAlerts.RollUp}' THEN @yes ELSE @no END)
            """, new { yes = true, no = false }, cancellationToken);

    /// <summary>
    /// The alerts worked out in C# (every kind but the set-based ones): resolves the open ones not in <paramref name="desired"/>
    /// and raises those never raised (a resolved one is not raised again), many rows a statement (a first scan over a large
    /// register raises thousands at once).
    /// </summary>
    public async Task<(int Raised, int Resolved)> Reconcile(IReadOnlyDictionary<string, AlertToRaise> desired, string idPrefix, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var resolved = 0;
        var existing = await session.Query<Existing>(
            $"SELECT id, dedupe_key, resolved_at FROM alerts WHERE kind NOT IN ({SetBasedKinds})", null, cancellationToken);
        var known = existing.ToDictionary(e => e.DedupeKey);
        foreach (var chunk in existing.Where(e => e.ResolvedAt is null && !desired.ContainsKey(e.DedupeKey)).Select(e => e.Id).Chunk(1000))
            resolved += await session.Execute($"UPDATE alerts SET resolved_at = @now WHERE {session.Dialect.InList("id", "ids")} AND resolved_at IS NULL",
                new { now, ids = chunk }, cancellationToken);

        var rows = desired.Values.Where(d => !known.ContainsKey(d.Key)).Select((d, i) => new object?[]
        {
            $"{idPrefix}{i + 1:x12}", d.Kind.ToString(), d.CaseId?.ToString(), d.AgencyCode, d.DueOn, d.Key, JsonSerializer.Serialize(d.Recipients), d.Details, now,
        }).ToList();
        await session.InsertRows("alerts", Columns, rows, cancellationToken);
        return (rows.Count, resolved);
    }

    public Task<int> CountOpen(CancellationToken cancellationToken)
        => session.ExecuteScalar<int>("SELECT COUNT(*) FROM alerts WHERE resolved_at IS NULL", null, cancellationToken);

    private sealed class Raised
    {
        public string Id { get; init; } = "";
        public string AgencyCode { get; init; } = "";
    }

    /// <summary>The alerts (id, agency) of these agencies raised by the scan of <paramref name="scanPrefix"/>: their ids start with it.</summary>
    public async Task<IReadOnlyList<(string AlertId, string AgencyCode)>> RaisedBy(string scanPrefix, IReadOnlyList<string> agencies,
        CancellationToken cancellationToken)
        => agencies.Count == 0 ? [] : (await session.Query<Raised>(
            $"SELECT a.id, a.agency_code FROM alerts a WHERE {session.Dialect.InList("a.agency_code", "agencies")} AND a.resolved_at IS NULL AND a.id LIKE @raised",
            new { agencies = agencies.ToArray(), raised = scanPrefix + "%" }, cancellationToken)).Select(r => (r.Id, r.AgencyCode)).ToList();

    /// <summary>
    /// Resolves the case's open alerts that are not in <paramref name="desired"/> and raises those of it never raised
    /// for this case (a resolved one is not raised again, unless <paramref name="reopen"/>: after a correction set the case
    /// back, a resolved alert it should have again is open again, unacknowledged, and not delivered a second time).
    /// Returns the ids raised.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> Follow(Guid caseId, string agencyCode, IReadOnlyCollection<CaseAlert> desired, DateTimeOffset now,
        CancellationToken cancellationToken, bool reopen = false)
    {
        var existing = await session.Query<Existing>(
            "SELECT id, dedupe_key, resolved_at FROM alerts WHERE case_id = @caseId", new { caseId = caseId.ToString() }, cancellationToken);
        var wanted = desired.Select(d => d.Key).ToHashSet();
        var stale = existing.Where(e => e.ResolvedAt is null && !wanted.Contains(e.DedupeKey)).Select(e => e.Id).ToArray();
        if (stale.Length > 0)
            await session.Execute($"UPDATE alerts SET resolved_at = @now WHERE {session.Dialect.InList("id", "ids")} AND resolved_at IS NULL",
                new { now, ids = stale }, cancellationToken);
        // A case set back by a correction (a voided delivery reopens it) wants an alert it had: the resolved one comes back open.
        var back = reopen ? existing.Where(e => e.ResolvedAt is not null && wanted.Contains(e.DedupeKey)).Select(e => e.Id).ToArray() : [];
        if (back.Length > 0)
            await session.Execute($"UPDATE alerts SET resolved_at = NULL, acknowledged_at = NULL WHERE {session.Dialect.InList("id", "ids")}",
                new { ids = back }, cancellationToken);
        var known = existing.Select(e => e.DedupeKey).ToHashSet();
        return await Insert(desired.Where(d => !known.Contains(d.Key)).Select(d => (d, agencyCode)).ToList(), now, cancellationToken);
    }

    /// <summary>Raises the alerts of cases that have none yet (just imported), many rows a statement. Returns the ids raised.</summary>
    public Task<IReadOnlyList<Guid>> RaiseForNewCases(IReadOnlyList<(CaseAlert Alert, string AgencyCode)> alerts, DateTimeOffset now,
        CancellationToken cancellationToken)
        => Insert(alerts, now, cancellationToken);

    /// <summary>
    /// A command's alerts skip a key that exists: a deadline scan running at the same moment may have raised the same alert
    /// (same case, kind and due date) and committed first, on a server engine. The command keeps the scan's row, does not
    /// fail, and reports only the ids it raised itself (so nothing is delivered twice).
    /// </summary>
    private async Task<IReadOnlyList<Guid>> Insert(IReadOnlyList<(CaseAlert Alert, string AgencyCode)> alerts, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (alerts.Count == 0) return [];
        var prefix = SqlDialect.NewIdPrefix()[..19] + CommandIdGroup;
        var ids = alerts.Select((_, i) => Guid.Parse($"{prefix}{i + 1:x12}")).ToList();
        // A case's alert is addressed when read (its handler as assigned then, and the supervisors), as the scan's SQL-raised ones.
        var rows = alerts.Select((a, i) => new object?[]
        {
            ids[i].ToString(), a.Alert.Kind.ToString(), a.Alert.CaseId.ToString(), a.AgencyCode, a.Alert.DueOn, a.Alert.Key, "[]", a.Alert.Details, now,
        }).ToList();
        var inserted = await session.InsertRows("alerts", Columns, rows, cancellationToken, skipExisting: "dedupe_key");
        if (inserted == ids.Count) return ids;
        var raised = (await session.Query<string>($"SELECT id FROM alerts WHERE {session.Dialect.InList("id", "ids")}",
            new { ids = ids.Select(i => i.ToString()).ToArray() }, cancellationToken)).Select(Guid.Parse).ToHashSet();
        return ids.Where(raised.Contains).ToList();
    }

    /// <summary>Marks an open alert acknowledged by <paramref name="by"/> (an acknowledged one keeps its first acknowledgement).</summary>
    public Task Acknowledge(Guid id, string by, DateTimeOffset now, CancellationToken cancellationToken)
        => session.Execute("UPDATE alerts SET acknowledged_at = @now, acknowledged_by = @by WHERE id = @id AND acknowledged_at IS NULL",
            new { now, by, id = id.ToString() }, cancellationToken);
}
