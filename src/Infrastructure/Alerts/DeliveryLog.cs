using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Alerts;

/// <summary>
/// The log of every attempt to deliver an alert (table <c>webhook_deliveries</c>): to a webhook (its URL) or by
/// email (<c>mailto:</c> and the address). Attempts are numbered per alert and target.
/// </summary>
public sealed class DeliveryLog(DbSession session)
{
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
