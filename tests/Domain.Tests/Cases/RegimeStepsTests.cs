using System.Text.RegularExpressions;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Cases;

/// <summary>
/// law.md §1, §4 "Regime 2008 differs (2008 Art. 23–24)": every step of <see cref="Case"/> and the regimes that allow it.
/// A Regime 2008 case is received 2018-03-05 (due 2018-03-26), a Regime 2019 case 2026-03-02 (due 2026-03-30).
/// </summary>
public class RegimeStepsTests
{
    private static readonly ClockContext Ctx = Context();

    private static Case Case2008() => NewCase(submitted: "2018-03-05", received: "2018-03-05");

    private static Case Case2019() => NewCase();

    private static ClockReading Read(Case c) => c.Clock(Cal, ClockSettings.Default);

    private static void RefusedFor2008(Action step, Case c)
    {
        var version = c.Version;
        var error = Assert.Throws<DomainRuleException>(step);
        Assert.Contains("Regime 2008 has no", error.Message);
        Assert.Equal(version, c.Version);
    }

    [Fact]
    public void Register_BothRegimes()
    {
        // law.md §1: the regime is chosen by the receipt date.
        Assert.Equal(Regime.Regime2008, Read(Case2008()).Regime);
        Assert.Equal(Regime.Regime2019, Read(Case2019()).Regime);
    }

    [Fact]
    public void ConfirmReceipt_BothRegimes()
    {
        // Art. 31 / 2008 Art. 24: counted from the confirmation.
        var c2008 = NewCase(Channel.Online, "2018-03-02", null);
        c2008.ConfirmReceipt(D("2018-03-05"), Ctx);
        Assert.Equal(D("2018-03-26"), Read(c2008).DueOn);
        var c2019 = NewCase(Channel.Online, "2026-02-27", null);
        c2019.ConfirmReceipt(D("2026-03-02"), Ctx);
        Assert.Equal(D("2026-03-30"), Read(c2019).DueOn);
    }

    [Fact]
    public void RequestSupplement_Regime2019Only()
    {
        // Art. 30; 2008 Art. 21(4): no 补正 restart in Regime 2008.
        var c2008 = Case2008();
        RefusedFor2008(() => c2008.RequestSupplement(D("2018-03-06"), "具体年份", null, Ctx), c2008);
        var c2019 = Case2019();
        c2019.RequestSupplement(D("2026-03-05"), "具体年份", null, Ctx);
        Assert.Equal(CaseStatus.AwaitingSupplement, Read(c2019).Status);
    }

    [Fact]
    public void ReceiveSupplement_Regime2019Only()
    {
        // Art. 30; 2008 Art. 21(4).
        var c2008 = Case2008();
        RefusedFor2008(() => c2008.ReceiveSupplement(D("2018-03-06"), Ctx), c2008);
        var c2019 = Case2019();
        c2019.RequestSupplement(D("2026-03-05"), "具体年份", null, Ctx);
        c2019.ReceiveSupplement(D("2026-03-16"), Ctx);
        Assert.Equal(D("2026-04-14"), Read(c2019).DueOn);
    }

    [Fact]
    public void SendConsultation_ThirdParty_BothRegimes_Regime2008PausesUntilTheReplyWithoutCap()
    {
        // 2008 Art. 24 ¶3 (law.md §4 example): received 2018-03-05, third party consulted 2018-03-07, reply 2018-04-04
        // → due 2018-04-24. The 15-working-day cap (Art. 32) is a 2019 rule: with it the date would be 2018-04-17.
        var c2008 = Case2008();
        var id = c2008.SendConsultation(ConsultationKind.ThirdParty, "某公司", D("2018-03-07"), Ctx);
        c2008.ReceiveConsultationReply(id, D("2018-04-04"), false, Ctx);
        Assert.Equal(D("2018-04-24"), Read(c2008).DueOn);

        var c2019 = Case2019();
        var id2019 = c2019.SendConsultation(ConsultationKind.ThirdParty, "某公司", D("2026-03-10"), Ctx);
        c2019.ReceiveConsultationReply(id2019, D("2026-04-15"), false, Ctx);
        Assert.Equal(D("2026-04-21"), Read(c2019).DueOn); // Art. 32: capped at 15 working days
    }

    [Fact]
    public void SendConsultation_ThirdPartyUnanswered_Regime2008StopsTheClockUntilTheReply()
    {
        // 2008 Art. 24 ¶3: while no reply has come, the time is not counted and there is no limit: no due date yet.
        var c = Case2008();
        c.SendConsultation(ConsultationKind.ThirdParty, "某公司", D("2018-03-07"), Ctx);
        var reading = Read(c);
        Assert.Equal(CaseStatus.Consulting, reading.Status);
        Assert.Null(reading.DueOn);
        Assert.Equal(D("2018-03-07"), reading.AwaitingThirdPartySince);
        Assert.Equal(2, reading.CountedBeforePause);
        var line = Assert.Single(DeadlineExplanation.For(c.Events, Cal).Lines);
        Assert.Contains("until the third party replies, without limit (2008 Art. 24 ¶3)", line);
        Assert.Contains("13 working days remain", line);
    }

    [Fact]
    public void SendConsultation_ThirdPartyNeverAnswered_Regime2008PauseEndsWhenTheOfficeDecides()
    {
        // 2008 Art. 24 ¶3: the office decided without the reply on 2018-05-02; 13 working days remain after it
        // (劳动节 2018-04-29..05-01 skipped): due 2018-05-21, and delivery on 2018-05-03 is on time.
        var c = Case2008();
        c.SendConsultation(ConsultationKind.ThirdParty, "某公司", D("2018-03-07"), Ctx);
        c.Decide(D("2018-05-02"), "Disclosed", null, Ctx);
        c.Deliver(D("2018-05-03"), DeliveryMethod.Post, Ctx);
        var reading = Read(c);
        Assert.Equal(D("2018-05-21"), reading.DueOn);
        Assert.False(reading.ClosedLate);
    }

    [Fact]
    public void SendConsultation_OtherAgency_BothRegimes_Regime2008RecordedWithoutPause()
    {
        // law.md §4: no other-agency pause in Regime 2008 (2008 Art. 24 ¶3 leaves out only a third party's time): the
        // consultation is recorded, the due date stays 2018-03-26 and the explanation says it did not pause.
        var c2008 = Case2008();
        c2008.SendConsultation(ConsultationKind.OtherAgency, "市财政局", D("2018-03-07"), Ctx);
        var reading = Read(c2008);
        Assert.IsType<ConsultationSent>(c2008.Events[^1]);
        Assert.Equal(D("2018-03-26"), reading.DueOn);
        Assert.Empty(reading.Pauses);
        Assert.Equal(CaseStatus.InProgress, reading.Status);
        Assert.Contains(DeadlineExplanation.For(c2008.Events, Cal).Lines, l => l.Contains("市财政局") && l.Contains("not paused"));

        var c2019 = Case2019();
        c2019.SendConsultation(ConsultationKind.OtherAgency, "市财政局", D("2026-03-10"), Ctx);
        Assert.Equal(CaseStatus.Consulting, Read(c2019).Status); // Art. 34: paused
        Assert.Equal(D("2026-04-21"), Read(c2019).DueOn);
    }

    [Fact]
    public void ReceiveConsultationReply_BothRegimes()
    {
        // Art. 32, 34; 2008 Art. 23.
        var c2008 = Case2008();
        var id = c2008.SendConsultation(ConsultationKind.ThirdParty, "某公司", D("2018-03-07"), Ctx);
        c2008.ReceiveConsultationReply(id, D("2018-03-09"), true, Ctx);
        Assert.Equal(CaseStatus.InProgress, Read(c2008).Status);
        var c2019 = Case2019();
        var id2019 = c2019.SendConsultation(ConsultationKind.ThirdParty, "某公司", D("2026-03-10"), Ctx);
        c2019.ReceiveConsultationReply(id2019, D("2026-03-20"), true, Ctx);
        Assert.Equal(CaseStatus.InProgress, Read(c2019).Status);
    }

    [Fact]
    public void ApproveExtension_BothRegimes()
    {
        // 2008 Art. 24 ¶2 (15 working days), Art. 33 ¶2 (20).
        var c2008 = Case2008();
        c2008.ApproveExtension(D("2018-03-20"), 15, "需调取档案", D("2018-03-20"), "李四", Ctx);
        Assert.Equal(D("2018-04-17"), Read(c2008).DueOn);
        var c2019 = Case2019();
        c2019.ApproveExtension(D("2026-03-20"), 20, "复杂", D("2026-03-20"), "李四", Ctx);
        Assert.Equal(D("2026-04-28"), Read(c2019).DueOn);
    }

    [Fact]
    public void ApproveDeferral_Regime2019Only()
    {
        // Art. 35 has no 2008 counterpart (law.md §4): refused (409) on a Regime 2008 case; the due date does not move.
        var c2008 = Case2008();
        RefusedFor2008(() => c2008.ApproveDeferral(D("2018-03-20"), D("2018-05-31"), "大量申请", "李四", Ctx), c2008);
        Assert.Equal(D("2018-03-26"), Read(c2008).DueOn);
        var c2019 = Case2019();
        c2019.ApproveDeferral(D("2026-03-10"), D("2026-05-29"), "大量", "李四", Ctx);
        Assert.Equal(D("2026-05-29"), Read(c2019).DueOn);
    }

    [Fact]
    public void IssueFeeNotice_EachRegimeItsOwnFee()
    {
        // law.md §1: Regime 2008 charges cost fees only (2008 Art. 27); Regime 2019 信息处理费 (Art. 42, 国办函〔2020〕109号).
        var c2008 = Case2008();
        var perPage = Assert.Throws<DomainRuleException>(() => c2008.IssueFeeNotice(D("2018-03-06"), FeeMethod.PerPage, 150, 1, Ctx));
        Assert.StartsWith("PerRequest and PerPage are the 信息处理费 of Regime 2019", perPage.Message);
        var cost = c2008.IssueCostFeeNotice(D("2018-03-06"), [new(CostFeeKind.Search, 10m), new(CostFeeKind.Copy, 37.5m), new(CostFeeKind.Post, 22m)], Ctx);
        Assert.Equal(69.5m, cost.DueYuan);
        Assert.Equal(CaseStatus.InProgress, Read(c2008).Status); // no pause (the 2008 Regulation has none)
        Assert.Equal(D("2018-03-26"), Read(c2008).DueOn);
        Assert.Null(Read(c2008).FeePaymentDeadline);

        var c2019 = Case2019();
        var wrong = Assert.Throws<DomainRuleException>(() => c2019.IssueCostFeeNotice(D("2026-03-10"), [new(CostFeeKind.Copy, 10m)], Ctx));
        Assert.Contains("apply only to Regime 2008 cases", wrong.Message);
        Assert.Equal(1700m, c2019.IssueFeeNotice(D("2026-03-10"), FeeMethod.PerPage, 150, 1, Ctx).DueYuan);
    }

    [Fact]
    public void IssueFeeNotice_Regime2019BeforeTheFeeRules_ChargesNothing()
    {
        // 国办函〔2020〕109号 applies from 2021-01-01: a Regime 2019 request received before is charged no fee at all.
        var c = NewCase(submitted: "2020-06-01", received: "2020-06-01");
        var refused = Assert.Throws<DomainRuleException>(() => c.IssueFeeNotice(D("2020-06-02"), FeeMethod.PerPage, 150, 1, Ctx));
        Assert.StartsWith("A request received on 2020-06-01 is charged no fee at all", refused.Message);
        Assert.Throws<DomainRuleException>(() => c.IssueCostFeeNotice(D("2020-06-02"), [new(CostFeeKind.Copy, 10m)], Ctx));
        Assert.Equal(1, c.Version);
    }

    [Theory]
    [InlineData(0, "Copy", "0")]
    [InlineData(1, "Copy", "-5")]
    [InlineData(1, "Copy", "1.005")]
    [InlineData(2, "Copy", "5")]
    public void IssueCostFeeNotice_BadItems_AreRefused(int extraCopies, string kind, string amount)
    {
        var c = Case2008();
        var items = Enumerable.Repeat(new CostFeeItem(Enum.Parse<CostFeeKind>(kind), decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)), extraCopies).ToList();
        Assert.Throws<InvalidInputException>(() => c.IssueCostFeeNotice(D("2018-03-06"), items, Ctx));
        Assert.Equal(1, c.Version);
    }

    [Fact]
    public void CostFee_DoesNotHoldTheAnswerBack_AndIsPaidAfterTheDecision()
    {
        // 2008 Art. 27: copies are made once disclosure is decided; the fee neither pauses the clock nor blocks the decision.
        var c = Case2008();
        c.Decide(D("2018-03-06"), "Disclosed", null, Ctx);
        c.IssueCostFeeNotice(D("2018-03-07"), [new(CostFeeKind.Copy, 12.5m)], Ctx);
        Assert.Throws<DomainRuleException>(() => c.IssueCostFeeNotice(D("2018-03-07"), [new(CostFeeKind.Post, 5m)], Ctx));
        Assert.Throws<DomainRuleException>(() => c.RecordFeePayment(D("2018-03-08"), 10m, Ctx));
        c.RecordFeePayment(D("2018-03-08"), 12.5m, Ctx);
        Assert.Equal(12.5m, Read(c).FeePaidYuan);
        Assert.Equal(D("2018-03-08"), Read(c).FeePaidOn);
        c.Deliver(D("2018-03-09"), DeliveryMethod.Post, Ctx);
        Assert.False(Read(c).ClosedLate);
    }

    [Fact]
    public void ReduceFee_BothRegimes_WithAReason()
    {
        // 2008 Art. 28: cost fees reduced or waived for an applicant in economic difficulty (经济困难).
        var c2008 = Case2008();
        Assert.Throws<DomainRuleException>(() => c2008.ReduceFee(D("2018-03-06"), 0m, "经济困难", Ctx)); // no fee yet
        c2008.IssueCostFeeNotice(D("2018-03-06"), [new(CostFeeKind.Copy, 40m), new(CostFeeKind.Post, 20m)], Ctx);
        Assert.Throws<DomainRuleException>(() => c2008.ReduceFee(D("2018-03-07"), 30m, " ", Ctx));
        Assert.Throws<DomainRuleException>(() => c2008.ReduceFee(D("2018-03-07"), 61m, "经济困难", Ctx));
        c2008.ReduceFee(D("2018-03-07"), 30m, "经济困难，减半收取", Ctx);
        c2008.RecordFeePayment(D("2018-03-08"), null, Ctx);
        Assert.Equal(30m, Read(c2008).FeePaidYuan);

        var waived = Case2008();
        waived.IssueCostFeeNotice(D("2018-03-06"), [new(CostFeeKind.Copy, 40m)], Ctx);
        waived.ReduceFee(D("2018-03-07"), 0m, "低保户，经济困难免收", Ctx);
        Assert.Throws<DomainRuleException>(() => waived.RecordFeePayment(D("2018-03-08"), 0m, Ctx));
        Assert.Null(Read(waived).FeePaidYuan); // nothing received

        var c2019 = Case2019();
        c2019.IssueFeeNotice(D("2026-03-10"), FeeMethod.PerPage, 150, 1, Ctx);
        c2019.ReduceFee(D("2026-03-12"), 0m, "经济困难", Ctx);
        Assert.Equal(CaseStatus.InProgress, Read(c2019).Status);
    }

    [Fact]
    public void RecordFeePayment_BothRegimes()
    {
        var c2008 = Case2008();
        Assert.Throws<DomainRuleException>(() => c2008.RecordFeePayment(D("2018-03-06"), 100m, Ctx)); // no fee noticed
        c2008.IssueCostFeeNotice(D("2018-03-06"), [new(CostFeeKind.Search, 100m)], Ctx);
        c2008.RecordFeePayment(D("2018-03-20"), 100m, Ctx);
        Assert.Equal(D("2018-03-26"), Read(c2008).DueOn); // not moved: no pause in Regime 2008
        var c2019 = Case2019();
        c2019.IssueFeeNotice(D("2026-03-10"), FeeMethod.PerPage, 150, 1, Ctx);
        c2019.RecordFeePayment(D("2026-03-20"), 1700m, Ctx);
        Assert.Equal(D("2026-04-10"), Read(c2019).DueOn);
    }

    [Fact]
    public void Decide_BothRegimes_WithTheRegimesOwnOutcomes()
    {
        // reports.md §2; 2008 Art. 21(4): ChangeOrSupplement is a 2008 reply.
        var c2008 = Case2008();
        c2008.Decide(D("2018-03-06"), "ChangeOrSupplement", null, Ctx);
        Assert.Equal(CaseStatus.Decided, Read(c2008).Status);
        var c2019 = Case2019();
        c2019.Decide(D("2026-03-05"), "Disclosed", null, Ctx);
        Assert.Equal(CaseStatus.Decided, Read(c2019).Status);
    }

    [Fact]
    public void Deliver_BothRegimes()
    {
        var c2008 = Case2008();
        c2008.Decide(D("2018-03-06"), "Disclosed", null, Ctx);
        c2008.Deliver(D("2018-03-07"), DeliveryMethod.Post, Ctx);
        Assert.True(Read(c2008).IsClosed);
        var c2019 = Case2019();
        c2019.Decide(D("2026-03-05"), "Disclosed", null, Ctx);
        c2019.Deliver(D("2026-03-06"), DeliveryMethod.Post, Ctx);
        Assert.True(Read(c2019).IsClosed);
    }

    [Fact]
    public void AnswerOnTheSpot_BothRegimes()
    {
        // 2008 Art. 24 ¶1; Art. 33 ¶1.
        var c2008 = Case2008();
        c2008.AnswerOnTheSpot(D("2018-03-05"), "Disclosed", null, DeliveryMethod.InPerson, Ctx);
        Assert.True(Read(c2008).IsClosed);
        var c2019 = Case2019();
        c2019.AnswerOnTheSpot(D("2026-03-02"), "Disclosed.AlreadyPublished", null, DeliveryMethod.InPerson, Ctx);
        Assert.True(Read(c2019).IsClosed);
    }

    [Fact]
    public void Withdraw_BothRegimes()
    {
        var c2008 = Case2008();
        c2008.Withdraw(D("2018-03-06"), Ctx);
        Assert.Equal("Withdrawn", Read(c2008).Outcome);
        var c2019 = Case2019();
        c2019.Withdraw(D("2026-03-03"), Ctx);
        Assert.Equal("Other.Withdrawn", Read(c2019).Outcome);
    }

    [Fact]
    public void CloseAsAbandoned_Regime2019Only()
    {
        // Art. 30 and the fee notice: Regime 2008 has neither, so nothing lapses as abandoned (409, not 400).
        var c2008 = Case2008();
        var version = c2008.Version;
        var error = Assert.Throws<DomainRuleException>(() => c2008.CloseAsAbandoned(D("2018-03-26"), "Other.SupplementOverdue", Ctx));
        Assert.Contains("Regime 2008 has neither", error.Message);
        Assert.Equal(version, c2008.Version);
        var c2019 = Case2019();
        c2019.RequestSupplement(D("2026-03-05"), "具体年份", D("2026-03-20"), Ctx);
        c2019.CloseAsAbandoned(D("2026-03-23"), "Other.SupplementOverdue", Ctx);
        Assert.True(Read(c2019).IsClosed);
    }

    [Fact]
    public void For_WhenRegime2008_CitesOnly2008Articles()
    {
        // law.md §1: a Regime 2008 due date is explained by the 2008 text (receipt and 15 days 2008 Art. 24, extension
        // 2008 Art. 24 ¶2, third party 2008 Art. 24 ¶3), never by an article of the 2019 text.
        var c = NewCase(Channel.Online, "2018-03-02", null);
        c.ConfirmReceipt(D("2018-03-04"), Ctx); // a Sunday: shifted to 2018-03-05
        var third = c.SendConsultation(ConsultationKind.ThirdParty, "某公司", D("2018-03-07"), Ctx);
        c.SendConsultation(ConsultationKind.OtherAgency, "市财政局", D("2018-03-08"), Ctx);
        c.ReceiveConsultationReply(third, D("2018-04-04"), false, Ctx);
        c.ApproveExtension(D("2018-04-20"), 10, "需调取档案", D("2018-04-20"), "李四", Ctx);
        var explanation = DeadlineExplanation.For(c.Events, Cal);

        Assert.Equal("2008 Art. 24: 15 working days", explanation.Article);
        Assert.Contains(explanation.Lines, l => l.Contains("receipt (2008 Art. 24)"));
        Assert.Contains(explanation.Lines, l => l.Contains("(2008 Art. 24 ¶2)"));
        Assert.Contains(explanation.Lines, l => l.Contains("2008 Art. 24 ¶3"));
        var cites2019 = new Regex(@"(?<!2008 )Art\. \d");
        Assert.All(explanation.Lines, l => Assert.DoesNotMatch(cites2019, l));
        Assert.Equal(D("2018-05-09"), explanation.DueOn);
    }
}
