using System.Text;
using System.Text.Json;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Features.Alerts.ScanDeadlines;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Alerts;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.Alerts;
using CaseTracker.Infrastructure.Notifications;
using Hangfire;
using Mediator;
using MimeKit;

namespace CaseTracker.Api.Features.Alerts.SendDigest;

/// <summary>
/// The morning digest (08:00, <see cref="DeadlineJobs.Digest"/>): on a working day only (a 调休 Saturday included, a holiday
/// Monday not) scan, then queue for each agency with a webhook, or an alert address and a mail server, its digest.
/// Returns the agencies a digest was queued for (none on a day off). Not an <see cref="ICommand{T}"/>: the scan commits in
/// its own transaction before the digests are queued.
/// </summary>
public sealed record SendDigestsCommand : IRequest<IReadOnlyList<string>>;

internal sealed class SendDigestsHandler(ISender sender, RegisterClock clock, AgencySettingsStore settings, IBackgroundJobClient jobs, SmtpMailer mailer)
    : IRequestHandler<SendDigestsCommand, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(SendDigestsCommand command, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        if (!AlertDigest.GoesOutOn(today, clock.Calendar)) return [];
        await sender.Send(new ScanDeadlinesCommand(), cancellationToken);
        var targets = await settings.DeliveryTargets(mailer, cancellationToken);
        foreach (var agency in targets.Webhook) jobs.Enqueue<WebhookJobs>(j => j.DeliverDigest(agency, today, CancellationToken.None));
        foreach (var agency in targets.Email) jobs.Enqueue<EmailJobs>(j => j.SendDigest(agency, today, CancellationToken.None));
        return targets.Webhook.Union(targets.Email).ToList();
    }
}

/// <summary>
/// The digest of one agency to its webhook, signed like an alert. Not an <see cref="ICommand{T}"/>: no transaction is held
/// across the network call. A failure throws so Hangfire retries.
/// </summary>
public sealed record DeliverDigestCommand(string AgencyCode, DateOnly Day) : IRequest;

internal sealed class DeliverDigestHandler(AgencySettingsStore settings, DigestQuery digests, WebhookSender webhooks) : IRequestHandler<DeliverDigestCommand>
{
    public async ValueTask<Unit> Handle(DeliverDigestCommand command, CancellationToken cancellationToken)
    {
        var target = await settings.Webhook(command.AgencyCode, cancellationToken);
        if (target?.WebhookUrl is null) return Unit.Value;
        var body = JsonSerializer.Serialize(await digests.Build(command.AgencyCode, command.Day, cancellationToken), ApiJson.Options);
        var status = await webhooks.PostForStatus(target.WebhookUrl, target.WebhookSecret ?? "", body, $"digest/{command.AgencyCode}/{command.Day:yyyy-MM-dd}",
            cancellationToken);
        if (status is < 200 or > 299)
            throw new InvalidOperationException(
                $"Digest for {command.AgencyCode} on {command.Day:yyyy-MM-dd} failed: HTTP {status}; Hangfire retries.");
        return Unit.Value;
    }
}

/// <summary>
/// The digest of one agency to its alert address (plain text, the same figures as the webhook's). Not an
/// <see cref="ICommand{T}"/>: no transaction is held across the network call. A failure throws so Hangfire retries.
/// </summary>
public sealed record EmailDigestCommand(string AgencyCode, DateOnly Day) : IRequest;

internal sealed class EmailDigestHandler(AgencySettingsStore settings, DigestQuery digests, SmtpMailer mailer) : IRequestHandler<EmailDigestCommand>
{
    public async ValueTask<Unit> Handle(EmailDigestCommand command, CancellationToken cancellationToken)
    {
        var (agencyCode, day) = (command.AgencyCode, command.Day);
        if (!mailer.Enabled) return Unit.Value;
        if (await settings.AlertEmail(agencyCode, cancellationToken) is not { } address) return Unit.Value;
        var digest = await digests.Build(agencyCode, day, cancellationToken);
        var message = new MimeMessage { Subject = MailText.Get("DigestSubject", agencyCode, day, digest.Overdue, digest.DueToday) };
        message.From.Add(mailer.From);
        message.To.Add(MailboxAddress.Parse(address));
        message.MessageId = $"digest.{agencyCode}.{day:yyyyMMdd}@casetracker";
        var body = new StringBuilder()
            .AppendLine(MailText.Get("DigestAgency", agencyCode, day))
            .AppendLine(MailText.Get("DigestOverdue", digest.Overdue))
            .AppendLine(MailText.Get("DigestDueToday", digest.DueToday))
            .AppendLine(MailText.Get("DigestDueWithin3", digest.DueWithin3))
            .AppendLine()
            .AppendLine(MailText.Get("DigestOpenAlerts"));
        foreach (var (kind, count) in digest.OpenAlerts.OrderBy(k => k.Key, StringComparer.Ordinal))
            body.AppendLine(MailText.Get("DigestAlertLine", ChineseText.Instance.Term(kind.ToString()), kind, count));
        message.Body = new TextPart("plain") { Text = body.ToString() };
        try
        {
            await mailer.Send(message, cancellationToken);
        }
        catch (Exception e) when (SmtpMailer.IsDeliveryFailure(e))
        {
            throw new InvalidOperationException($"Digest email for {agencyCode} on {day:yyyy-MM-dd} failed: {e.Message}; Hangfire retries.", e);
        }

        return Unit.Value;
    }
}
