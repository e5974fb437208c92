using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

public class GetDeadlineTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static string? Due(JsonNode c) => (string?)c["dueOn"];

    [Fact]
    public async Task Deadline_ExplainsHolidaysByName()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("Letter", "2026-08-28", "2026-09-01", "Signed"))["id"]!;
        var deadline = await Ok(s.Handler.GetAsync($"/api/cases/{id}/deadline"));
        var explanation = deadline["explanation"]!;
        Assert.Equal("2026-09-29", (string?)explanation["dueOn"]);
        Assert.Equal("2026-09-01", (string?)explanation["baseDate"]);
        Assert.Contains(explanation["holidaysSkipped"]!.AsArray(), h => (string?)h!["name"] == "中秋节" && (string?)h["date"] == "2026-09-25");
        Assert.Contains(explanation["makeUpWorkdays"]!.AsArray(), h => (string?)h!["date"] == "2026-09-20");
        Assert.Contains(explanation["lines"]!.AsArray(), l => ((string)l!).Contains("中秋节"));
    }
}
