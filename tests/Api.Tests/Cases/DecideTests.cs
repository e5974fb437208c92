using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

public class DecideTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static string? Due(JsonNode c) => (string?)c["dueOn"];

    [Fact]
    public async Task Decision_WhileTheFeeIsUnpaid_IsRefusedUntilItIsPaid()
    {
        // law.md §4 Fee: no decision while the fee pause is open; fee-payment without amountYuan records the amount due.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-06-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2026-06-02", method = "PerPage", pages = 50 }));
        var refused = await Refused(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-06-03", outcome = "Disclosed" }), HttpStatusCode.Conflict);
        Assert.Contains("unpaid", (string?)refused["detail"]);
        var c = await Ok(s.Handler.Post($"/api/cases/{id}/fee-payment", new { paidOn = "2026-06-05" }));
        Assert.Equal("InProgress", (string?)c["status"]);
        Assert.Equal("2026-07-03", Due(c)); // 2026-06-30 and 3 working days paused (06-03 … 06-05); 端午节 06-19 skipped
        c = await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-06-08", outcome = "Disclosed" }));
        Assert.Equal("Decided", (string?)c["status"]);
    }
}
