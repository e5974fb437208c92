using CaseTracker.Api.Features.Alerts.SendAlertEmail;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.Alerts;

// The namespace and the type's name stay those of the jobs Hangfire has stored (it keeps a job's type and method by name).

/// <summary>
/// The Hangfire jobs that mail an agency's alert address: thin, each sends its request in a scope of its own (the digest's
/// part is in SendDigest/).
/// </summary>
public sealed partial class EmailJobs(IServiceScopeFactory scopes)
{
    /// <summary>Sends <see cref="SendAlertEmailCommand"/>: one alert to its agency's alert address; retried with back-off.</summary>
    [AutomaticRetry(Attempts = 6, DelaysInSeconds = [10, 60, 300, 900, 3600, 7200])]
    public Task Send(Guid alertId, CancellationToken cancellationToken) => SendInScope(new SendAlertEmailCommand(alertId), cancellationToken);

    private async Task SendInScope(IRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(request, cancellationToken);
    }
}
