using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.Alerts;
using Mediator;

namespace CaseTracker.Api.Features.Agencies.SetAgencySettings;

/// <summary>
/// The body of PUT /api/agencies/{code}/settings. <c>keepWebhookSecret</c>: with a webhook URL and no new secret, the secret
/// already stored is kept (the secret is never read back, so a form that changes only the URL or the e-mail cannot resend it).
/// </summary>
public sealed record AgencySettingsRequest(bool? CloseLapsedCases, string? WebhookUrl, string? WebhookSecret, string? AlertEmail, bool? KeepWebhookSecret = null);

public sealed record AgencySettingsView(string AgencyCode, bool CloseLapsedCases, string? WebhookUrl, bool WebhookSecretSet, string? AlertEmail);

/// <summary>
/// An agency's alert settings (a PUT: what is left out is cleared). Refused: an alert address that is not one address, a
/// webhook without a secret of at least 16 characters (it signs the deliveries), and a webhook URL the address rule
/// refuses (security.md "Outbound calls", <see cref="Domain.Alerts.WebhookAddress"/>: https only, no user name or password,
/// no address that is or resolves to loopback, link-local, private, shared, multicast or unspecified, unless the
/// deployment allows the host in <c>Webhooks:AllowedHosts</c>); the handler checks it, DNS included. With
/// <see cref="KeepWebhookSecret"/> and no new secret the stored one is kept; refused (400 on <c>webhookSecret</c>) when none is stored.
/// </summary>
public sealed record SetAgencySettingsCommand : ICommand<AgencySettingsView>, IValidatable, IRetryOnConflict
{
    public required string AgencyCode { get; init; }
    public bool? CloseLapsedCases { get; init; }
    public string? WebhookUrl { get; init; }
    public string? WebhookSecret { get; init; }
    public string? AlertEmail { get; init; }
    public bool KeepWebhookSecret { get; init; }

    public void Validate(Validator v)
    {
        v.Text("alertEmail", AlertEmail, Validator.ShortText, required: false);
        if (AlertEmail is not null && !(MimeKit.MailboxAddress.TryParse(AlertEmail, out var mailbox) && mailbox.Address == AlertEmail.Trim()
                                         && mailbox.Address.IndexOf('@') is > 0 and var at && at < mailbox.Address.Length - 1))
            v.Error("alertEmail", "alertEmail must be one email address, such as supervisors@agency.gov.cn.");
        v.Text("webhookUrl", WebhookUrl, Validator.ShortText, required: false).Text("webhookSecret", WebhookSecret, Validator.ShortText, required: false);
        if (WebhookUrl is not null && string.IsNullOrEmpty(WebhookSecret) && !KeepWebhookSecret)
            v.Error("webhookSecret", "A webhook needs a secret (at least 16 characters) to sign its deliveries.");
        if (WebhookSecret is { Length: < 16 }) v.Error("webhookSecret", "webhookSecret is at least 16 characters.");
    }
}

/// <summary>An agency's alert settings: close lapsed cases automatically (or only warn), its webhook and its alert email address.</summary>
internal sealed class SetAgencySettingsHandler(AgencySettingsStore settings, AgencyAccess access, WebhookAddressPolicy webhooks)
    : ICommandHandler<SetAgencySettingsCommand, AgencySettingsView>
{
    public async ValueTask<AgencySettingsView> Handle(SetAgencySettingsCommand command, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(command.AgencyCode, cancellationToken);
        if (command.WebhookUrl is not null && await webhooks.Problem(command.WebhookUrl, cancellationToken) is { } problem)
            throw new InvalidInputException("webhookUrl", problem);
        var secret = string.IsNullOrEmpty(command.WebhookSecret) ? null : command.WebhookSecret;
        if (command.WebhookUrl is not null && secret is null)
            secret = (await settings.Webhook(command.AgencyCode, cancellationToken))?.WebhookSecret
                ?? throw new InvalidInputException("webhookSecret", "A webhook needs a secret (at least 16 characters) to sign its deliveries.");
        var close = command.CloseLapsedCases ?? false;
        var email = command.AlertEmail?.Trim();
        await settings.Save(command.AgencyCode, close, command.WebhookUrl, secret, email, cancellationToken);
        return new AgencySettingsView(command.AgencyCode, close, command.WebhookUrl, secret is not null, email);
    }
}

public static class SetAgencySettingsEndpoint
{
    public static void Map(RouteGroupBuilder group)
        => group.MapPut("/{code}/settings", async (string code, AgencySettingsRequest body, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new SetAgencySettingsCommand
                {
                    AgencyCode = code, CloseLapsedCases = body.CloseLapsedCases, WebhookUrl = body.WebhookUrl, WebhookSecret = body.WebhookSecret,
                    AlertEmail = body.AlertEmail, KeepWebhookSecret = body.KeepWebhookSecret ?? false,
                }, ct)))
            .RequireAuthorization(Policies.Administer)
            .WithName("SetAgencySettings")
            .WithSummary("Alert settings of an agency: close lapsed supplement/fee cases automatically (or only warn), the webhook that receives its alerts, and the address that receives them by email; keepWebhookSecret keeps the stored secret when none is sent.");
}
