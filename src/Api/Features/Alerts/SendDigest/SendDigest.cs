using CaseTracker.Api.Features.Alerts.ScanDeadlines;
using CaseTracker.Domain.Alerts;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.Alerts;
using CaseTracker.Infrastructure.Notifications;
using CaseTracker.Infrastructure.Persistence;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.Alerts.SendDigest;

/// <summary>
/// The morning digest (08:00, <see cref="DeadlineJobs.Digest"/>; at start-up when the service was down then and it is still
/// the same working day): on a working day only (a 调休 Saturday included, a holiday Monday not) scan, then put in the
/// delivery outbox, for each agency with a webhook, or an alert address and a mail server, its digest of the day (once a
/// day and channel: run twice, it queues nothing more). Returns the agencies that have a digest of the day queued (none on
/// a day off). Not an <see cref="ICommand{T}"/>: the scan commits in its own transaction before the digests are queued.
/// </summary>
public sealed record SendDigestsCommand : IRequest<IReadOnlyList<string>>;

internal sealed class SendDigestsHandler(
    ISender sender, RegisterClock clock, AgencySettingsStore settings, DbSession session, DeliveryOutbox outbox, IBackgroundJobClient jobs, SmtpMailer mailer)
    : IRequestHandler<SendDigestsCommand, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(SendDigestsCommand command, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        if (!AlertDigest.GoesOutOn(today, clock.Calendar)) return [];
        await sender.Send(new ScanDeadlinesCommand(), cancellationToken);
        var targets = await settings.DeliveryTargets(mailer, cancellationToken);
        await session.Begin(cancellationToken);
        try
        {
            await outbox.QueueDigests(targets.Webhook, DeliveryChannel.Webhook, today, clock.Now, cancellationToken);
            await outbox.QueueDigests(targets.Email, DeliveryChannel.Email, today, clock.Now, cancellationToken);
            await session.Commit(cancellationToken);
        }
        catch
        {
            await session.Rollback();
            throw;
        }

        if (targets.Webhook.Count + targets.Email.Count > 0) jobs.Enqueue<OutboxJobs>(j => j.Drain(CancellationToken.None));
        return targets.Webhook.Union(targets.Email).ToList();
    }
}

/// <summary>
/// Whether the morning digest of today was missed (<see cref="AlertDigest.WasMissed"/>): read at start-up, so a service that
/// was down at 08:00 sends it when it comes back the same working day. Returns false when the digest's cron is not a plain
/// daily time (nothing to compare with).
/// </summary>
public sealed record DigestMissedQuery(TimeOnly? SendsAt) : IRequest<bool>;

internal sealed class DigestMissedHandler(RegisterClock clock, DeliveryOutbox outbox) : IRequestHandler<DigestMissedQuery, bool>
{
    public async ValueTask<bool> Handle(DigestMissedQuery query, CancellationToken cancellationToken)
    {
        if (query.SendsAt is not { } sendsAt) return false;
        var today = clock.Today;
        var timeNow = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.Now, RegisterClock.China).DateTime);
        return AlertDigest.WasMissed(today, timeNow, sendsAt, clock.Calendar, await outbox.DigestQueued(today, cancellationToken));
    }
}
