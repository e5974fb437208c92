using CaseTracker.Api.Features.Alerts.AcknowledgeAlert;
using CaseTracker.Api.Features.Alerts.GetAlert;
using CaseTracker.Api.Features.Alerts.ListAlerts;
using CaseTracker.Api.Identity;

namespace CaseTracker.Api.Features.Alerts;

/// <summary>The Alerts area's routes, under /api/alerts, for every role that reads the register.</summary>
public static class AlertsEndpoints
{
    public static void MapAlerts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(Policies.Read);
        ListAlertsEndpoint.Map(group);
        GetAlertEndpoint.Map(group);
        AcknowledgeAlertEndpoint.Map(group);
    }
}
