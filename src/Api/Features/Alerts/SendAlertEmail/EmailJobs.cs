using CaseTracker.Api.Features.Alerts.DeliverOutbox;
using CaseTracker.Infrastructure.Alerts;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.Alerts;

// The namespace and the type's name stay those of the jobs Hangfire has stored (it keeps a job's type and method by name).

/// <summary>
/// The Hangfire jobs that mailed an agency's alert address before the delivery outbox (<see cref="OutboxJobs"/>): kept so
/// that such a job still stored in Hangfire after an upgrade puts its alert in the outbox instead of failing (the digest's
/// part is in SendDigest/).
/// </summary>
public sealed partial class EmailJobs(IServiceScopeFactory scopes)
{
    /// <summary>Sends <see cref="QueueAlertDeliveryCommand"/>: the alert goes to the outbox for its agency's alert address.</summary>
    [AutomaticRetry(Attempts = 6, DelaysInSeconds = [10, 60, 300, 900, 3600, 7200])]
    public Task Send(Guid alertId, CancellationToken cancellationToken)
        => SendInScope(new QueueAlertDeliveryCommand(alertId, DeliveryChannel.Email), cancellationToken);

    private async Task SendInScope(ICommand<bool> request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(request, cancellationToken);
    }
}
