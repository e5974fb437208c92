using CaseTracker.Domain.Calendar;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Clock;

public class StatutoryClockTests
{
    private static ClockReading Read(params CaseEvent[] events) => StatutoryClock.Compute(events, Cal);

    [Fact]
    public void Compute_When2018RequestCrossesSpringFestival_Skips春节AndCountsMakeUpSaturday()
    {
        // 2008 Art. 24: 15 working days. 2018-02-15..21 春节 off; Saturday 2018-02-24 a make-up working day.
        var reading = Read(ReceivedInPerson("2018-02-09"));
        Assert.Equal(Regime.Regime2008, reading.Regime);
        Assert.Equal(D("2018-03-07"), reading.DueOn);
        Assert.False(reading.DueOnProvisional);
    }

    [Fact]
    public void Compute_WhenReceived20200120_SkipsTheExtended2020SpringFestival()
    {
        // Art. 33: 20 working days; the second 2020 notice extended the break to 2020-02-02.
        var reading = Read(ReceivedInPerson("2020-01-20"));
        Assert.Equal(Regime.Regime2019, reading.Regime);
        Assert.Equal(D("2020-02-25"), reading.DueOn);
    }

    [Theory]
    // law.md §1: the regime is chosen by the receipt date; 2019-05-15 is the first day of Order 711.
    [InlineData("2019-05-14", Regime.Regime2008, 15, "2019-06-04")]
    [InlineData("2019-05-15", Regime.Regime2019, 20, "2019-06-13")]
    public void Compute_WhenReceivedAroundRegimeChange_AppliesTheRegimeOfTheReceiptDate(string received, Regime regime, int days, string due)
    {
        var reading = Read(ReceivedInPerson(received));
        Assert.Equal(regime, reading.Regime);
        Assert.Equal(days, reading.StatutoryWorkingDays);
        Assert.Equal(D(due), reading.DueOn);
    }

    [Fact]
    public void Compute_WhenAwaitingConfirmation_RunsNoClock()
    {
        // Art. 31: until a receipt date is fixed, no clock runs.
        var reading = Read(new Registered(D("2026-03-02"), Channel.Online, null, null));
        Assert.Equal(CaseStatus.AwaitingConfirmation, reading.Status);
        Assert.Null(reading.DueOn);
        Assert.Null(reading.Regime);
    }

    [Fact]
    public void Compute_WhenReceiptConfirmed_CountsFromTheConfirmationDay()
    {
        // Art. 31: online and fax requests are received the day both sides confirmed.
        var reading = Read(new Registered(D("2026-02-27"), Channel.Fax, null, null), new ReceiptConfirmed(D("2026-03-02")));
        Assert.Equal(D("2026-03-02"), reading.ReceiptDate);
        Assert.Equal(D("2026-03-30"), reading.DueOn);
    }

    [Fact]
    public void Compute_WhenSupplementRequested_StopsTheClockUntilSupplied()
    {
        // Art. 30: after the 补正 notice the clock stops; it restarts with 20 working days from the supplement.
        var reading = Read(ReceivedInPerson("2026-03-02"), new SupplementRequested(D("2026-03-05"), "地址", D("2026-03-26")));
        Assert.Equal(CaseStatus.AwaitingSupplement, reading.Status);
        Assert.Null(reading.DueOn);
        Assert.Equal(D("2026-03-26"), reading.SupplyBy);
        Assert.Equal(D("2026-03-11"), reading.SupplementNoticeDeadline);
    }

    [Fact]
    public void Compute_WhenSupplementReceived_RestartsTwentyWorkingDaysFromIt()
    {
        // Art. 30: new due date = supplement date + 20 working days.
        var reading = Read(ReceivedInPerson("2026-03-02"), new SupplementRequested(D("2026-03-05"), "地址", D("2026-03-26")),
            new SupplementReceived(D("2026-03-16")));
        Assert.Equal(D("2026-03-16"), reading.BaseDate);
        Assert.Equal(D("2026-04-14"), reading.DueOn);
        Assert.Equal(CaseStatus.InProgress, reading.Status);
    }

    [Fact]
    public void Compute_WhenThirdPartyReplied_DoesNotCountTheConsultationDays()
    {
        // Art. 32, 33: from the day after the letter was sent to the reply, days are not counted (8 working days here);
        // 2026-04-06 清明节 is skipped too.
        var id = Guid.NewGuid();
        var reading = Read(ReceivedInPerson("2026-03-02"),
            new ConsultationSent(id, ConsultationKind.ThirdParty, "某公司", D("2026-03-10")),
            new ConsultationReplied(id, D("2026-03-20"), false));
        Assert.Equal(D("2026-04-10"), reading.DueOn);
        var pause = Assert.Single(reading.Pauses);
        Assert.Equal(PauseReason.ThirdPartyConsultation, pause.Reason);
        Assert.False(pause.Open);
    }

    [Fact]
    public void Compute_WhenConsultationUnanswered_PausesUntilTheFifteenDayLimitThenResumes()
    {
        // Art. 32, 34: the other side has 15 working days; after that the clock resumes by itself.
        var id = Guid.NewGuid();
        var reading = Read(ReceivedInPerson("2026-03-02"), new ConsultationSent(id, ConsultationKind.OtherAgency, "市财政局", D("2026-03-10")));
        Assert.Equal(CaseStatus.Consulting, reading.Status);
        Assert.Equal(D("2026-03-31"), Assert.Single(reading.Pauses).Until);
        Assert.Equal(D("2026-04-21"), reading.DueOn);
    }

    [Fact]
    public void Compute_WhenReplyArrivesAfterTheLimit_PausesOnlyUntilTheLimit()
    {
        // Art. 32: the limit caps the pause even if the reply comes later.
        var id = Guid.NewGuid();
        var late = Read(ReceivedInPerson("2026-03-02"), new ConsultationSent(id, ConsultationKind.ThirdParty, "某公司", D("2026-03-10")),
            new ConsultationReplied(id, D("2026-04-15"), true));
        Assert.Equal(D("2026-04-21"), late.DueOn);
    }

    [Fact]
    public void Compute_WhenTwoConsultationsOverlap_CountsTheOverlapOnce()
    {
        // Art. 32, 34: a day is either counted or not; two pauses over the same day do not double it.
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var reading = Read(ReceivedInPerson("2026-03-02"),
            new ConsultationSent(a, ConsultationKind.ThirdParty, "甲", D("2026-03-10")),
            new ConsultationSent(b, ConsultationKind.OtherAgency, "乙", D("2026-03-12")),
            new ConsultationReplied(a, D("2026-03-18"), true),
            new ConsultationReplied(b, D("2026-03-20"), null));
        Assert.Equal(D("2026-04-10"), reading.DueOn); // the same 8 paused days as one consultation 03-10..03-20
    }

    [Fact]
    public void Compute_WhenExtended_AddsWorkingDaysToTheDueDate()
    {
        // Art. 33 ¶2: new due date = old due date + N working days.
        var reading = Read(ReceivedInPerson("2018-03-05"), new ExtensionApproved(D("2018-03-20"), 15, "需调取档案", D("2018-03-20"), "李四"));
        Assert.Equal(D("2018-04-17"), reading.DueOn);
        Assert.True(reading.Extended);
    }

    [Fact]
    public void Compute_WhenFeeNoticeUnpaid_PausesUntilPaymentLimit()
    {
        // 国办函〔2020〕109号: time from notice to payment is not counted; the applicant has 20 working days.
        var reading = Read(ReceivedInPerson("2026-03-02"), new FeeNoticeIssued(D("2026-03-10"), FeeMethod.PerPage, 150, 1, 1700m));
        Assert.Equal(CaseStatus.AwaitingFee, reading.Status);
        Assert.Equal(D("2026-04-08"), reading.FeePaymentDeadline);
        var paid = Read(ReceivedInPerson("2026-03-02"), new FeeNoticeIssued(D("2026-03-10"), FeeMethod.PerPage, 150, 1, 1700m),
            new FeePaid(D("2026-03-20"), 1700m));
        Assert.Equal(D("2026-04-10"), paid.DueOn);
    }

    [Fact]
    public void Compute_WhenFeePauseSwitchedOff_CountsFeeDays()
    {
        var events = new CaseEvent[] { ReceivedInPerson("2026-03-02"), new FeeNoticeIssued(D("2026-03-10"), FeeMethod.PerPage, 150, 1, 1700m), new FeePaid(D("2026-03-20"), 1700m) };
        var reading = StatutoryClock.Compute(events, Cal, ClockSettings.Default with { FeePauseEnabled = false });
        Assert.Equal(D("2026-03-30"), reading.DueOn);
    }

    [Fact]
    public void Compute_WhenDeferred_DueIsTheDeferredDate()
    {
        // Art. 35: the office sets a reasonable later due date.
        var reading = Read(ReceivedInPerson("2026-03-02"), new DeferralApproved(D("2026-03-20"), D("2026-05-29"), "大量申请", "李四"));
        Assert.Equal(D("2026-05-29"), reading.DueOn);
        Assert.True(reading.Deferred);
    }

    [Fact]
    public void Compute_WhenDeliveredAfterDue_IsClosedLate()
    {
        // law.md §4: closed late = delivered after the due date; overdue is computed, never stored.
        var reading = Read(ReceivedInPerson("2026-03-02"), new Decided(D("2026-03-31"), "Disclosed", null), new Delivered(D("2026-03-31"), DeliveryMethod.Post));
        Assert.True(reading.ClosedLate);
        Assert.True(reading.IsClosed);
        Assert.False(reading.IsOverdue(D("2026-04-30")));
        var onTime = Read(ReceivedInPerson("2026-03-02"), new Decided(D("2026-03-30"), "Disclosed", null), new Delivered(D("2026-03-30"), DeliveryMethod.Post));
        Assert.False(onTime.ClosedLate);
    }

    [Fact]
    public void IsOverdue_FromTheDayAfterTheDueDate()
    {
        // law.md §4: overdue on the day after its current due date while not closed.
        var reading = Read(ReceivedInPerson("2026-03-02"));
        Assert.False(reading.IsOverdue(D("2026-03-30")));
        Assert.True(reading.IsOverdue(D("2026-03-31")));
        Assert.Equal(1, reading.WorkingDaysLeft(D("2026-03-27"), Cal));
        Assert.Equal(0, reading.WorkingDaysLeft(D("2026-03-30"), Cal));
        Assert.Equal(-1, reading.WorkingDaysLeft(D("2026-03-31"), Cal));
    }

    [Fact]
    public void Compute_WhenWithdrawn_ClosesWithItsOutcome()
    {
        // law.md §4 Withdrawal: the case closes.
        var reading = Read(ReceivedInPerson("2026-03-02"), new Withdrawn(D("2026-03-04"), "Other.Withdrawn"));
        Assert.True(reading.IsClosed);
        Assert.Equal(D("2026-03-04"), reading.ClosedOn);
        Assert.Equal("Other.Withdrawn", reading.Outcome);
    }

    [Fact]
    public void Compute_WhenAnsweredOnTheSpot_ClosesOnTheReceiptDate()
    {
        // Art. 33 ¶1: 当场答复.
        var reading = Read(ReceivedInPerson("2026-03-02"), new AnsweredOnTheSpot(D("2026-03-02"), "Disclosed.AlreadyPublished", null, DeliveryMethod.InPerson));
        Assert.True(reading.IsClosed);
        Assert.Equal(D("2026-03-02"), reading.ClosedOn);
        Assert.False(reading.ClosedLate);
    }

    [Fact]
    public void Compute_WhenDueDateFallsInProvisional2027_MovesWhenThe2027NoticeIsLoaded()
    {
        // law.md §2: a due date whose count crosses a year with no notice is provisional; loading the notice moves it.
        var events = new CaseEvent[] { ReceivedInPerson("2026-12-15") };
        var before = StatutoryClock.Compute(events, Cal);
        Assert.Equal(D("2027-01-12"), before.DueOn);
        Assert.True(before.DueOnProvisional);
        Assert.Equal([2027], before.ProvisionalYears);

        var notice = HolidayNotice.Parse("""{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}""");
        var after = StatutoryClock.Compute(events, Cal.WithNotice(notice));
        Assert.Equal(D("2027-01-13"), after.DueOn);
        Assert.False(after.DueOnProvisional);
    }

    [Fact]
    public void Compute_WhenCountStaysInsideLoadedYears_IsNotProvisional()
    {
        Assert.False(Read(ReceivedInPerson("2026-11-02")).DueOnProvisional);
    }
}
