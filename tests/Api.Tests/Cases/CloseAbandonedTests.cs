using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

public class CloseAbandonedTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static string? Due(JsonNode c) => (string?)c["dueOn"];

    [Fact]
    public async Task SupplementNotSupplied_ClosesAsSupplementOverdue()
    {
        // Art. 30: not supplied in time = abandoned.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-02", items = "身份证明", supplyBy = "2026-09-10" }));
        await Refused(s.Handler.Post($"/api/cases/{id}/supplement", new { receivedOn = "2026-09-11" }), HttpStatusCode.Conflict);
        await Refused(s.Handler.Post($"/api/cases/{id}/abandonment", new { closedOn = "2026-09-10", outcome = "Other.SupplementOverdue" }), HttpStatusCode.Conflict);
        var c = await Ok(s.Handler.Post($"/api/cases/{id}/abandonment", new { closedOn = "2026-09-11", outcome = "Other.SupplementOverdue" }));
        Assert.Equal("Closed", (string?)c["status"]);
        Assert.Equal("Other.SupplementOverdue", (string?)c["outcome"]);
    }

    [Fact]
    public async Task FeeNotPaid_ClosesAsFeeUnpaid()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-06-01"))["id"]!;
        var fee = await Ok(s.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2026-06-02", method = "PerPage", pages = 50 }));
        Assert.Equal(200m, (decimal)fee["amountYuan"]!);
        Assert.Equal("2026-07-01", (string?)fee["payBy"]);
        await Refused(s.Handler.Post($"/api/cases/{id}/fee-payment", new { paidOn = "2026-07-02", amountYuan = 200 }), HttpStatusCode.Conflict);
        var c = await Ok(s.Handler.Post($"/api/cases/{id}/abandonment", new { closedOn = "2026-07-02", outcome = "Other.FeeUnpaid" }));
        Assert.Equal("Other.FeeUnpaid", (string?)c["outcome"]);
    }
}
