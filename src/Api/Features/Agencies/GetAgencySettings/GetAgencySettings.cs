using CaseTracker.Api.Identity;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.PersonalData;
using Mediator;

namespace CaseTracker.Api.Features.Agencies.GetAgencySettings;

/// <summary>
/// An agency's settings as they stand: how many years after closing it keeps applicants' personal data, whether lapsed
/// supplement and fee cases are closed automatically, its webhook address and whether a webhook secret is set (never the
/// secret itself), and its alert e-mail address.
/// </summary>
public sealed record AgencySettingsRead(string AgencyCode, int RetentionYears, bool CloseLapsedCases, string? WebhookUrl, bool WebhookSecretSet, string? AlertEmail);

public sealed record GetAgencySettingsQuery(string AgencyCode) : IQuery<AgencySettingsRead>;

/// <summary>For an Administrator of the agency or above it (the same scope as PUT …/settings); others are refused with 403, an unknown code with 400.</summary>
internal sealed class GetAgencySettingsHandler(AgencyAccess access, AgencySettingsStore settings, Retention retention)
    : IQueryHandler<GetAgencySettingsQuery, AgencySettingsRead>
{
    public async ValueTask<AgencySettingsRead> Handle(GetAgencySettingsQuery query, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(query.AgencyCode, cancellationToken);
        var stored = await settings.Read(query.AgencyCode, cancellationToken);
        return new AgencySettingsRead(query.AgencyCode, await retention.YearsOf(query.AgencyCode, cancellationToken), stored?.CloseLapsedCases ?? false,
            stored?.WebhookUrl, stored?.WebhookSecretSet ?? false, stored?.AlertEmail);
    }
}

public static class GetAgencySettingsEndpoint
{
    public static void Map(RouteGroupBuilder group)
        => group.MapGet("/{code}/settings", async (string code, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetAgencySettingsQuery(code), ct)))
            .RequireAuthorization(Policies.Administer)
            .WithName("GetAgencySettings")
            .WithSummary("An agency's settings: retentionYears, closeLapsedCases, webhookUrl, webhookSecretSet (never the secret), alertEmail; Administrators of the agency or above it.");
}
