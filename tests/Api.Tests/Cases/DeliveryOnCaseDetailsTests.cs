using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// Issue 19 item 3 (trial B finding): the case details of a delivered case give its delivery (送达) — date (China date), method and
/// 邮件号 — as <c>delivery { deliveredOn, method, trackingNumber }</c>; the delivery step's answer echoes the tracking number it recorded.
/// </summary>
public class DeliveryOnCaseDetailsTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task DeliveryByPost_WithATrackingNumber_IsEchoed_AndOnGetCaseAndByNumber()
    {
        var s = await Create(factory);
        var registered = await s.Register("InPerson", "2026-09-01");
        var id = (string)registered["id"]!;
        Assert.Null(registered["delivery"]);
        var decided = await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed", summary = "2025年道路维修预算表" }));
        Assert.Null(decided["delivery"]);

        var delivered = await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "Post", trackingNumber = "ea 1234 5678 9cn" }));
        AssertDelivery(delivered, "2026-09-11", "Post", "EA123456789CN");
        AssertDelivery(await Ok(s.Handler.GetAsync($"/api/cases/{id}")), "2026-09-11", "Post", "EA123456789CN");
        AssertDelivery(await Ok(s.Supervisor.GetAsync($"/api/cases/{id}")), "2026-09-11", "Post", "EA123456789CN");
        AssertDelivery(await Ok(s.Handler.GetAsync($"/api/cases/by-number/{(string)registered["caseNumber"]!}")), "2026-09-11", "Post", "EA123456789CN");
    }

    [Fact]
    public async Task DeliveryWithoutATrackingNumber_OnTheSpotAnswer_AndAVoidedDelivery()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed", summary = "2025年道路维修预算表" }));
        var delivered = await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-14", method = "Online" }));
        AssertDelivery(delivered, "2026-09-14", "Online", null);
        AssertDelivery(await Ok(s.Handler.GetAsync($"/api/cases/{id}")), "2026-09-14", "Online", null);

        // Voided (撤销上一步): open again, no delivery; delivered again by post, the new one is given.
        var voided = await Ok(s.Approver.Post($"/api/cases/{id}/void-last-step", new { reason = "送达方式录错了" }, ("If-Match", $"\"{delivered["version"]}\"")));
        Assert.Null(voided["delivery"]);
        Assert.Null((await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["delivery"]);
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-15", method = "Post", trackingNumber = "1187654321098" }));
        AssertDelivery(await Ok(s.Handler.GetAsync($"/api/cases/{id}")), "2026-09-15", "Post", "1187654321098");

        var spot = (string)(await s.Register("InPerson", "2026-10-12"))["id"]!;
        var answered = await Ok(s.Intake.Post($"/api/cases/{spot}/on-the-spot-answer", new { answeredOn = "2026-10-12", outcome = "Disclosed.AlreadyPublished", method = "InPerson" }));
        AssertDelivery(answered, "2026-10-12", "InPerson", null);
        AssertDelivery(await Ok(s.Handler.GetAsync($"/api/cases/{spot}")), "2026-10-12", "InPerson", null);

        var withdrawn = (string)(await s.Register("InPerson", "2026-10-12"))["id"]!;
        await Ok(s.Intake.Post($"/api/cases/{withdrawn}/withdrawal", new { withdrawnOn = "2026-10-13" }));
        var afterWithdrawal = await Ok(s.Handler.GetAsync($"/api/cases/{withdrawn}"));
        Assert.Equal("Closed", (string)afterWithdrawal["status"]!);
        Assert.Null(afterWithdrawal["delivery"]);
    }

    [Fact]
    public async Task OpenApi_DescribesTheDeliveryOfCaseDetails()
    {
        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        var details = schemas.Single(p => p.Key.EndsWith("Cases.CaseDetails", StringComparison.Ordinal)).Value!;
        Assert.NotNull(details["properties"]!["delivery"]);
        var delivery = schemas.Single(p => p.Key.EndsWith("Cases.DeliveryDetails", StringComparison.Ordinal)).Value!["properties"]!.AsObject();
        Assert.Equal(["deliveredOn", "method", "trackingNumber"], delivery.Select(p => p.Key).Order().ToArray());
        var get = document["paths"]!["/api/cases/{id}"]!["get"]!;
        Assert.Contains("trackingNumber", (string)get["summary"]!);
        Assert.Contains("trackingNumber", (string)document["paths"]!["/api/cases/{id}/delivery"]!["post"]!["summary"]!);
    }

    private static void AssertDelivery(JsonNode details, string on, string method, string? tracking)
    {
        var delivery = details["delivery"] ?? throw new Xunit.Sdk.XunitException($"no delivery in {details.ToJsonString()}");
        Assert.Equal(on, (string)delivery["deliveredOn"]!);
        Assert.Equal(method, (string)delivery["method"]!);
        Assert.Equal(tracking, (string?)delivery["trackingNumber"]);
    }
}
