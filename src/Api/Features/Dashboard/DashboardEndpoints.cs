namespace CaseTracker.Api.Features.Dashboard;

/// <summary>The Dashboard area's route, /api/dashboard.</summary>
public static class DashboardEndpoints
{
    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/dashboard").WithTags("Dashboard");
        GetDashboard.GetDashboardEndpoint.Map(group);
        GetDashboardCharts.GetDashboardChartsEndpoint.Map(group);
    }
}
