using CaseTracker.Api.Features.Alerts.DeliverOutbox;
using CaseTracker.Api.Features.Alerts.SendDigest;
using CaseTracker.Infrastructure.Alerts;
using Hangfire;

namespace CaseTracker.Api.Features.Alerts;

// The digest's parts of the Hangfire job classes, beside the commands they send; type, namespace and method names stay
// those of the jobs Hangfire has stored.

public sealed partial class DeadlineJobs
{
    /// <summary>The <see cref="Digest"/> job (08:00, and at start-up when missed): sends <see cref="SendDigestsCommand"/>; returns the agencies a digest was queued for.</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task<IReadOnlyList<string>> RunDigest(CancellationToken cancellationToken) => await sender.Send(new SendDigestsCommand(), cancellationToken);
}

public sealed partial class WebhookJobs
{
    /// <summary>A digest job stored before the outbox: sends <see cref="QueueDigestDeliveryCommand"/> for the agency's webhook.</summary>
    [AutomaticRetry(Attempts = 6, DelaysInSeconds = [10, 60, 300, 900, 3600, 7200])]
    public Task DeliverDigest(string agencyCode, DateOnly day, CancellationToken cancellationToken)
        => SendInScope(new QueueDigestDeliveryCommand(agencyCode, day, DeliveryChannel.Webhook), cancellationToken);
}

public sealed partial class EmailJobs
{
    /// <summary>A digest job stored before the outbox: sends <see cref="QueueDigestDeliveryCommand"/> for the agency's alert address.</summary>
    [AutomaticRetry(Attempts = 6, DelaysInSeconds = [10, 60, 300, 900, 3600, 7200])]
    public Task SendDigest(string agencyCode, DateOnly day, CancellationToken cancellationToken)
        => SendInScope(new QueueDigestDeliveryCommand(agencyCode, day, DeliveryChannel.Email), cancellationToken);
}
