using CaseTracker.Infrastructure.Notifications;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Api.Features.Alerts;

/// <summary>
/// The log of every attempt to deliver an alert (table <c>webhook_deliveries</c>): to a webhook (its URL) or by
/// email (<c>mailto:</c> and the address). Attempts are numbered per alert and target.
/// </summary>
internal static class DeliveryLog
{
    public static async Task<int> NextAttempt(DbSession session, Guid alertId, string url, CancellationToken cancellationToken)
        => 1 + await session.ExecuteScalar<int>(
            "SELECT COUNT(*) FROM webhook_deliveries WHERE alert_id = @id AND url = @url", new { id = alertId.ToString(), url }, cancellationToken);

    public static Task Record(DbSession session, Guid alertId, string agencyCode, string url, int attempt, int? status, string? error,
        DateTimeOffset at, CancellationToken cancellationToken)
        => session.Execute("""
            INSERT INTO webhook_deliveries (id, alert_id, agency_code, url, attempt, status_code, error, delivered, attempted_at)
            VALUES (@id, @alert, @agency, @url, @attempt, @status, @error, @delivered, @at)
            """, new
        {
            id = Guid.CreateVersion7().ToString(), alert = alertId.ToString(), agency = agencyCode, url, attempt, status,
            error = error is { Length: > 190 } ? error[..190] : error, delivered = error is null, at,
        }, cancellationToken);
}

/// <summary>The agencies an alert or digest goes out to: those with a webhook, and those with an alert address when a mail server is configured.</summary>
internal sealed record DeliveryTargets(IReadOnlyList<string> Webhook, IReadOnlyList<string> Email)
{
    private sealed class Row
    {
        public string AgencyCode { get; init; } = "";
        public string? WebhookUrl { get; init; }
        public string? AlertEmail { get; init; }
    }

    public static async Task<DeliveryTargets> Read(DbSession session, SmtpMailer mailer, CancellationToken cancellationToken)
    {
        var rows = await session.Query<Row>(
            "SELECT agency_code, webhook_url, alert_email FROM agency_settings WHERE webhook_url IS NOT NULL OR alert_email IS NOT NULL", null, cancellationToken);
        return new(rows.Where(r => r.WebhookUrl is not null).Select(r => r.AgencyCode).ToList(),
            mailer.Enabled ? rows.Where(r => r.AlertEmail is not null).Select(r => r.AgencyCode).ToList() : []);
    }
}
