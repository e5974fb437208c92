using CaseTracker.Domain.Alerts;

namespace CaseTracker.Infrastructure.Persistence;

/// <summary>
/// A case's alerts as a command leaves them, inside its transaction: with the deadline scan's dedupe key (once per case,
/// kind and due date) and id scheme, so the next scan finds them already raised (or resolved) and does nothing twice.
/// </summary>
public sealed class CaseAlertStore(DbSession session)
{
    private static readonly string[] Columns = ["id", "kind", "case_id", "agency_code", "due_on", "dedupe_key", "recipients", "details", "raised_at"];

    /// <summary>The fourth group of the ids this store gives: the scan's statements use 8001–8003.</summary>
    private const string IdGroup = "8004-";

    private sealed class Existing
    {
        public string Id { get; init; } = "";
        public string DedupeKey { get; init; } = "";
        public DateTimeOffset? ResolvedAt { get; init; }
    }

    /// <summary>
    /// Resolves the case's open alerts that are not in <paramref name="desired"/> and raises those of it never raised
    /// for this case (a resolved one is not raised again). Returns the ids raised.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> Follow(Guid caseId, string agencyCode, IReadOnlyCollection<CaseAlert> desired, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var existing = await session.Query<Existing>(
            "SELECT id, dedupe_key, resolved_at FROM alerts WHERE case_id = @caseId", new { caseId = caseId.ToString() }, cancellationToken);
        var wanted = desired.Select(d => d.Key).ToHashSet();
        var stale = existing.Where(e => e.ResolvedAt is null && !wanted.Contains(e.DedupeKey)).Select(e => e.Id).ToArray();
        if (stale.Length > 0)
            await session.Execute($"UPDATE alerts SET resolved_at = @now WHERE {session.Dialect.InList("id", "ids")} AND resolved_at IS NULL",
                new { now, ids = stale }, cancellationToken);
        var known = existing.Select(e => e.DedupeKey).ToHashSet();
        return await Insert(desired.Where(d => !known.Contains(d.Key)).Select(d => (d, agencyCode)).ToList(), now, cancellationToken);
    }

    /// <summary>Raises the alerts of cases that have none yet (just imported), many rows a statement. Returns the ids raised.</summary>
    public Task<IReadOnlyList<Guid>> RaiseForNewCases(IReadOnlyList<(CaseAlert Alert, string AgencyCode)> alerts, DateTimeOffset now,
        CancellationToken cancellationToken)
        => Insert(alerts, now, cancellationToken);

    private async Task<IReadOnlyList<Guid>> Insert(IReadOnlyList<(CaseAlert Alert, string AgencyCode)> alerts, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (alerts.Count == 0) return [];
        var prefix = SqlDialect.NewIdPrefix()[..19] + IdGroup;
        var ids = alerts.Select((_, i) => Guid.Parse($"{prefix}{i + 1:x12}")).ToList();
        // A case's alert is addressed when read (its handler as assigned then, and the supervisors), as the scan's SQL-raised ones.
        var rows = alerts.Select((a, i) => new object?[]
        {
            ids[i].ToString(), a.Alert.Kind.ToString(), a.Alert.CaseId.ToString(), a.AgencyCode, a.Alert.DueOn, a.Alert.Key, "[]", a.Alert.Details, now,
        }).ToList();
        await session.InsertRows("alerts", Columns, rows, cancellationToken);
        return ids;
    }
}
