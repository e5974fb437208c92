using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Infrastructure.Users;
using Microsoft.AspNetCore.Identity;

namespace CaseTracker.Api.Features.Users;

/// <summary>A user as administrators see them (never the password hash or stamp).</summary>
public sealed record UserView(string Login, string Name, string AgencyCode, IReadOnlyList<string> Roles, bool Active, DateTimeOffset? LockedOutUntil,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset ChangedAt, string ChangedBy)
{
    public static UserView Of(UserAccount u, DateTimeOffset now) => new(u.Login, u.Name, u.AgencyCode, u.Roles, u.Active,
        u.LockoutEnd is { } end && end > now ? end : null, u.CreatedAt, u.CreatedBy, u.ChangedAt, u.ChangedBy);
}

/// <summary>What the user routes share: the roles check, the administrator's reach, and Identity's refusals as field errors.</summary>
internal static class UserRules
{
    public static void ValidateRoles(Validator v, IReadOnlyList<string>? roles)
    {
        if (roles is null || roles.Count == 0)
        {
            v.Error("roles", $"roles is required: one or more of {string.Join(", ", Roles.All)}.");
            return;
        }

        foreach (var role in roles.Where(r => !Roles.All.Contains(r)).Distinct())
            v.Error("roles", $"'{role}' is not a role; give one of {string.Join(", ", Roles.All)}.");
    }

    /// <summary>The user, if the administrator's tree holds them; 404 otherwise (for them the user does not exist).</summary>
    public static async Task<UserAccount> Managed(UserManager<UserAccount> users, AgencyAccess access, string login, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(login);
        if (user is null || !(await access.Visible(cancellationToken)).Contains(user.AgencyCode))
            throw new NotFoundException("user", $"There is no user {login} in the agencies you administer.");
        return user;
    }

    /// <summary>Identity's refusal as 400 with the field it concerns.</summary>
    public static void ThrowIfFailed(IdentityResult result)
    {
        if (result.Succeeded) return;
        var v = new Validator();
        foreach (var error in result.Errors)
        {
            if (error.Code == "ConcurrencyFailure")
                throw new ConcurrencyConflictException("The user was changed by someone else meanwhile; read it again.");
            v.Error(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "login", error.Description);
        }

        v.ThrowIfAny();
    }
}
