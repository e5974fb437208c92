using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Documents;
using CaseTracker.Domain.Outcomes;
using static CaseTracker.Domain.Tests.Documents.DocumentTestCases;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Documents;

/// <summary>documents.md "答复书 / 告知书": the letter chosen by the outcome (Art. 36–39; 2008 Art. 21–22), its article and the remedies (Art. 51).</summary>
public class AnswerLetterTests
{
    [Theory]
    [InlineData("Disclosed.AlreadyPublished", "第三十六条第（一）项", "已经主动公开")]
    [InlineData("Disclosed", "第三十六条第（二）项", "予以公开")]
    [InlineData("Withheld.StateSecret", "第十四条、第三十六条第（三）项", "国家秘密")]
    [InlineData("Withheld.ThirdPartyRights", "第十五条、第三十六条第（三）项", "第三方合法权益")]
    [InlineData("Withheld.ProcessInformation", "第十六条第二款、第三十六条第（三）项", "过程性信息")]
    [InlineData("Unable.NotHeld", "第三十六条第（四）项", "不存在")]
    [InlineData("Unable.NotHeld.OtherAgency", "第三十六条第（五）项", "不属于本机关负责公开")]
    [InlineData("NotProcessed.Repeat", "第三十六条第（六）项", "不予重复处理")]
    [InlineData("Other.SpecialAccessLaw", "第三十六条第（七）项", "特别规定")]
    [InlineData("Unable.NeedsCreation", "第三十八条", "加工、分析")]
    [InlineData("NotProcessed.Petition", "第三十九条第一款", "信访")]
    [InlineData("NotProcessed.Publication", "第三十九条第二款", "公开出版物")]
    [InlineData("NotProcessed.Excessive", "第三十五条", "明显超过合理范围")]
    public void Draft_Answer_Regime2019_CitesTheArticleOfTheOutcome(string outcome, string article, string words)
    {
        var draft = Draft(Decided(outcome), DocumentKind.Answer);
        Assert.Equal(AnswerWording.Regulation2019 + article, V(draft, "article"));
        Assert.Contains(words, V(draft, "outcome"));
        Assert.False(draft.Fields.Single(f => f.Key == "article").Editable);
        Assert.False(draft.Fields.Single(f => f.Key == "outcome").Editable);
        Assert.Contains("第五十一条", V(draft, "remedies"));
        Assert.Equal("2026年3月20日", V(draft, "decidedOn"));
    }

    [Fact]
    public void Draft_Answer_Withheld_PutsTheDecisionsSummaryInTheReason()
    {
        // Art. 36(3): a refusal gives its reason.
        var draft = Draft(Decided("Withheld.ThirdPartyRights", summary: "涉及个人隐私，权利人不同意公开"), DocumentKind.Answer);
        Assert.Equal("政府信息不予公开告知书", draft.Title);
        Assert.Equal("理由：涉及个人隐私，权利人不同意公开。", V(draft, "reason"));
        Assert.True(draft.Fields.Single(f => f.Key == "reason").Editable);
    }

    [Theory]
    [InlineData("提供2025年城市道路维修预算表（永定大道东段）1份", "现向您提供2025年城市道路维修预算表（永定大道东段）1份（见附件）。")]
    [InlineData("现向您提供：预算表1份。", "现向您提供预算表1份（见附件）。")]
    [InlineData("预算表1份，见附件", "现向您提供预算表1份，见附件。")]
    [InlineData("提供", "现向您提供该政府信息（见附件）。")]
    public void Draft_Answer_Disclosed_SaysProvideOnce_WhateverTheSummaryStartsWith(string summary, string provided)
        => Assert.Equal(provided, V(Draft(Decided("Disclosed", summary: summary), DocumentKind.Answer), "provided"));

    [Fact]
    public void Draft_Answer_Disclosed_PutsTheSummaryInWhatIsProvided()
    {
        var draft = Draft(Decided("Disclosed", summary: "提供预算表1份"), DocumentKind.Answer);
        Assert.Equal("政府信息公开申请答复书", draft.Title);
        Assert.Equal("现向您提供预算表1份（见附件）。", V(draft, "provided")); // one sentence, 提供 once (trial F finding 7)
        Assert.True(draft.Fields.Single(f => f.Key == "provided").Editable);
    }

    [Fact]
    public void Draft_Answer_OtherAgency_AsksForTheHoldingAgency()
    {
        // Art. 36(5): name the agency that holds it if known.
        var draft = Draft(Decided("Unable.NotHeld.OtherAgency"), DocumentKind.Answer);
        Assert.Equal("非本机关政府信息告知书", draft.Title);
        Assert.Contains("负责公开该政府信息的行政机关", V(draft, "provided"));
    }

    [Fact]
    public void Draft_Answer_EveryAnswerOutcomeOfBothRegimes_HasAWordingAndAnArticle()
    {
        foreach (var outcome in Outcome.All.Where(o => o.Code != Outcome.Withdrawal(o.Regime).Code))
        {
            var wording = AnswerWording.For(outcome);
            Assert.NotNull(wording);
            Assert.StartsWith("《", wording.Article);
            Assert.False(string.IsNullOrWhiteSpace(wording.Outcome), outcome.Code);
        }

        Assert.Null(AnswerWording.For(Outcome.Withdrawal(Regime.Regime2019)));
        Assert.Null(AnswerWording.For(Outcome.Withdrawal(Regime.Regime2008)));
    }

    [Fact]
    public void Draft_Answer_AbandonedForSupplement_CitesArt30()
    {
        // Art. 30: no supplement in time → treated as abandoned; the office tells the applicant it no longer handles the request.
        var c = Case2019();
        c.RequestSupplement(D("2026-03-04"), "信息所属年份", null, Ctx);
        c.CloseAsAbandoned(D("2026-03-26"), "Other.SupplementOverdue", Ctx);
        var draft = Draft(c, DocumentKind.Answer);
        Assert.Equal(AnswerWording.Regulation2019 + "第三十条", V(draft, "article"));
        Assert.Contains("视为放弃申请", V(draft, "outcome"));
        Assert.Equal(2, draft.EventSequence);
    }

    [Fact]
    public void Draft_Answer_OnTheSpot_IsDraftedFromTheSpotAnswer()
    {
        // Art. 33 ¶1.
        var c = Case2019();
        c.AnswerOnTheSpot(D("2026-03-02"), "Disclosed.AlreadyPublished", "告知网址", DeliveryMethod.InPerson, Ctx);
        var draft = Draft(c, DocumentKind.Answer);
        Assert.Equal("2026年3月2日", V(draft, "decidedOn"));
        Assert.Contains("告知网址", V(draft, "provided"));
        Assert.Equal(1, draft.EventSequence);
    }

    [Fact]
    public void Draft_Answer_OtherOther_TheClerkNamesTheBasis()
    {
        var draft = Draft(Decided("Other.Other", summary: "已转交信访部门"), DocumentKind.Answer);
        Assert.True(draft.Fields.Single(f => f.Key == "article").Editable);
        Assert.Equal("已转交信访部门。", V(draft, "provided"));
    }

    [Theory]
    // Art. 37 with the article that withholds the rest: Art. 15 third-party rights, Art. 14 security, Art. 16 ¶2 process information.
    [InlineData("涉及第三方商业秘密", "第十五条、第三十七条")]
    [InlineData("部分内容公开后可能危及公共安全", "第十四条、第三十七条")]
    [InlineData("其中的请示报告属于过程性信息", "第十六条第二款、第三十七条")]
    [InlineData("部分内容不予公开", "第三十七条")]
    [InlineData(null, "第三十七条")]
    public void Draft_Answer_PartiallyDisclosed_Art37_CitesTheWithholdingArticle_AndSaysWhatAndWhy(string? summary, string article)
    {
        var draft = Draft(Decided("PartiallyDisclosed", summary: summary), DocumentKind.Answer);
        Assert.Equal(AnswerWording.Regulation2019 + article, V(draft, "article"));
        // Derived from the summary's words, not typed: docs/文书模板.md "引用条款…不能修改" (only 其他处理 names its basis by hand).
        Assert.False(draft.Fields.Single(f => f.Key == "article").Editable);
        Assert.Contains("区分处理", V(draft, "outcome"));
        Assert.Equal("现向您提供可以公开的政府信息内容（见附件）。", V(draft, "provided"));
        Assert.Equal(AnswerWording.PartlyWithheldReason + (summary is null ? "" : summary + "。"), V(draft, "reason"));
    }

    [Theory]
    [InlineData("AlreadyPublic", "第二十一条第（一）项")]
    [InlineData("Disclosed", "第二十一条第（一）项")]
    [InlineData("PartiallyDisclosed", "第二十二条")]
    [InlineData("Withheld.CommercialSecret", "第十四条第四款、第二十一条第（二）项")]
    [InlineData("Withheld.SecurityStability", "第八条、第二十一条第（二）项")]
    [InlineData("NotThisAgency", "第二十一条第（三）项")]
    [InlineData("DoesNotExist", "第二十一条第（三）项")]
    [InlineData("ChangeOrSupplement", "第二十一条第（四）项")]
    public void Draft_Answer_Regime2008_CitesThe2008Article(string outcome, string article)
    {
        var c = Case2008();
        c.Decide(D("2018-03-20"), outcome, null, Ctx);
        var draft = Draft(c, DocumentKind.Answer);
        Assert.Equal(AnswerWording.Regulation2008 + article, V(draft, "article"));
        // Decided before 2019-05-15: the 2008 text's remedies article (2008 Art. 33 ¶2), six months to sue.
        Assert.Contains("（国务院令第492号）第三十三条第二款", V(draft, "remedies"));
        Assert.Contains("6个月", V(draft, "remedies"));
    }

    [Fact]
    public void Remedies_Regime2008CaseDecidedFrom2019May15_CitesArt51OfThe2019Text()
    {
        // Received Friday 2019-05-10 (Regime 2008), decided 2019-05-20: the answer follows the 2008 text, the remedies
        // article is the one in force on the decision date.
        var c = NewCase(submitted: "2019-05-10", received: "2019-05-10");
        c.Decide(D("2019-05-20"), "Disclosed", null, Ctx);
        var draft = Draft(c, DocumentKind.Answer);
        Assert.Equal(AnswerWording.Regulation2008 + "第二十一条第（一）项", V(draft, "article"));
        Assert.Contains(AnswerWording.Regulation2019 + "第五十一条", V(draft, "remedies"));
    }

    [Fact]
    public void Draft_Answer_AbandonedForAnUnpaidFee_CitesArt42AndTheFeeRules()
    {
        // 国办函〔2020〕109号: unpaid after 20 working days (2026-04-02) → the request is no longer handled.
        var c = Case2019();
        c.IssueFeeNotice(D("2026-03-05"), FeeMethod.PerPage, 150, 1, Ctx);
        c.CloseAsAbandoned(D("2026-04-03"), "Other.FeeUnpaid", Ctx);
        var draft = Draft(c, DocumentKind.Answer);
        Assert.Equal(AnswerWording.Regulation2019 + "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）", V(draft, "article"));
        Assert.Contains("逾期未按收费通知要求缴纳信息处理费", V(draft, "outcome"));
    }

    [Fact]
    public void Remedies_DecidedBefore2015May1_ThreeMonthsToSue()
    {
        // 行政诉讼法 (1989) Art. 39: three months; the revised law's six months (Art. 46) apply from 2015-05-01.
        var c = NewCase(submitted: "2015-04-13", received: "2015-04-13");
        c.Decide(D("2015-04-30"), "Disclosed", null, Ctx);
        var remedies = V(Draft(c, DocumentKind.Answer), "remedies");
        Assert.Contains("3个月", remedies);
        Assert.Contains("《中华人民共和国行政诉讼法》（1989年）第三十九条", remedies);
        Assert.Contains("60日", remedies);
        Assert.DoesNotContain("6个月", remedies);
    }

    [Fact]
    public void Remedies_DecidedOn2015May1_SixMonthsToSue()
    {
        var remedies = Remedies.Clause(D("2015-05-01"), null, null);
        Assert.Contains("6个月", remedies);
        Assert.Contains("《中华人民共和国行政诉讼法》第四十六条", remedies);
    }

    [Fact]
    public void Remedies_Regime2019_60DaysReviewAnd6MonthsLitigation_Art51()
    {
        var remedies = Remedies.Clause(D("2026-03-20"), null, null);
        Assert.Equal(
            "如对本答复不服，根据《中华人民共和国政府信息公开条例》第五十一条、《中华人民共和国行政复议法》和《中华人民共和国行政诉讼法》第四十六条的规定，"
            + "您可以在收到本答复之日起60日内依法申请行政复议，也可以在收到本答复之日起6个月内依法向人民法院提起行政诉讼。",
            remedies);
    }

    [Fact]
    public void Remedies_WithTheConfiguredReviewBodyAndCourt_NamesThem()
    {
        // Art. 51, documents.md: "naming the review body when configured".
        var draft = Draft(Decided("Disclosed"), DocumentKind.Answer, DocContext(reviewBody: "武汉市人民政府", reviewCourt: "武汉铁路运输中级法院"));
        var remedies = V(draft, "remedies");
        Assert.Contains("60日内依法向武汉市人民政府申请行政复议", remedies);
        Assert.Contains("6个月内依法向武汉铁路运输中级法院提起行政诉讼", remedies);
    }
}
