namespace CaseTracker.Api.Features.PersonalData;

/// <summary>The PersonalData area's routes: the logged full read of one case's applicant and the access log.</summary>
public static class PersonalDataEndpoints
{
    public static void MapPersonalData(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("PersonalData");
        ShowApplicant.ShowApplicantEndpoint.Map(group);
        ListPersonalDataLog.ListPersonalDataLogEndpoint.Map(group);
        SetRetention.SetRetentionEndpoint.Map(group);
    }
}
