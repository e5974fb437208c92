using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

public class GetHistoryTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static string? Due(JsonNode c) => (string?)c["dueOn"];

    [Fact]
    public async Task History_RecordsEveryStepWithActorAndDueDates()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("Online", "2026-09-01"))["id"]!;
        await Ok(s.Intake.Post($"/api/cases/{id}/receipt-confirmation", new { confirmedOn = "2026-09-01" }));
        factory.EnsureUser("handler-1", s.Child, "CaseHandler");
        await Ok(s.Supervisor.Post($"/api/cases/{id}/assignment", new { userId = "handler-1", name = "李四" }));
        var history = await Ok(s.Handler.GetAsync($"/api/cases/{id}/history"));
        var items = history["items"]!.AsArray();
        Assert.Equal(["Registered", "ReceiptConfirmed", "Assigned"], items.Select(i => (string)i!["kind"]!));
        Assert.Null(items[0]!["dueAfter"]);
        Assert.Null(items[1]!["dueBefore"]);
        Assert.Equal("2026-09-29", (string?)items[1]!["dueAfter"]);
        Assert.Equal($"intake-{s.Child}", (string?)items[1]!["actor"]!["userId"]);
        Assert.Equal("2026-11-25", (string?)items[2]!["actingOn"]);
        var c = await Ok(s.Handler.GetAsync($"/api/cases/{id}"));
        Assert.Equal("handler-1-name", (string?)c["assignedTo"]!["name"]);
        Assert.Equal(3, (int)c["version"]!);
    }
}
