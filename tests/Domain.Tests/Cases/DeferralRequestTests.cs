using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Cases;

/// <summary>延迟答复 (Art. 35) as a request by the handler and a decision by an approver (law.md §4 Deferred answer).</summary>
public class DeferralRequestTests
{
    private static readonly ClockContext Ctx = Context();

    private static DateOnly? Due(Case c) => c.Clock(Cal, ClockSettings.Default).DueOn;

    [Fact]
    public void ApproveDeferralRequest_RecordsWhoAskedWhoApprovedAndBothDates_AndMovesTheDueDate()
    {
        var c = NewCase();
        c.RequestDeferral(D("2026-03-18"), D("2026-05-29"), "申请数量明显超过合理范围", "王五", Ctx);
        Assert.Equal(D("2026-03-30"), Due(c)); // a request alone moves nothing
        Assert.Equal(D("2026-05-29"), c.PendingDeferralRequest!.DueOn);

        c.ApproveDeferralRequest(D("2026-03-20"), "李四", Ctx);
        var approved = Assert.IsType<DeferralApproved>(c.Events[^1]);
        Assert.Equal((D("2026-03-18"), "王五", D("2026-03-20"), "李四", D("2026-05-29"), "申请数量明显超过合理范围"),
            (approved.RequestedOn!.Value, approved.RequestedBy, approved.ApprovedOn, approved.Approver, approved.DueOn, approved.Reason));
        Assert.Equal(D("2026-05-29"), Due(c));
        Assert.Null(c.PendingDeferralRequest);
        var line = DeadlineExplanation.For(c.Events, Cal).Deferral!;
        Assert.Equal(("王五", D("2026-03-18")), (line.RequestedBy, line.RequestedOn!.Value));
        // Once: neither a second request nor a direct approval.
        Assert.Contains("already deferred", Assert.Throws<DomainRuleException>(() => c.RequestDeferral(D("2026-03-23"), D("2026-06-30"), "再次", "王五", Ctx)).Message);
        Assert.Contains("already deferred", Assert.Throws<DomainRuleException>(() => c.ApproveDeferral(D("2026-03-23"), D("2026-06-30"), "再次", "李四", Ctx)).Message);
    }

    [Fact]
    public void RequestDeferral_OnARegime2008Case_IsRefused()
    {
        var c = NewCase(submitted: "2018-03-05", received: "2018-03-05");
        var error = Assert.Throws<DomainRuleException>(() => c.RequestDeferral(D("2018-03-20"), D("2018-05-31"), "大量申请", "王五", Ctx));
        Assert.Contains("Regime 2008 has no deferred answer", error.Message);
        Assert.Null(c.PendingDeferralRequest);
    }

    [Fact]
    public void RequestDeferral_WhenNotLater_NotAWorkingDay_OrAfterTheDueDate_IsRefused()
    {
        var c = NewCase();
        Assert.Equal("dueOn", Assert.Throws<InvalidInputException>(() => c.RequestDeferral(D("2026-03-10"), D("2026-03-27"), "大量", "王五", Ctx)).Field);
        Assert.Equal("dueOn", Assert.Throws<InvalidInputException>(() => c.RequestDeferral(D("2026-03-10"), D("2026-04-06"), "大量", "王五", Ctx)).Field);
        Assert.Equal("reason", Assert.Throws<InvalidInputException>(() => c.RequestDeferral(D("2026-03-10"), D("2026-05-29"), " ", "王五", Ctx)).Field);
        Assert.Contains("on or before the due date 2026-03-30",
            Assert.Throws<DomainRuleException>(() => c.RequestDeferral(D("2026-03-31"), D("2026-05-29"), "大量", "王五", Ctx)).Message);
        Assert.Empty(c.Events.OfType<DeferralRequested>());
    }

    [Fact]
    public void ApproveDeferralRequest_WhenAfterTheDueDate_IsRefused()
    {
        // Art. 35: approved on or before the current due date (2026-03-30).
        var c = NewCase();
        c.RequestDeferral(D("2026-03-27"), D("2026-05-29"), "大量", "王五", Ctx);
        var error = Assert.Throws<DomainRuleException>(() => c.ApproveDeferralRequest(D("2026-03-31"), "李四", Ctx));
        Assert.Contains("on or before the due date 2026-03-30", error.Message);
        Assert.Equal("approvedOn", Assert.Throws<InvalidInputException>(() => c.ApproveDeferralRequest(D("2026-03-26"), "李四", Ctx)).Field);
    }

    [Fact]
    public void ApproveDeferralRequest_WhenTheDueDateMovedPastTheDateAsked_IsRefused()
    {
        // An extension approved while the request waited moved the due date to 2026-04-07: 2026-04-01 is no longer later.
        var c = NewCase();
        c.RequestDeferral(D("2026-03-18"), D("2026-04-01"), "大量", "王五", Ctx);
        c.ApproveExtension(D("2026-03-19"), 5, "复杂", D("2026-03-19"), "李四", Ctx);
        Assert.Equal("dueOn", Assert.Throws<InvalidInputException>(() => c.ApproveDeferralRequest(D("2026-03-20"), "李四", Ctx)).Field);
    }

    [Fact]
    public void WhileARequestWaits_ASecondRequestAndTheDirectApproval_AreRefused()
    {
        var c = NewCase();
        c.RequestDeferral(D("2026-03-18"), D("2026-05-29"), "大量", "王五", Ctx);
        Assert.Contains("waits for an approver", Assert.Throws<DomainRuleException>(() => c.RequestDeferral(D("2026-03-19"), D("2026-05-28"), "大量", "王五", Ctx)).Message);
        Assert.Contains("waits for a decision", Assert.Throws<DomainRuleException>(() => c.ApproveDeferral(D("2026-03-19"), D("2026-05-29"), "大量", "李四", Ctx)).Message);
        Assert.Equal(D("2026-03-30"), Due(c));
    }

    [Fact]
    public void RefuseDeferralRequest_KeepsTheDueDate_AndANewRequestMayFollow()
    {
        var c = NewCase();
        Assert.Throws<DomainRuleException>(() => c.ApproveDeferralRequest(D("2026-03-19"), "李四", Ctx));
        c.RequestDeferral(D("2026-03-18"), D("2026-05-29"), "大量", "王五", Ctx);
        Assert.Equal("reason", Assert.Throws<InvalidInputException>(() => c.RefuseDeferralRequest(D("2026-03-19"), "", "李四", Ctx)).Field);
        c.RefuseDeferralRequest(D("2026-03-19"), "理由不充分", "李四", Ctx);
        var refused = Assert.IsType<DeferralRefused>(c.Events[^1]);
        Assert.Equal(("理由不充分", "李四"), (refused.Reason, refused.RefusedBy));
        Assert.Equal(D("2026-03-30"), Due(c));
        Assert.Null(c.PendingDeferralRequest);
        Assert.Throws<DomainRuleException>(() => c.RefuseDeferralRequest(D("2026-03-19"), "再次", "李四", Ctx));
        c.RequestDeferral(D("2026-03-20"), D("2026-04-30"), "补充理由", "王五", Ctx);
        c.ApproveDeferralRequest(D("2026-03-20"), "李四", Ctx);
        Assert.Equal(D("2026-04-30"), Due(c));
    }
}
