using System.Globalization;
using System.Text;
using CaseTracker.Api.Features.Alerts.GetAlert;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.Alerts;
using CaseTracker.Infrastructure.Notifications;
using Mediator;
using MimeKit;

namespace CaseTracker.Api.Features.Alerts.SendAlertEmail;

/// <summary>
/// Delivers an alert by email to its agency's alert address (plain text, one message an alert); every attempt goes to the
/// delivery log as <c>mailto:</c>; a failure throws so Hangfire retries with back-off. Nothing without a mail server or an
/// address. Not an <see cref="ICommand{T}"/>: no transaction is held across the network call.
/// </summary>
public sealed record SendAlertEmailCommand(Guid AlertId) : IRequest;

internal sealed class SendAlertEmailHandler(ISender sender, AgencySettingsStore settings, DeliveryLog log, SmtpMailer mailer, RegisterClock clock)
    : IRequestHandler<SendAlertEmailCommand>
{
    public async ValueTask<Unit> Handle(SendAlertEmailCommand command, CancellationToken cancellationToken)
    {
        var alertId = command.AlertId;
        if (!mailer.Enabled) return Unit.Value;
        var alert = await sender.Send(new GetAlertQuery(alertId, System: true), cancellationToken);
        if (await settings.AlertEmail(alert.AgencyCode, cancellationToken) is not { } address) return Unit.Value;
        var url = $"mailto:{address}";
        var attempt = await log.NextAttempt(alertId, url, cancellationToken);
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

        await log.Record(alertId, alert.AgencyCode, url, attempt, status, error, clock.Now, cancellationToken);
        if (error is not null) throw new InvalidOperationException($"Email of alert {alertId} failed (attempt {attempt}): {error}; Hangfire retries.");
        return Unit.Value;
    }

    private MimeMessage Message(AlertView alert, string to, int attempt)
    {
        var message = new MimeMessage();
        message.From.Add(mailer.From);
        message.To.Add(MailboxAddress.Parse(to));
        message.MessageId = $"{alert.Id}.{attempt}@casetracker";
        var what = alert.CaseNumber is null ? alert.AgencyCode : MailText.Get("CaseWithAgency", alert.CaseNumber, alert.AgencyCode);
        message.Subject = alert.DueOn is { } due ? MailText.Get("AlertSubjectDue", alert.KindZh, what, due) : MailText.Get("AlertSubject", alert.KindZh, what);
        var body = new StringBuilder()
            .AppendLine(MailText.Get("AlertKind", alert.KindZh))
            .AppendLine(MailText.Get("Agency", alert.AgencyCode));
        if (alert.CaseNumber is not null) body.AppendLine(MailText.Get("Case", alert.CaseNumber, alert.CaseId));
        if (alert.DueOn is { } dueOn) body.AppendLine(MailText.Get("Due", dueOn));
        if (alert.DetailsZh is { } details) body.AppendLine().AppendLine(details);
        body.AppendLine().AppendLine(MailText.Get("Raised", alert.RaisedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), alert.Id));
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }
}
