using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Alerts;

/// <summary>Which alerts a case should have on a given day: one test per kind (README "Deadline alerts", law.md §3–4).</summary>
public class CaseAlertsTests
{
    private static readonly ClockContext Ctx = Context();

    private static List<string> On(Case c, string today)
        => CaseAlerts.For(CaseAlertFacts.Of(c, c.Clock(Cal, ClockSettings.Default)), D(today), Cal, ClockSettings.Default, AlertSettings.Default)
            .Select(a => a.Key.Replace($"|{c.Id.Value}|", "|")).Order().ToList();

    [Fact]
    public void ReceiptUnconfirmed_WhenNotConfirmedByTheNextWorkingDay_IsRaisedWithThatDay()
    {
        // Art. 31: an online request waits for confirmation; submitted Friday 2026-09-25, the next working day is Monday 09-28.
        var c = NewCase(Channel.Online, submitted: "2026-09-25", received: null);
        Assert.Empty(On(c, "2026-09-28"));
        Assert.Equal(["ReceiptUnconfirmed|2026-09-28"], On(c, "2026-09-29"));
        c.ConfirmReceipt(D("2026-09-29"), Ctx);
        Assert.DoesNotContain(On(c, "2026-09-30"), k => k.StartsWith("ReceiptUnconfirmed", StringComparison.Ordinal));
    }

    [Fact]
    public void SupplementNoticeWindow_WhenTwoWorkingDaysOrFewerLeftAndNoNotice_IsRaised()
    {
        // Art. 30: the 补正 notice within 7 working days of receipt (2026-10-26 → 2026-11-04), warned 2 working days before.
        var c = NewCase(submitted: "2026-10-26", received: "2026-10-26");
        Assert.Empty(On(c, "2026-10-30"));
        Assert.Equal(["SupplementNoticeWindow|2026-11-04"], On(c, "2026-11-02"));
        Assert.Equal(["SupplementNoticeWindow|2026-11-04"], On(c, "2026-11-04"));
        Assert.Empty(On(c, "2026-11-05"));
        c.RequestSupplement(D("2026-11-02"), "年份", null, Ctx);
        Assert.DoesNotContain(On(c, "2026-11-03"), k => k.StartsWith("SupplementNoticeWindow", StringComparison.Ordinal));
    }

    [Fact]
    public void SupplementNoticeWindow_WhenRegime2008_IsNeverRaised()
    {
        // 2008 Art. 21(4): no 补正 pause, so no window to warn of.
        var c = NewCase(submitted: "2018-03-05", received: "2018-03-05");
        Assert.DoesNotContain(On(c, "2018-03-13"), k => k.StartsWith("SupplementNoticeWindow", StringComparison.Ordinal));
    }

    [Fact]
    public void DueSoon_IsRaisedInTheNarrowestBandOfWorkingDaysLeft()
    {
        // Art. 33: received 2026-09-01, due 2026-09-29 (中秋节 09-25 skipped, 09-20 调休 counted); bands 5, 3, 1.
        var c = NewCase(submitted: "2026-09-01", received: "2026-09-01");
        Assert.Empty(On(c, "2026-09-18"));
        Assert.Equal(["DueSoon|2026-09-29|5"], On(c, "2026-09-21"));
        Assert.Equal(["DueSoon|2026-09-29|3"], On(c, "2026-09-23"));
        Assert.Equal(["DueSoon|2026-09-29|1"], On(c, "2026-09-28"));
    }

    [Fact]
    public void DueToday_IsRaisedOnTheDueDate()
    {
        var c = NewCase(submitted: "2026-09-01", received: "2026-09-01");
        Assert.Equal(["DueToday|2026-09-29"], On(c, "2026-09-29"));
    }

    [Fact]
    public void Overdue_IsRaisedTheDayAfterTheDueDateWhileOpen_AndNotOnceClosed()
    {
        // Law.md §4 Overdue: the day after the due date, while not closed; decided but not delivered is still open.
        var c = NewCase(submitted: "2026-09-01", received: "2026-09-01");
        Assert.Equal(["Overdue|2026-09-29"], On(c, "2026-09-30"));
        c.Decide(D("2026-10-09"), "Disclosed", null, Ctx);
        Assert.Equal(["Overdue|2026-09-29"], On(c, "2026-10-09"));
        c.Deliver(D("2026-10-09"), DeliveryMethod.Post, Ctx);
        Assert.Empty(On(c, "2026-10-09"));
    }

    [Fact]
    public void Overdue_WhenTheDueDateMoves_FollowsTheNewDate()
    {
        // Art. 33 ¶2: an extension approved on the due date moves it; DueToday gives way to the new band.
        var c = NewCase(submitted: "2026-09-01", received: "2026-09-01");
        c.ApproveExtension(D("2026-09-29"), 5, "复杂", D("2026-09-29"), "李四", Ctx);
        Assert.Equal(["DueSoon|2026-10-12|5"], On(c, "2026-09-29")); // 09-30, 国庆节 skipped, 10-08, 10-09, 10-10 调休, 10-12
    }

    [Fact]
    public void ConsultationOverdue_WhenNoReplyAfter15WorkingDays_IsRaisedWithTheLimit()
    {
        // Art. 32, 34: 15 working days from 2026-09-15 is 2026-10-12 across 国庆节; the clock resumes by itself.
        var c = NewCase(submitted: "2026-09-14", received: "2026-09-14");
        var id = c.SendConsultation(ConsultationKind.OtherAgency, "州财政局", D("2026-09-15"), Ctx);
        Assert.DoesNotContain(On(c, "2026-10-12"), k => k.StartsWith("ConsultationOverdue", StringComparison.Ordinal));
        Assert.Contains("ConsultationOverdue|2026-10-12", On(c, "2026-10-13"));
        c.ReceiveConsultationReply(id, D("2026-10-14"), null, Ctx);
        Assert.DoesNotContain(On(c, "2026-10-15"), k => k.StartsWith("ConsultationOverdue", StringComparison.Ordinal));
    }

    [Fact]
    public void SupplementLapsed_WhenNotSuppliedInTime_IsRaisedWithTheOutcomeThatClosesIt()
    {
        // Art. 30: not supplied by the time given = abandoned, Other.SupplementOverdue.
        var c = NewCase(submitted: "2026-10-12", received: "2026-10-12");
        c.RequestSupplement(D("2026-10-13"), "年份", D("2026-10-20"), Ctx);
        Assert.Empty(On(c, "2026-10-20"));
        Assert.Equal(["SupplementLapsed|2026-10-20"], On(c, "2026-10-21"));
        var lapsed = CaseAlerts.Lapsed(c.Id.Value, CaseStatus.AwaitingSupplement, c.Events, D("2026-10-21"), Cal, ClockSettings.Default);
        Assert.Equal("Other.SupplementOverdue", lapsed!.Outcome);
    }

    [Fact]
    public void FeeLapsed_WhenUnpaidAfter20WorkingDays_IsRaisedWithTheOutcomeThatClosesIt()
    {
        // 国办函〔2020〕109号: 20 working days to pay (2026-03-10 → 2026-04-08), then Other.FeeUnpaid.
        var c = NewCase();
        c.IssueFeeNotice(D("2026-03-10"), FeeMethod.PerPage, 150, 1, Ctx);
        Assert.DoesNotContain(On(c, "2026-04-08"), k => k.StartsWith("FeeLapsed", StringComparison.Ordinal));
        Assert.Contains("FeeLapsed|2026-04-08", On(c, "2026-04-09"));
        var lapsed = CaseAlerts.Lapsed(c.Id.Value, CaseStatus.AwaitingFee, c.Events, D("2026-04-09"), Cal, ClockSettings.Default);
        Assert.Equal("Other.FeeUnpaid", lapsed!.Outcome);
    }

    [Fact]
    public void For_WhenTheCaseIsClosed_GivesNothing()
    {
        var c = NewCase(submitted: "2026-09-01", received: "2026-09-01");
        c.Withdraw(D("2026-09-02"), Ctx);
        Assert.Empty(On(c, "2026-11-25"));
    }
}
