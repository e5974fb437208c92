using System.Security.Claims;
using CaseTracker.Infrastructure.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Api.Identity;

/// <summary>
/// Who is calling: a bearer token (scripts) or the sign-in cookie (screens), chosen per request; local accounts
/// through ASP.NET Core Identity, and OpenID Connect sign-in at the deployment's identity provider when configured.
/// </summary>
public static class Authentication
{
    /// <summary>The scheme that picks bearer or cookie for each request.</summary>
    public const string Scheme = "CaseTracker";

    /// <summary>Administrators of a root agency (the Hangfire dashboard, the national calendar).</summary>
    public const string RootAdministrator = nameof(RootAdministrator);

    public static void AddCaseTrackerIdentity(this IServiceCollection services, IdentityOptions identity, string contentRoot)
    {
        services.AddSingleton(identity);
        services.AddSingleton<UserClaimsFactory>();
        services.AddIdentityCore<UserAccount>(o =>
            {
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.ClaimsIdentity.UserIdClaimType = ClaimNames.Subject;
                o.ClaimsIdentity.UserNameClaimType = ClaimNames.Login;
                o.ClaimsIdentity.RoleClaimType = ClaimNames.Role;
                o.ClaimsIdentity.SecurityStampClaimType = ClaimNames.Stamp;
            })
            .AddUserStore<UserStore>()
            .AddSignInManager<CaseTrackerSignInManager>();
        services.AddScoped<IUserClaimsPrincipalFactory<UserAccount>>(p => p.GetRequiredService<UserClaimsFactory>());
        services.AddScoped<UserStore>();
    }

    /// <summary>The web service's schemes and policies (the verbs need only <see cref="AddCaseTrackerIdentity"/>).</summary>
    public static void AddCaseTrackerAuthentication(this IServiceCollection services, IdentityOptions identity, string contentRoot)
    {
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "X-CSRF-TOKEN";
            o.Cookie.Name = "casetracker.af";
        });
        var builder = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "bearer or cookie", o => o.ForwardDefaultSelector = SelectScheme)
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = "casetracker";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie = new LoopbackAwareCookieBuilder(o.Cookie);
                o.ExpireTimeSpan = TimeSpan.FromMinutes(identity.IdleTimeoutMinutes);
                o.SlidingExpiration = true;
                o.LoginPath = "/";
                o.LogoutPath = "/account/sign-out";
                o.AccessDeniedPath = "/";
                o.Events.OnValidatePrincipal = ValidateCookie;
                o.Events.OnRedirectToLogin = c => Deny(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Deny(c, StatusCodes.Status403Forbidden);
            })
            .AddCookie(IdentityConstants.ExternalScheme, o =>
            {
                o.Cookie.Name = "casetracker.external";
                o.Cookie = new LoopbackAwareCookieBuilder(o.Cookie);
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    NameClaimType = ClaimNames.Name,
                    RoleClaimType = ClaimNames.Role,
                    ValidIssuer = identity.Issuer,
                    ValidAudience = identity.Audience,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromMinutes(1),
                };
                if (!string.IsNullOrWhiteSpace(identity.Authority))
                {
                    o.Authority = identity.Authority;
                    o.Audience = identity.Audience;
                }
                else
                {
                    o.TokenValidationParameters.IssuerSigningKey = SigningKeys.Resolve(identity, contentRoot);
                }

                o.Events = new JwtBearerEvents { OnTokenValidated = BearerTokenValidated };
            });
        if (identity.Oidc.Enabled) builder.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, o => OidcSignIn.Configure(o, identity.Oidc));

        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Policies.RolesByPolicy)
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            o.AddPolicy(RootAdministrator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator).RequireAssertion(IsRootAdministrator));
        });
    }

    /// <summary>A bearer header means a script; otherwise the sign-in cookie, which the API refuses with 401 rather than a redirect.</summary>
    private static string SelectScheme(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count > 0) return JwtBearerDefaults.AuthenticationScheme;
        if (context.Request.Cookies.ContainsKey("casetracker")) return IdentityConstants.ApplicationScheme;
        return context.Request.Path.StartsWithSegments("/api") ? JwtBearerDefaults.AuthenticationScheme : IdentityConstants.ApplicationScheme;
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status403Forbidden || IsApi(context.Request) || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every request of a signed-in screen checks the user against the users table: a disabled user, or one whose roles,
    /// agency or password changed (a new security stamp), is signed out at once; otherwise the request acts with the
    /// agency and roles the table holds. (Identity's own validator only looks again after an interval.)
    /// </summary>
    private static async Task ValidateCookie(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var user = context.Principal is null ? null : await services.GetRequiredService<SignInManager<UserAccount>>().ValidateSecurityStampAsync(context.Principal);
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        context.ReplacePrincipal(new ClaimsPrincipal(services.GetRequiredService<UserClaimsFactory>().Identity(user, IdentityConstants.ApplicationScheme)));
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>
    /// A bearer token names an existing, active user (its subject) and, when it carries one, that user's current
    /// security stamp; it lives no longer than <c>Auth:TokenMaxLifetimeHours</c>. The request then acts with the
    /// user's agency and roles as the users table holds them.
    /// </summary>
    private static async Task BearerTokenValidated(Microsoft.AspNetCore.Authentication.JwtBearer.TokenValidatedContext context)
    {
        var identity = context.HttpContext.RequestServices.GetRequiredService<IdentityOptions>();
        var principal = context.Principal!;
        var subject = principal.FindFirstValue(ClaimNames.Subject);
        if (string.IsNullOrWhiteSpace(subject))
        {
            context.Fail("The token has no subject.");
            return;
        }

        if (context.SecurityToken is JsonWebToken jwt)
        {
            var from = jwt.IssuedAt != default ? jwt.IssuedAt : jwt.ValidFrom;
            if (from == default || jwt.ValidTo - from > identity.TokenMaxLifetime)
            {
                context.Fail($"The token lives longer than {identity.TokenMaxLifetimeHours} hours.");
                return;
            }
        }

        var services = context.HttpContext.RequestServices;
        var users = services.GetRequiredService<UserManager<UserAccount>>();
        UserAccount? user;
        if (principal.FindFirstValue(ClaimNames.Stamp) is not null || string.IsNullOrWhiteSpace(identity.Authority))
        {
            user = await services.GetRequiredService<SignInManager<UserAccount>>().ValidateSecurityStampAsync(principal);
        }
        else
        {
            // A token of the identity provider: the provider's login claim names the local user (made at their first sign-in).
            var login = principal.FindFirstValue(identity.Oidc.LoginClaim) ?? subject;
            user = await users.FindByNameAsync(login);
            if (user is { Active: false }) user = null;
        }

        if (user is null)
        {
            context.Fail("The token's user does not exist, is disabled, or has signed out everywhere since it was issued.");
            return;
        }

        var claims = services.GetRequiredService<UserClaimsFactory>();
        context.Principal = new ClaimsPrincipal(claims.Identity(user, JwtBearerDefaults.AuthenticationScheme));
    }

    private static async Task<bool> IsRootAdministrator(AuthorizationHandlerContext context)
    {
        var http = context.Resource as HttpContext;
        if (http is null) return false;
        var options = http.RequestServices.GetRequiredService<IdentityOptions>();
        var agency = context.User.FindFirstValue(options.AgencyClaim);
        if (string.IsNullOrEmpty(agency)) return false;
        var node = await http.RequestServices.GetRequiredService<AgencyAccess>().Find(agency, http.RequestAborted);
        // Not yet in the tree: the first administrator, before they create the root agency under their own code.
        return node is null || node.ParentCode is null;
    }

    /// <summary>
    /// Unsafe requests that rely on the sign-in cookie carry the antiforgery token (header <c>X-CSRF-TOKEN</c> for
    /// the API, the form field for forms); bearer requests cannot be forged by another site and need none.
    /// </summary>
    public static IApplicationBuilder UseCookieAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var method = context.Request.Method;
        if (!(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: var type } && type == IdentityConstants.ApplicationScheme
            && IsApi(context.Request))
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status400BadRequest,
                        Title = "Antiforgery token missing or invalid",
                        Detail = "A request signed in by the cookie must carry the X-CSRF-TOKEN header from GET /account/antiforgery.",
                    },
                });
                return;
            }
        }

        await next(context);
    });
}

/// <summary>Marks the cookie Secure unless the request came over plain HTTP from this machine (a developer's browser).</summary>
internal sealed class LoopbackAwareCookieBuilder : CookieBuilder
{
    public LoopbackAwareCookieBuilder(CookieBuilder from)
    {
        Name = from.Name;
        HttpOnly = true;
        SameSite = SameSiteMode.Lax;
        Path = "/";
        IsEssential = true;
    }

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        var remote = context.Connection.RemoteIpAddress;
        var local = remote is not null && System.Net.IPAddress.IsLoopback(remote);
        options.Secure = context.Request.IsHttps || !local;
        return options;
    }
}
