using System.Security.Claims;
using CaseTracker.Infrastructure.Users;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Api.Identity;

/// <summary>Issues bearer tokens for scripts (the <c>token</c> verb and tests): an existing, active user's claims and security stamp.</summary>
public static class TokenIssuer
{
    /// <summary>
    /// A token for <paramref name="user"/>, valid for <paramref name="lifetime"/> from <paramref name="now"/>. Refuses
    /// (<see cref="InvalidOperationException"/>) a disabled user; the caller checks the lifetime against the maximum.
    /// </summary>
    public static string Issue(IdentityOptions options, SecurityKey key, UserAccount user, TimeSpan lifetime, DateTimeOffset now)
    {
        if (!user.Active) throw new InvalidOperationException($"The user {user.Login} is disabled.");
        return Issue(options, key, user.Id, user.Name, user.AgencyCode, user.Roles, user.SecurityStamp, lifetime, now);
    }

    /// <summary>A token with exactly these claims (tests use it to forge bad tokens; a stamp that matches no user is refused).</summary>
    public static string Issue(IdentityOptions options, SecurityKey key, string? userId, string name, string agency,
        IEnumerable<string> roles, string? stamp, TimeSpan lifetime, DateTimeOffset now)
    {
        var claims = new List<Claim> { new("name", name), new(options.AgencyClaim, agency) };
        if (userId is not null) claims.Add(new(JwtRegisteredClaimNames.Sub, userId));
        if (stamp is not null) claims.Add(new(ClaimNames.Stamp, stamp));
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = now.UtcDateTime.Add(lifetime),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
