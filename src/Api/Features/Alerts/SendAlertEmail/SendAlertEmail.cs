using System.Text;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Notifications;
using CaseTracker.Infrastructure.Persistence;
using Hangfire;
using Mediator;
using MimeKit;

namespace CaseTracker.Api.Features.Alerts;

/// <summary>
/// Delivers an alert by email to its agency's alert address (plain text, one message an alert); every attempt
/// goes to the delivery log as <c>mailto:</c>; a failure throws so Hangfire retries with back-off.
/// </summary>
public sealed class EmailJobs(IServiceScopeFactory scopes, SmtpMailer mailer, RegisterClock clock)
{
    private sealed class Target
    {
        public string? AlertEmail { get; init; }
    }

    [AutomaticRetry(Attempts = 6, DelaysInSeconds = [10, 60, 300, 900, 3600, 7200])]
    public async Task Send(Guid alertId, CancellationToken cancellationToken)
    {
        if (!mailer.Enabled) return;
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var alert = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetAlertQuery(alertId, System: true), cancellationToken);
        if (await AlertAddress(session, alert.AgencyCode, cancellationToken) is not { } address) return;
        var url = $"mailto:{address}";
        var attempt = await DeliveryLog.NextAttempt(session, alertId, url, cancellationToken);
        int? status = null;
        string? error = null;
        try
        {
            await mailer.Send(Message(alert, address, attempt), cancellationToken);
            status = 250;
        }
        catch (Exception e) when (SmtpMailer.IsDeliveryFailure(e))
        {
            status = SmtpMailer.ReplyCode(e);
            error = e.Message;
        }

        await DeliveryLog.Record(session, alertId, alert.AgencyCode, url, attempt, status, error, clock.Now, cancellationToken);
        if (error is not null) throw new InvalidOperationException($"Email of alert {alertId} failed (attempt {attempt}): {error}; Hangfire retries.");
    }

    /// <summary>The morning digest of one agency to its alert address (the same figures as the webhook's). A failure throws so Hangfire retries.</summary>
    [AutomaticRetry(Attempts = 6, DelaysInSeconds = [10, 60, 300, 900, 3600, 7200])]
    public async Task SendDigest(string agencyCode, DateOnly day, CancellationToken cancellationToken)
    {
        if (!mailer.Enabled) return;
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        if (await AlertAddress(session, agencyCode, cancellationToken) is not { } address) return;
        var digest = await Digest.Build(session, clock, agencyCode, day, cancellationToken);
        var message = new MimeMessage { Subject = $"[CaseTracker] Digest {agencyCode} {day:yyyy-MM-dd}: {digest.Overdue} overdue, {digest.DueToday} due today" };
        message.From.Add(mailer.From);
        message.To.Add(MailboxAddress.Parse(address));
        message.MessageId = $"digest.{agencyCode}.{day:yyyyMMdd}@casetracker";
        var body = new StringBuilder()
            .AppendLine($"Agency {agencyCode}, {day:yyyy-MM-dd}")
            .AppendLine($"Overdue: {digest.Overdue}")
            .AppendLine($"Due today: {digest.DueToday}")
            .AppendLine($"Due within 3 working days: {digest.DueWithin3}")
            .AppendLine()
            .AppendLine("Open alerts:");
        foreach (var (kind, count) in digest.OpenAlerts.OrderBy(k => k.Key, StringComparer.Ordinal)) body.AppendLine($"  {kind}: {count}");
        message.Body = new TextPart("plain") { Text = body.ToString() };
        try
        {
            await mailer.Send(message, cancellationToken);
        }
        catch (Exception e) when (SmtpMailer.IsDeliveryFailure(e))
        {
            throw new InvalidOperationException($"Digest email for {agencyCode} on {day:yyyy-MM-dd} failed: {e.Message}; Hangfire retries.", e);
        }
    }

    private static async Task<string?> AlertAddress(DbSession session, string agencyCode, CancellationToken cancellationToken)
        => (await session.QuerySingleOrDefault<Target>(
            "SELECT alert_email FROM agency_settings WHERE agency_code = @agency", new { agency = agencyCode }, cancellationToken))?.AlertEmail;

    private MimeMessage Message(AlertView alert, string to, int attempt)
    {
        var message = new MimeMessage();
        message.From.Add(mailer.From);
        message.To.Add(MailboxAddress.Parse(to));
        message.MessageId = $"{alert.Id}.{attempt}@casetracker";
        var what = alert.CaseNumber is null ? alert.AgencyCode : $"{alert.CaseNumber} ({alert.AgencyCode})";
        message.Subject = $"[CaseTracker] {alert.Kind}: {what}{(alert.DueOn is { } due ? $", due {due:yyyy-MM-dd}" : "")}";
        var body = new StringBuilder()
            .AppendLine($"Alert: {alert.Kind}")
            .AppendLine($"Agency: {alert.AgencyCode}");
        if (alert.CaseNumber is not null) body.AppendLine($"Case: {alert.CaseNumber} (/api/cases/{alert.CaseId})");
        if (alert.DueOn is { } dueOn) body.AppendLine($"Due: {dueOn:yyyy-MM-dd}");
        if (alert.Details is not null) body.AppendLine().AppendLine(alert.Details);
        body.AppendLine().AppendLine($"Raised {alert.RaisedAt.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} (Beijing time); acknowledge it at /api/alerts/{alert.Id}/acknowledgement.");
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }
}
