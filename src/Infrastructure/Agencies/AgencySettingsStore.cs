using CaseTracker.Infrastructure.Notifications;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Agencies;

/// <summary>The agencies an alert or digest goes out to: those with a webhook, and those with an alert address when a mail server is configured.</summary>
public sealed record DeliveryTargets(IReadOnlyList<string> Webhook, IReadOnlyList<string> Email);

/// <summary>An agency's webhook and the secret its deliveries are signed with.</summary>
public sealed class WebhookTarget
{
    public string AgencyCode { get; init; } = "";
    public string? WebhookUrl { get; init; }
    public string? WebhookSecret { get; init; }
}

/// <summary>
/// An agency's alert settings (table <c>agency_settings</c>): whether lapsed supplement and fee cases are closed
/// automatically, its webhook and secret, its alert email address.
/// </summary>
public sealed class AgencySettingsStore(DbSession session, PersonalData.PersonalDataProtector protector)
{
    private sealed class TargetRow
    {
        public string AgencyCode { get; init; } = "";
        public string? WebhookUrl { get; init; }
        public string? AlertEmail { get; init; }
    }

    private sealed class CloseRow
    {
        public string AgencyCode { get; init; } = "";
        public bool CloseLapsedCases { get; init; }
    }

    private sealed class EmailRow
    {
        public string? AlertEmail { get; init; }
    }

    /// <summary>Replaces the agency's settings (a PUT: what is null is cleared); the webhook secret is stored sealed.</summary>
    public async Task Save(string agencyCode, bool closeLapsedCases, string? webhookUrl, string? webhookSecret, string? alertEmail,
        CancellationToken cancellationToken)
    {
        var p = new { agency = agencyCode, close = closeLapsedCases, url = webhookUrl, secret = protector.SealWebhookSecret(webhookSecret), email = alertEmail };
        var updated = await session.Execute("""
            UPDATE agency_settings SET close_lapsed_cases = @close, webhook_url = @url, webhook_secret = @secret, alert_email = @email
            WHERE agency_code = @agency
            """, p, cancellationToken);
        if (updated == 0)
            await session.Execute("""
                INSERT INTO agency_settings (agency_code, close_lapsed_cases, webhook_url, webhook_secret, alert_email)
                VALUES (@agency, @close, @url, @secret, @email)
                """, p, cancellationToken);
    }

    /// <summary>The agencies with a webhook, and (when <paramref name="mailer"/> is enabled) those with an alert address.</summary>
    public async Task<DeliveryTargets> DeliveryTargets(SmtpMailer mailer, CancellationToken cancellationToken)
    {
        var rows = await session.Query<TargetRow>(
            "SELECT agency_code, webhook_url, alert_email FROM agency_settings WHERE webhook_url IS NOT NULL OR alert_email IS NOT NULL", null, cancellationToken);
        return new(rows.Where(r => r.WebhookUrl is not null).Select(r => r.AgencyCode).ToList(),
            mailer.Enabled ? rows.Where(r => r.AlertEmail is not null).Select(r => r.AgencyCode).ToList() : []);
    }

    /// <summary>The agency's webhook with its secret unsealed (to sign a delivery now), or null when it has no settings.</summary>
    public async Task<WebhookTarget?> Webhook(string agencyCode, CancellationToken cancellationToken)
    {
        var stored = await session.QuerySingleOrDefault<WebhookTarget>(
            "SELECT agency_code, webhook_url, webhook_secret FROM agency_settings WHERE agency_code = @agency", new { agency = agencyCode }, cancellationToken);
        return stored is null ? null : new WebhookTarget
        {
            AgencyCode = stored.AgencyCode, WebhookUrl = stored.WebhookUrl, WebhookSecret = protector.UnsealWebhookSecret(stored.WebhookSecret),
        };
    }

    /// <summary>An agency's stored settings without the secret (only whether one is set); null when it has none.</summary>
    public sealed class StoredSettings
    {
        public bool CloseLapsedCases { get; init; }
        public string? WebhookUrl { get; init; }
        public bool WebhookSecretSet { get; init; }
        public string? AlertEmail { get; init; }
    }

    /// <summary>The agency's settings as stored, the webhook secret only as whether it is set; null when it has none.</summary>
    public Task<StoredSettings?> Read(string agencyCode, CancellationToken cancellationToken)
        => session.QuerySingleOrDefault<StoredSettings>("""
            SELECT close_lapsed_cases, webhook_url, CASE WHEN webhook_secret IS NULL THEN 0 ELSE 1 END AS webhook_secret_set, alert_email
            FROM agency_settings WHERE agency_code = @agency
            """, new { agency = agencyCode }, cancellationToken);

    /// <summary>The agency's alert email address, or null.</summary>
    public async Task<string?> AlertEmail(string agencyCode, CancellationToken cancellationToken)
        => (await session.QuerySingleOrDefault<EmailRow>(
            "SELECT alert_email FROM agency_settings WHERE agency_code = @agency", new { agency = agencyCode }, cancellationToken))?.AlertEmail;

    /// <summary>Whether the agency closes lapsed supplement and fee cases (else it is only warned).</summary>
    public async Task<bool> ClosesLapsedCases(string agencyCode, CancellationToken cancellationToken)
        => await session.ExecuteScalar<int>(
            "SELECT COUNT(*) FROM agency_settings WHERE agency_code = @agency AND close_lapsed_cases = @yes", new { agency = agencyCode, yes = true },
            cancellationToken) > 0;

    /// <summary>The agencies that close lapsed supplement and fee cases.</summary>
    public async Task<IReadOnlySet<string>> AgenciesClosingLapsedCases(CancellationToken cancellationToken)
        => (await session.Query<string>(
            "SELECT agency_code FROM agency_settings WHERE close_lapsed_cases = @yes", new { yes = true }, cancellationToken)).ToHashSet();

    /// <summary>Every agency's choice to close lapsed cases, by agency code (an agency without settings: not there, so false).</summary>
    public async Task<IReadOnlyDictionary<string, bool>> CloseLapsedCasesByAgency(CancellationToken cancellationToken)
        => (await session.Query<CloseRow>(
            "SELECT agency_code, close_lapsed_cases FROM agency_settings", null, cancellationToken)).ToDictionary(s => s.AgencyCode, s => s.CloseLapsedCases);
}
