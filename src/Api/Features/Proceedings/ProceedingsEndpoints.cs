namespace CaseTracker.Api.Features.Proceedings;

/// <summary>The Proceedings area's routes, under /api/proceedings: filing a review or lawsuit, and its conclusion.</summary>
public static class ProceedingsEndpoints
{
    public static void MapProceedings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/proceedings").WithTags("Review and litigation");
        FileProceeding.FileProceedingEndpoint.Map(group);
        ConcludeProceeding.ConcludeProceedingEndpoint.Map(group);
    }
}
