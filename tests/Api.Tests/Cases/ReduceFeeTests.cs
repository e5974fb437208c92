using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

public class ReduceFeeTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static string? Due(JsonNode c) => (string?)c["dueOn"];

    [Fact]
    public async Task FeeWaived_EndsThePause()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-03-02"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2026-03-10", method = "PerPage", pages = 150 }));
        var c = await Ok(s.Handler.Post($"/api/cases/{id}/fee-reduction", new { reducedOn = "2026-03-12", toYuan = 0, reason = "申请人经济困难" }));
        Assert.Equal("2026-04-01", Due(c));
    }
}
