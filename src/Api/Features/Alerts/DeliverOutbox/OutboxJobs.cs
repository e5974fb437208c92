using CaseTracker.Api.Features.Alerts.DeliverOutbox;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.Alerts;

/// <summary>The Hangfire job that drains the delivery outbox: thin, it sends <see cref="DeliverOutboxCommand"/> in a scope of its own.</summary>
public sealed class OutboxJobs(IServiceScopeFactory scopes)
{
    /// <summary>The recurring drain's id (every minute, Asia/Shanghai; also triggered at start-up).</summary>
    public const string Job = "delivery-outbox";

    /// <summary>
    /// Sends <see cref="DeliverOutboxCommand"/>. A failed delivery is put back in the outbox with its own back-off, so the job
    /// itself is not retried; a drain that throws (the database is away) is left to the next run.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task<OutboxDrained> Drain(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new DeliverOutboxCommand(), cancellationToken);
    }
}
