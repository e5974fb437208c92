using CaseTracker.Domain.Cases;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Cases;

/// <summary>An imported register's case replayed through the aggregate (issue 5), by date, ties in the order of law.md §3–4.</summary>
public class PastCaseTests
{
    private static readonly ClockContext Ctx = Context();

    private static PastCase Past(string submitted = "2026-09-01") => new()
    {
        Registration = new Registration
        {
            AgencyCode = "CX",
            Channel = Channel.InPerson,
            SubmittedOn = D(submitted),
            Applicant = new Applicant(ApplicantKind.NaturalPerson, "张三", null, null, null, null),
            Description = "2025年城市道路维修预算",
        },
    };

    [Fact]
    public void Steps_WhenOnOneDate_FollowTheOrderOfTheLaw()
    {
        var past = Past() with
        {
            Delivery = new PastDelivery(D("2026-09-10"), DeliveryMethod.Post),
            Decision = new PastDecision(D("2026-09-10"), "Disclosed", null),
            Consultations = [new PastConsultation(ConsultationKind.ThirdParty, "某建筑公司", D("2026-09-03"), D("2026-09-08"))],
        };
        Assert.Equal(
            [(PastStep.SendConsultation, D("2026-09-03"), 1), (PastStep.ReceiveConsultationReply, D("2026-09-08"), 1), (PastStep.Decide, D("2026-09-10"), 0),
                (PastStep.Deliver, D("2026-09-10"), 0)],
            past.Steps());
    }

    [Fact]
    public void Replay_WhenEveryStepHolds_RecordsTheDueDateAroundEachEvent()
    {
        var past = Past() with { Decision = new PastDecision(D("2026-09-10"), "Disclosed", "已提供"), Delivery = new PastDelivery(D("2026-09-11"), DeliveryMethod.Post) };
        var replayed = past.Replay(CaseId.New(), "CX-2026-00042", Ctx);
        Assert.Equal("CX-2026-00042", replayed.Case.CaseNumber);
        Assert.Equal(3, replayed.Case.Events.Count);
        Assert.Equal(replayed.Case.Events.Count, replayed.Dues.Count);
        Assert.Null(replayed.Dues[0].Before);
        Assert.True(replayed.Reading.IsClosed);
    }

    [Fact]
    public void Replay_WhenAStepIsRefused_NamesTheStep()
    {
        // Art. 33 ¶2: an extension of 25 working days is refused, and the refusal says which step it was.
        var past = Past() with { Extension = new PastExtension(D("2026-09-10"), 25, "复杂", D("2026-09-10"), "王主任") };
        var error = Assert.Throws<PastStepRefusedException>(() => past.Replay(CaseId.New(), "", Ctx));
        Assert.Equal(PastStep.ApproveExtension, error.Step);
        Assert.IsType<DomainRuleException>(error.Refusal);
        Assert.Equal(error.Refusal.Message, error.Message);

        var future = Assert.Throws<PastStepRefusedException>(() => Past(submitted: "2026-12-01").Replay(CaseId.New(), "", Ctx));
        Assert.Equal(PastStep.Register, future.Step);
        Assert.Equal("submittedOn", Assert.IsType<InvalidInputException>(future.Refusal).Field);
    }

    [Fact]
    public void Replay_WhenTheConsultationReplyIsDatedBeforeItWasSent_RefusesTheReplyStep()
    {
        var past = Past() with { Consultations = [new PastConsultation(ConsultationKind.ThirdParty, "某建筑公司", D("2026-09-08"), D("2026-09-04"))] };
        var error = Assert.Throws<PastStepRefusedException>(() => past.Replay(CaseId.New(), "", Ctx));
        Assert.Equal(PastStep.ReceiveConsultationReply, error.Step);
        Assert.IsType<DomainRuleException>(error.Refusal);
        Assert.Contains("dated 2026-09-04, before the consultation was sent on 2026-09-08", error.Message);
    }

    [Fact]
    public void Replay_SeveralConsultationsWithConsents_ADeferral_AndAFeeReducedAndPaid()
    {
        // Issue 20 item 2: every step of a past case replays through the aggregate's own steps (Art. 32–35, 国办函〔2020〕109号).
        var past = Past() with
        {
            Consultations =
            [
                new PastConsultation(ConsultationKind.ThirdParty, "某建筑公司", D("2026-09-02"), D("2026-09-04"), Consents: false),
                new PastConsultation(ConsultationKind.OtherAgency, "市住建局", D("2026-09-07"), D("2026-09-09"), Consents: true),
            ],
            Fee = new PastFee(D("2026-09-10"), FeeMethod.PerPage, 150, null, [], 1700m, new PastFeeReduction(D("2026-09-11"), 850m, "经济困难"), D("2026-09-14")),
            Deferral = new PastDeferral(D("2026-09-15"), D("2026-11-30"), "申请数量明显超过合理范围", "王主任"),
            Decision = new PastDecision(D("2026-09-16"), "Disclosed", null),
        };
        var replayed = past.Replay(CaseId.New(), "CX-2026-00043", Ctx);
        var replies = replayed.Case.Events.OfType<ConsultationReplied>().ToList();
        Assert.Equal([false, true], replies.Select(r => r.Consents));
        Assert.Equal(850m, replayed.Reading.FeePaidYuan);
        Assert.Equal(D("2026-11-30"), replayed.Reading.DueOn);
        Assert.Equal(replayed.Case.Events.Count, replayed.Dues.Count);
    }

    [Fact]
    public void Replay_ACostFeeOfRegime2008_AndAStatedAmountThatIsNotTheSum_IsRefusedOnTheFeeStep()
    {
        var past = Past("2017-03-06") with
        {
            Fee = new PastFee(D("2017-03-08"), FeeMethod.Cost, null, null, [new(CostFeeKind.Copy, 45.5m), new(CostFeeKind.Post, 12m)], 57.5m, null, D("2017-03-10")),
            Decision = new PastDecision(D("2017-03-09"), "Disclosed", null),
            Delivery = new PastDelivery(D("2017-03-13"), DeliveryMethod.Post),
        };
        Assert.Equal(57.5m, past.Replay(CaseId.New(), "", Ctx).Reading.FeePaidYuan);

        var wrong = Assert.Throws<PastStepRefusedException>(() => (past with { Fee = past.Fee! with { AmountYuan = 60m } }).Replay(CaseId.New(), "", Ctx));
        Assert.Equal(PastStep.IssueFeeNotice, wrong.Step);
        Assert.Equal("amountYuan", Assert.IsType<InvalidInputException>(wrong.Refusal).Field);

        var second = Past() with
        {
            Consultations =
            [
                new PastConsultation(ConsultationKind.ThirdParty, "甲公司", D("2026-09-02"), D("2026-09-04")),
                new PastConsultation(ConsultationKind.ThirdParty, "乙公司", D("2026-09-08"), D("2026-09-07")),
            ],
        };
        var refused = Assert.Throws<PastStepRefusedException>(() => second.Replay(CaseId.New(), "", Ctx));
        Assert.Equal((PastStep.ReceiveConsultationReply, 2), (refused.Step, refused.Index));
    }

    [Theory]
    [InlineData("CX-2026-00007", null)]
    [InlineData("CX-2026-7", "\"CX-2026-7\" is not a case number of the register: write <agencyCode>-<year>-<5 digits>, e.g. CX-2026-00001.")]
    [InlineData("YN-2026-00007", "Case number YN-2026-00007 does not belong to agency CX: it must begin with CX-.")]
    [InlineData("CX-2025-00007", "Case number CX-2025-00007 is of 2025, but the request was submitted in 2026.")]
    [InlineData("CX-2026-00000", "Case number CX-2026-00000: the numbers of a year start at 00001.")]
    public void KeptNumberProblem_AcceptsOnlyTheAgencysNumberOfTheYear(string number, string? problem)
        => Assert.Equal(problem, Past().KeptNumberProblem(number));

    // Art. 33 ¶1: 当场答复, decided and delivered on the receipt date (issue 17: an old register's on-the-spot answers).
    [Fact]
    public void Replay_WhenAnsweredOnTheSpot_ClosesOnTheReceiptDate()
    {
        var replayed = (Past() with { OnTheSpot = new PastOnTheSpot(D("2026-09-01"), "Disclosed", null, DeliveryMethod.InPerson) })
            .Replay(CaseId.New(), "CX-2026-00043", Ctx);
        Assert.Equal(["Registered", "AnsweredOnTheSpot"], replayed.Case.Events.Select(e => e.Kind));
        Assert.Equal(D("2026-09-01"), replayed.Reading.ClosedOn);
    }

    [Fact]
    public void Replay_WhenOnTheSpotAnswerIsNotOnTheReceiptDate_IsRefusedNamingTheStep()
    {
        var error = Assert.Throws<PastStepRefusedException>(() => (Past() with { OnTheSpot = new PastOnTheSpot(D("2026-09-03"), "Disclosed", null, DeliveryMethod.InPerson) })
            .Replay(CaseId.New(), "CX-2026-00044", Ctx));
        Assert.Equal(PastStep.AnswerOnTheSpot, error.Step);
        Assert.Contains("receipt date 2026-09-01", error.Message);
    }
}
