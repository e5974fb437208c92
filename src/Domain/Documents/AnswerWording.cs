using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;

namespace CaseTracker.Domain.Documents;

/// <summary>Where the decision's summary goes in the answer letter: what is provided, or the reason.</summary>
public enum SummaryPlace { Provided, Reason }

/// <summary>
/// The wording of the answer letter for one outcome (Art. 36–39; 2008 Art. 21–22): its title, the outcome in words, the default
/// text of what is provided and of the reason (the clerk edits both), and the article cited. <see cref="ArticleEditable"/>: the
/// outcome has no one article (其他处理), so the clerk may name the basis.
/// </summary>
public sealed record AnswerWording(string Title, string Outcome, string Provided, string Reason, string Article, SummaryPlace Summary, bool ArticleEditable = false)
{
    /// <summary>The Regulation of 2019 (State Council Order 711), as an answer letter names it.</summary>
    public const string Regulation2019 = "《中华人民共和国政府信息公开条例》";

    /// <summary>The Regulation of 2008 (State Council Order 492), named by its order so it is not taken for the 2019 text.</summary>
    public const string Regulation2008 = "《中华人民共和国政府信息公开条例》（国务院令第492号）";

    private const string AnswerTitle = "政府信息公开申请答复书";
    private const string WithheldTitle = "政府信息不予公开告知书";
    private const string NoticeTitle = "政府信息公开申请告知书";

    /// <summary>
    /// The fill-in part of a 非本机关 letter (Art. 36(5); 2008 Art. 21(3)): the competent agency's name and contact, taken from
    /// the decision's summary when it has one; an answer still holding it cannot be issued (<see cref="CaseDocuments.Unfilled"/>).
    /// </summary>
    public const string FillIn = "（名称、联系方式）";

    /// <summary>The lead of a refusal's reason; left alone (no summary) it is dropped from the letter.</summary>
    public const string ReasonLead = "理由：";

    /// <summary>The lead of a 部分公开 letter's reason: what was withheld and why, in one sentence the clerk completes.</summary>
    public const string PartlyWithheldReason = "不予公开的内容及理由：";

    // What a 部分公开 summary says about the withheld part → the article that withholds it (2019 Art. 14, 15, 16; 2008 Art. 14 ¶4, 8).
    private static readonly (string[] Words, string Article2019, string Article2008)[] WithholdingGrounds =
    [
        (["国家秘密", "国家安全", "公共安全", "经济安全", "社会稳定", "禁止公开"], "第十四条", "第八条、第十四条第四款"),
        (["商业秘密", "个人隐私", "第三方", "个人信息"], "第十五条", "第十四条第四款"),
        (["人事管理", "后勤管理", "内部工作流程", "内部事务"], "第十六条第一款", "第十四条第四款"),
        (["讨论记录", "过程稿", "磋商信函", "请示报告", "过程性", "执法案卷"], "第十六条第二款", "第十四条第四款"),
    ];

    private static readonly Dictionary<string, AnswerWording> Wordings2019 = new(StringComparer.Ordinal)
    {
        ["Disclosed"] = new(AnswerTitle, "经审查，您申请获取的政府信息属于可以公开的政府信息，本机关予以公开。", "现向您提供该政府信息（见附件）。", "", Art19("第三十六条第（二）项"), SummaryPlace.Provided),
        ["Disclosed.AlreadyPublished"] = new(AnswerTitle, "经审查，您申请获取的政府信息已经主动公开。", "您可通过本机关门户网站政府信息公开专栏查阅获取该政府信息。", "", Art19("第三十六条第（一）项"), SummaryPlace.Provided),
        ["PartiallyDisclosed"] = new(AnswerTitle, "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关对可以公开的内容予以公开。",
            "现向您提供可以公开的政府信息内容（见附件）。", PartlyWithheldReason, Art19("第三十七条"), SummaryPlace.Reason),
        ["Withheld.StateSecret"] = Withheld("属于依法确定为国家秘密的政府信息", "第十四条"),
        ["Withheld.ProhibitedByLaw"] = Withheld("属于法律、行政法规禁止公开的政府信息", "第十四条"),
        ["Withheld.SecurityStability"] = Withheld("公开后可能危及国家安全、公共安全、经济安全、社会稳定", "第十四条"),
        ["Withheld.ThirdPartyRights"] = Withheld("涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害", "第十五条"),
        ["Withheld.InternalAffairs"] = Withheld("属于人事管理、后勤管理、内部工作流程等方面的内部事务信息", "第十六条第一款"),
        ["Withheld.ProcessInformation"] = Withheld("属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息", "第十六条第二款"),
        ["Withheld.EnforcementFile"] = Withheld("属于行政执法案卷信息", "第十六条第二款"),
        ["Withheld.AdministrativeInquiry"] = new(WithheldTitle, "经审查，您申请获取的信息属于行政查询事项，本机关不作为政府信息予以公开。",
            "您可以通过相应的查询渠道办理。", "理由：", Art19("第三十六条第（三）项"), SummaryPlace.Reason),
        ["Unable.NotHeld"] = new("政府信息不存在告知书", "经检索，本机关没有您申请公开的政府信息，该政府信息不存在。", "", "", Art19("第三十六条第（四）项"), SummaryPlace.Reason),
        ["Unable.NotHeld.OtherAgency"] = new("非本机关政府信息告知书", "经审查，您申请获取的政府信息不属于本机关负责公开。",
            "负责公开该政府信息的行政机关为：（名称、联系方式）", "理由：", Art19("第三十六条第（五）项"), SummaryPlace.Reason),
        ["Unable.NeedsCreation"] = new(AnswerTitle, "经审查，本机关没有您申请获取的现成信息，需要对现有政府信息进行加工、分析才能形成，本机关不予提供。",
            "", "", Art19("第三十八条"), SummaryPlace.Reason),
        ["Unable.StillUnclear"] = new(NoticeTitle, "您补正后的申请内容仍不明确，本机关无法确定您申请获取的政府信息，无法提供。", "", "", Art19("第三十条"), SummaryPlace.Reason),
        ["NotProcessed.Petition"] = new(NoticeTitle, "经审查，您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理。",
            "您可以通过信访、投诉、举报等相应渠道提出。", "", Art19("第三十九条第一款"), SummaryPlace.Reason),
        ["NotProcessed.Repeat"] = new(NoticeTitle, "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息，本机关不予重复处理。",
            "", "", Art19("第三十六条第（六）项"), SummaryPlace.Reason),
        ["NotProcessed.Publication"] = new(NoticeTitle, "您申请获取的是政府公报、报刊、书籍等公开出版物，本机关告知您获取的途径。",
            "您可以通过以下途径获取：", "", Art19("第三十九条第二款"), SummaryPlace.Provided),
        ["NotProcessed.Excessive"] = new(NoticeTitle, "您申请公开政府信息的数量、频次明显超过合理范围。经本机关要求说明理由，本机关认为您的申请理由不合理，不予处理。",
            "", "理由：", Art19("第三十五条"), SummaryPlace.Reason),
        ["NotProcessed.ConfirmOrReissue"] = new(NoticeTitle, "您要求本机关确认或者重新出具您已获取的信息，不属于申请获取政府信息，本机关不作为政府信息公开申请处理。",
            "", "", Art19("第二条"), SummaryPlace.Reason, ArticleEditable: true),
        ["Other.SupplementOverdue"] = new(NoticeTitle, "本机关已书面告知您补正申请内容，您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
            "", "", Art19("第三十条"), SummaryPlace.Reason),
        ["Other.FeeUnpaid"] = new(NoticeTitle, "本机关已向您发出收费通知，您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。",
            "", "", Art19("第四十二条") + "和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）", SummaryPlace.Reason),
        ["Other.SpecialAccessLaw"] = new(NoticeTitle, "经审查，您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定，请您依照有关法律、行政法规的规定办理。",
            "", "", Art19("第三十六条第（七）项"), SummaryPlace.Provided),
        ["Other.Other"] = new(NoticeTitle, "经审查，本机关对您的申请处理如下：", "", "", Regulation2019, SummaryPlace.Provided, ArticleEditable: true),
    };

    private static readonly Dictionary<string, AnswerWording> Wordings2008 = new(StringComparer.Ordinal)
    {
        ["AlreadyPublic"] = new(AnswerTitle, "经审查，您申请获取的政府信息属于已主动公开的政府信息。", "您可通过本机关门户网站政府信息公开专栏查阅获取该政府信息。", "", Art08("第二十一条第（一）项"), SummaryPlace.Provided),
        ["Disclosed"] = new(AnswerTitle, "经审查，您申请获取的政府信息属于公开范围，本机关予以公开。", "现向您提供该政府信息（见附件）。", "", Art08("第二十一条第（一）项"), SummaryPlace.Provided),
        ["PartiallyDisclosed"] = new(AnswerTitle, "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关向您提供可以公开的信息内容。",
            "现向您提供可以公开的政府信息内容（见附件）。", PartlyWithheldReason, Art08("第二十二条"), SummaryPlace.Reason),
        ["Withheld.StateSecret"] = Withheld2008("涉及国家秘密", "第十四条第四款、第二十一条第（二）项"),
        ["Withheld.CommercialSecret"] = Withheld2008("涉及商业秘密", "第十四条第四款、第二十一条第（二）项"),
        ["Withheld.PersonalPrivacy"] = Withheld2008("涉及个人隐私", "第十四条第四款、第二十一条第（二）项"),
        ["Withheld.SecurityStability"] = Withheld2008("公开后可能危及国家安全、公共安全、经济安全和社会稳定", "第八条、第二十一条第（二）项"),
        ["Withheld.NotGovernmentInformation"] = Withheld2008("不属于《条例》所指的政府信息", "第二条、第二十一条第（二）项"),
        ["Withheld.OtherLegal"] = Withheld2008("属于法律、法规规定不予公开的其他情形", "第二十一条第（二）项"),
        ["NotThisAgency"] = new("非本机关政府信息告知书", "经审查，您申请获取的政府信息依法不属于本机关公开。",
            "能够确定该政府信息的公开机关为：（名称、联系方式）", "", Art08("第二十一条第（三）项"), SummaryPlace.Reason),
        ["DoesNotExist"] = new("政府信息不存在告知书", "经检索，您申请获取的政府信息不存在。", "", "", Art08("第二十一条第（三）项"), SummaryPlace.Reason),
        ["ChangeOrSupplement"] = new(NoticeTitle, "经审查，您的申请内容不明确，请您对申请内容作出更改、补充。",
            "请写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述。", "", Art08("第二十一条第（四）项"), SummaryPlace.Provided),
        ["OtherChannel"] = new(NoticeTitle, "经审查，您的申请事项应当通过其他途径办理。", "您可以通过以下途径办理：", "",
            "《国务院办公厅关于做好政府信息依申请公开工作的意见》（国办发〔2010〕5号）", SummaryPlace.Provided),
    };

    /// <summary>
    /// The wording for <paramref name="outcome"/>; null for a withdrawal (撤回申请), which closes the case without an answer letter.
    /// </summary>
    public static AnswerWording? For(Outcome outcome)
    {
        if (outcome.Code == Outcomes.Outcome.Withdrawal(outcome.Regime).Code) return null;
        var table = outcome.Regime == Regime.Regime2019 ? Wordings2019 : Wordings2008;
        return table.TryGetValue(outcome.Code, out var wording)
            ? wording
            : throw new InvalidOperationException($"Outcome \"{outcome.Code}\" of {outcome.Regime} has no answer wording.");
    }

    /// <summary>
    /// The article a 部分公开 letter cites (Art. 37 with the article that withholds the rest: Art. 14 state secrets and security,
    /// Art. 15 third-party rights, Art. 16 internal and process information; 2008: Art. 22 with Art. 14 ¶4 or 8), chosen from
    /// the words of the decision's <paramref name="summary"/>; without a recognisable ground, Art. 37 (22) alone. The article
    /// comes from the case and is not editable (docs/文书模板.md "引用条款…不能修改"): to cite the withholding article, the
    /// decision's summary names the ground (e.g. 个人隐私, 商业秘密, 过程性信息), by 更正答复决定 once the answer is issued.
    /// Other outcomes: their own <see cref="Article"/>.
    /// </summary>
    public string ArticleFor(Regime regime, string? summary)
    {
        if (Reason != PartlyWithheldReason || string.IsNullOrWhiteSpace(summary)) return Article;
        var grounds = WithholdingGrounds.Where(g => g.Words.Any(summary.Contains))
            .Select(g => regime == Regime.Regime2019 ? g.Article2019 : g.Article2008)
            .SelectMany(a => a.Split('、')).Distinct().ToList();
        if (grounds.Count == 0) return Article;
        return regime == Regime.Regime2019
            ? Art19($"{string.Join("、", grounds)}、第三十七条")
            : Art08($"{string.Join("、", grounds)}、第二十二条");
    }

    private static string Art19(string article) => Regulation2019 + article;

    private static string Art08(string article) => Regulation2008 + article;

    private static AnswerWording Withheld(string why, string article)
        => new(WithheldTitle, $"经审查，您申请获取的政府信息{why}，本机关决定不予公开。", "", "理由：", Art19($"{article}、第三十六条第（三）项"), SummaryPlace.Reason);

    private static AnswerWording Withheld2008(string why, string articles)
        => new(WithheldTitle, $"经审查，您申请获取的政府信息{why}，属于不予公开范围，本机关决定不予公开。", "", "理由：", Art08(articles), SummaryPlace.Reason);
}
