using CaseTracker.Api.Features.Agencies.CreateAgency;
using CaseTracker.Api.Features.Agencies.ListAgencies;
using CaseTracker.Api.Features.Agencies.SetAgencySettings;
using CaseTracker.Api.Features.Agencies.UpdateAgency;

namespace CaseTracker.Api.Features.Agencies;

/// <summary>The Agencies area's routes, under /api/agencies; each route states the role it needs.</summary>
public static class AgenciesEndpoints
{
    public static void MapAgencies(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/agencies").WithTags("Agencies");
        CreateAgencyEndpoint.Map(group);
        ListAgenciesEndpoint.Map(group);
        SetAgencySettingsEndpoint.Map(group);
        UpdateAgencyEndpoint.Map(group);
        GetAgencyHistoryEndpoint.Map(group);
        SetImportMapping.SetImportMappingEndpoint.Map(group);
        GetAgency.GetAgencyEndpoint.Map(group);
        GetAgencySettings.GetAgencySettingsEndpoint.Map(group);
        CostPrices.CostPricesEndpoint.Map(group);
    }
}
