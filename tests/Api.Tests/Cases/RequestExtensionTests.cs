using System.Net;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>api.md "Added for the desk": the extension as a handler's request and an approver's approval or refusal (Art. 33 ¶2).</summary>
public class RequestExtensionTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task ExtensionRequest_ApprovedByAnApprover_MovesTheDueDateAndRecordsBothPeople()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        var c = await Ok(s.Handler.Post($"/api/cases/{id}/extension-request", new { requestedOn = "2026-09-20", workingDays = 10, reason = "需调取档案" }));
        Assert.Equal("2026-09-29", (string?)c["dueOn"]);
        await Refused(s.Handler.Post($"/api/cases/{id}/extension-request/approval", new { approvedOn = "2026-09-21", applicantNotifiedOn = "2026-09-21" }), HttpStatusCode.Forbidden);
        await Refused(s.Approver.Post($"/api/cases/{id}/extension-request", new { requestedOn = "2026-09-20", workingDays = 10, reason = "x" }), HttpStatusCode.Forbidden);

        c = await Ok(s.Approver.Post($"/api/cases/{id}/extension-request/approval", new { approvedOn = "2026-09-21", applicantNotifiedOn = "2026-09-22" }));
        Assert.Equal("2026-10-19", (string?)c["dueOn"]);
        Assert.True((bool)c["extended"]!);

        var history = await Ok(s.Handler.GetAsync($"/api/cases/{id}/history"));
        var approved = history["items"]!.AsArray().Single(e => (string?)e!["kind"] == "ExtensionApproved")!;
        Assert.Equal("2026-09-20", (string?)approved["details"]!["requestedOn"]);
        Assert.Equal($"handler-{s.Child}-name", (string?)approved["details"]!["requestedBy"]);
        Assert.Equal($"approver-{s.Child}-name", (string?)approved["details"]!["approver"]);
        Assert.Equal(("2026-09-29", "2026-10-19"), ((string?)approved["dueBefore"], (string?)approved["dueAfter"]));
    }

    [Fact]
    public async Task ExtensionRequest_Refused_KeepsTheDueDate_AndBadInputIs400()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        var problem = await Refused(s.Handler.Post($"/api/cases/{id}/extension-request", new { requestedOn = "2026-09-20" }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["workingDays"]);
        Assert.NotNull(problem["errors"]!["reason"]);
        await Refused(s.Approver.Post($"/api/cases/{id}/extension-request/refusal", new { refusedOn = "2026-09-21", reason = "无待审批申请" }), HttpStatusCode.Conflict);

        await Refused(s.Handler.Post($"/api/cases/{id}/extension-request", new { requestedOn = "2026-09-20", workingDays = 21, reason = "复杂" }), HttpStatusCode.Conflict);
        await Ok(s.Handler.Post($"/api/cases/{id}/extension-request", new { requestedOn = "2026-09-20", workingDays = 5, reason = "复杂" }));
        var c = await Ok(s.Approver.Post($"/api/cases/{id}/extension-request/refusal", new { refusedOn = "2026-09-21", reason = "理由不充分" }));
        Assert.Equal("2026-09-29", (string?)c["dueOn"]);
        Assert.False((bool)c["extended"]!);
    }

    [Fact]
    public async Task ExtensionRequest_ApprovedAfterTheDueDate_Is409()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/extension-request", new { requestedOn = "2026-09-28", workingDays = 5, reason = "复杂" }));
        var problem = await Refused(s.Approver.Post($"/api/cases/{id}/extension-request/approval", new { approvedOn = "2026-09-30", applicantNotifiedOn = "2026-09-30" }), HttpStatusCode.Conflict);
        Assert.Contains("on or before the due date 2026-09-29", (string?)problem["detail"]);
    }

    /// <summary>The approvers' queue (审批) as the API serves it: a waiting request is listed with its case, a decided one is not.</summary>
    [Fact]
    public async Task ExtensionRequests_ListTheWaitingRequestsWithTheirCase_UntilDecided()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/extension-request", new { requestedOn = "2026-09-20", workingDays = 10, reason = "需调取档案" }));
        var queue = await Ok(s.Approver.GetAsync("/api/cases/extension-requests"));
        var item = queue["items"]!.AsArray().Single(i => (string?)i!["case"]!["id"] == id)!;
        Assert.Equal(("2026-09-20", 10, "需调取档案"), ((string?)item["requestedOn"], (int)item["workingDays"]!, (string?)item["reason"]));
        Assert.Equal($"handler-{s.Child}-name", (string?)item["requestedBy"]);
        Assert.Equal("2026-09-29", (string?)item["case"]!["dueOn"]);
        await Refused(s.Handler.GetAsync("/api/cases/extension-requests"), HttpStatusCode.Forbidden);

        await Ok(s.Approver.Post($"/api/cases/{id}/extension-request/approval", new { approvedOn = "2026-09-21", applicantNotifiedOn = "2026-09-22" }));
        queue = await Ok(s.Approver.GetAsync("/api/cases/extension-requests"));
        Assert.DoesNotContain(queue["items"]!.AsArray(), i => (string?)i!["case"]!["id"] == id);
    }
}
