using System.Net;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Reports;

/// <summary>The report routes with a low limit: 3 report or export requests per user in a 10-minute window.</summary>
public sealed class LowReportLimitFactory : CaseTrackerFactory
{
    public const int Limit = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:ReportsPerUser", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:ReportWindowSeconds", "600");
    }
}

/// <summary>Issue 14 item 4, security.md "Abuse and faults": report and export requests are limited per user (429 with Retry-After).</summary>
public class GetAnnualReportLimitTests(LowReportLimitFactory factory) : IClassFixture<LowReportLimitFactory>
{
    [Fact]
    public async Task Reports_BeyondTheUsersLimit_Are429WithRetryAfter_OtherUsersUnaffected()
    {
        var s = await Create(factory);
        var supervisor = factory.As("limited-supervisor-" + s.Root, s.Root, Roles.Supervisor);
        for (var i = 0; i < LowReportLimitFactory.Limit; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/annual/2025?agency={s.Root}&subtree=true");
            if (i == 1) request.Headers.Accept.ParseAdd("text/csv");
            Assert.Equal(HttpStatusCode.OK, (await supervisor.SendAsync(request)).StatusCode);
        }

        using var refusedRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/annual/2025?agency={s.Root}");
        refusedRequest.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var refused = await supervisor.SendAsync(refusedRequest);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var wait = refused.Headers.RetryAfter?.Delta;
        Assert.True(wait > TimeSpan.Zero && wait <= TimeSpan.FromSeconds(600), $"Retry-After {wait}");
        var problem = await Refused(Task.FromResult(refused), HttpStatusCode.TooManyRequests);
        Assert.Equal("请求过于频繁", (string?)problem["title"]);
        Assert.Contains("秒后再试", (string?)problem["detail"]);

        // A snapshot generation counts against the same limit; another user of the agency still has hers.
        var generate = await supervisor.Post("/api/reports/snapshots", new { year = 2025, agency = s.Root });
        Assert.Equal(HttpStatusCode.TooManyRequests, generate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Root}")).StatusCode);
    }
}
