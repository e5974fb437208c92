using System.Net;
using System.Net.Http.Json;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Agencies;

/// <summary>An agency's settings and the agency itself can be read back: retention, lapse-closing, webhook (never its secret), alert e-mail.</summary>
public class GetAgencySettingsTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task GetSettings_ForAnAdministrator_ReturnsWhatWasSetButNeverTheSecret()
    {
        var s = await Create(factory);
        var fresh = await Ok(s.Admin.GetAsync($"/api/agencies/{s.Child}/settings"));
        Assert.Equal(10, (int)fresh["retentionYears"]!);
        Assert.False((bool)fresh["webhookSecretSet"]!);
        Assert.Null(fresh["webhookUrl"]);

        using (var scope = factory.Services.CreateScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.Begin(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<AgencySettingsStore>().Save(s.Child, true, "https://hooks.example.cn/ct", "a-secret-of-16-chars-or-more", "alerts@example.cn", CancellationToken.None);
            await session.Commit(CancellationToken.None);
        }

        (await s.Admin.PutAsJsonAsync($"/api/agencies/{s.Child}/retention", new { years = 7 })).EnsureSuccessStatusCode();
        var response = await s.Admin.GetAsync($"/api/agencies/{s.Child}/settings");
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("a-secret-of-16-chars-or-more", text);
        var read = await Ok(Task.FromResult(response));
        Assert.Equal(7, (int)read["retentionYears"]!);
        Assert.True((bool)read["closeLapsedCases"]!);
        Assert.Equal("https://hooks.example.cn/ct", (string?)read["webhookUrl"]);
        Assert.True((bool)read["webhookSecretSet"]!);
        Assert.Equal("alerts@example.cn", (string?)read["alertEmail"]);
        Assert.Null(read["webhookSecret"]);
    }

    [Fact]
    public async Task GetSettings_ForACaseHandler_Is403_AndForAnUnknownAgency_Is400()
    {
        var s = await Create(factory);
        await Refused(s.Handler.GetAsync($"/api/agencies/{s.Child}/settings"), HttpStatusCode.Forbidden);
        await Refused(s.Admin.GetAsync("/api/agencies/NO-SUCH-AGENCY/settings"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task GetAgency_ReturnsNameAndParent_AndAnAgencyOutsideTheCallersScopeIs404()
    {
        var s = await Create(factory);
        var child = await Ok(s.Handler.GetAsync($"/api/agencies/{s.Child}"));
        Assert.Equal(s.Child, (string?)child["code"]);
        Assert.Equal("测试州人民政府", (string?)child["name"]);
        Assert.Equal(s.Root, (string?)child["parentCode"]);
        Assert.Null((await Ok(s.Admin.GetAsync($"/api/agencies/{s.Root}")))["parentCode"]);
        await Refused(s.Handler.GetAsync($"/api/agencies/{s.Root}"), HttpStatusCode.NotFound);
        await Refused(s.Handler.GetAsync("/api/agencies/NO-SUCH-AGENCY"), HttpStatusCode.NotFound);
    }
}
