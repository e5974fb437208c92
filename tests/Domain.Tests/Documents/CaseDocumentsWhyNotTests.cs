using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Documents;
using static CaseTracker.Domain.Tests.Documents.DocumentTestCases;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Documents;

/// <summary>documents.md "The set": when each document can be issued, by the step that happened and the case's regime.</summary>
public class CaseDocumentsWhyNotTests
{
    [Fact]
    public void IssuableNow_WhenJustReceived_IsTheReceiptOnly()
        => Assert.Equal([DocumentKind.Receipt], CaseDocuments.IssuableNow(Case2019(), Ctx));

    [Fact]
    public void WhyNot_Receipt_WhenAwaitingConfirmation_SaysConfirmFirst()
    {
        // Art. 31: no receipt date, no clock, no receipt.
        var c = NewCase(Channel.Online, "2026-03-02", null);
        Assert.Equal("The receipt date is not confirmed yet (Art. 31): the receipt can be issued once it is.", CaseDocuments.WhyNot(c, DocumentKind.Receipt, Ctx));
        Assert.Empty(CaseDocuments.IssuableNow(c, Ctx));
        c.ConfirmReceipt(D("2026-03-03"), Ctx);
        Assert.Null(CaseDocuments.WhyNot(c, DocumentKind.Receipt, Ctx));
    }

    [Fact]
    public void WhyNot_SupplementNotice_Regime2008_HasNoSupplement()
    {
        // 2008 Art. 21(4): an unclear request is answered, never paused.
        var why = CaseDocuments.WhyNot(Case2008(), DocumentKind.SupplementNotice, Ctx);
        Assert.StartsWith("Regime 2008 has no 补正 notice", why);
    }

    [Fact]
    public void WhyNot_SupplementNotice_Regime2019_AfterTheSupplementRequest()
    {
        // Art. 30.
        var c = Case2019();
        Assert.StartsWith("No supplement request is recorded", CaseDocuments.WhyNot(c, DocumentKind.SupplementNotice, Ctx));
        c.RequestSupplement(D("2026-03-04"), "请写明年份", null, Ctx);
        Assert.Null(CaseDocuments.WhyNot(c, DocumentKind.SupplementNotice, Ctx));
        Assert.Equal([DocumentKind.Receipt, DocumentKind.SupplementNotice], CaseDocuments.IssuableNow(c, Ctx));
    }

    [Fact]
    public void WhyNot_Consultation_BothRegimes_AfterTheConsultationIsSent()
    {
        // Art. 32; 2008 Art. 23.
        foreach (var c in new[] { Case2019(), Case2008() })
        {
            Assert.StartsWith("No consultation is recorded", CaseDocuments.WhyNot(c, DocumentKind.ConsultationLetter, Ctx));
            c.SendConsultation(ConsultationKind.ThirdParty, "某公司", c.ReceiptDate!.Value.AddDays(2), Ctx);
            Assert.Null(CaseDocuments.WhyNot(c, DocumentKind.ConsultationLetter, Ctx));
            Assert.Null(CaseDocuments.WhyNot(c, DocumentKind.ConsultationNotice, Ctx));
        }
    }

    [Fact]
    public void WhyNot_ConsultationNotice_Regime2008OtherAgency_DoesNotPauseSoNoNotice()
    {
        // 2008 Art. 24 ¶3: only a third party's consultation is not counted; another agency's is a fact that does not pause.
        var c = Case2008();
        c.SendConsultation(ConsultationKind.OtherAgency, "市发改委", D("2018-03-07"), Ctx);
        Assert.Null(CaseDocuments.WhyNot(c, DocumentKind.ConsultationLetter, Ctx));
        Assert.StartsWith("In Regime 2008 only a third-party consultation stops the clock", CaseDocuments.WhyNot(c, DocumentKind.ConsultationNotice, Ctx));
    }

    [Fact]
    public void WhyNot_ExtensionNotice_BothRegimes_AfterTheApprovalNotTheRequest()
    {
        // Art. 33 ¶2; 2008 Art. 24 ¶2: approved by the head of the disclosure office.
        var c = Case2019();
        Assert.Equal("No extension is approved on this case; the notice follows the approval (Art. 33 ¶2).", CaseDocuments.WhyNot(c, DocumentKind.ExtensionNotice, Ctx));
        c.RequestExtension(D("2026-03-20"), 10, "需调取档案", "handler", Ctx);
        Assert.Equal("The extension asked on 2026-03-20 waits for an approver; the notice follows the approval (Art. 33 ¶2).", CaseDocuments.WhyNot(c, DocumentKind.ExtensionNotice, Ctx));
        c.ApproveExtensionRequest(D("2026-03-23"), D("2026-03-23"), "approver", Ctx);
        Assert.Null(CaseDocuments.WhyNot(c, DocumentKind.ExtensionNotice, Ctx));

        var c2008 = Case2008();
        c2008.ApproveExtension(D("2018-03-20"), 15, "需调取档案", D("2018-03-20"), "approver", Ctx);
        Assert.Null(CaseDocuments.WhyNot(c2008, DocumentKind.ExtensionNotice, Ctx));
    }

    [Fact]
    public void WhyNot_DeferralNotice_Regime2019Only()
    {
        // Art. 35 has no 2008 counterpart.
        Assert.StartsWith("Regime 2008 has no deferred answer", CaseDocuments.WhyNot(Case2008(), DocumentKind.DeferralNotice, Ctx));
        var c = Case2019();
        Assert.Equal("No deferral is approved on this case; the notice follows the approval (Art. 35).", CaseDocuments.WhyNot(c, DocumentKind.DeferralNotice, Ctx));
        c.ApproveDeferral(D("2026-03-20"), D("2026-04-30"), "申请数量较多", "approver", Ctx);
        Assert.Null(CaseDocuments.WhyNot(c, DocumentKind.DeferralNotice, Ctx));
    }

    [Fact]
    public void WhyNot_FeeNotice_Regime2019Only_AfterTheFeeStep()
    {
        // 国办函〔2020〕109号: the 收费通知书 is the 信息处理费's; a 2008 cost fee (2008 Art. 27) has no notice document.
        Assert.StartsWith("A Regime 2008 cost fee (2008 Art. 27) has no fee notice document", CaseDocuments.WhyNot(Case2008(), DocumentKind.FeeNotice, Ctx));
        var c = Case2019();
        Assert.StartsWith("No fee notice is recorded", CaseDocuments.WhyNot(c, DocumentKind.FeeNotice, Ctx));
        c.IssueFeeNotice(D("2026-03-05"), FeeMethod.PerPage, 150, 1, Ctx);
        Assert.Null(CaseDocuments.WhyNot(c, DocumentKind.FeeNotice, Ctx));
    }

    [Fact]
    public void WhyNot_AnswerAndDelivery_FollowTheDecisionAndTheDelivery()
    {
        var c = Case2019();
        Assert.Equal("The case is not decided yet: record the decision (its outcome) before drafting the answer letter.", CaseDocuments.WhyNot(c, DocumentKind.Answer, Ctx));
        c.Decide(D("2026-03-20"), "Disclosed", null, Ctx);
        Assert.Null(CaseDocuments.WhyNot(c, DocumentKind.Answer, Ctx));
        Assert.Equal("The answer is not delivered yet: record the delivery (method and date) first.", CaseDocuments.WhyNot(c, DocumentKind.DeliveryRecord, Ctx));
        c.Deliver(D("2026-03-23"), DeliveryMethod.Post, Ctx);
        Assert.Equal([DocumentKind.Receipt, DocumentKind.Answer, DocumentKind.DeliveryRecord], CaseDocuments.IssuableNow(c, Ctx));
    }

    [Fact]
    public void WhyNot_AnswerOnTheSpot_AllowsTheAnswerAndTheDeliveryRecord()
    {
        // Art. 33 ¶1: decided and delivered on the receipt date; the office still hands over a written answer.
        var c = Case2019();
        c.AnswerOnTheSpot(D("2026-03-02"), "Disclosed.AlreadyPublished", null, DeliveryMethod.InPerson, Ctx);
        Assert.Equal([DocumentKind.Receipt, DocumentKind.Answer, DocumentKind.DeliveryRecord], CaseDocuments.IssuableNow(c, Ctx));
    }

    [Fact]
    public void WhyNot_Withdrawn_NoAnswerLetterAndNothingDelivered()
    {
        // law.md §4 Withdrawal: the case closes as Other.Other without a reply.
        var c = Case2019();
        c.Withdraw(D("2026-03-10"), Ctx);
        Assert.Equal("The applicant withdrew the request on 2026-03-10; the case closed without an answer letter.", CaseDocuments.WhyNot(c, DocumentKind.Answer, Ctx));
        Assert.Equal("The applicant withdrew the request on 2026-03-10; nothing was delivered.", CaseDocuments.WhyNot(c, DocumentKind.DeliveryRecord, Ctx));
        Assert.Equal([DocumentKind.Receipt], CaseDocuments.IssuableNow(c, Ctx));
    }

    [Fact]
    public void Draft_WhenNotIssuable_ThrowsWhyNotsSentence()
    {
        var error = Assert.Throws<DomainRuleException>(() => Draft(Case2008(), DocumentKind.FeeNotice));
        Assert.Equal(CaseDocuments.WhyNot(Case2008(), DocumentKind.FeeNotice, Ctx), error.Message);
    }

    [Fact]
    public void WhyNot_EveryKindAndRegime_IsNullOrASentence()
    {
        foreach (var c in new[] { Case2019(), Case2008() })
        foreach (var kind in Enum.GetValues<DocumentKind>())
        {
            var why = CaseDocuments.WhyNot(c, kind, Ctx);
            Assert.True(why is null || why.EndsWith('.'), $"{kind}: {why}");
        }
    }
}
