using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Documents;
using static CaseTracker.Domain.Tests.Documents.DocumentTestCases;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Documents;

/// <summary>documents.md "The set": what each document must say, with every date from the clock, for cases driven through their steps.</summary>
public class CaseDocumentsDraftTests
{
    [Fact]
    public void Draft_EveryKind_HasEveryFieldKeyButTheNumber()
    {
        foreach (var (c, kind) in IssuedOfEveryKind())
        {
            var draft = Draft(c, kind);
            Assert.Equal(CaseDocuments.FieldKeys(kind).Where(k => k != "number").Order(), draft.Fields.Select(f => f.Key).Order());
            Assert.Equal(Agency, V(draft, "agency"));
            Assert.Equal("张三", V(draft, "applicant.name"));
            Assert.Equal("CX-2026-00001", V(draft, "case.number"));
            Assert.Equal("2026年3月5日", V(draft, "issuedOn"));
            Assert.Equal(draft.Title, V(draft, "title"));
            // Computed parts are never editable (documents.md "Drafting": the clerk edits the free text).
            foreach (var key in new[] { "agency", "applicant.name", "case.number", "issuedOn", "title" })
                Assert.False(draft.Fields.Single(f => f.Key == key).Editable, $"{kind} {key}");
            Assert.True(draft.Fields.Single(f => f.Key == "body").Editable);
            foreach (var field in draft.Fields.Where(f => f.Key.EndsWith("On", StringComparison.Ordinal)))
                Assert.False(field.Editable, $"{kind} {field.Key}");
        }
    }

    [Fact]
    public void Draft_Receipt_SaysReceivedHowWhatAndTheDueDate()
    {
        // Art. 31, 33: received in person Monday 2026-03-02 → due the 20th working day after, 2026-03-30.
        var c = Case2019();
        var context = DocContext();
        var draft = Draft(c, DocumentKind.Receipt, context);
        Assert.Equal("2026年3月2日", V(draft, "receivedOn"));
        Assert.Equal("当面提交", V(draft, "channel"));
        Assert.Equal("2025年城市道路维修预算", V(draft, "description"));
        Assert.Equal("2026年3月30日", V(draft, "dueOn"));
        Assert.Equal(context.LookupCode, V(draft, "lookupCode"));
        Assert.Equal("《中华人民共和国政府信息公开条例》第三十三条", V(draft, "article"));
        Assert.Equal("", V(draft, "receiptNote"));
        Assert.Equal(0, draft.EventSequence);
        Assert.Equal("张三", draft.Addressee);
    }

    [Fact]
    public void Draft_Receipt_ConfirmedOnASunday_NamesTheShiftAndCountsFromMonday()
    {
        // law.md §3: an online request confirmed on Sunday 2017-06-18 counts as received Monday 2017-06-19, due 2017-07-10 (Regime 2008).
        var c = NewCase(Channel.Online, "2017-06-16", null);
        c.ConfirmReceipt(D("2017-06-18"), Ctx);
        var draft = Draft(c, DocumentKind.Receipt);
        Assert.Equal("2017年6月18日", V(draft, "receivedOn"));
        Assert.Equal("2017年6月19日", V(draft, "countedReceivedOn"));
        Assert.Equal("2017年7月10日", V(draft, "dueOn"));
        Assert.Contains("顺延至下一工作日2017年6月19日", V(draft, "receiptNote"));
        Assert.Equal("网络", V(draft, "channel"));
        Assert.Equal("《中华人民共和国政府信息公开条例》（国务院令第492号）第二十四条", V(draft, "article"));
        Assert.Equal(1, draft.EventSequence); // the ReceiptConfirmed event
    }

    [Fact]
    public void Draft_Receipt_BeforeTheCodeIsMade_SaysItIsMadeOnIssue()
        => Assert.Equal(CaseDocuments.LookupCodePending, V(Draft(Case2019(), DocumentKind.Receipt, DocContext() with { LookupCode = null }), "lookupCode"));

    [Fact]
    public void Draft_SupplementNotice_NamesTheItemsTheSupplyByDateAndTheConsequences()
    {
        // Art. 30: sent 2026-03-04; default time to supply 15 working days → 2026-03-25.
        var c = Case2019();
        c.RequestSupplement(D("2026-03-04"), "1. 信息所属年份\n2. 道路名称", null, Ctx);
        var draft = Draft(c, DocumentKind.SupplementNotice);
        Assert.Equal("1. 信息所属年份\n2. 道路名称", V(draft, "items"));
        Assert.True(draft.Fields.Single(f => f.Key == "items").Editable);
        Assert.Equal("2026年3月25日", V(draft, "supplyBy"));
        Assert.Equal("2026年3月2日", V(draft, "receivedOn"));
        Assert.Equal("《中华人民共和国政府信息公开条例》第三十条", V(draft, "article"));
        Assert.Equal(1, draft.EventSequence);
        var text = Text(draft);
        Assert.Contains("补正所需时间不计算在答复期限内", text);
        Assert.Contains("视为放弃申请", text);
        Assert.Contains("一次性告知", text);
    }

    [Fact]
    public void Draft_ConsultationLetter_Regime2019ThirdParty_ReplyBy15WorkingDaysAndSilenceLeavesItToTheOffice()
    {
        // Art. 32: sent 2026-03-04 → reply by the 15th working day after, 2026-03-25.
        var c = Case2019();
        c.SendConsultation(ConsultationKind.ThirdParty, "某建设公司", D("2026-03-04"), Ctx);
        var draft = Draft(c, DocumentKind.ConsultationLetter);
        Assert.Equal("某建设公司", draft.Addressee);
        Assert.Equal("2026年3月25日", V(draft, "replyBy"));
        Assert.False(draft.Fields.Single(f => f.Key == "replyBy").Editable);
        Assert.Equal("2025年城市道路维修预算", V(draft, "information"));
        Assert.Contains("合法权益", V(draft, "concern"));
        Assert.Contains("由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开", V(draft, "silence"));
        Assert.Equal("《中华人民共和国政府信息公开条例》第三十二条", V(draft, "article"));
        Assert.Contains(Agency, V(draft, "replyTo"));
        Assert.Equal(1, draft.EventSequence);
    }

    [Fact]
    public void Draft_ConsultationLetter_OtherAgency_SilenceIsConsent()
    {
        // Art. 34: another agency's silence counts as consent.
        var c = Case2019();
        c.SendConsultation(ConsultationKind.OtherAgency, "市发改委", D("2026-03-04"), Ctx);
        var draft = Draft(c, DocumentKind.ConsultationLetter);
        Assert.Equal("你机关逾期未提出意见的，视为同意公开。", V(draft, "silence"));
        Assert.Equal("《中华人民共和国政府信息公开条例》第三十四条", V(draft, "article"));
    }

    [Fact]
    public void Draft_ConsultationLetter_Regime2008_TheOfficeSetsTheReplyTime()
    {
        // 2008 Art. 23 sets no time for the third party; the office may change the proposed date.
        var c = Case2008();
        c.SendConsultation(ConsultationKind.ThirdParty, "某公司", D("2018-03-07"), Ctx);
        var draft = Draft(c, DocumentKind.ConsultationLetter);
        Assert.True(draft.Fields.Single(f => f.Key == "replyBy").Editable);
        Assert.Equal("《中华人民共和国政府信息公开条例》（国务院令第492号）第二十三条", V(draft, "article"));
        Assert.Contains("公共利益", V(draft, "silence"));
    }

    [Fact]
    public void Draft_ConsultationLetterAndNotice_ChooseTheConsultationById()
    {
        var c = Case2019();
        var first = c.SendConsultation(ConsultationKind.ThirdParty, "甲公司", D("2026-03-04"), Ctx);
        c.SendConsultation(ConsultationKind.ThirdParty, "乙公司", D("2026-03-05"), Ctx);
        Assert.Equal("乙公司", Draft(c, DocumentKind.ConsultationLetter).Addressee);
        var letter = Draft(c, DocumentKind.ConsultationLetter, DocContext(consultationId: first));
        Assert.Equal("甲公司", letter.Addressee);
        Assert.Equal(1, letter.EventSequence);
        var missing = Guid.NewGuid();
        var error = Assert.Throws<NotFoundException>(() => Draft(c, DocumentKind.ConsultationNotice, DocContext(consultationId: missing)));
        Assert.Equal($"This case has no consultation {missing}.", error.Message);
    }

    [Fact]
    public void Draft_ConsultationNotice_TellsTheApplicantTheTimeIsNotCounted()
    {
        // Art. 33 ¶3: sent 2026-03-04, at most 15 working days → 2026-03-25.
        var c = Case2019();
        c.SendConsultation(ConsultationKind.ThirdParty, "某建设公司", D("2026-03-04"), Ctx);
        var draft = Draft(c, DocumentKind.ConsultationNotice);
        Assert.Equal("张三", draft.Addressee);
        Assert.Equal("第三方", V(draft, "party")); // the third party's name is not told to the applicant by default
        Assert.Equal("2026年3月4日", V(draft, "sentOn"));
        Assert.Contains("2026年3月25日", V(draft, "pauseNote"));
        Assert.Equal("《中华人民共和国政府信息公开条例》第三十三条第三款", V(draft, "article"));
        Assert.Contains("征求意见所需时间不计算在答复期限内", Text(draft));
    }

    [Fact]
    public void Draft_ConsultationNotice_Regime2008_NoCap()
    {
        // 2008 Art. 24 ¶3: the whole time until the reply is not counted.
        var c = Case2008();
        c.SendConsultation(ConsultationKind.ThirdParty, "某公司", D("2018-03-07"), Ctx);
        var draft = Draft(c, DocumentKind.ConsultationNotice);
        Assert.Equal("《中华人民共和国政府信息公开条例》（国务院令第492号）第二十四条第三款", V(draft, "article"));
        Assert.Contains("至收到第三方意见之日止", V(draft, "pauseNote"));
    }

    [Fact]
    public void Draft_ExtensionNotice_OriginalDaysNewDueDateApprovalAndReason()
    {
        // Art. 33 ¶2: due 2026-03-30; extended 10 working days → 2026-04-14 (清明 2026-04-04..06 skipped).
        var c = Case2019();
        c.ApproveExtension(D("2026-03-20"), 10, "需要调取历史档案", D("2026-03-20"), "王主任", Ctx);
        var draft = Draft(c, DocumentKind.ExtensionNotice);
        Assert.Equal("2026年3月30日", V(draft, "originalDueOn"));
        Assert.Equal("10", V(draft, "extensionDays"));
        Assert.Equal("2026年4月14日", V(draft, "newDueOn"));
        Assert.Equal("需要调取历史档案", V(draft, "reason"));
        Assert.True(draft.Fields.Single(f => f.Key == "reason").Editable);
        Assert.Equal("《中华人民共和国政府信息公开条例》第三十三条第二款", V(draft, "article"));
        Assert.Contains("政府信息公开工作机构负责人同意", Text(draft));
        Assert.Equal(1, draft.EventSequence);
    }

    [Fact]
    public void Draft_ExtensionNotice_Regime2008_WithAThirdPartyPause()
    {
        // 2008 Art. 24: received 2018-03-05, third party 2018-03-07..2018-04-04 → due 2018-04-24; extended 15 days → 2018-05-16
        // (2018-04-28 is a make-up working day, 04-29..05-01 off).
        var c = Case2008();
        var id = c.SendConsultation(ConsultationKind.ThirdParty, "某公司", D("2018-03-07"), Ctx);
        c.ReceiveConsultationReply(id, D("2018-04-04"), false, Ctx);
        c.ApproveExtension(D("2018-04-10"), 15, "需要调取历史档案", D("2018-04-10"), "王主任", Ctx);
        var draft = Draft(c, DocumentKind.ExtensionNotice);
        Assert.Equal("2018年4月24日", V(draft, "originalDueOn"));
        var expected = CaseDocuments.ChineseDate(c.Clock(Cal, Ctx.Settings).DueOn!.Value);
        Assert.Equal(expected, V(draft, "newDueOn"));
        Assert.Equal("《中华人民共和国政府信息公开条例》（国务院令第492号）第二十四条第二款", V(draft, "article"));
    }

    [Fact]
    public void Draft_DeferralNotice_ReasonAndNewDueDate()
    {
        // Art. 35.
        var c = Case2019();
        c.ApproveDeferral(D("2026-03-20"), D("2026-04-30"), "申请数量较多，理由正当", "王主任", Ctx);
        var draft = Draft(c, DocumentKind.DeferralNotice);
        Assert.Equal("2026年3月30日", V(draft, "originalDueOn"));
        Assert.Equal("2026年4月30日", V(draft, "newDueOn"));
        Assert.Contains("申请数量较多，理由正当", V(draft, "reason"));
        Assert.Equal("《中华人民共和国政府信息公开条例》第三十五条", V(draft, "article"));
    }

    [Fact]
    public void Draft_FeeNotice_PerPage_BandsAmountPayByAndConsequences()
    {
        // 国办函〔2020〕109号: 150 pages = 70×10 + 50×20 = 1,700 yuan; notice 2026-03-05, pay within 20 working days → 2026-04-02.
        var c = Case2019();
        c.IssueFeeNotice(D("2026-03-05"), FeeMethod.PerPage, 150, 1, Ctx);
        var draft = Draft(c, DocumentKind.FeeNotice);
        Assert.Equal("按量计收", V(draft, "method"));
        Assert.Equal("150页", V(draft, "count"));
        Assert.Equal("1700元", V(draft, "amount"));
        Assert.Equal("第1至30页免费；第31至100页70页，每页10元，计700元；第101至150页50页，每页20元，计1000元", V(draft, "bands"));
        Assert.Equal("2026年4月2日", V(draft, "payBy"));
        Assert.Contains("不计算在答复期限内", V(draft, "pauseNote"));
        Assert.Contains("视为放弃申请", Text(draft));
        Assert.True(draft.Fields.Single(f => f.Key == "payment").Editable);
    }

    [Fact]
    public void Draft_FeeNotice_PerRequest_NamesTheBandOfTheRequest()
    {
        // 国办函〔2020〕109号: request 35 of the month falls in 31–40 at 200 yuan.
        var c = Case2019();
        c.IssueFeeNotice(D("2026-03-05"), FeeMethod.PerRequest, null, 35, Ctx);
        var draft = Draft(c, DocumentKind.FeeNotice);
        Assert.Equal("按件计收", V(draft, "method"));
        Assert.Contains("第35件", V(draft, "count"));
        Assert.Contains("第31至40件每件200元", V(draft, "bands"));
        Assert.Equal("200元", V(draft, "amount"));
    }

    [Fact]
    public void Draft_FeeNotice_WithoutTheFeePause_SaysNothingOfIt()
    {
        var c = Case2019();
        c.IssueFeeNotice(D("2026-03-05"), FeeMethod.PerPage, 150, 1, Ctx);
        var noPause = Ctx with { Settings = Ctx.Settings with { FeePauseEnabled = false } };
        var draft = CaseDocuments.Draft(c, DocumentKind.FeeNotice, DocContext() with { Clock = noPause });
        Assert.Equal("", V(draft, "pauseNote"));
    }

    [Fact]
    public void Draft_DeliveryRecord_Post_MethodDateAndDocuments()
    {
        // 国办公开办函〔2016〕235号: by post the delivery date is the day it was posted.
        var c = Case2019();
        c.Decide(D("2026-03-20"), "Withheld.StateSecret", "涉及国家秘密", Ctx);
        c.Deliver(D("2026-03-23"), DeliveryMethod.Post, Ctx);
        var draft = Draft(c, DocumentKind.DeliveryRecord, DocContext(delivered: [new DeliveredDocument("政府信息不予公开告知书", "依申请公开答〔2026〕7号", D("2026-03-20"))]));
        Assert.Equal("邮寄送达（邮政企业）", V(draft, "method"));
        Assert.Equal("2026年3月23日（交邮日期）", V(draft, "deliveredOn"));
        Assert.Equal("政府信息不予公开告知书（依申请公开答〔2026〕7号）", V(draft, "documents"));
        foreach (var key in new[] { "trackingNumber", "signedBy", "deliveredBy", "documents", "address" })
            Assert.True(draft.Fields.Single(f => f.Key == key).Editable, key);
        Assert.Equal(2, draft.EventSequence); // Registered, Decided, Delivered
    }

    [Fact]
    public void Draft_DeliveryRecord_OnTheSpot_DirectDeliveryOnTheReceiptDate()
    {
        var c = Case2019();
        c.AnswerOnTheSpot(D("2026-03-02"), "Disclosed", null, DeliveryMethod.InPerson, Ctx);
        var draft = Draft(c, DocumentKind.DeliveryRecord);
        Assert.Equal("直接送达", V(draft, "method"));
        Assert.Equal("2026年3月2日（签收日期）", V(draft, "deliveredOn"));
        Assert.Equal(1, draft.EventSequence);
    }

    [Fact]
    public void WithEdits_ChangesEditableFieldsOnly()
    {
        var c = Case2019();
        c.RequestSupplement(D("2026-03-04"), "信息所属年份", null, Ctx);
        var draft = Draft(c, DocumentKind.SupplementNotice);
        var edited = CaseDocuments.WithEdits(draft, new Dictionary<string, string> { ["items"] = "1. 信息所属年份\r\n2. 道路名称 ", ["body"] = "联系电话：027-12345678" });
        Assert.Equal("1. 信息所属年份\n2. 道路名称", V(edited, "items"));
        Assert.Equal("联系电话：027-12345678", V(edited, "body"));
        Assert.Equal(V(draft, "supplyBy"), V(edited, "supplyBy"));
        Assert.Equal("信息所属年份", V(draft, "items")); // the draft itself is unchanged
    }

    [Theory]
    [InlineData("supplyBy")]
    [InlineData("case.number")]
    [InlineData("applicant.name")]
    [InlineData("receivedOn")]
    [InlineData("title")]
    public void WithEdits_ComputedField_IsRefusedNamingIt(string key)
    {
        var c = Case2019();
        c.RequestSupplement(D("2026-03-04"), "信息所属年份", null, Ctx);
        var draft = Draft(c, DocumentKind.SupplementNotice);
        var error = Assert.Throws<DomainRuleException>(() => CaseDocuments.WithEdits(draft, new Dictionary<string, string> { [key] = "2099年1月1日" }));
        Assert.Equal($"The field \"{key}\" is computed from the case and cannot be edited; correct the case itself and draft again.", error.Message);
    }

    [Fact]
    public void WithEdits_BlankingTheItemsOrTheReason_IsRefused()
    {
        // Art. 30: the notice names every item; Art. 33 ¶2: the extension gives its reason.
        var c = Case2019();
        c.RequestSupplement(D("2026-03-04"), "信息所属年份", null, Ctx);
        var error = Assert.Throws<DomainRuleException>(() => CaseDocuments.WithEdits(Draft(c, DocumentKind.SupplementNotice), new Dictionary<string, string> { ["items"] = "  " }));
        Assert.Equal("The field \"items\" cannot be left empty; the document must state it.", error.Message);
        var withheld = Draft(Decided("Withheld.StateSecret", summary: "绝密"), DocumentKind.Answer);
        Assert.Throws<DomainRuleException>(() => CaseDocuments.WithEdits(withheld, new Dictionary<string, string> { ["reason"] = "" }));
        Assert.Equal("", V(CaseDocuments.WithEdits(withheld, new Dictionary<string, string> { ["body"] = "" }), "body"));
    }

    [Fact]
    public void KindName_EveryKind_HasItsChineseName()
        => Assert.Equal(["登记回执", "补正告知书", "征求意见书", "征求意见告知书", "延期答复告知书", "延迟答复告知书", "收费通知书", "答复书", "送达回证"],
            Enum.GetValues<DocumentKind>().Select(CaseDocuments.KindName));

    [Fact]
    public void WithEdits_UnknownField_IsRefusedNamingIt()
    {
        var draft = Draft(Case2019(), DocumentKind.Receipt);
        var error = Assert.Throws<DomainRuleException>(() => CaseDocuments.WithEdits(draft, new Dictionary<string, string> { ["payBy"] = "x" }));
        Assert.StartsWith("The document has no field \"payBy\"; the fields are: title, ", error.Message);
    }

    [Fact]
    public void WithEdits_ControlCharactersOrTooLong_AreRefused()
    {
        var draft = Draft(Case2019(), DocumentKind.Receipt);
        var control = Assert.Throws<InvalidInputException>(() => CaseDocuments.WithEdits(draft, new Dictionary<string, string> { ["body"] = "a\u0007b" }));
        Assert.Equal("body", control.Field);
        var tooLong = Assert.Throws<InvalidInputException>(() => CaseDocuments.WithEdits(draft, new Dictionary<string, string> { ["body"] = new string('字', CaseDocuments.MaxEditLength + 1) }));
        Assert.Equal("body", tooLong.Field);
    }

    [Fact]
    public void FieldKeys_EveryKind_CoversTheLayoutAndTheCommonFields()
    {
        foreach (var kind in Enum.GetValues<DocumentKind>())
        {
            var keys = CaseDocuments.FieldKeys(kind);
            Assert.Contains("number", keys);
            Assert.Contains("applicant.name", keys);
            Assert.Contains("case.number", keys);
            Assert.All(DocumentLayout.FieldKeysOf(kind), k => Assert.Contains(k, keys));
        }

        Assert.Contains("lookupCode", CaseDocuments.FieldKeys(DocumentKind.Receipt));
        Assert.DoesNotContain("lookupCode", CaseDocuments.FieldKeys(DocumentKind.Answer));
        Assert.Contains("remedies", CaseDocuments.FieldKeys(DocumentKind.Answer));
    }

    [Fact]
    public void ChineseDate_NoLeadingZeros()
        => Assert.Equal("2026年9月2日", CaseDocuments.ChineseDate(D("2026-09-02")));

    /// <summary>The document's text with its fields filled, as the default layout prints it.</summary>
    internal static string Text(DocumentDraft draft, string number = "依申请公开〔2026〕1号")
        => string.Join("\n", DocumentLayout.Fill(draft, number).Select(b => b.Text));

    /// <summary>One case for each kind, the step it documents done (Regime 2019, received 2026-03-02).</summary>
    internal static IEnumerable<(Case Case, DocumentKind Kind)> IssuedOfEveryKind()
    {
        yield return (Case2019(), DocumentKind.Receipt);
        var supplement = Case2019();
        supplement.RequestSupplement(D("2026-03-04"), "信息所属年份", null, Ctx);
        yield return (supplement, DocumentKind.SupplementNotice);
        var consulted = Case2019();
        consulted.SendConsultation(ConsultationKind.ThirdParty, "某公司", D("2026-03-04"), Ctx);
        yield return (consulted, DocumentKind.ConsultationLetter);
        yield return (consulted, DocumentKind.ConsultationNotice);
        var extended = Case2019();
        extended.ApproveExtension(D("2026-03-20"), 10, "需要调取档案", D("2026-03-20"), "王主任", Ctx);
        yield return (extended, DocumentKind.ExtensionNotice);
        var deferred = Case2019();
        deferred.ApproveDeferral(D("2026-03-20"), D("2026-04-30"), "数量较多", "王主任", Ctx);
        yield return (deferred, DocumentKind.DeferralNotice);
        var fee = Case2019();
        fee.IssueFeeNotice(D("2026-03-05"), FeeMethod.PerPage, 150, 1, Ctx);
        yield return (fee, DocumentKind.FeeNotice);
        var delivered = Case2019();
        delivered.Decide(D("2026-03-20"), "Disclosed", null, Ctx);
        yield return (delivered, DocumentKind.Answer);
        delivered.Deliver(D("2026-03-23"), DeliveryMethod.InPerson, Ctx);
        yield return (delivered, DocumentKind.DeliveryRecord);
    }
}
