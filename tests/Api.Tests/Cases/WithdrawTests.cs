using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

public class WithdrawTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static string? Due(JsonNode c) => (string?)c["dueOn"];

    [Fact]
    public async Task Withdrawal_ClosesWithOtherWithdrawn()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-10-12"))["id"]!;
        var c = await Ok(s.Intake.Post($"/api/cases/{id}/withdrawal", new { withdrawnOn = "2026-10-13" }));
        Assert.Equal("Closed", (string?)c["status"]);
        Assert.Equal("Other.Withdrawn", (string?)c["outcome"]);
        await Refused(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-10-14", outcome = "Disclosed" }), HttpStatusCode.Conflict);
    }
}
