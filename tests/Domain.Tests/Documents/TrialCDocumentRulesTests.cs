using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Documents;
using static CaseTracker.Domain.Tests.Documents.DocumentTestCases;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Documents;

/// <summary>Trial C's findings on what the papers say and when they may be issued (placeholders, corrections, dates, templates).</summary>
public class TrialCDocumentRulesTests
{
    [Fact]
    public void Answer_OtherAgency_Art36_5_TakesTheAgencyFromTheSummary_AndIsThenComplete()
    {
        var draft = Draft(Decided("Unable.NotHeld.OtherAgency", summary: "该信息由县财政局制作保存，请向县财政局（电话0878-1234567）申请"), DocumentKind.Answer);
        Assert.Equal("负责公开该政府信息的行政机关为：该信息由县财政局制作保存，请向县财政局（电话0878-1234567）申请。", V(draft, "provided"));
        Assert.DoesNotContain(AnswerWording.FillIn, V(draft, "provided"));
        Assert.Equal("", V(draft, "reason"));
        Assert.Empty(CaseDocuments.Unfilled(draft));
    }

    [Fact]
    public void Answer_OtherAgency_WithoutSummary_KeepsTheFillInPart_AndIsUnfilled()
    {
        var draft = Draft(Decided("Unable.NotHeld.OtherAgency"), DocumentKind.Answer);
        Assert.Equal("provided", Assert.Single(CaseDocuments.Unfilled(draft)).Key);
        var filled = CaseDocuments.WithEdits(draft, new Dictionary<string, string> { ["provided"] = "负责公开该政府信息的行政机关为：县财政局，电话0878-1234567。" });
        Assert.Empty(CaseDocuments.Unfilled(filled));
    }

    [Theory]
    [InlineData("PartiallyDisclosed", "reason")]
    [InlineData("NotProcessed.Publication", "provided")]
    [InlineData("Other.Other", "provided")]
    public void Answer_WithALeadAndNothingAfterIt_IsUnfilled(string outcome, string field)
        => Assert.Equal(field, Assert.Single(CaseDocuments.Unfilled(Draft(Decided(outcome), DocumentKind.Answer))).Key);

    [Fact]
    public void Answer_Withheld_WithoutSummary_DropsTheBareReasonLead_AndIsComplete()
    {
        var draft = Draft(Decided("Withheld.StateSecret"), DocumentKind.Answer);
        Assert.Equal("", V(draft, "reason"));
        Assert.Empty(CaseDocuments.Unfilled(draft));
    }

    [Fact]
    public void AsCorrectionOf_NamesThePaperItReplaces()
    {
        var draft = Draft(Decided("Unable.NotHeld"), DocumentKind.Answer);
        Assert.Equal("", V(draft, "correctionNote"));
        var corrected = CaseDocuments.AsCorrectionOf(draft, "禄政办公开答〔2026〕5号", D("2026-11-20"));
        Assert.Equal("本告知书更正并替代本机关2026年11月20日作出的禄政办公开答〔2026〕5号，原告知书作废。", V(corrected, "correctionNote"));
        Assert.Contains(DocumentLayout.Fill(corrected, "禄政办公开答〔2026〕6号"), b => b.Text.Contains("禄政办公开答〔2026〕5号"));
    }

    [Fact]
    public void DefaultIssuedOn_IsTheStepsActingDate_ForABackEnteredStep()
    {
        var c = Case2019();
        c.AnswerOnTheSpot(D("2026-03-02"), "Disclosed.AlreadyPublished", null, DeliveryMethod.InPerson, Ctx);
        Assert.Equal(D("2026-03-02"), CaseDocuments.DefaultIssuedOn(c, DocumentKind.Answer, D("2026-11-25")));
        Assert.Equal(D("2026-03-02"), CaseDocuments.DefaultIssuedOn(c, DocumentKind.DeliveryRecord, D("2026-11-25")));
        Assert.Equal(D("2026-11-25"), CaseDocuments.DefaultIssuedOn(Case2019(), DocumentKind.Answer, D("2026-11-25")));
    }

    [Fact]
    public void EnsureDeliveredAfterIssue_RefusesAPaperDatedAfterTheDelivery()
    {
        CaseDocuments.EnsureDeliveredAfterIssue(D("2026-03-23"), [new DeliveredDocument("答复书", "答〔2026〕1号", D("2026-03-23"))]);
        var error = Assert.Throws<DomainRuleException>(() =>
            CaseDocuments.EnsureDeliveredAfterIssue(D("2026-03-23"), [new DeliveredDocument("答复书", "答〔2026〕1号", D("2026-03-24"))]));
        Assert.Contains("答〔2026〕1号", error.Message);
    }

    [Fact]
    public void EnsureDateAgreesWithCase_ExtensionNotice_Art33_2_NotAfterTheApplicantWasTold()
    {
        var c = Case2019(); // due 2026-03-30
        c.ApproveExtension(D("2026-03-20"), 10, "需要调取档案", D("2026-03-23"), "主任", Ctx);
        var draft = Draft(c, DocumentKind.ExtensionNotice);
        CaseDocuments.EnsureDateAgreesWithCase(c, draft, D("2026-03-23"), Ctx);
        var error = Assert.Throws<InvalidInputException>(() => CaseDocuments.EnsureDateAgreesWithCase(c, draft, D("2026-03-24"), Ctx));
        Assert.Contains("2026-03-23", error.Message);
    }

    [Fact]
    public void ApproveExtension_Art33_2_ApplicantToldAfterTheOriginalDueDate_IsRefused()
    {
        var c = Case2019(); // due 2026-03-30
        var error = Assert.Throws<InvalidInputException>(() => c.ApproveExtension(D("2026-03-30"), 10, "需要调取档案", D("2026-03-31"), "主任", Ctx));
        Assert.Contains("2026-03-30", error.Message);
        Assert.Empty(c.Events.OfType<ExtensionApproved>());
    }

    [Fact]
    public void RequiredFieldKeys_Answer_KeepsTheRemediesClauseArticleAndOutcome()
    {
        var required = CaseDocuments.RequiredFieldKeys(DocumentKind.Answer);
        Assert.Contains("remedies", required);
        Assert.Contains("article", required);
        Assert.Contains("outcome", required);
        foreach (var kind in Enum.GetValues<DocumentKind>())
            Assert.All(CaseDocuments.RequiredFieldKeys(kind), k => Assert.Contains(k, CaseDocuments.FieldKeys(kind)));
    }

    [Fact]
    public void ChangedDates_NameTheDatesACorrectionMoved()
    {
        var before = Draft(Case2019(), DocumentKind.Receipt);
        var after = Draft(NewCase(submitted: "2026-03-09", received: "2026-03-09"), DocumentKind.Receipt);
        var changed = CaseDocuments.ChangedDates(before, after);
        Assert.Contains("答复期限", changed);
        Assert.Contains("收到申请日期", changed);
        Assert.Empty(CaseDocuments.ChangedDates(before, Draft(Case2019(), DocumentKind.Receipt)));
    }

    [Fact]
    public void FeeNotice_PauseSentence_CountsTheNoticeDay_AsTheClockDoes()
    {
        var c = Case2019();
        c.IssueFeeNotice(D("2026-03-05"), FeeMethod.PerPage, 150, 1, Ctx);
        Assert.Contains("自本通知书发出之日的次日起至您缴纳费用之日止", V(Draft(c, DocumentKind.FeeNotice), "pauseNote"));
    }

    [Fact]
    public void DeliveryRecord_Post_PrintsThePostalAddress()
    {
        var c = Case.Register(CaseId.New(), "CX-2026-00002", new Registration
        {
            AgencyCode = "CX", Channel = Channel.InPerson, SubmittedOn = D("2026-03-02"), ReceivedOn = D("2026-03-02"),
            Applicant = new Applicant(ApplicantKind.NaturalPerson, "张三", null, null, "zhang@example.cn", "武汉市江岸区沿江大道1号"),
            Description = "2025年城市道路维修预算",
        }, Context("2026-11-25"));
        c.Decide(D("2026-03-20"), "Disclosed", null, Ctx);
        c.Deliver(D("2026-03-23"), DeliveryMethod.Post, Ctx);
        Assert.Equal("武汉市江岸区沿江大道1号", V(Draft(c, DocumentKind.DeliveryRecord), "address"));
        Assert.Contains(DocumentLayout.Fill(Draft(c, DocumentKind.DeliveryRecord), "送〔2026〕1号"), b => b.Text == "送达地址：武汉市江岸区沿江大道1号");
    }
}
