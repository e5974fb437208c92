using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Cases;

public class CaseTests
{
    private static readonly ClockContext Ctx = Context();

    private static DateOnly? Due(Case c) => c.Clock(Cal, ClockSettings.Default).DueOn;

    [Fact]
    public void ApproveExtension_WhenRegime2008_Allows15AndRefuses16()
    {
        // 2008 Art. 24: an extension is at most 15 working days.
        var refused = NewCase(submitted: "2018-03-05", received: "2018-03-05");
        var error = Assert.Throws<DomainRuleException>(() => refused.ApproveExtension(D("2018-03-20"), 16, "需调取档案", D("2018-03-20"), "李四", Ctx));
        Assert.Contains("at most 15 working days", error.Message);
        Assert.Equal(D("2018-03-26"), Due(refused));

        var allowed = NewCase(submitted: "2018-03-05", received: "2018-03-05");
        allowed.ApproveExtension(D("2018-03-20"), 15, "需调取档案", D("2018-03-20"), "李四", Ctx);
        Assert.Equal(D("2018-04-17"), Due(allowed));
    }

    [Fact]
    public void ApproveExtension_WhenRegime2019_AllowsTwentyNotTwentyOne()
    {
        // Art. 33 ¶2: at most 20 working days.
        var c = NewCase();
        Assert.Throws<DomainRuleException>(() => c.ApproveExtension(D("2026-03-20"), 21, "复杂", D("2026-03-20"), "李四", Ctx));
        c.ApproveExtension(D("2026-03-20"), 20, "复杂", D("2026-03-20"), "李四", Ctx);
        Assert.Equal(D("2026-04-28"), Due(c));
    }

    [Fact]
    public void ApproveExtension_WhenAlreadyExtended_RefusesTheSecond()
    {
        // Art. 33 ¶2: at most once per case.
        var c = NewCase();
        c.ApproveExtension(D("2026-03-20"), 5, "复杂", D("2026-03-20"), "李四", Ctx);
        var error = Assert.Throws<DomainRuleException>(() => c.ApproveExtension(D("2026-03-25"), 5, "仍复杂", D("2026-03-25"), "李四", Ctx));
        Assert.Contains("only once", error.Message);
        Assert.Equal(2, c.Version);
    }

    [Fact]
    public void ApproveExtension_WhenAfterTheDueDate_Refused()
    {
        // Art. 33 ¶2: approved on or before the current due date (2026-03-30 here).
        var c = NewCase();
        c.ApproveExtension(D("2026-03-30"), 1, "复杂", D("2026-03-30"), "李四", Ctx);
        Assert.Equal(D("2026-03-31"), Due(c));
        var late = NewCase();
        var error = Assert.Throws<DomainRuleException>(() => late.ApproveExtension(D("2026-03-31"), 5, "复杂", D("2026-03-31"), "李四", Ctx));
        Assert.Contains("on or before the due date 2026-03-30", error.Message);
    }

    [Fact]
    public void RequestSupplement_WhenWithinSevenWorkingDays_StopsTheClockAndRestartsOnSupplement()
    {
        // Art. 30: one complete notice within 7 working days of receipt; restart from the supplement date.
        var c = NewCase();
        c.RequestSupplement(D("2026-03-11"), "具体年份", null, Ctx);
        Assert.Null(Due(c));
        Assert.Equal(D("2026-04-01"), c.Clock(Cal, ClockSettings.Default).SupplyBy); // default 15 working days
        c.ReceiveSupplement(D("2026-03-16"), Ctx);
        Assert.Equal(D("2026-04-14"), Due(c));
    }

    [Fact]
    public void RequestSupplement_WhenWindowClosed_Refused()
    {
        // Art. 30: the window closes 7 working days after receipt (2026-03-11).
        var c = NewCase();
        var error = Assert.Throws<DomainRuleException>(() => c.RequestSupplement(D("2026-03-12"), "具体年份", null, Ctx));
        Assert.Contains("by 2026-03-11", error.Message);
    }

    [Fact]
    public void RequestSupplement_WhenSecondNotice_Refused()
    {
        // Art. 30: one complete notice.
        var c = NewCase();
        c.RequestSupplement(D("2026-03-05"), "具体年份", D("2026-03-20"), Ctx);
        c.ReceiveSupplement(D("2026-03-10"), Ctx);
        Assert.Throws<DomainRuleException>(() => c.RequestSupplement(D("2026-03-11"), "更多", null, Ctx));
    }

    [Fact]
    public void RequestSupplement_WhenRegime2008_RefusedWithTheReplyToUse()
    {
        // 2008 Art. 21(4): an unclear request is answered with 告知作出更改、补充, which closes the case.
        var c = NewCase(submitted: "2018-03-05", received: "2018-03-05");
        var error = Assert.Throws<DomainRuleException>(() => c.RequestSupplement(D("2018-03-06"), "具体年份", null, Ctx));
        Assert.Contains("ChangeOrSupplement", error.Message);
    }

    [Fact]
    public void ReceiveSupplement_WhenLate_RefusedAndCaseCanCloseAsAbandoned()
    {
        // Art. 30: not supplied in time = abandoned, outcome Other.SupplementOverdue.
        var c = NewCase();
        c.RequestSupplement(D("2026-03-05"), "具体年份", D("2026-03-20"), Ctx);
        Assert.Throws<DomainRuleException>(() => c.ReceiveSupplement(D("2026-03-23"), Ctx));
        Assert.Throws<DomainRuleException>(() => c.CloseAsAbandoned(D("2026-03-20"), "Other.SupplementOverdue", Ctx));
        c.CloseAsAbandoned(D("2026-03-23"), "Other.SupplementOverdue", Ctx);
        var reading = c.Clock(Cal, ClockSettings.Default);
        Assert.True(reading.IsClosed);
        Assert.Equal("Other.SupplementOverdue", reading.Outcome);
    }

    [Fact]
    public void Decide_WhenStillUnclearWithoutSupplement_Refused()
    {
        // Art. 30: Unable.StillUnclear follows a supplement that is still unclear.
        var c = NewCase();
        Assert.Throws<DomainRuleException>(() => c.Decide(D("2026-03-05"), "Unable.StillUnclear", null, Ctx));
    }

    [Fact]
    public void Decide_WhenCodeOfTheOtherRegime_Refused()
    {
        // reports.md §2: a decision records a code from its case's regime.
        var c = NewCase();
        Assert.Throws<InvalidInputException>(() => c.Decide(D("2026-03-05"), "DoesNotExist", null, Ctx));
        Assert.Throws<InvalidInputException>(() => c.Decide(D("2026-03-05"), "Nonsense", null, Ctx));
    }

    [Fact]
    public void Deliver_WhenDecided_ClosesAndFurtherStepsRefused()
    {
        var c = NewCase();
        Assert.Throws<DomainRuleException>(() => c.Deliver(D("2026-03-05"), DeliveryMethod.Post, Ctx));
        c.Decide(D("2026-03-05"), "Disclosed", "已提供", Ctx);
        c.Deliver(D("2026-03-06"), DeliveryMethod.Post, Ctx);
        var error = Assert.Throws<DomainRuleException>(() => c.Withdraw(D("2026-03-07"), Ctx));
        Assert.Contains("closed on 2026-03-06", error.Message);
    }

    [Fact]
    public void Step_WhenDatedInTheFutureOrBeforeTheLastStep_Refused()
    {
        // api.md: dates never in the future; each event on or after the previous one.
        var c = NewCase(today: "2026-03-10");
        var ctx = Context("2026-03-10");
        Assert.Equal("decidedOn", Assert.Throws<InvalidInputException>(() => c.Decide(D("2026-03-11"), "Disclosed", null, ctx)).Field);
        Assert.Equal("decidedOn", Assert.Throws<InvalidInputException>(() => c.Decide(D("2026-03-01"), "Disclosed", null, ctx)).Field);
        Assert.Equal(1, c.Version);
    }

    [Theory]
    // Art. 31: the receipt date depends on the channel.
    [InlineData(Channel.InPerson, null, "2026-03-02", null, "2026-03-02")]
    [InlineData(Channel.Letter, LetterMail.Signed, "2026-02-27", "2026-03-02", "2026-03-02")]
    [InlineData(Channel.Letter, LetterMail.Ordinary, "2026-02-27", null, null)]
    [InlineData(Channel.Online, null, "2026-02-27", null, null)]
    [InlineData(Channel.Fax, null, "2026-02-27", null, null)]
    public void Register_ReceiptDateFollowsTheChannel(Channel channel, LetterMail? mail, string submitted, string? received, string? receipt)
    {
        var c = NewCase(channel, submitted, received, mail);
        Assert.Equal(receipt is null ? null : D(receipt), c.ReceiptDate);
        if (receipt is null)
        {
            Assert.Equal(CaseStatus.AwaitingConfirmation, c.Clock(Cal, ClockSettings.Default).Status);
            c.ConfirmReceipt(D("2026-03-02"), Ctx);
            Assert.Equal(D("2026-03-30"), Due(c));
        }
    }

    [Fact]
    public void Register_WhenSignedLetterHasNoReceiptDate_Refused()
    {
        Assert.Equal("receivedOn", Assert.Throws<InvalidInputException>(() => NewCase(Channel.Letter, "2026-02-27", null, LetterMail.Signed)).Field);
        Assert.Equal("letterMail", Assert.Throws<InvalidInputException>(() => NewCase(Channel.Letter, "2026-02-27", null, null)).Field);
        Assert.Equal("receivedOn", Assert.Throws<InvalidInputException>(() => NewCase(Channel.InPerson, "2026-02-27", "2026-03-02")).Field);
        Assert.Equal("receivedOn", Assert.Throws<InvalidInputException>(() => NewCase(Channel.Online, "2008-04-20", "2008-04-30")).Field);
    }

    [Fact]
    public void ConfirmReceipt_WhenAlreadyFixed_Refused()
    {
        var c = NewCase();
        Assert.Throws<DomainRuleException>(() => c.ConfirmReceipt(D("2026-03-03"), Ctx));
    }

    [Fact]
    public void AnswerOnTheSpot_WhenOnTheReceiptDate_ClosesOnTime()
    {
        // Art. 33 ¶1.
        var c = NewCase();
        Assert.Throws<DomainRuleException>(() => c.AnswerOnTheSpot(D("2026-03-03"), "Disclosed", null, DeliveryMethod.InPerson, Ctx));
        c.AnswerOnTheSpot(D("2026-03-02"), "Disclosed.AlreadyPublished", "见政府网站", DeliveryMethod.InPerson, Ctx);
        var reading = c.Clock(Cal, ClockSettings.Default);
        Assert.True(reading.IsClosed);
        Assert.False(reading.ClosedLate);
    }

    [Fact]
    public void Withdraw_ClosesWithTheRegimeWithdrawalCode()
    {
        // law.md §4 Withdrawal; reports.md §2: Other.Withdrawn (2019), Withdrawn (2008).
        var c2019 = NewCase();
        c2019.Withdraw(D("2026-03-03"), Ctx);
        Assert.Equal("Other.Withdrawn", c2019.Clock(Cal, ClockSettings.Default).Outcome);
        var c2008 = NewCase(submitted: "2018-03-05", received: "2018-03-05");
        c2008.Withdraw(D("2018-03-06"), Ctx);
        Assert.Equal("Withdrawn", c2008.Clock(Cal, ClockSettings.Default).Outcome);
    }

    [Fact]
    public void IssueFeeNotice_WhenReceivedBefore2021_Refused()
    {
        // 国办函〔2020〕109号 applies to cases received from 2021-01-01.
        var c = NewCase(submitted: "2020-03-02", received: "2020-03-02");
        Assert.Throws<DomainRuleException>(() => c.IssueFeeNotice(D("2020-03-03"), FeeMethod.PerPage, 150, 1, Ctx));
    }

    [Fact]
    public void FeeNotice_WhenPaid_PausesAndResumes()
    {
        // 国办函〔2020〕109号: notice to payment not counted; 150 pages = 1,700 yuan.
        var c = NewCase();
        var fee = c.IssueFeeNotice(D("2026-03-10"), FeeMethod.PerPage, 150, 1, Ctx);
        Assert.Equal(1700m, fee.DueYuan);
        Assert.Throws<DomainRuleException>(() => c.RecordFeePayment(D("2026-03-20"), 1000m, Ctx));
        c.RecordFeePayment(D("2026-03-20"), 1700m, Ctx);
        Assert.Equal(D("2026-04-10"), Due(c));
    }

    [Fact]
    public void FeeNotice_WhenWaived_EndsThePause()
    {
        var c = NewCase();
        c.IssueFeeNotice(D("2026-03-10"), FeeMethod.PerPage, 150, 1, Ctx);
        Assert.ThrowsAny<Exception>(() => c.ReduceFee(D("2026-03-12"), 0m, " ", Ctx));
        c.ReduceFee(D("2026-03-12"), 0m, "申请人经济困难", Ctx);
        Assert.Equal(D("2026-04-01"), Due(c)); // 2 working days paused (03-11, 03-12)
        Assert.Throws<DomainRuleException>(() => c.RecordFeePayment(D("2026-03-13"), 0m, Ctx));
    }

    [Fact]
    public void FeeUnpaid_WhenLimitPassed_ClosesTheCase()
    {
        var c = NewCase();
        c.IssueFeeNotice(D("2026-03-10"), FeeMethod.PerRequest, null, 11, Ctx);
        Assert.Throws<DomainRuleException>(() => c.RecordFeePayment(D("2026-04-09"), 100m, Ctx));
        Assert.Throws<DomainRuleException>(() => c.CloseAsAbandoned(D("2026-04-08"), "Other.FeeUnpaid", Ctx));
        c.CloseAsAbandoned(D("2026-04-09"), "Other.FeeUnpaid", Ctx);
        Assert.True(c.Clock(Cal, ClockSettings.Default).IsClosed);
    }

    [Theory]
    [InlineData(FeeMethod.PerPage, 30, 1)]
    [InlineData(FeeMethod.PerRequest, null, 10)]
    public void IssueFeeNotice_WhenTheAmountIsZero_RefusedAndPausesNothing(FeeMethod method, int? pages, int ordinalInMonth)
    {
        // law.md §4 Fee (国办函〔2020〕109号): requests 1–10 of the month and pages 1–30 are free; no notice, no pause.
        var c = NewCase();
        var error = Assert.Throws<DomainRuleException>(() => c.IssueFeeNotice(D("2026-03-10"), method, pages, ordinalInMonth, Ctx));
        Assert.Contains("free", error.Message);
        Assert.Empty(c.UncommittedEvents.OfType<FeeNoticeIssued>());
        Assert.Equal(D("2026-03-30"), Due(c));
        Assert.Equal(CaseStatus.InProgress, c.Clock(Cal, ClockSettings.Default).Status);
    }

    [Fact]
    public void Decide_WhileAFeeIsUnpaid_RefusedUntilPaidWaivedOrClosedAsFeeUnpaid()
    {
        // law.md §4 Fee: while the fee pause is open no decision is recorded.
        var paid = NewCase();
        paid.IssueFeeNotice(D("2026-03-10"), FeeMethod.PerPage, 150, 1, Ctx);
        var error = Assert.Throws<DomainRuleException>(() => paid.Decide(D("2026-03-12"), "Disclosed", null, Ctx));
        Assert.Contains("unpaid", error.Message);
        Assert.Contains("2026-04-08", error.Message); // the time to pay ends 20 working days after the notice
        paid.RecordFeePayment(D("2026-03-20"), 1700m, Ctx);
        paid.Decide(D("2026-03-23"), "Disclosed", null, Ctx);

        var waived = NewCase();
        waived.IssueFeeNotice(D("2026-03-10"), FeeMethod.PerPage, 150, 1, Ctx);
        waived.ReduceFee(D("2026-03-12"), 0m, "申请人经济困难", Ctx);
        waived.Decide(D("2026-03-12"), "Disclosed", null, Ctx);

        var lapsed = NewCase();
        lapsed.IssueFeeNotice(D("2026-03-10"), FeeMethod.PerPage, 150, 1, Ctx);
        Assert.Throws<DomainRuleException>(() => lapsed.Decide(D("2026-04-09"), "Other.FeeUnpaid", null, Ctx));
        Assert.Throws<DomainRuleException>(() => lapsed.AnswerOnTheSpot(D("2026-03-10"), "Disclosed", null, DeliveryMethod.InPerson, Ctx));
        lapsed.CloseAsAbandoned(D("2026-04-09"), "Other.FeeUnpaid", Ctx);
        Assert.True(lapsed.Clock(Cal, ClockSettings.Default).IsClosed);
    }

    [Fact]
    public void RecordFeePayment_WithoutAnAmount_TakesTheAmountDue()
    {
        // law.md §4 Fee: fee-payment without amountYuan records the amount due (after a reduction, the reduced amount).
        var c = NewCase();
        c.IssueFeeNotice(D("2026-03-10"), FeeMethod.PerPage, 150, 1, Ctx);
        c.ReduceFee(D("2026-03-11"), 500m, "减免", Ctx);
        c.RecordFeePayment(D("2026-03-20"), null, Ctx);
        Assert.Equal(500m, c.UncommittedEvents.OfType<FeePaid>().Single().AmountYuan);
        Assert.Equal(500m, c.Clock(Cal, ClockSettings.Default).FeePaidYuan);
    }

    [Fact]
    public void ApproveDeferral_WhenNotLaterOrNotAWorkingDay_Refused()
    {
        // Art. 35: a reasonable later due date.
        var c = NewCase();
        Assert.Equal("dueOn", Assert.Throws<InvalidInputException>(() => c.ApproveDeferral(D("2026-03-10"), D("2026-03-27"), "大量", "李四", Ctx)).Field);
        Assert.Equal("dueOn", Assert.Throws<InvalidInputException>(() => c.ApproveDeferral(D("2026-03-10"), D("2026-04-06"), "大量", "李四", Ctx)).Field);
        c.ApproveDeferral(D("2026-03-10"), D("2026-05-29"), "大量", "李四", Ctx);
        Assert.Equal(D("2026-05-29"), Due(c));
        Assert.Throws<DomainRuleException>(() => c.ApproveExtension(D("2026-03-11"), 5, "复杂", D("2026-03-11"), "李四", Ctx));
    }

    [Fact]
    public void Consultation_WhenReplyRecordedTwiceOrUnknown_Refused()
    {
        var c = NewCase();
        var id = c.SendConsultation(ConsultationKind.ThirdParty, "某公司", D("2026-03-10"), Ctx);
        Assert.Throws<NotFoundException>(() => c.ReceiveConsultationReply(Guid.NewGuid(), D("2026-03-12"), true, Ctx));
        c.ReceiveConsultationReply(id, D("2026-03-20"), false, Ctx);
        Assert.Throws<DomainRuleException>(() => c.ReceiveConsultationReply(id, D("2026-03-21"), false, Ctx));
        Assert.Equal(D("2026-04-10"), Due(c));
    }
}
