using System.Net;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>The deferred answer (延迟答复, Art. 35) as a handler's request and an approver's approval or refusal.</summary>
public class RequestDeferralTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task DeferralRequest_ApprovedByAnApprover_MovesTheDueDateAndRecordsBothPeople()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        var c = await Ok(s.Handler.Post($"/api/cases/{id}/deferral-request", new { requestedOn = "2026-09-20", dueOn = "2026-10-30", reason = "申请数量明显超过合理范围" }));
        Assert.Equal("2026-09-29", (string?)c["dueOn"]);
        await Refused(s.Handler.Post($"/api/cases/{id}/deferral-request/approval", new { approvedOn = "2026-09-21" }), HttpStatusCode.Forbidden);
        await Refused(s.Approver.Post($"/api/cases/{id}/deferral-request", new { requestedOn = "2026-09-20", dueOn = "2026-10-30", reason = "x" }), HttpStatusCode.Forbidden);
        // While the request waits, the direct approval is refused.
        var waiting = await Refused(s.Approver.Post($"/api/cases/{id}/deferral", new { approvedOn = "2026-09-21", dueOn = "2026-10-30", reason = "大量" }), HttpStatusCode.Conflict);
        Assert.Contains("waits for a decision", (string?)waiting["detail"]);

        c = await Ok(s.Approver.Post($"/api/cases/{id}/deferral-request/approval", new { approvedOn = "2026-09-21" }));
        Assert.Equal("2026-10-30", (string?)c["dueOn"]);

        var history = await Ok(s.Handler.GetAsync($"/api/cases/{id}/history"));
        var approved = history["items"]!.AsArray().Single(e => (string?)e!["kind"] == "DeferralApproved")!;
        Assert.Equal("2026-09-20", (string?)approved["details"]!["requestedOn"]);
        Assert.Equal($"handler-{s.Child}-name", (string?)approved["details"]!["requestedBy"]);
        Assert.Equal($"approver-{s.Child}-name", (string?)approved["details"]!["approver"]);
        Assert.Equal(("2026-09-29", "2026-10-30"), ((string?)approved["dueBefore"], (string?)approved["dueAfter"]));
    }

    [Fact]
    public async Task DeferralRequest_Refused_KeepsTheDueDate_AndBadInputIs400()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        var problem = await Refused(s.Handler.Post($"/api/cases/{id}/deferral-request", new { requestedOn = "2026-09-20" }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["dueOn"]);
        Assert.NotNull(problem["errors"]!["reason"]);
        problem = await Refused(s.Handler.Post($"/api/cases/{id}/deferral-request", new { requestedOn = "2026-09-20", dueOn = "2026-09-28", reason = "大量" }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["dueOn"]);
        await Refused(s.Approver.Post($"/api/cases/{id}/deferral-request/refusal", new { refusedOn = "2026-09-21", reason = "无待审批申请" }), HttpStatusCode.Conflict);

        await Ok(s.Handler.Post($"/api/cases/{id}/deferral-request", new { requestedOn = "2026-09-20", dueOn = "2026-10-30", reason = "大量" }));
        var c = await Ok(s.Approver.Post($"/api/cases/{id}/deferral-request/refusal", new { refusedOn = "2026-09-21", reason = "理由不充分" }));
        Assert.Equal("2026-09-29", (string?)c["dueOn"]);
        var history = await Ok(s.Handler.GetAsync($"/api/cases/{id}/history"));
        Assert.Contains(history["items"]!.AsArray(), e => (string?)e!["kind"] == "DeferralRefused");
    }

    [Fact]
    public async Task DeferralRequest_ApprovedAfterTheDueDate_Is409_AndOnARegime2008Case_Is409()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/deferral-request", new { requestedOn = "2026-09-28", dueOn = "2026-10-30", reason = "大量" }));
        var problem = await Refused(s.Approver.Post($"/api/cases/{id}/deferral-request/approval", new { approvedOn = "2026-09-30" }), HttpStatusCode.Conflict);
        Assert.Contains("on or before the due date 2026-09-29", (string?)problem["detail"]);

        var old = (string)(await s.Register("InPerson", "2018-03-05"))["id"]!;
        problem = await Refused(s.Handler.Post($"/api/cases/{old}/deferral-request", new { requestedOn = "2018-03-20", dueOn = "2018-05-31", reason = "大量" }), HttpStatusCode.Conflict);
        Assert.Contains("Regime 2008 has no deferred answer", (string?)problem["detail"]);
    }

    /// <summary>The approvers' queue of deferral requests as the API serves it: listed with its case until refused.</summary>
    [Fact]
    public async Task DeferralRequests_ListTheWaitingRequestsWithTheirCase_UntilDecided()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/deferral-request", new { requestedOn = "2026-09-20", dueOn = "2026-10-30", reason = "申请数量明显超过合理范围" }));
        var queue = await Ok(s.Approver.GetAsync("/api/cases/deferral-requests"));
        var item = queue["items"]!.AsArray().Single(i => (string?)i!["case"]!["id"] == id)!;
        Assert.Equal(("2026-09-20", "2026-10-30"), ((string?)item["requestedOn"], (string?)item["dueOn"]));
        await Refused(s.Intake.GetAsync("/api/cases/deferral-requests"), HttpStatusCode.Forbidden);

        await Ok(s.Approver.Post($"/api/cases/{id}/deferral-request/refusal", new { refusedOn = "2026-09-21", reason = "理由不充分" }));
        queue = await Ok(s.Approver.GetAsync("/api/cases/deferral-requests"));
        Assert.DoesNotContain(queue["items"]!.AsArray(), i => (string?)i!["case"]!["id"] == id);
    }
}
