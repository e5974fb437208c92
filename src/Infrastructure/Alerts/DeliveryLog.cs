using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Alerts;

/// <summary>
/// The log of every attempt to deliver an alert (table <c>webhook_deliveries</c>): to a webhook (its URL) or by
/// email (<c>mailto:</c> and the address). Attempts are numbered per alert and target.
/// </summary>
public sealed class DeliveryLog(DbSession session)
{
    /// <summary>The number of the next attempt to deliver the alert to <paramref name="url"/> (1 for the first).</summary>
    public async Task<int> NextAttempt(Guid alertId, string url, CancellationToken cancellationToken)
        => 1 + await session.ExecuteScalar<int>(
            "SELECT COUNT(*) FROM webhook_deliveries WHERE alert_id = @id AND url = @url", new { id = alertId.ToString(), url }, cancellationToken);

    /// <summary>Records one attempt: delivered when <paramref name="error"/> is null (kept to its first 190 characters otherwise).</summary>
    public Task Record(Guid alertId, string agencyCode, string url, int attempt, int? status, string? error, DateTimeOffset at,
        CancellationToken cancellationToken)
        => session.Execute("""
            INSERT INTO webhook_deliveries (id, alert_id, agency_code, url, attempt, status_code, error, delivered, attempted_at)
            VALUES (@id, @alert, @agency, @url, @attempt, @status, @error, @delivered, @at)
            """, new
        {
            id = Guid.CreateVersion7().ToString(), alert = alertId.ToString(), agency = agencyCode, url, attempt, status,
            error = error is { Length: > 190 } ? error[..190] : error, delivered = error is null, at,
        }, cancellationToken);

    /// <summary>
    /// Records one attempt for each alert of a batch (one webhook call or one e-mail carried them all), numbered by the
    /// outbox's attempt count of each: delivered when <paramref name="error"/> is null.
    /// </summary>
    public Task RecordMany(IReadOnlyList<(Guid AlertId, int Attempt)> alerts, string agencyCode, string url, int? status, string? error, DateTimeOffset at,
        CancellationToken cancellationToken)
        => session.InsertRows("webhook_deliveries", ["id", "alert_id", "agency_code", "url", "attempt", "status_code", "error", "delivered", "attempted_at"],
            alerts.Select(a => new object?[]
            {
                Guid.CreateVersion7().ToString(), a.AlertId.ToString(), agencyCode, url, a.Attempt, status, error is { Length: > 190 } ? error[..190] : error,
                error is null, at,
            }).ToList(), cancellationToken);
}
