using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Cases;

/// <summary>Art. 33 ¶2 as a request by the handler and a decision by an approver (law.md §4 Extension).</summary>
public class ExtensionRequestTests
{
    private static readonly ClockContext Ctx = Context();

    private static DateOnly? Due(Case c) => c.Clock(Cal, ClockSettings.Default).DueOn;

    [Fact]
    public void ApproveExtensionRequest_RecordsWhoAskedWhoApprovedAndBothDates_AndMovesTheDueDate()
    {
        var c = NewCase();
        c.RequestExtension(D("2026-03-18"), 20, "需调取档案", "王五", Ctx);
        Assert.Equal(D("2026-03-30"), Due(c)); // a request alone moves nothing
        Assert.NotNull(c.PendingExtensionRequest);

        c.ApproveExtensionRequest(D("2026-03-20"), D("2026-03-20"), "李四", Ctx);
        var approved = Assert.IsType<ExtensionApproved>(c.Events[^1]);
        Assert.Equal((D("2026-03-18"), "王五", D("2026-03-20"), "李四", 20, "需调取档案"),
            (approved.RequestedOn!.Value, approved.RequestedBy, approved.ApprovedOn, approved.Approver, approved.WorkingDays, approved.Reason));
        Assert.Equal(D("2026-04-28"), Due(c));
        Assert.Null(c.PendingExtensionRequest);
        var line = DeadlineExplanation.For(c.Events, Cal).Extension!;
        Assert.Equal(("王五", D("2026-03-18")), (line.RequestedBy, line.RequestedOn!.Value));
    }

    [Fact]
    public void ApproveExtensionRequest_WhenAfterTheDueDate_IsRefused()
    {
        // Art. 33 ¶2: approved on or before the current due date (2026-03-30).
        var c = NewCase();
        c.RequestExtension(D("2026-03-27"), 5, "复杂", "王五", Ctx);
        var error = Assert.Throws<DomainRuleException>(() => c.ApproveExtensionRequest(D("2026-03-31"), D("2026-03-31"), "李四", Ctx));
        Assert.Contains("on or before the due date 2026-03-30", error.Message);
    }

    [Fact]
    public void RequestExtension_WhenOneWaits_OrTooManyDays_OrAfterTheDueDate_IsRefused()
    {
        var c = NewCase();
        Assert.Throws<DomainRuleException>(() => c.RequestExtension(D("2026-03-18"), 21, "复杂", "王五", Ctx));
        Assert.Throws<DomainRuleException>(() => c.RequestExtension(D("2026-03-31"), 5, "复杂", "王五", Ctx));
        c.RequestExtension(D("2026-03-18"), 5, "复杂", "王五", Ctx);
        Assert.Contains("waits for an approver", Assert.Throws<DomainRuleException>(() => c.RequestExtension(D("2026-03-19"), 5, "复杂", "王五", Ctx)).Message);
        Assert.Contains("waits for a decision", Assert.Throws<DomainRuleException>(() => c.ApproveExtension(D("2026-03-19"), 5, "复杂", D("2026-03-19"), "李四", Ctx)).Message);
    }

    [Fact]
    public void RefuseExtensionRequest_KeepsTheDueDate_AndANewRequestMayFollow()
    {
        var c = NewCase();
        c.RequestExtension(D("2026-03-18"), 5, "复杂", "王五", Ctx);
        c.RefuseExtensionRequest(D("2026-03-19"), "理由不充分", "李四", Ctx);
        Assert.Equal(D("2026-03-30"), Due(c));
        Assert.Null(c.PendingExtensionRequest);
        Assert.Throws<DomainRuleException>(() => c.RefuseExtensionRequest(D("2026-03-19"), "再次", "李四", Ctx));
        c.RequestExtension(D("2026-03-20"), 3, "补充理由", "王五", Ctx);
        c.ApproveExtensionRequest(D("2026-03-20"), D("2026-03-21"), "李四", Ctx);
        Assert.Equal(D("2026-04-02"), Due(c));
    }

    [Fact]
    public void RequestExtension_WhenAlreadyExtended_IsRefused()
    {
        // Art. 33 ¶2: once per case.
        var c = NewCase();
        c.ApproveExtension(D("2026-03-20"), 5, "复杂", D("2026-03-20"), "李四", Ctx);
        Assert.Contains("only once", Assert.Throws<DomainRuleException>(() => c.RequestExtension(D("2026-03-23"), 5, "复杂", "王五", Ctx)).Message);
    }
}
