using System.Text.Json;
using CaseTracker.Api.Features.Alerts.GetAlert;
using CaseTracker.Api.Pipeline;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.Alerts;
using Mediator;

namespace CaseTracker.Api.Features.Alerts.DeliverWebhook;

/// <summary>
/// Delivers an alert to its agency's webhook: the alert as JSON, signed (<see cref="WebhookSender"/>); every attempt is
/// logged; a failure throws so Hangfire retries with back-off. Not an <see cref="ICommand{T}"/>: no transaction is held
/// across the network call.
/// </summary>
public sealed record DeliverWebhookCommand(Guid AlertId) : IRequest;

internal sealed class DeliverWebhookHandler(ISender sender, AgencySettingsStore settings, DeliveryLog log, WebhookSender webhooks, RegisterClock clock)
    : IRequestHandler<DeliverWebhookCommand>
{
    public async ValueTask<Unit> Handle(DeliverWebhookCommand command, CancellationToken cancellationToken)
    {
        var alertId = command.AlertId;
        var alert = await sender.Send(new GetAlertQuery(alertId, System: true), cancellationToken);
        var target = await settings.Webhook(alert.AgencyCode, cancellationToken);
        if (target?.WebhookUrl is null) return Unit.Value;
        var body = JsonSerializer.Serialize(alert, ApiJson.Options);
        var attempt = await log.NextAttempt(alertId, target.WebhookUrl, cancellationToken);
        var (status, error) = await webhooks.TryPost(target.WebhookUrl, target.WebhookSecret ?? "", body, $"{alertId}/{attempt}", cancellationToken);
        await log.Record(alertId, alert.AgencyCode, target.WebhookUrl, attempt, status, error, clock.Now, cancellationToken);
        if (error is not null) throw new InvalidOperationException($"Webhook delivery of alert {alertId} failed (attempt {attempt}): {error}; Hangfire retries.");
        return Unit.Value;
    }
}
