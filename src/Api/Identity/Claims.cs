using System.Security.Claims;
using CaseTracker.Infrastructure.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CaseTracker.Api.Identity;

/// <summary>The claim types of a CaseTracker principal, whether from a cookie or a bearer token.</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Login = "login";
    public const string Role = "role";
    public const string Stamp = "stamp";
}

/// <summary>
/// The principal of a signed-in user, built from the users table (not from what a client sent): subject (the
/// login), name, agency, roles and the security stamp that ends the session when it changes.
/// </summary>
public sealed class UserClaimsFactory(IdentityOptions options) : IUserClaimsPrincipalFactory<UserAccount>
{
    public Task<ClaimsPrincipal> CreateAsync(UserAccount user)
        => Task.FromResult(new ClaimsPrincipal(Identity(user, IdentityConstants.ApplicationScheme)));

    /// <summary>The claims of <paramref name="user"/> under the given authentication type.</summary>
    public ClaimsIdentity Identity(UserAccount user, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimNames.Subject, user.Id),
            new(ClaimNames.Login, user.Login),
            new(ClaimNames.Name, user.Name),
            new(options.AgencyClaim, user.AgencyCode),
            new(ClaimNames.Stamp, user.SecurityStamp),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimNames.Role, r)));
        return new ClaimsIdentity(claims, authenticationType, ClaimNames.Name, ClaimNames.Role);
    }
}

/// <summary>Refuses sign-in and ends sessions of a disabled user, on top of Identity's lockout and security stamp.</summary>
public sealed class CaseTrackerSignInManager(UserManager<UserAccount> userManager, IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<UserAccount> claimsFactory, IOptions<Microsoft.AspNetCore.Identity.IdentityOptions> optionsAccessor,
    ILogger<SignInManager<UserAccount>> logger, Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes,
    IUserConfirmation<UserAccount> confirmation)
    : SignInManager<UserAccount>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(UserAccount user) => user.Active && await base.CanSignInAsync(user);

    public override async Task<bool> ValidateSecurityStampAsync(UserAccount? user, string? securityStamp)
        => user is { Active: true } && await base.ValidateSecurityStampAsync(user, securityStamp);
}
