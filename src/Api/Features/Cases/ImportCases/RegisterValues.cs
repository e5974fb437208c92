using System.Globalization;
using System.Text.RegularExpressions;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;

namespace CaseTracker.Api.Features.Cases.ImportCases;

/// <summary>What an outcome cell says: a decision's outcome code, a withdrawal (撤回), or an abandonment (逾期不补正, 逾期不缴费).</summary>
internal enum OutcomeReading
{
    Decision,
    Withdrawal,
    Abandonment,
}

/// <summary>
/// The values an office's register writes, in Chinese or as the API's English names (issue 17 item 3): channels, applicant
/// kinds, letter kinds, delivery methods and forms, consultation kinds, outcomes of both regimes (the labels of reports.md §2
/// and their common forms), and dates as 2025-01-06, 2025/1/6, 2025.1.6 or 2025年1月6日. Matching ignores spaces, case and
/// full-width brackets.
/// </summary>
internal static partial class RegisterValues
{
    public const string OnTheSpot = "当场答复";

    private static Dictionary<string, T> Names<T>(params (T Value, string[] Names)[] entries) where T : struct, Enum
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var value in Enum.GetValues<T>()) map[Key(value.ToString())] = value;
        foreach (var (value, names) in entries)
            foreach (var name in names) map[Key(name)] = value;
        return map;
    }

    /// <summary>A value as compared: no spaces, half-width brackets and dots, lower case.</summary>
    public static string Key(string value)
        => new string(value.Replace('（', '(').Replace('）', ')').Replace('．', '.').Replace('、', '.').Where(c => !char.IsWhiteSpace(c)).ToArray())
            .ToLowerInvariant();

    public static readonly Dictionary<string, Channel> Channels = Names<Channel>(
        (Channel.InPerson, ["当面", "现场", "窗口", "当面申请", "当面提交", "现场申请", "窗口申请", "来访"]),
        (Channel.Letter, ["信函", "信函·挂号", "信函·平信", "邮寄", "挂号信", "平信", "信件", "来信", "信函申请", "邮寄申请", "邮政", "快递", "ems"]),
        (Channel.Online, ["网络", "网上申请", "网上", "网络申请", "在线申请", "电子邮件", "邮件", "政府网站", "网站", "门户网站", "互联网", "在线", "email", "e-mail"]),
        (Channel.Fax, ["传真", "传真申请"]));

    /// <summary>A channel value that also tells the kind of letter (挂号信, 平信, the export's 信函·挂号).</summary>
    public static readonly Dictionary<string, LetterMail> LetterMailOfChannel = new(StringComparer.Ordinal)
    {
        [Key("挂号信")] = LetterMail.Signed, [Key("ems")] = LetterMail.Signed, [Key("快递")] = LetterMail.Signed,
        [Key("平信")] = LetterMail.Ordinary, [Key("信函·挂号")] = LetterMail.Signed, [Key("信函·平信")] = LetterMail.Ordinary,
    };

    public static readonly Dictionary<string, LetterMail> LetterMails = Names<LetterMail>(
        (LetterMail.Signed, ["挂号", "挂号信", "ems", "快递", "特快专递", "签收"]),
        (LetterMail.Ordinary, ["平信", "普通信件", "普通"]));

    /// <summary>
    /// The applicant kinds of table 三 (reports.md §4) by the names registers use. 个体工商户 (个体户) applies under its trade name and
    /// 统一社会信用代码 (starting 92) as a business: it counts among 法人或其他组织, as 商业企业 (trial E finding 16); a trader asking in
    /// his own name with his identity card is a 自然人, written so in the register.
    /// </summary>
    public static readonly Dictionary<string, ApplicantKind> ApplicantKinds = Names<ApplicantKind>(
        (ApplicantKind.NaturalPerson, ["自然人", "公民", "个人", "natural"]),
        (ApplicantKind.Commercial, ["商业企业", "法人", "企业", "公司", "企业法人", "个体工商户", "个体户", "个体经营户"]),
        (ApplicantKind.Research, ["科研机构", "科研院所", "高校"]),
        (ApplicantKind.PublicInterest, ["社会公益组织", "公益组织"]),
        (ApplicantKind.LegalService, ["法律服务机构", "律师事务所", "律所", "律师"]),
        (ApplicantKind.OtherOrganization, ["其他组织", "其他", "社会组织", "法人或其他组织"]));

    public static readonly Dictionary<string, DeliveryMethod> DeliveryMethods = Names<DeliveryMethod>(
        (DeliveryMethod.InPerson, ["当面", "当面领取", "当面送达", "现场领取", "自取", "直接送达", "现场"]),
        (DeliveryMethod.Post, ["邮寄", "挂号信", "ems", "快递", "邮政", "邮寄送达", "信函"]),
        (DeliveryMethod.Email, ["电子邮件", "邮件", "邮箱", "email", "e-mail"]),
        (DeliveryMethod.Online, ["网上送达", "网上", "网络", "在线", "政府网站", "平台", "网上答复"]),
        (DeliveryMethod.Fax, ["传真"]));

    /// <summary>A delivery method cell that says the answer was given on the spot (当场答复, Art. 33 ¶1).</summary>
    public static bool IsOnTheSpot(string value) => Key(value) is "当场答复" or "当场" or "当场告知" or "当场办结" or "onthespot";

    public static readonly Dictionary<string, DeliveryForm> DeliveryForms = Names<DeliveryForm>(
        (DeliveryForm.Paper, ["纸质", "纸质文本", "纸面", "书面"]),
        (DeliveryForm.Email, ["电子邮件", "电子文本", "电子文档", "邮件"]),
        (DeliveryForm.Disc, ["光盘", "磁盘"]),
        (DeliveryForm.Inspection, ["查阅", "现场查阅", "当场查阅", "当场阅览"]));

    public static readonly Dictionary<string, ConsultationKind> ConsultationKinds = Names<ConsultationKind>(
        (ConsultationKind.ThirdParty, ["第三方", "第三方意见"]),
        (ConsultationKind.OtherAgency, ["其他机关", "有关机关", "其他行政机关"]));

    public static readonly Dictionary<string, FeeMethod> FeeMethods = Names<FeeMethod>(
        (FeeMethod.PerRequest, ["按件", "按件计收", "按件收费"]),
        (FeeMethod.PerPage, ["按量", "按量计收", "按量收费", "按页", "按页收费"]),
        (FeeMethod.Cost, ["成本费用", "成本", "按成本", "按成本收费", "检索复制邮寄费", "工本费"]));

    /// <summary>What a consultation's reply said: consent (true), refusal (false), or nothing stated (null: 未表态).</summary>
    public static readonly Dictionary<string, bool?> Consents = new(StringComparer.Ordinal)
    {
        [Key("同意")] = true, [Key("同意公开")] = true, [Key("无异议")] = true, [Key("是")] = true, [Key("yes")] = true, [Key("true")] = true,
        [Key("不同意")] = false, [Key("不同意公开")] = false, [Key("有异议")] = false, [Key("反对")] = false, [Key("否")] = false,
        [Key("no")] = false, [Key("false")] = false,
        [Key("未表态")] = null, [Key("未明确")] = null, [Key("未答复")] = null, [Key("未表示意见")] = null,
    };

    /// <summary>The Chinese names the error of a coded column offers (what would be accepted, once).</summary>
    public static readonly IReadOnlyDictionary<Type, string> Accepted = new Dictionary<Type, string>
    {
        [typeof(Channel)] = "当面, 信函, 网络, 传真",
        [typeof(LetterMail)] = "挂号, 平信",
        [typeof(ApplicantKind)] = "自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他组织",
        [typeof(DeliveryMethod)] = "直接送达, 邮寄, 电子邮件, 网上送达, 传真, 当场答复",
        [typeof(DeliveryForm)] = "纸质, 电子邮件, 光盘, 查阅",
        [typeof(ConsultationKind)] = "第三方, 其他机关",
        [typeof(FeeMethod)] = "按件, 按量, 成本费用",
    };

    private static readonly Dictionary<string, OutcomeReading> Closings = new(StringComparer.Ordinal)
    {
        [Key("撤回")] = OutcomeReading.Withdrawal, [Key("申请人撤回")] = OutcomeReading.Withdrawal, [Key("撤回申请")] = OutcomeReading.Withdrawal,
        [Key("申请人撤回申请")] = OutcomeReading.Withdrawal, [Key("主动撤回")] = OutcomeReading.Withdrawal, [Key("已撤回")] = OutcomeReading.Withdrawal,
        [Key("Other.Withdrawn")] = OutcomeReading.Withdrawal, [Key("Withdrawn")] = OutcomeReading.Withdrawal,
    };

    private static readonly Dictionary<string, string> Common2019 = Synonyms(
        ("Disclosed", ["予以公开", "公开", "同意公开", "全部公开", "提供", "已公开"]),
        ("Disclosed.AlreadyPublished", ["已主动公开", "属于已主动公开", "主动公开", "已主动公开的告知获取途径", "告知获取方式"]),
        ("PartiallyDisclosed", ["部分公开", "部分予以公开"]),
        ("Withheld.StateSecret", ["国家秘密", "属于国家秘密"]),
        ("Withheld.ProhibitedByLaw", ["法律行政法规禁止公开", "其他法律行政法规禁止公开"]),
        ("Withheld.SecurityStability", ["危及三安全一稳定", "三安全一稳定"]),
        ("Withheld.ThirdPartyRights", ["第三方合法权益", "保护第三方合法权益", "商业秘密", "个人隐私"]),
        ("Withheld.InternalAffairs", ["内部事务信息", "三类内部事务信息", "内部事务"]),
        ("Withheld.ProcessInformation", ["过程性信息", "四类过程性信息"]),
        ("Withheld.EnforcementFile", ["行政执法案卷"]),
        ("Withheld.AdministrativeInquiry", ["行政查询事项"]),
        ("Unable.NotHeld", ["信息不存在", "本机关不掌握", "不掌握", "本机关不掌握相关政府信息", "无法提供", "申请信息不存在"]),
        ("Unable.NotHeld.OtherAgency", ["非本机关", "不属于本机关", "非本机关掌握", "不属于本机关公开", "告知向其他机关申请"]),
        ("Unable.NeedsCreation", ["需另行制作", "没有现成信息需要另行制作", "需要另行制作"]),
        ("Unable.StillUnclear", ["补正后申请内容仍不明确", "申请内容不明确"]),
        ("NotProcessed.Petition", ["信访举报投诉类申请", "信访", "信访举报投诉"]),
        ("NotProcessed.Repeat", ["重复申请"]),
        ("NotProcessed.Publication", ["要求提供公开出版物", "公开出版物"]),
        ("NotProcessed.Excessive", ["无正当理由大量反复申请", "大量反复申请"]),
        ("NotProcessed.ConfirmOrReissue", ["要求行政机关确认或重新出具已获取信息", "确认或重新出具"]),
        ("Other.SupplementOverdue", ["逾期不补正", "申请人无正当理由逾期不补正", "视为放弃"]),
        ("Other.FeeUnpaid", ["逾期未缴费", "逾期不缴费", "逾期未缴纳费用"]),
        ("Other.Other", ["其他", "其他处理"]));

    private static readonly Dictionary<string, string> Common2008 = Synonyms(
        ("AlreadyPublic", ["已主动公开", "属于已主动公开范围", "属于已主动公开", "主动公开"]),
        ("Disclosed", ["予以公开", "公开", "同意公开", "全部公开", "提供", "已公开"]),
        ("PartiallyDisclosed", ["部分公开", "同意部分公开"]),
        ("Withheld.StateSecret", ["国家秘密", "涉及国家秘密"]),
        ("Withheld.CommercialSecret", ["商业秘密", "涉及商业秘密"]),
        ("Withheld.PersonalPrivacy", ["个人隐私", "涉及个人隐私"]),
        ("Withheld.SecurityStability", ["危及国家安全、公共安全、经济安全和社会稳定", "危及安全稳定"]),
        ("Withheld.NotGovernmentInformation", ["不是政府信息", "不是《条例》所指政府信息", "非政府信息"]),
        ("Withheld.OtherLegal", ["法律法规规定的其他情形"]),
        ("NotThisAgency", ["非本机关", "不属于本机关", "不属于本行政机关公开", "不属于本机关公开"]),
        ("DoesNotExist", ["信息不存在", "申请信息不存在", "不存在"]),
        ("ChangeOrSupplement", ["告知作出更改补充", "告知更改补充"]),
        ("OtherChannel", ["告知通过其他途径办理", "其他途径"]));

    private static Dictionary<string, string> Synonyms(params (string Code, string[] Names)[] entries)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (code, names) in entries)
            foreach (var name in names) map[Key(name)] = code;
        return map;
    }

    /// <summary>
    /// What an outcome cell of a case of <paramref name="regime"/> says: its code (the code itself, a label of reports.md §2
    /// with or without its numbering, a common form, or 不予公开（reason）), a withdrawal, or an abandonment; null when it
    /// cannot be read. <paramref name="onTheSpot"/> is set when the cell also says 当场答复 (e.g. 当场答复（予以公开）).
    /// </summary>
    public static (OutcomeReading Reading, string Code)? Outcome(Regime regime, string value, out bool onTheSpot)
    {
        var key = Key(value);
        onTheSpot = false;
        if (key.Contains(Key(OnTheSpot), StringComparison.Ordinal))
        {
            onTheSpot = true;
            key = key.Replace(Key(OnTheSpot), "", StringComparison.Ordinal).Trim('(', ')', '-', '—', ':', '：', '/', '，', ',');
            if (key.Length == 0) return null;
        }

        if (Closings.TryGetValue(key, out var closing)) return (closing, Domain.Outcomes.Outcome.Withdrawal(regime).Code);
        var code = Code(regime, key);
        if (code is null) return null;
        var reading = code is "Other.SupplementOverdue" or "Other.FeeUnpaid" ? OutcomeReading.Abandonment : OutcomeReading.Decision;
        return (reading, code);
    }

    /// <summary>
    /// The Chinese name the register export writes for an outcome <paramref name="code"/> of <paramref name="regime"/> so that
    /// the import reads back exactly that code (issue 16 item 6): its report <paramref name="label"/> when that reads back as the
    /// code; else, where the report gives two outcomes one row (（一）予以公开 is Disclosed and Disclosed.AlreadyPublished), the
    /// first common name that does (已主动公开); else the code itself.
    /// </summary>
    public static string OutcomeName(Regime regime, string code, string label)
    {
        if (Outcome(regime, label, out _) is { } read && read.Code == code) return label;
        foreach (var (name, named) in regime == Regime.Regime2019 ? Common2019 : Common2008)
            if (named == code && Outcome(regime, name, out _) is { } back && back.Code == code) return name;
        return code;
    }

    private static string? Code(Regime regime, string key)
    {
        foreach (var outcome in Domain.Outcomes.Outcome.ForRegime(regime))
            if (Key(outcome.Code) == key) return outcome.Code;
        var common = regime == Regime.Regime2019 ? Common2019 : Common2008;
        foreach (var candidate in Candidates(key))
        {
            if (common.TryGetValue(candidate, out var code)) return code;
            var labelled = Domain.Outcomes.Outcome.ForRegime(regime)
                .FirstOrDefault(o => o.IsAnswer && (Key(o.Label) == candidate || Key(Unnumbered(o.Label)) == candidate
                                                    || (o.Wording is { } wording && Key(wording) == candidate)));
            if (labelled is not null) return labelled.Code;
        }

        return null;
    }

    /// <summary>The key, without its numbering (（一）, 1.), and for 不予公开（reason） or 不予公开-reason the reason alone.</summary>
    private static IEnumerable<string> Candidates(string key)
    {
        yield return key;
        var bare = Unnumbered(key);
        if (bare != key) yield return bare;
        foreach (var prefix in new[] { "不予公开", "不同意公开", "无法提供", "不予处理", "其他处理" })
        {
            var p = Key(prefix);
            if (!bare.StartsWith(p, StringComparison.Ordinal) || bare.Length == p.Length) continue;
            var reason = bare[p.Length..].Trim('(', ')', '-', '—', ':', '：', '/', '，', ',');
            if (reason.Length > 0)
            {
                yield return reason;
                yield return Unnumbered(reason);
            }
        }
    }

    private static string Unnumbered(string label) => Numbering().Replace(label, "").Replace("数", "", StringComparison.Ordinal);

    [GeneratedRegex(@"^(\(|（)[一二三四五六七八九十]+(\)|）)|^\d+\.")]
    private static partial Regex Numbering();

    /// <summary>The outcome names a clerk is offered when a cell cannot be read (a few, then where the full list is).</summary>
    public static string AcceptedOutcomes(Regime regime) => regime == Regime.Regime2019
        ? "予以公开, 已主动公开, 部分公开, 不予公开（过程性信息）, 信息不存在, 非本机关, 重复申请, 撤回, 其他, or a label of table 三 of the annual report"
        : "予以公开, 属于已主动公开范围, 部分公开, 不予公开（涉及个人隐私）, 申请信息不存在, 不属于本机关, 撤回, or a label of the 2008 statistics table";

    [GeneratedRegex(@"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")]
    private static partial Regex DatePattern();

    /// <summary>A date written 2025-01-06, 2025/1/6, 2025.1.6 or 2025年1月6日 (a time after it is ignored); null otherwise.</summary>
    public static DateOnly? Date(string value)
    {
        var match = DatePattern().Match(value.Trim());
        if (!match.Success) return null;
        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && year >= 1 ? new DateOnly(year, month, day) : null;
    }
}
