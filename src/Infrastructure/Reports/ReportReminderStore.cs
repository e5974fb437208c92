using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Reports;

/// <summary>Rows of report_reminders: one per agency, year and publication deadline (kind) approached with the report unpublished.</summary>
public sealed class ReportReminderStore(DbSession session)
{
    /// <summary>Whether this reminder was already recorded.</summary>
    public async Task<bool> IsRecorded(string agencyCode, int year, string kind, CancellationToken cancellationToken)
        => await session.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM report_reminders WHERE agency_code = @agency AND year = @year AND kind = @kind",
            new { agency = agencyCode, year, kind }, cancellationToken) > 0;

    /// <summary>Records the reminder, for the alert mechanism to raise.</summary>
    public async Task Record(string agencyCode, int year, string kind, DateOnly dueOn, DateTimeOffset raisedAt, CancellationToken cancellationToken)
        => await session.Execute("INSERT INTO report_reminders (agency_code, year, kind, due_on, raised_at) VALUES (@agency, @year, @kind, @due, @now)",
            new { agency = agencyCode, year, kind, due = dueOn, now = raisedAt }, cancellationToken);
}
