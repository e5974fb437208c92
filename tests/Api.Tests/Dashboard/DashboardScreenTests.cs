using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Dashboard;

/// <summary>
/// 督办 (issue 18): the charts' figures and every figure of the screen equal the totals of the case lists they link to, through
/// the API (<c>/api/cases</c>) and on the desk (<c>/cases</c>, the 案件列表 screen), on the register of <see cref="DashboardRegister"/>.
/// </summary>
public partial class DashboardScreenTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task DashboardCharts_FiguresAreCountedFromTheRegister_AndEqualTheirLinkedListTotals()
    {
        var s = await DashboardRegister.Build(factory);
        var c = await Ok(s.Supervisor.GetAsync($"/api/dashboard/charts?agency={s.Root}&subtree=true"));
        Assert.Equal(2026, (int)c["year"]!);
        var months = c["months"]!.AsArray();
        int? Month(int m, string figure) => (int?)months[m - 1]![figure];
        Assert.Equal(1, Month(1, "closed"));             // the 2025-12-15 case closed 2026-01-05
        Assert.Equal(2, Month(4, "closed"));             // 2026-04-10 (extended) and 2026-04-20 (late)
        Assert.Equal(1, Month(5, "receivedLastYear"));
        Assert.Equal(1, Month(5, "closedLastYear"));
        Assert.Equal(1, Month(12, "receivedLastYear"));
        Assert.Null(Month(12, "received"));              // December 2026 has not come
        Assert.Equal(5, months.Sum(m => (int?)m!["received"] ?? 0));

        var agencies = c["agencies"]!.AsArray().ToDictionary(a => (string)a!["code"]!);
        Assert.Equal((1, 1, 1), ((int)agencies[s.Child]!["onTime"]!, (int)agencies[s.Child]!["extended"]!, (int)agencies[s.Child]!["late"]!));
        Assert.Equal((1, 0, 0), ((int)agencies[s.Root]!["onTime"]!, (int)agencies[s.Root]!["extended"]!, (int)agencies[s.Root]!["late"]!));
        var outcomes = c["outcomes"]!.AsArray().ToDictionary(o => (string)o!["group"]!, o => (int)o!["count"]!);
        Assert.Equal(new Dictionary<string, int> { ["disclosed"] = 2, ["partially_disclosed"] = 0, ["withheld"] = 1, ["unable"] = 0, ["not_processed"] = 1, ["other"] = 0 }, outcomes);

        var checkedLinks = 0;
        foreach (var (key, link) in c["links"]!.AsObject())
        {
            var parts = key.Split('.');
            var figure = parts[0] switch
            {
                "months" => (int)months[int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) - 1]![parts[2]]!,
                "agencies" => (int)agencies[parts[1]]![parts[2]]!,
                _ => outcomes[parts[1]],
            };
            var list = await Ok(s.Supervisor.GetAsync((string)link!));
            Assert.True(figure == (int)list["total"]!, $"{key}: chart {figure}, list {(int)list["total"]!} ({link})");
            checkedLinks++;
        }

        Assert.Equal(11 * 2 + 12 * 2 + 2 * 3 + 6, checkedLinks);

        var d = await Ok(s.Supervisor.GetAsync($"/api/dashboard?agency={s.Root}&subtree=true"));
        var medians = d["year"]!["medianWorkingDaysByMonth"]!.AsArray();
        Assert.Equal(12, medians.Count);
        Assert.Null((decimal?)medians[1]);
        Assert.NotNull((decimal?)medians[3]);
        foreach (var h in d["byHandler"]!.AsArray())
        {
            var who = (string?)h!["userId"] ?? "none";
            Assert.Equal((int)h["open"]!, (int)(await Ok(s.Supervisor.GetAsync((string)d["links"]![$"byHandler.{who}.open"]!)))["total"]!);
            Assert.Equal((int)h["overdue"]!, (int)(await Ok(s.Supervisor.GetAsync((string)d["links"]![$"byHandler.{who}.overdue"]!)))["total"]!);
        }
    }

    [Fact]
    public async Task DashboardScreen_EveryFigureLinksToTheCaseListScreenWithThatManyCases_AndTheChartDataIsTheApis()
    {
        var s = await DashboardRegister.Build(factory);
        var browser = factory.SignedIn("supervisor-" + s.Root, s.Root, Roles.Supervisor);
        var response = await browser.GetAsync($"/dashboard?agency={s.Root}&subtree=true");
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, page);
        Assert.Contains("测试省人民政府及下级机关", page);

        var figures = FigureLink().Matches(page).Select(m => (Href: WebUtility.HtmlDecode(m.Groups["href"].Value), Key: m.Groups["key"].Value, Value: int.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        foreach (var key in new[] { "open", "awaitingConfirmation", "dueWithin3", "dueToday", "overdue", "year.received", "year.closed", "year.closedOnTime", "year.closedExtended", "year.closedLate", "year.extensions", "byStatus.InProgress", "months.4.closed", "agencies." + s.Child + ".late", "outcomes.withheld", "2019.outcomes.disclosed", "byHandler.h1-" + s.Child + ".overdue" })
            Assert.Contains(figures, f => f.Key == key);
        foreach (var (href, key, value) in figures)
        {
            Assert.StartsWith("/cases?", href);
            var list = await browser.GetStringAsync(href);
            var total = Total().Match(list);
            Assert.True(total.Success, $"{key}: no total on {href}");
            Assert.True(value == int.Parse(total.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), $"{key}: 督办 {value}, 案件列表 {total.Groups[1].Value} ({href})");
        }

        // The charts' data: a JSON element (no inline script), each part as the API answers it.
        var json = DataElement().Match(page);
        Assert.True(json.Success, page[Math.Max(0, page.IndexOf("dashboard-data", StringComparison.Ordinal) - 200)..][..400]);
        Assert.DoesNotMatch(@"<script(?![^>]*\b(src=|type=""application/json""))", page);
        var data = JsonNode.Parse(json.Groups[1].Value)!;
        var charts = await Ok(s.Supervisor.GetAsync($"/api/dashboard/charts?agency={s.Root}&subtree=true"));
        var trends = await Ok(s.Supervisor.GetAsync($"/api/reports/trends?agency={s.Root}&subtree=true"));
        var dashboard = await Ok(s.Supervisor.GetAsync($"/api/dashboard?agency={s.Root}&subtree=true"));
        Assert.True(JsonNode.DeepEquals(charts["months"], data["months"]));
        Assert.True(JsonNode.DeepEquals(charts["agencies"], data["agencies"]));
        Assert.True(JsonNode.DeepEquals(charts["outcomes"], data["outcomes"]));
        Assert.True(JsonNode.DeepEquals(trends["years"], data["trends"]!["years"]));
        Assert.True(JsonNode.DeepEquals(dashboard["byHandler"], data["handlers"]));
        Assert.True(JsonNode.DeepEquals(dashboard["year"]!["medianWorkingDaysByMonth"], data["medianWorkingDaysByMonth"]));
    }

    [Fact]
    public async Task DashboardScreen_AnAgencyOutsideTheCallersTree_IsRefusedInChinese_AndAHandlerHasNoDashboard()
    {
        var s = await Create(factory);
        var childSupervisor = factory.SignedIn("supervisor-" + s.Child, s.Child, Roles.Supervisor);
        var page = await childSupervisor.GetStringAsync($"/dashboard?agency={s.Root}&subtree=true");
        Assert.Contains("id=\"dashboard-problem\"", page);
        Assert.Contains("无法显示督办数据", page);
        Assert.DoesNotContain("dashboard-data", page);
        var unknown = await childSupervisor.GetStringAsync("/dashboard?agency=NOSUCH9");
        Assert.Contains("不存在机关NOSUCH9", unknown);

        var handler = factory.SignedIn("handler-" + s.Child, s.Child, Roles.CaseHandler);
        var refused = await handler.GetAsync("/dashboard");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    [GeneratedRegex("<a href=\"(?<href>[^\"]*)\" data-figure=\"(?<key>[^\"]+)\" data-value=\"(?<value>\\d+)\"")]
    private static partial Regex FigureLink();

    [GeneratedRegex("id=\"total\"[^>]*>共 (\\d+) 件")]
    private static partial Regex Total();

    [GeneratedRegex("<script[^>]* id=\"dashboard-data\"[^>]*>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataElement();
}
