using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

public class IssueFeeNoticeTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static string? Due(JsonNode c) => (string?)c["dueOn"];

    [Fact]
    public async Task FeeNotice_WhenTheAmountIsZero_IsRefusedAndPausesNothing()
    {
        // law.md §4 Fee (国办函〔2020〕109号): pages 1–30 and requests 1–10 of the month are free; no notice is issued, the clock runs on.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-06-01"))["id"]!;
        var before = factory.Snapshot();
        await Refused(s.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2026-06-02", method = "PerPage", pages = 30 }), HttpStatusCode.Conflict);
        await Refused(s.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2026-06-02", method = "PerRequest" }), HttpStatusCode.Conflict);
        Assert.Equal(before, factory.Snapshot());
        var c = await Ok(s.Handler.GetAsync($"/api/cases/{id}"));
        Assert.Equal("2026-06-30", Due(c)); // 端午节 2026-06-19 skipped
        Assert.Equal("InProgress", (string?)c["status"]);
    }
}
