using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Dashboard;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Reports;

/// <summary>GET /api/reports/trends (issue 18): every year of the register, figures counted from the cases the test creates.</summary>
public class GetTrendsTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task Trends_OfTheTree_CountEveryYearFromTheFirstCase_AndEachCountIsItsCaseList()
    {
        var s = await DashboardRegister.Build(factory);
        var t = await Ok(s.Supervisor.GetAsync($"/api/reports/trends?agency={s.Root}&subtree=true"));
        var years = t["years"]!.AsArray();
        Assert.Equal(Enumerable.Range(2019, 8), years.Select(y => (int)y!["year"]!));
        Assert.Equal(["disclosed", "partially_disclosed", "withheld", "unable", "not_processed", "other"], t["groups"]!.AsArray().Select(g => (string)g!["key"]!));
        Assert.Equal("（三）不予公开", (string?)t["groups"]![2]!["label"]);

        JsonNode Year(int year) => years.Single(y => (int)y!["year"]! == year)!;
        // 2019: one Regime 2008 case, answered AlreadyPublic: the crosswalk counts it under （一）予以公开.
        AssertYear(Year(2019), received: 1, closed: 1, onTime: 1, rate: 100.0m, provisional: false, ("disclosed", 1));
        foreach (var empty in Enumerable.Range(2020, 5)) AssertYear(Year(empty), 0, 0, 0, null, false);
        AssertYear(Year(2025), received: 2, closed: 1, onTime: 1, rate: 100.0m, provisional: false, ("unable", 1));
        // 2026: the online request is not received until confirmed; 3 of 4 closed on time (the withheld one late).
        AssertYear(Year(2026), received: 5, closed: 4, onTime: 3, rate: 75.0m, provisional: true, ("disclosed", 2), ("withheld", 1), ("not_processed", 1));

        foreach (var (key, link) in t["links"]!.AsObject())
        {
            var parts = key.Split('.');
            var y = Year(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
            var expected = parts[1] == "outcomes" ? (int)y["outcomes"]![parts[2]]! : (int)y[parts[1]]!;
            var list = await Ok(s.Supervisor.GetAsync((string)link!));
            Assert.True(expected == (int)list["total"]!, $"{key}: trends {expected}, list {(int)list["total"]!} ({link})");
        }

        Assert.Equal(8 * 9, t["links"]!.AsObject().Count);

        var child = await Ok(s.Supervisor.GetAsync($"/api/reports/trends?agency={s.Child}"));
        Assert.Equal([2026], child["years"]!.AsArray().Select(y => (int)y!["year"]!));
        Assert.Equal(3, (int)child["years"]![0]!["closed"]!);
    }

    [Fact]
    public async Task Trends_OfAnAgencyWithoutCases_HaveNoYear_AndTheCallersOwnAgencyIsTheDefault()
    {
        var s = await Create(factory);
        var t = await Ok(s.Supervisor.GetAsync("/api/reports/trends"));
        Assert.Equal(s.Root, (string?)t["agency"]);
        Assert.False((bool)t["subtree"]!);
        Assert.Empty(t["years"]!.AsArray());
    }

    [Fact]
    public async Task Trends_Refusals_AreProblemDetailsWithAChineseDetail()
    {
        var s = await Create(factory);
        var unknown = await Refused(Get(s.Supervisor, "/api/reports/trends?agency=NOSUCH9"), HttpStatusCode.BadRequest);
        Assert.Contains("不存在机关NOSUCH9", (string?)unknown["detail"]);

        var childSupervisor = factory.As("supervisor-" + s.Child, s.Child, Roles.Supervisor);
        var outside = await Refused(Get(childSupervisor, $"/api/reports/trends?agency={s.Root}&subtree=true"), HttpStatusCode.Forbidden);
        Assert.Contains(s.Root, (string?)outside["detail"]);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", (string?)outside["detail"]);

        var bad = await Refused(Get(s.Supervisor, "/api/reports/trends?subtree=maybe"), HttpStatusCode.BadRequest);
        Assert.Contains("subtree", bad["errors"]!.AsObject().Select(e => e.Key));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", (string?)bad["detail"]);

        var malformed = await Refused(Get(s.Supervisor, "/api/reports/trends?agency=%3Cscript%3E"), HttpStatusCode.BadRequest);
        Assert.Contains("agency", malformed["errors"]!.AsObject().Select(e => e.Key));

        await Refused(Get(s.Handler, "/api/reports/trends"), HttpStatusCode.Forbidden); // Supervisor and Administrator only
    }

    private static Task<HttpResponseMessage> Get(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept-Language", "zh-CN");
        return client.SendAsync(request);
    }

    private static void AssertYear(JsonNode y, int received, int closed, int onTime, decimal? rate, bool provisional, params (string Group, int Count)[] outcomes)
    {
        var year = (int)y["year"]!;
        Assert.True(received == (int)y["received"]!, $"{year} received");
        Assert.True(closed == (int)y["closed"]!, $"{year} closed");
        Assert.True(onTime == (int)y["closedOnTime"]!, $"{year} closedOnTime");
        Assert.Equal(rate, (decimal?)y["onTimeRate"]);
        Assert.Equal(provisional, (bool)y["provisional"]!);
        var mix = y["outcomes"]!.AsObject().ToDictionary(o => o.Key, o => (int)o.Value!);
        Assert.Equal(6, mix.Count);
        foreach (var (group, count) in mix) Assert.True(outcomes.Where(o => o.Group == group).Sum(o => o.Count) == count, $"{year} {group}: {count}");
        Assert.Equal(closed, mix.Values.Sum());
    }
}
