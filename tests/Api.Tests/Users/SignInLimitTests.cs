using System.Net;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace CaseTracker.Api.Tests.Users;

/// <summary>The sign-in route with low limits: 3 a minute per address, 2 a minute per login.</summary>
public sealed class LowSignInLimitsFactory : CaseTrackerFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:SignInPerAddressPerMinute", "3");
        builder.UseSetting("Auth:SignInPerLoginPerMinute", "2");
    }
}

/// <summary>Issue 12: the sign-in route is rate-limited per login and per address (429 with Retry-After).</summary>
public class SignInLimitTests(LowSignInLimitsFactory factory) : IClassFixture<LowSignInLimitsFactory>
{
    [Fact]
    public async Task SignIn_BeyondTheLimits_Is429WithRetryAfter()
    {
        factory.EnsureUser("limited-a", "CX", Roles.CaseHandler);
        var browser = factory.Browser();
        // Per login: the third attempt for the same login within a minute.
        Assert.Equal(HttpStatusCode.Redirect, (await CaseTrackerFactory.SignIn(browser, "limited-a", "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await CaseTrackerFactory.SignIn(browser, "limited-a", "wrong")).StatusCode);
        var perLogin = await CaseTrackerFactory.SignIn(browser, "limited-a", CaseTrackerFactory.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, perLogin.StatusCode);
        Assert.True(perLogin.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After");

        // Per address: the fourth attempt from the same address, whatever the login.
        var perAddress = await CaseTrackerFactory.SignIn(browser, "limited-b", "wrong");
        Assert.Equal(HttpStatusCode.TooManyRequests, perAddress.StatusCode);
        Assert.True(perAddress.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After");
    }
}
