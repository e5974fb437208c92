using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

public class AnswerOnTheSpotTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static string? Due(JsonNode c) => (string?)c["dueOn"];

    [Fact]
    public async Task OnTheSpotAnswer_ClosesOnReceiptDate()
    {
        // Art. 33 ¶1: 当场答复.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-10-12"))["id"]!;
        var c = await Ok(s.Intake.Post($"/api/cases/{id}/on-the-spot-answer", new { answeredOn = "2026-10-12", outcome = "Disclosed.AlreadyPublished", method = "InPerson" }));
        Assert.Equal("Closed", (string?)c["status"]);
        Assert.Equal("2026-10-12", (string?)c["closedOn"]);
    }
}
