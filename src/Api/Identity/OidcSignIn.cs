using System.Security.Claims;
using CaseTracker.Infrastructure.Users;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;

namespace CaseTracker.Api.Identity;

/// <summary>What the identity provider's claims make of a person: their login, name, agency and CaseTracker roles.</summary>
public sealed record MappedPerson(string Login, string Name, string AgencyCode, IReadOnlyList<string> Roles);

/// <summary>
/// OpenID Connect sign-in for the screens. The provider's claims are mapped by configuration (<see cref="OidcOptions"/>)
/// to a local user, made or brought up to date at each sign-in, so that assignment and alerts name them like any user;
/// a user disabled here stays out whatever the provider says.
/// </summary>
public static class OidcSignIn
{
    /// <summary>
    /// The person the claims describe, or the reason they cannot sign in (no login, no agency, or no role that maps to
    /// one of CaseTracker's).
    /// </summary>
    public static (MappedPerson? Person, string? Refusal) Map(ClaimsPrincipal principal, OidcOptions options)
    {
        var login = principal.FindFirstValue(options.LoginClaim);
        var agency = principal.FindFirstValue(options.AgencyClaim);
        if (string.IsNullOrWhiteSpace(login)) return (null, $"The identity provider sent no {options.LoginClaim}.");
        if (string.IsNullOrWhiteSpace(agency)) return (null, $"The identity provider sent no {options.AgencyClaim} for {login}.");
        var values = principal.FindAll(options.RoleClaim).SelectMany(c => c.Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries));
        var roles = values
            .Select(v => options.Roles.Count == 0 ? v : options.Roles.GetValueOrDefault(v))
            .Where(r => r is not null && Identity.Roles.All.Contains(r))
            .Select(r => r!)
            .Distinct()
            .ToList();
        if (roles.Count == 0) return (null, $"None of the identity provider's roles for {login} maps to a CaseTracker role.");
        return (new MappedPerson(login.Trim(), principal.FindFirstValue(options.NameClaim) ?? login, agency.Trim(), roles), null);
    }

    internal static void Configure(OpenIdConnectOptions o, OidcOptions options)
    {
        o.Authority = options.Authority;
        o.ClientId = options.ClientId;
        o.ClientSecret = options.ClientSecret;
        o.RequireHttpsMetadata = options.RequireHttpsMetadata;
        o.ResponseType = "code";
        o.UsePkce = true;
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        o.CallbackPath = "/signin-oidc";
        o.SignInScheme = IdentityConstants.ApplicationScheme;
        o.Events = new OpenIdConnectEvents
        {
            OnTokenValidated = async context =>
            {
                var (person, refusal) = Map(context.Principal!, options);
                if (person is null)
                {
                    context.Fail(refusal!);
                    return;
                }

                var services = context.HttpContext.RequestServices;
                var user = await Provision(services.GetRequiredService<UserManager<UserAccount>>(), person);
                if (user is null || !await services.GetRequiredService<SignInManager<UserAccount>>().CanSignInAsync(user))
                {
                    context.Fail($"The user {person.Login} is disabled.");
                    return;
                }

                context.Principal = new ClaimsPrincipal(services.GetRequiredService<UserClaimsFactory>().Identity(user, IdentityConstants.ApplicationScheme));
            },
            OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn))
                    .LogWarning(context.Failure, "OpenID Connect sign-in failed: {Reason}", context.Failure?.Message);
                context.Response.Redirect("/?error=oidc");
                context.HandleResponse();
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>Makes the local user of a provider sign-in, or brings their name, agency and roles up to date (a change ends their other sessions).</summary>
    private static async Task<UserAccount?> Provision(UserManager<UserAccount> users, MappedPerson person)
    {
        var user = await users.FindByNameAsync(person.Login);
        if (user is null)
        {
            user = new UserAccount
            {
                Login = person.Login, Name = person.Name, AgencyCode = person.AgencyCode, Roles = [.. person.Roles], Active = true,
                CreatedBy = "oidc", ChangedBy = "oidc",
            };
            var created = await users.CreateAsync(user);
            return created.Succeeded ? user : null;
        }

        if (!user.Active) return user;
        var changed = user.AgencyCode != person.AgencyCode || !user.Roles.Order().SequenceEqual(person.Roles.Order());
        if (!changed && user.Name == person.Name) return user;
        user.Name = person.Name;
        user.AgencyCode = person.AgencyCode;
        user.Roles = [.. person.Roles];
        user.ChangedBy = "oidc";
        user.ChangedAt = DateTimeOffset.UtcNow;
        var result = changed ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
        return result.Succeeded ? user : null;
    }
}
