namespace CaseTracker.Api.Features.Complaints;

/// <summary>The Complaints area's route, under /api/complaints.</summary>
public static class ComplaintsEndpoints
{
    public static void MapComplaints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/complaints").WithTags("Complaints");
        RegisterComplaint.RegisterComplaintEndpoint.Map(group);
    }
}
