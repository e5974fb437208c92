using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace CaseTracker.Api.Errors;

/// <summary>
/// A route's role policy refuses an authenticated user: 403 problem details whose detail names the roles the route
/// needs and those the user has (api.md Errors), instead of a bare 403. Everything else goes to the default handler.
/// </summary>
public sealed class ForbiddenProblemDetails(IProblemDetailsService problemDetails, CaseTracker.Api.Identity.IdentityOptions identity)
    : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await fallback.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = await Detail(context, policy, authorizeResult, identity.AgencyClaim),
            },
        });
    }

    /// <summary>
    /// "This needs the role IntakeOfficer or Administrator; you have CaseHandler (agency CX 楚雄州人民政府)": the user's agency by
    /// its code and name (the code alone when it is not in the tree).
    /// </summary>
    public static async Task<string> Detail(HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result, string agencyClaim)
    {
        var needed = (result.AuthorizationFailure?.FailedRequirements ?? policy.Requirements)
            .OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
        var has = context.User.FindAll("role").Select(c => c.Value).ToList();
        var agency = context.User.FindFirst(agencyClaim)?.Value;
        if (!string.IsNullOrEmpty(agency) && context.RequestServices.GetService<CaseTracker.Api.Identity.AgencyAccess>() is { } access)
            agency = await access.Named(agency, context.RequestAborted);
        var yours = has.Count == 0 ? "you have no role" : $"you have {string.Join(", ", has)}";
        if (!string.IsNullOrEmpty(agency)) yours += $" (agency {agency})";
        return needed.Count == 0
            ? $"You may not do this: {yours}."
            : $"This needs the role {string.Join(" or ", needed)}; {yours}.";
    }
}
