using System.Globalization;
using System.Threading.RateLimiting;
using CaseTracker.Api.Identity;
using CaseTracker.Infrastructure.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using IdentityOptions = CaseTracker.Api.Identity.IdentityOptions;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseTracker.Api.Features.Users.SignIn;

/// <summary>
/// Attempts to sign in, counted per login (the address is counted by the rate-limiting middleware's
/// <see cref="SignInEndpoints.AddressPolicy"/>): a guesser spreading over many addresses still meets this limit.
/// </summary>
public sealed class SignInLimiter(IdentityOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(login =>
        RateLimitPartition.GetFixedWindowLimiter(login, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.SignInPerLoginPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        }));

    /// <summary>Null when the attempt may go ahead; otherwise how long to wait.</summary>
    public TimeSpan? Refuse(string login)
    {
        using var lease = limiter.AttemptAcquire(login.Trim().ToUpperInvariant());
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => limiter.Dispose();
}

/// <summary>The screens' sign-in: local password (a form with antiforgery), OpenID Connect, sign-out, and the API's antiforgery token.</summary>
public static class SignInEndpoints
{
    /// <summary>The rate-limiting policy of the sign-in route, per client address.</summary>
    public const string AddressPolicy = "sign-in-per-address";

    internal static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account").WithTags("Sign-in");
        group.MapPost("/sign-in", SignIn)
            .RequireRateLimiting(AddressPolicy)
            .WithName("SignIn")
            .WithSummary("Sign in with login and password (form fields login, password, returnUrl and the antiforgery token); redirects to the page.");
        group.MapPost("/sign-out", async ([FromForm] string? returnUrl, SignInManager<UserAccount> signIn) =>
            {
                await signIn.SignOutAsync();
                return TypedResults.Redirect("/");
            })
            .WithName("SignOut");
        group.MapGet("/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(http);
                return TypedResults.Ok(new { headerName = tokens.HeaderName, token = tokens.RequestToken });
            })
            .RequireAuthorization()
            .WithName("AntiforgeryToken")
            .WithSummary("The token a signed-in screen sends in X-CSRF-TOKEN with every POST, PUT or DELETE to the API.");
        group.MapGet("/oidc", (IdentityOptions identity) => identity.Oidc.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [OpenIdConnectDefaults.AuthenticationScheme])
                : Results.NotFound())
            .WithName("SignInWithProvider")
            .WithSummary("Sign in at the deployment's identity provider (when Auth:Oidc is configured).");
    }

    private static async Task<IResult> SignIn([FromForm] SignInForm form, SignInManager<UserAccount> signIn, SignInLimiter limiter, IdentityOptions identity,
        HttpContext http)
    {
        var back = LocalUrl(form.ReturnUrl);
        if (!identity.LocalPasswords) return TypedResults.Redirect(WithError("/", "local-off"));
        if (string.IsNullOrWhiteSpace(form.Login) || string.IsNullOrEmpty(form.Password)) return TypedResults.Redirect(WithError("/", "failed", back));
        if (limiter.Refuse(form.Login) is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many sign-in attempts",
                detail: $"Too many attempts for this login; try again in {Math.Ceiling(wait.TotalSeconds)} seconds.");
        }

        var result = await signIn.PasswordSignInAsync(form.Login.Trim(), form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return TypedResults.Redirect(back ?? "/");
        return TypedResults.Redirect(WithError("/", result.IsLockedOut ? "locked" : "failed", back));
    }

    private static string WithError(string page, string error, string? back = null)
        => $"{page}?error={error}" + (back is null ? "" : "&returnUrl=" + Uri.EscapeDataString(back));

    /// <summary>Only a path of this site (never //host or an absolute URL): a sign-in must not redirect elsewhere.</summary>
    private static string? LocalUrl(string? url)
        => !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : null;
}

/// <summary>The sign-in form's fields.</summary>
public sealed class SignInForm
{
    public string? Login { get; set; }
    public string? Password { get; set; }
    public string? ReturnUrl { get; set; }
}
