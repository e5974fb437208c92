using System.Net;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Desk.RegisterRequestPageTests;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Desk;

/// <summary>待确认, 案件 and 审批 rendered through the test server with signed-in cookies (desk.md).</summary>
public class CaseScreensTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task Unconfirmed_ListsOnlineRequestsOldestFirstWithTheAlert_AndConfirmsWithADate()
    {
        var s = await Create(factory);
        var newer = (string)(await s.Register("Online", "2026-11-20"))["id"]!;
        var older = await s.Register("Fax", "2026-11-02");
        await s.Register("InPerson", "2026-11-03");
        var browser = factory.SignedIn($"intake-{s.Child}", s.Child, Roles.IntakeOfficer);
        var page = await browser.GetStringAsync("/awaiting-confirmation");
        var newerNumber = (string)(await Ok(s.Intake.GetAsync($"/api/cases/{newer}")))["caseNumber"]!;
        Assert.True(page.IndexOf((string)older["caseNumber"]!, StringComparison.Ordinal) < page.IndexOf(newerNumber, StringComparison.Ordinal));
        Assert.Contains("已超过下一个工作日仍未确认", page);
        Assert.DoesNotContain("2026-11-03", page);

        var bad = await PostForm(browser, "/awaiting-confirmation", $"confirm-{Guid.Parse(newer):N}", new() { ["confirmedOn"] = "2026-11-30" });
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("2026-11-30是将来的日期", html); // in the refusal catalogue's Chinese
        Assert.Contains("value=\"2026-11-30\"", html);

        var ok = await PostForm(browser, "/awaiting-confirmation", $"confirm-{Guid.Parse(newer):N}", new() { ["confirmedOn"] = "2026-11-23" });
        Assert.True(ok.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, await ok.Content.ReadAsStringAsync());
        var confirmed = await Ok(s.Intake.GetAsync($"/api/cases/{newer}"));
        Assert.Equal("2026-11-23", (string?)confirmed["receivedOn"]);
    }

    [Fact]
    public async Task CasePage_HandlerRequestsAnExtension_ApproverApprovesItOnTheApprovalsScreen_AndTheDueDateMoves()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-11-02"))["id"]!;
        var handler = factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler);
        var page = await handler.GetStringAsync($"/cases/{id}");
        Assert.Contains("2026-11-30", page);
        Assert.Contains("自2026-11-02次日起算20个工作日", page);
        Assert.Contains("id=\"step-extension-request\"", page);
        Assert.DoesNotContain("id=\"step-extension-approval\"", page);
        Assert.DoesNotContain("id=\"step-assignment\"", page);

        var refused = await (await PostForm(handler, $"/cases/{id}", "extension-request", new() { ["requestedOn"] = "2026-11-20", ["workingDays"] = "30", ["reason"] = "需调取档案" })).Content.ReadAsStringAsync();
        Assert.Contains("延期最长20个工作日", refused); // Art. 33 ¶2, in the refusal catalogue's Chinese
        Assert.Contains("value=\"30\"", refused);
        var asked = await PostForm(handler, $"/cases/{id}", "extension-request", new() { ["requestedOn"] = "2026-11-20", ["workingDays"] = "10", ["reason"] = "需调取档案" });
        Assert.True(asked.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, await asked.Content.ReadAsStringAsync());

        var approver = factory.SignedIn($"approver-{s.Child}", s.Child, Roles.Approver);
        var queue = await approver.GetStringAsync("/approvals");
        Assert.Contains("延期10个工作日", queue);
        Assert.Contains("需调取档案", queue);
        Assert.Contains("2026-12-14", queue); // the new due date shown before approving
        Assert.Contains("提出人（承办人）", queue); // who asked: the handler, not the applicant (申请人 is the member of the public)
        Assert.DoesNotContain("申请人（承办人）", queue);
        var approved = await PostForm(approver, "/approvals", $"approve-{Guid.Parse(id):N}", new() { ["approvedOn"] = "2026-11-24", ["applicantNotifiedOn"] = "2026-11-24" });
        Assert.True(approved.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, await approved.Content.ReadAsStringAsync());

        page = await handler.GetStringAsync($"/cases/{id}");
        Assert.Contains("id=\"due-on\">2026-12-14", page);
        Assert.Contains("延长10个工作日", page);
        Assert.Contains("2026-11-30 → 2026-12-14", page);
        Assert.DoesNotContain("延期10个工作日", await approver.GetStringAsync("/approvals"));
    }

    [Fact]
    public async Task CasePage_HandlerRequestsADeferral_ApproverApprovesItOnTheApprovalsScreen_AndTheDueDateMoves()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-11-02"))["id"]!;
        var handler = factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler);
        var page = await handler.GetStringAsync($"/cases/{id}");
        Assert.Contains("id=\"step-deferral-request\"", page);
        Assert.Contains("延迟答复申请", page);
        Assert.DoesNotContain("id=\"step-deferral\"", page);

        var refused = await (await PostForm(handler, $"/cases/{id}", "deferral-request", new() { ["requestedOn"] = "2026-11-20", ["dueOn"] = "2026-11-27", ["reason"] = "申请数量明显超过合理范围" })).Content.ReadAsStringAsync();
        Assert.Contains("延迟答复的日期须晚于当前答复期限2026-11-30", refused); // in the refusal catalogue's Chinese
        var asked = await PostForm(handler, $"/cases/{id}", "deferral-request", new() { ["requestedOn"] = "2026-11-20", ["dueOn"] = "2026-12-31", ["reason"] = "申请数量明显超过合理范围" });
        Assert.True(asked.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, await asked.Content.ReadAsStringAsync());

        var approver = factory.SignedIn($"approver-{s.Child}", s.Child, Roles.Approver);
        page = await approver.GetStringAsync($"/cases/{id}");
        Assert.Contains("id=\"pending-deferral\"", page);
        Assert.Contains("id=\"step-deferral-approval\"", page);
        Assert.Contains("id=\"step-deferral-refusal\"", page);
        Assert.DoesNotContain("id=\"step-deferral\"", page); // the direct approval waits for the request's decision
        var queue = await approver.GetStringAsync("/approvals");
        Assert.Contains("延迟答复至2026-12-31", queue);
        Assert.Contains("申请数量明显超过合理范围", queue);
        Assert.Contains("申请延迟答复至 2026-12-31", await approver.GetStringAsync("/")); // 工作台: what waits for my approval
        var approved = await PostForm(approver, "/approvals", $"approve-deferral-{Guid.Parse(id):N}", new() { ["approvedOn"] = "2026-11-24" });
        Assert.True(approved.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, await approved.Content.ReadAsStringAsync());

        page = await handler.GetStringAsync($"/cases/{id}");
        Assert.Contains("id=\"due-on\">2026-12-31", page);
        Assert.Contains("2026-11-30 → 2026-12-31", page);
        Assert.Contains($"handler-{s.Child}-name于2026-11-20申请", page);
        Assert.DoesNotContain("id=\"step-deferral-request\"", page);
        Assert.DoesNotContain("延迟答复至2026-12-31", await approver.GetStringAsync("/approvals"));
    }

    [Fact]
    public async Task CasePage_ShowsHolidaysByName_OverdueInRed_AndStepsByRole()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        var approver = factory.SignedIn($"approver-{s.Child}", s.Child, Roles.Approver);
        var page = await approver.GetStringAsync($"/cases/{id}");
        Assert.Contains("跳过中秋节", page);
        Assert.Contains("due-large overdue", page);
        Assert.Contains("已逾期", page);
        Assert.Contains("id=\"step-assignment\"", page);
        Assert.DoesNotContain("id=\"step-decision\"", page);

        var assigned = await PostForm(approver, $"/cases/{id}", "assignment", new() { ["userId"] = $"handler-{s.Child}" });
        Assert.True(assigned.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, await assigned.Content.ReadAsStringAsync());
        Assert.Contains($"handler-{s.Child}-name", await approver.GetStringAsync($"/cases/{id}"));
    }

    [Fact]
    public async Task CasePage_OfAnotherAgency_Is404()
    {
        var s = await Create(factory);
        var other = await Create(factory);
        var id = (string)(await other.Register("InPerson", "2026-09-01"))["id"]!;
        var browser = factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/cases/{id}")).StatusCode);
    }
}
