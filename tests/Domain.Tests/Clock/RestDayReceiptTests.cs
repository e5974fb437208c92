using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Clock;

/// <summary>law.md §3 "A receipt on a non-working day": 收到日为休息日，顺延至下一工作日 (setting ShiftRestDayReceipt).</summary>
public class RestDayReceiptTests
{
    private static ClockReading Read(Case c, ClockSettings? settings = null) => c.Clock(Cal, settings ?? ClockSettings.Default);

    private static Case Confirmed(Channel channel, string submitted, string confirmed, LetterMail? mail = null)
    {
        var c = NewCase(channel, submitted, null, mail);
        c.ConfirmReceipt(D(confirmed), Context());
        return c;
    }

    [Fact]
    public void Compute_WhenOnlineConfirmedOnSunday20170618_CountsFromMonday20170619AndIsDue20170710()
    {
        // law.md §3: confirmed Sunday 2017-06-18, received Monday 2017-06-19, due 2017-07-10 (2008 Art. 24: 15 working days).
        var c = Confirmed(Channel.Online, "2017-06-16", "2017-06-18");
        var reading = Read(c);
        Assert.Equal(D("2017-06-18"), c.ReceiptDate); // the recorded date is kept
        Assert.Equal(D("2017-06-18"), reading.ReceiptDate);
        Assert.Equal(D("2017-06-19"), reading.CountedReceiptDate);
        Assert.True(reading.ReceiptShifted);
        Assert.Equal(D("2017-06-19"), reading.BaseDate);
        Assert.Equal(D("2017-07-10"), reading.DueOn);
        Assert.Equal(D("2017-06-18"), Assert.IsType<ReceiptConfirmed>(c.Events[^1]).ConfirmedOn);
    }

    [Theory]
    // law.md §3: every channel. A letter signed for by weekend duty staff, an in-person request taken at a weekend desk.
    [InlineData(Channel.InPerson, null)]
    [InlineData(Channel.Letter, LetterMail.Signed)]
    public void Compute_WhenReceivedOnSunday20170618ByAnyChannel_IsDue20170710(Channel channel, LetterMail? mail)
    {
        var c = NewCase(channel, "2017-06-18", "2017-06-18", mail);
        Assert.Equal(D("2017-07-10"), Read(c).DueOn);
    }

    [Theory]
    // law.md §3: every channel whose receipt is a confirmation (online, fax, ordinary mail).
    [InlineData(Channel.Online, null)]
    [InlineData(Channel.Fax, null)]
    [InlineData(Channel.Letter, LetterMail.Ordinary)]
    public void Compute_WhenConfirmedOnSunday20170618ByAnyChannel_IsDue20170710(Channel channel, LetterMail? mail)
    {
        Assert.Equal(D("2017-07-10"), Read(Confirmed(channel, "2017-06-16", "2017-06-18", mail)).DueOn);
    }

    [Fact]
    public void Compute_WhenRegime2019ConfirmedOnSaturday_CountsTwentyWorkingDaysFromMonday()
    {
        // law.md §3 in Regime 2019 (Art. 31, 33): Saturday 2026-03-07 counts as Monday 2026-03-09; 清明 2026-04-06 skipped.
        var reading = Read(Confirmed(Channel.Online, "2026-03-06", "2026-03-07"));
        Assert.Equal(Regime.Regime2019, reading.Regime);
        Assert.Equal(D("2026-03-09"), reading.CountedReceiptDate);
        Assert.Equal(D("2026-04-07"), reading.DueOn);
    }

    [Fact]
    public void Compute_WhenReceivedOnAHoliday_CountsFromTheFirstWorkingDayAfterIt()
    {
        // law.md §3: 2017-10-03 is in the 国庆节/中秋节 break (2017-10-01..08): received 2017-10-09, due 2017-10-30 (2008 Art. 24).
        var reading = Read(NewCase(Channel.Letter, "2017-10-03", "2017-10-03", LetterMail.Signed));
        Assert.Equal(D("2017-10-09"), reading.CountedReceiptDate);
        Assert.Equal(D("2017-10-30"), reading.DueOn);
    }

    [Fact]
    public void Compute_WhenReceivedOnAMakeUpSaturday_DoesNotShift()
    {
        // law.md §2–3: Saturday 2017-09-30 was a 调休 working day, so it is the receipt date itself.
        var reading = Read(NewCase(Channel.InPerson, "2017-09-30", "2017-09-30"));
        Assert.False(reading.ReceiptShifted);
        Assert.Equal(D("2017-09-30"), reading.BaseDate);
    }

    [Fact]
    public void Compute_WhenShiftRestDayReceiptOff_CountsFromTheRecordedDay()
    {
        // law.md §3: the shift is a setting; off, Sunday 2017-06-18 counts as it was recorded (due 2017-07-07).
        var reading = Read(Confirmed(Channel.Online, "2017-06-16", "2017-06-18"), ClockSettings.Default with { ShiftRestDayReceipt = false });
        Assert.False(reading.ReceiptShifted);
        Assert.Equal(D("2017-07-07"), reading.DueOn);
        Assert.True(ClockSettings.Default.ShiftRestDayReceipt);
    }

    [Fact]
    public void RequestSupplement_WhenReceivedOnSaturday_WindowCountsFromTheNextWorkingDay()
    {
        // Art. 30 + law.md §3: the 7-working-day 补正 window of a letter signed for on Saturday 2026-03-07 ends 2026-03-18, not 03-17.
        var c = NewCase(Channel.Letter, "2026-03-06", "2026-03-07", LetterMail.Signed);
        Assert.Equal(D("2026-03-18"), Read(c).SupplementNoticeDeadline);
        c.RequestSupplement(D("2026-03-18"), "具体年份", null, Context());
        Assert.Equal(CaseStatus.AwaitingSupplement, Read(c).Status);
    }

    [Fact]
    public void For_WhenReceiptShifted_NamesTheShiftAndBothDates()
    {
        // law.md §3: the explanation names the shift; the recorded date is shown too.
        var explanation = DeadlineExplanation.For(Confirmed(Channel.Online, "2017-06-16", "2017-06-18").Events, Cal);
        Assert.True(explanation.ReceiptShifted);
        Assert.Equal(D("2017-06-18"), explanation.ReceiptDate);
        Assert.Equal(D("2017-06-19"), explanation.CountedReceiptDate);
        Assert.Equal(D("2017-07-10"), explanation.DueOn);
        var line = Assert.Single(explanation.Lines, l => l.Contains("收到日为休息日，顺延至下一工作日"));
        Assert.Contains("2017-06-18", line);
        Assert.Contains("2017-06-19", line);
    }

    [Fact]
    public void For_WhenReceivedOnAWorkingDay_SaysNothingOfAShift()
    {
        var explanation = DeadlineExplanation.For([ReceivedInPerson("2017-06-19")], Cal);
        Assert.False(explanation.ReceiptShifted);
        Assert.DoesNotContain(explanation.Lines, l => l.Contains("顺延"));
    }
}
