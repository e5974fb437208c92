using System.Net;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Hosting;

/// <summary>The service behind a reverse proxy on the same host: every caller's connection comes from loopback.</summary>
public sealed class ReverseProxyFactory : CaseTrackerFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ForwardedHeaders:Enabled", "true");
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, LoopbackConnection>());
    }

    private sealed class LoopbackConnection : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Issue 12: an anonymous POST to the dashboard once ran a job; behind a local reverse proxy it is refused.</summary>
public class HangfireBehindProxyTests(ReverseProxyFactory factory) : IClassFixture<ReverseProxyFactory>
{
    private static HttpRequestMessage Trigger()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", "deadline-scan")]),
        };
        request.Headers.Add("X-Forwarded-For", "127.0.0.1");
        return request;
    }

    [Fact]
    public async Task TriggerPost_AnonymousOrNonAdministratorOrWithoutAntiforgery_IsRefused()
    {
        var s = await Create(factory);
        var anonymous = await factory.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(Trigger());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var getAnonymous = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, getAnonymous.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await s.Handler.SendAsync(Trigger())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler).SendAsync(Trigger())).StatusCode);

        // A root administrator's browser without the dashboard's antiforgery token (a forged cross-site form): refused by Hangfire.
        var admin = factory.SignedIn($"admin-{s.Root}", s.Root, Roles.Administrator);
        admin.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        var forged = await admin.SendAsync(Trigger());
        Assert.False(forged.IsSuccessStatusCode, $"{forged.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
    }
}
