using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Features.Alerts.GetAlert;
using CaseTracker.Api.Pipeline;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.Alerts;
using CaseTracker.Infrastructure.Jobs;
using CaseTracker.Infrastructure.Notifications;
using Hangfire;
using Mediator;
using MimeKit;

namespace CaseTracker.Api.Features.Alerts.DeliverOutbox;

/// <summary>What one drain did: the batches it sent (calls or messages), the deliveries in them that went out or failed.</summary>
public sealed record OutboxDrained(int Batches, int Delivered, int Failed);

/// <summary>
/// Drains the delivery outbox (<see cref="DeliveryOutbox"/>): claims a batch (up to 100 alerts of one agency for its webhook,
/// as one JSON array; every alert of one agency and scan or command for its alert address, as one e-mail; a digest alone),
/// sends it, marks it delivered, or puts it back with back-off (<see cref="DeliveryOutbox.Backoff"/>) and, after
/// <see cref="DeliveryOutbox.MaxAttempts"/> attempts, Failed. Every attempt of an alert goes to the delivery log. Safe to
/// run twice and on several instances at once (claims are state-guarded); a drain killed mid-send leaves its claim to lapse
/// and the batch is sent again, with the same delivery ids (<c>deliveryId</c>), so a receiver drops what it has. Not an
/// <see cref="ICommand{T}"/>: no transaction is held across a network call.
/// </summary>
public sealed record DeliverOutboxCommand : IRequest<OutboxDrained>;

internal sealed class DeliverOutboxHandler(
    DeliveryOutbox outbox, ISender sender, AgencySettingsStore settings, DeliveryLog log, WebhookSender webhooks, SmtpMailer mailer, DigestQuery digests,
    RegisterClock clock, JobsOptions options, IBackgroundJobClient jobs, ILogger<DeliverOutboxHandler> logger)
    : IRequestHandler<DeliverOutboxCommand, OutboxDrained>
{
    /// <summary>A drain stops claiming after this long and leaves the rest to the next (the recurring job or the one it schedules).</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(4);

    /// <summary>An e-mail lists this many alerts one by one, then how many more there are.</summary>
    private const int MailListsAtMost = 200;

    private sealed record Outcome(int? Status, string? Error, string Target);

    public async ValueTask<OutboxDrained> Handle(DeliverOutboxCommand command, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        int batches = 0, delivered = 0, failed = 0;
        while (started.Elapsed < Budget
               && await outbox.ClaimNext(clock.Now, clock.Now.AddSeconds(options.OutboxClaimSeconds), cancellationToken) is { } batch)
        {
            batches++;
            var outcome = await Send(batch, cancellationToken);
            if (outcome is null)
            {
                await outbox.MarkDropped(batch.ClaimId, $"The agency has no {batch.Channel} target any more.", clock.Now, cancellationToken);
                continue;
            }

            if (!batch.IsDigest)
                await log.RecordMany(batch.Deliveries.Select(d => (Guid.Parse(d.AlertId!), d.Attempts)).ToList(), batch.AgencyCode, outcome.Target,
                    outcome.Status, outcome.Error, clock.Now, cancellationToken);
            if (outcome.Error is null)
            {
                await outbox.MarkDelivered(batch.ClaimId, clock.Now, cancellationToken);
                delivered += batch.Deliveries.Count;
                continue;
            }

            failed += batch.Deliveries.Count;
            var attempt = batch.Deliveries.Max(d => d.Attempts);
            await outbox.MarkFailed(batch.ClaimId, outcome.Error, clock.Now + DeliveryOutbox.Backoff(attempt), cancellationToken);
            logger.LogWarning("Delivery of {Count} {Kind} to {Channel} of {Agency} failed (attempt {Attempt}): {Error}", batch.Deliveries.Count,
                batch.IsDigest ? "digest" : "alerts", batch.Channel, batch.AgencyCode, attempt, outcome.Error);
        }

        // A retry or a lapsing claim due within the minute gets a drain of its own; later ones are the recurring drain's.
        if (await outbox.NextDue(cancellationToken) is { } next && next - clock.Now < TimeSpan.FromMinutes(1))
            jobs.Schedule<OutboxJobs>(j => j.Drain(CancellationToken.None), next - clock.Now + TimeSpan.FromSeconds(1));
        return new OutboxDrained(batches, delivered, failed);
    }

    /// <summary>Sends one batch; null when the agency no longer has the target (nothing to send to).</summary>
    private async Task<Outcome?> Send(OutboxBatch batch, CancellationToken cancellationToken)
        => batch.Channel switch
        {
            DeliveryChannel.Webhook => await PostToWebhook(batch, cancellationToken),
            _ => await Mail(batch, cancellationToken),
        };

    private async Task<Outcome?> PostToWebhook(OutboxBatch batch, CancellationToken cancellationToken)
    {
        var target = await settings.Webhook(batch.AgencyCode, cancellationToken);
        if (target?.WebhookUrl is null) return null;
        string body;
        if (batch.IsDigest)
        {
            var delivery = batch.Deliveries[0];
            var digest = JsonSerializer.SerializeToNode(await digests.Build(batch.AgencyCode, delivery.DigestDay!.Value, cancellationToken), ApiJson.Options)!
                .AsObject();
            digest.Insert(0, "deliveryId", delivery.Id);
            body = digest.ToJsonString(ApiJson.Options);
        }
        else
        {
            var alerts = await Alerts(batch, cancellationToken);
            var array = new JsonArray();
            foreach (var d in batch.Deliveries)
            {
                if (!alerts.TryGetValue(d.AlertId!, out var alert)) continue;
                var item = JsonSerializer.SerializeToNode(alert, ApiJson.Options)!.AsObject();
                item.Insert(0, "deliveryId", d.Id);
                array.Add(item);
            }

            body = array.ToJsonString(ApiJson.Options);
        }

        var (status, error) = await webhooks.TryPost(target.WebhookUrl, target.WebhookSecret ?? "", body, batch.ClaimId, cancellationToken);
        return new(status, error, target.WebhookUrl);
    }

    private async Task<Outcome?> Mail(OutboxBatch batch, CancellationToken cancellationToken)
    {
        if (!mailer.Enabled) return null;
        if (await settings.AlertEmail(batch.AgencyCode, cancellationToken) is not { } address) return null;
        var message = batch.IsDigest
            ? await DigestMessage(batch.AgencyCode, batch.Deliveries[0].DigestDay!.Value, cancellationToken)
            : AlertsMessage(batch, await Alerts(batch, cancellationToken));
        message.From.Add(mailer.From);
        message.To.Add(MailboxAddress.Parse(address));
        try
        {
            await mailer.Send(message, cancellationToken);
            return new(250, null, $"mailto:{address}");
        }
        catch (Exception e) when (SmtpMailer.IsDeliveryFailure(e))
        {
            return new(SmtpMailer.ReplyCode(e), e.Message, $"mailto:{address}");
        }
    }

    private async Task<Dictionary<string, AlertView>> Alerts(OutboxBatch batch, CancellationToken cancellationToken)
        => (await sender.Send(new GetAlertsForDeliveryQuery(batch.Deliveries.Select(d => Guid.Parse(d.AlertId!)).ToList()), cancellationToken))
            .ToDictionary(a => a.Id.ToString());

    /// <summary>One alert: the message it has always had; several (one scan or command of one agency): each in turn, up to 200.</summary>
    private static MimeMessage AlertsMessage(OutboxBatch batch, Dictionary<string, AlertView> alerts)
    {
        var listed = batch.Deliveries.Where(d => alerts.ContainsKey(d.AlertId!)).Select(d => alerts[d.AlertId!]).ToList();
        // The id a re-sent message keeps: its first delivery's (a mail client may thread or drop a duplicate by it).
        var message = new MimeMessage { MessageId = $"{batch.Deliveries[0].Id}@casetracker" };
        if (listed.Count == 1)
        {
            var alert = listed[0];
            var what = alert.CaseNumber is null ? alert.AgencyCode : MailText.Get("CaseWithAgency", alert.CaseNumber, alert.AgencyCode);
            message.Subject = alert.DueOn is { } due ? MailText.Get("AlertSubjectDue", alert.KindZh, what, due) : MailText.Get("AlertSubject", alert.KindZh, what);
        }
        else
        {
            message.Subject = MailText.Get("AlertsSubject", batch.AgencyCode, listed.Count);
        }

        var body = new StringBuilder();
        foreach (var alert in listed.Take(MailListsAtMost))
        {
            if (body.Length > 0) body.AppendLine().AppendLine("——").AppendLine();
            AppendAlert(body, alert);
        }

        if (listed.Count > MailListsAtMost) body.AppendLine().AppendLine(MailText.Get("AlertsMore", listed.Count - MailListsAtMost));
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }

    private static void AppendAlert(StringBuilder body, AlertView alert)
    {
        body.AppendLine(MailText.Get("AlertKind", alert.KindZh)).AppendLine(MailText.Get("Agency", alert.AgencyCode));
        if (alert.CaseNumber is not null) body.AppendLine(MailText.Get("Case", alert.CaseNumber, alert.CaseId));
        if (alert.DueOn is { } dueOn) body.AppendLine(MailText.Get("Due", dueOn));
        if (alert.DetailsZh is { } details) body.AppendLine().AppendLine(details);
        body.AppendLine().AppendLine(MailText.Get("Raised",
            alert.RaisedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), alert.Id));
    }

    /// <summary>The digest of one agency (plain text, the same figures as the webhook's).</summary>
    private async Task<MimeMessage> DigestMessage(string agencyCode, DateOnly day, CancellationToken cancellationToken)
    {
        var digest = await digests.Build(agencyCode, day, cancellationToken);
        var message = new MimeMessage
        {
            Subject = MailText.Get("DigestSubject", agencyCode, day, digest.Overdue, digest.DueToday),
            MessageId = $"digest.{agencyCode}.{day:yyyyMMdd}@casetracker",
        };
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
        return message;
    }
}
