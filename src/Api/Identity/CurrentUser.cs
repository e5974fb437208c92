using System.Security.Claims;
using CaseTracker.Domain.Cases;

namespace CaseTracker.Api.Identity;

/// <summary>The user acting in this request, read from the validated token (or set by a command-line verb).</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, IdentityOptions options)
{
    private ClaimsPrincipal? commandLine;

    private ClaimsPrincipal Principal => commandLine ?? accessor.HttpContext?.User ?? new ClaimsPrincipal();

    /// <summary>A background job acting for the register itself, not for a person.</summary>
    public bool IsSystem => commandLine is null && accessor.HttpContext is null;

    public string UserId => IsSystem ? Actor.System.UserId : Principal.FindFirstValue("sub") ?? Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";

    public string Name => IsSystem ? Actor.System.Name : Principal.FindFirstValue("name") ?? UserId;

    public string AgencyCode => Principal.FindFirstValue(options.AgencyClaim) ?? "";

    public IReadOnlyList<string> Roles => Principal.FindAll("role").Select(c => c.Value).ToList();

    public bool IsInRole(string role) => Roles.Contains(role);

    public Actor Actor => IsSystem ? Actor.System : new(UserId, Name);

    /// <summary>
    /// A command-line verb acts for the person who ran it (there is no token): for the rest of this scope
    /// the user is <paramref name="userId"/> of <paramref name="agencyCode"/> with <paramref name="roles"/>.
    /// </summary>
    public void ActAs(string userId, string name, string agencyCode, IEnumerable<string> roles)
    {
        var claims = new List<Claim> { new("sub", userId), new("name", name), new(options.AgencyClaim, agencyCode) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        commandLine = new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType: "command-line", nameType: "name", roleType: "role"));
    }
}
