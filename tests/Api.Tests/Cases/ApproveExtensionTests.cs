using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

public class ApproveExtensionTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static string? Due(JsonNode c) => (string?)c["dueOn"];

    [Fact]
    public async Task ExtensionAfterDueDate_Refused()
    {
        // Art. 33 ¶2: approved on or before the current due date.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        var refused = await Refused(s.Approver.Post($"/api/cases/{id}/extension", new { approvedOn = "2026-09-30", workingDays = 5, reason = "复杂", applicantNotifiedOn = "2026-09-30" }),
            HttpStatusCode.Conflict);
        Assert.Contains("2026-09-29", (string)refused["detail"]!);
    }
}
