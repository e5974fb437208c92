using CaseTracker.Api.Pipeline;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Alerts;
using CaseTracker.Infrastructure.Persistence;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.Alerts.DeliverOutbox;

/// <summary>
/// Puts one alert (by id) in the outbox for <paramref name="Channel"/>: what a delivery job queued in Hangfire before the
/// outbox existed does when it runs after an upgrade, so none of those is lost. An alert already queued for the channel, or
/// gone, queues nothing. Returns whether a row was queued.
/// </summary>
public sealed record QueueAlertDeliveryCommand(Guid AlertId, DeliveryChannel Channel) : ICommand<bool>;

internal sealed class QueueAlertDeliveryHandler(DbSession session, DeliveryOutbox outbox, RegisterClock clock, IBackgroundJobClient jobs)
    : ICommandHandler<QueueAlertDeliveryCommand, bool>
{
    public async ValueTask<bool> Handle(QueueAlertDeliveryCommand command, CancellationToken cancellationToken)
    {
        var id = command.AlertId.ToString();
        var agency = await session.QuerySingleOrDefault<string>("SELECT agency_code FROM alerts WHERE id = @id", new { id }, cancellationToken);
        if (agency is null) return false;
        var queued = await outbox.QueueAlerts([(id, agency)], command.Channel, id, clock.Now, cancellationToken);
        if (queued > 0) session.OnCommit(() => jobs.Enqueue<OutboxJobs>(j => j.Drain(CancellationToken.None)));
        return queued > 0;
    }
}

/// <summary>
/// Puts the digest of <paramref name="Day"/> (China date) of one agency in the outbox for <paramref name="Channel"/> (a digest
/// job queued in Hangfire before the outbox existed). Returns whether a row was queued (none if it was already).
/// </summary>
public sealed record QueueDigestDeliveryCommand(string AgencyCode, DateOnly Day, DeliveryChannel Channel) : ICommand<bool>;

internal sealed class QueueDigestDeliveryHandler(DbSession session, DeliveryOutbox outbox, RegisterClock clock, IBackgroundJobClient jobs)
    : ICommandHandler<QueueDigestDeliveryCommand, bool>
{
    public async ValueTask<bool> Handle(QueueDigestDeliveryCommand command, CancellationToken cancellationToken)
    {
        var queued = await outbox.QueueDigests([command.AgencyCode], command.Channel, command.Day, clock.Now, cancellationToken);
        if (queued > 0) session.OnCommit(() => jobs.Enqueue<OutboxJobs>(j => j.Drain(CancellationToken.None)));
        return queued > 0;
    }
}
