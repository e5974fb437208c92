using CaseTracker.Api.Identity;

namespace CaseTracker.Api.Features.Reports;

/// <summary>The Reports area's routes, under /api/reports, for Supervisors and Administrators.</summary>
public static class ReportsEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Reports);
        GetAnnualReport.GetAnnualReportEndpoint.Map(group);
        var snapshots = group.MapGroup("/snapshots");
        GenerateSnapshot.GenerateSnapshotEndpoint.Map(snapshots);
        ListSnapshots.ListSnapshotsEndpoint.Map(snapshots);
        GetSnapshot.GetSnapshotEndpoint.Map(snapshots);
        PublishSnapshot.PublishSnapshotEndpoint.Map(snapshots);
        ListReminders.ListRemindersEndpoint.Map(group);
        GetTrends.GetTrendsEndpoint.Map(group);
    }
}
