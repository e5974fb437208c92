using System.Security.Claims;
using CaseTracker.Domain.Cases;

namespace CaseTracker.Api.Identity;

/// <summary>The user acting in this request, read from the validated token.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, IdentityOptions options)
{
    private ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    /// <summary>A background job or CLI verb acting for the register itself, not for a person.</summary>
    public bool IsSystem => accessor.HttpContext is null;

    public string UserId => IsSystem ? Actor.System.UserId : Principal.FindFirstValue("sub") ?? Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";

    public string Name => IsSystem ? Actor.System.Name : Principal.FindFirstValue("name") ?? UserId;

    public string AgencyCode => Principal.FindFirstValue(options.AgencyClaim) ?? "";

    public IReadOnlyList<string> Roles => Principal.FindAll("role").Select(c => c.Value).ToList();

    public bool IsInRole(string role) => Roles.Contains(role);

    public Actor Actor => IsSystem ? Actor.System : new(UserId, Name);
}
