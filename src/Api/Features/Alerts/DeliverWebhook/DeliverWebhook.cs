using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.Alerts;

/// <summary>
/// Delivers an alert to its agency's webhook: JSON, signed with HMAC-SHA256 of the body under the agency's
/// secret in <c>X-CaseTracker-Signature: sha256=&lt;hex&gt;</c>; every attempt is logged; a failure throws so
/// Hangfire retries with back-off.
/// </summary>
public sealed class WebhookJobs(IServiceScopeFactory scopes, IHttpClientFactory http, RegisterClock clock)
{
    public const string SignatureHeader = "X-CaseTracker-Signature";

    private sealed class Target
    {
        public string AgencyCode { get; init; } = "";
        public string? WebhookUrl { get; init; }
        public string? WebhookSecret { get; init; }
        public string Payload { get; init; } = "";
    }

    [AutomaticRetry(Attempts = 6, DelaysInSeconds = [10, 60, 300, 900, 3600, 7200])]
    public async Task Deliver(Guid alertId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var alert = (await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetAlertQuery(alertId, System: true), cancellationToken));
        var target = await session.QuerySingleOrDefault<Target>(
            "SELECT agency_code, webhook_url, webhook_secret FROM agency_settings WHERE agency_code = @agency", new { agency = alert.AgencyCode }, cancellationToken);
        if (target?.WebhookUrl is null) return;
        var body = JsonSerializer.Serialize(alert, ApiJson.Options);
        var attempt = await DeliveryLog.NextAttempt(session, alertId, target.WebhookUrl, cancellationToken);
        int? status = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target.WebhookUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(SignatureHeader, Sign(body, target.WebhookSecret ?? ""));
            request.Headers.Add("X-CaseTracker-Delivery", $"{alertId}/{attempt}");
            using var response = await http.CreateClient("webhooks").SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) error = $"HTTP {status}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            error = e.Message;
        }

        await DeliveryLog.Record(session, alertId, alert.AgencyCode, target.WebhookUrl, attempt, status, error, clock.Now, cancellationToken);
        if (error is not null) throw new InvalidOperationException($"Webhook delivery of alert {alertId} failed (attempt {attempt}): {error}; Hangfire retries.");
    }

    /// <summary>
    /// The morning digest of one agency: its open alerts by kind and the cases overdue, due today and due
    /// within 3 working days, signed like an alert. A failure throws so Hangfire retries.
    /// </summary>
    [AutomaticRetry(Attempts = 6, DelaysInSeconds = [10, 60, 300, 900, 3600, 7200])]
    public async Task DeliverDigest(string agencyCode, DateOnly day, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var target = await session.QuerySingleOrDefault<Target>(
            "SELECT agency_code, webhook_url, webhook_secret FROM agency_settings WHERE agency_code = @agency", new { agency = agencyCode }, cancellationToken);
        if (target?.WebhookUrl is null) return;
        var body = JsonSerializer.Serialize(await Digest.Build(session, clock, agencyCode, day, cancellationToken), ApiJson.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.WebhookUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SignatureHeader, Sign(body, target.WebhookSecret ?? ""));
        request.Headers.Add("X-CaseTracker-Delivery", $"digest/{agencyCode}/{day:yyyy-MM-dd}");
        using var response = await http.CreateClient("webhooks").SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Digest for {agencyCode} on {day:yyyy-MM-dd} failed: HTTP {(int)response.StatusCode}; Hangfire retries.");
    }

    public static string Sign(string body, string secret)
        => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}

public sealed record AgencySettingsRequest(bool? CloseLapsedCases, string? WebhookUrl, string? WebhookSecret, string? AlertEmail);

public sealed record AgencySettingsView(string AgencyCode, bool CloseLapsedCases, string? WebhookUrl, bool WebhookSecretSet, string? AlertEmail);

public sealed record SetAgencySettingsCommand : ICommand<AgencySettingsView>, IValidatable, IRetryOnConflict
{
    public required string AgencyCode { get; init; }
    public bool? CloseLapsedCases { get; init; }
    public string? WebhookUrl { get; init; }
    public string? WebhookSecret { get; init; }
    public string? AlertEmail { get; init; }

    public void Validate(Validator v)
    {
        v.Text("alertEmail", AlertEmail, Validator.ShortText, required: false);
        if (AlertEmail is not null && !(MimeKit.MailboxAddress.TryParse(AlertEmail, out var mailbox) && mailbox.Address == AlertEmail.Trim()
                                         && mailbox.Address.IndexOf('@') is > 0 and var at && at < mailbox.Address.Length - 1))
            v.Error("alertEmail", "alertEmail must be one email address, such as supervisors@agency.gov.cn.");
        v.Text("webhookUrl", WebhookUrl, Validator.ShortText, required: false).Text("webhookSecret", WebhookSecret, Validator.ShortText, required: false);
        if (WebhookUrl is not null && !(Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            v.Error("webhookUrl", "webhookUrl must be an absolute http(s) address.");
        if (WebhookUrl is not null && string.IsNullOrEmpty(WebhookSecret))
            v.Error("webhookSecret", "A webhook needs a secret (at least 16 characters) to sign its deliveries.");
        if (WebhookSecret is { Length: < 16 }) v.Error("webhookSecret", "webhookSecret is at least 16 characters.");
    }
}

/// <summary>An agency's alert settings: close lapsed cases automatically (or only warn), its webhook and its alert email address.</summary>
internal sealed class SetAgencySettingsHandler(DbSession session, AgencyAccess access) : ICommandHandler<SetAgencySettingsCommand, AgencySettingsView>
{
    public async ValueTask<AgencySettingsView> Handle(SetAgencySettingsCommand command, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(command.AgencyCode, cancellationToken);
        var p = new
        {
            agency = command.AgencyCode, close = command.CloseLapsedCases ?? false, url = command.WebhookUrl, secret = command.WebhookSecret,
            email = command.AlertEmail?.Trim(),
        };
        var updated = await session.Execute("""
            UPDATE agency_settings SET close_lapsed_cases = @close, webhook_url = @url, webhook_secret = @secret, alert_email = @email
            WHERE agency_code = @agency
            """, p, cancellationToken);
        if (updated == 0)
            await session.Execute("""
                INSERT INTO agency_settings (agency_code, close_lapsed_cases, webhook_url, webhook_secret, alert_email)
                VALUES (@agency, @close, @url, @secret, @email)
                """, p, cancellationToken);
        return new AgencySettingsView(command.AgencyCode, p.close, p.url, p.secret is not null, p.email);
    }
}
