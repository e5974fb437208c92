using CaseTracker.Api.Features.Alerts.DeliverWebhook;
using CaseTracker.Infrastructure.Alerts;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.Alerts;

// The namespace and the type's name stay those of the jobs Hangfire has stored (it keeps a job's type and method by name).

/// <summary>
/// The Hangfire jobs that deliver to an agency's webhook: thin, each sends its request in a scope of its own (the digest's
/// part is in SendDigest/).
/// </summary>
public sealed partial class WebhookJobs(IServiceScopeFactory scopes)
{
    public const string SignatureHeader = WebhookSender.SignatureHeader;

    /// <summary>The signature of <paramref name="body"/> under <paramref name="secret"/> at <paramref name="timestamp"/> (Unix seconds), as <see cref="WebhookSender.Sign"/>.</summary>
    public static string Sign(string body, string secret, long timestamp) => WebhookSender.Sign(body, secret, timestamp);

    /// <summary>Sends <see cref="DeliverWebhookCommand"/>: one alert to its agency's webhook; retried with back-off.</summary>
    [AutomaticRetry(Attempts = 6, DelaysInSeconds = [10, 60, 300, 900, 3600, 7200])]
    public Task Deliver(Guid alertId, CancellationToken cancellationToken) => SendInScope(new DeliverWebhookCommand(alertId), cancellationToken);

    private async Task SendInScope(IRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(request, cancellationToken);
    }
}
