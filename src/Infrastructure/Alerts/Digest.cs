using CaseTracker.Domain.Alerts;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Alerts;

/// <summary>
/// The morning digest of one agency (to its webhook as JSON, to its alert address as text): its open alerts by
/// kind and its cases overdue, due today and due within 3 working days.
/// </summary>
public sealed record Digest(string Type, string AgencyCode, DateOnly Day, IReadOnlyDictionary<string, int> OpenAlerts, int Overdue, int DueToday, int DueWithin3);

/// <summary>Reads the figures of an agency's <see cref="Digest"/> on a day, under the calendar in force.</summary>
public sealed class DigestQuery(DbSession session, RegisterClock clock)
{
    private sealed class KindCount
    {
        public string Kind { get; init; } = "";
        public int Count { get; init; }
    }

    public async Task<Digest> Build(string agencyCode, DateOnly day, CancellationToken cancellationToken)
    {
        var byKind = await session.Query<KindCount>(
            "SELECT kind, COUNT(*) AS count FROM alerts WHERE agency_code = @agency AND resolved_at IS NULL GROUP BY kind",
            new { agency = agencyCode }, cancellationToken);
        var p = new { agency = agencyCode, day, within3 = clock.Calendar.AddWorkingDays(day, AlertDigest.DueWithinWorkingDays) };
        return new Digest("digest", agencyCode, day, byKind.ToDictionary(k => k.Kind, k => k.Count),
            await session.ExecuteScalar<int>("SELECT COUNT(*) FROM cases WHERE agency_code = @agency AND status <> 'Closed' AND due_on < @day", p, cancellationToken),
            await session.ExecuteScalar<int>("SELECT COUNT(*) FROM cases WHERE agency_code = @agency AND status <> 'Closed' AND due_on = @day", p, cancellationToken),
            await session.ExecuteScalar<int>(
                "SELECT COUNT(*) FROM cases WHERE agency_code = @agency AND status <> 'Closed' AND due_on >= @day AND due_on <= @within3", p, cancellationToken));
    }
}
