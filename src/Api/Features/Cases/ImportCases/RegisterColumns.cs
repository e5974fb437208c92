using CaseTracker.Domain;
using CaseTracker.Domain.Cases;

namespace CaseTracker.Api.Features.Cases.ImportCases;

/// <summary>The columns of the register's CSV, matched by header name without regard to case.</summary>
public static partial class RegisterColumns
{
    public const string CaseNumber = "caseNumber";
    public const string AgencyCode = "agencyCode";
    public const string Channel = "channel";
    public const string LetterMail = "letterMail";
    public const string SubmittedOn = "submittedOn";
    public const string ReceivedOn = "receivedOn";
    public const string ConfirmedOn = "confirmedOn";
    public const string ApplicantKind = "applicantKind";
    public const string ApplicantName = "applicantName";
    public const string ApplicantIdNumber = "applicantIdNumber";
    public const string ApplicantPhone = "applicantPhone";
    public const string ApplicantEmail = "applicantEmail";
    public const string ApplicantAddress = "applicantAddress";
    public const string Description = "description";
    public const string DeliveryForm = "deliveryForm";
    public const string SupplementRequestedOn = "supplementRequestedOn";
    public const string SupplementItems = "supplementItems";
    public const string SupplementSupplyBy = "supplementSupplyBy";
    public const string SupplementReceivedOn = "supplementReceivedOn";
    public const string ConsultationKind = "consultationKind";
    public const string ConsultationParty = "consultationParty";
    public const string ConsultationSentOn = "consultationSentOn";
    public const string ConsultationRepliedOn = "consultationRepliedOn";
    public const string ConsultationConsents = "consultationConsents";
    public const string ExtensionApprovedOn = "extensionApprovedOn";
    public const string ExtensionWorkingDays = "extensionWorkingDays";
    public const string ExtensionReason = "extensionReason";
    public const string ExtensionApplicantNotifiedOn = "extensionApplicantNotifiedOn";
    public const string ExtensionApprover = "extensionApprover";
    public const string DeferralApprovedOn = "deferralApprovedOn";
    public const string DeferralDueOn = "deferralDueOn";
    public const string DeferralReason = "deferralReason";
    public const string DeferralApprover = "deferralApprover";
    public const string FeeMethod = "feeMethod";
    public const string FeeIssuedOn = "feeIssuedOn";
    public const string FeePages = "feePages";
    public const string FeeRequestOfMonth = "feeRequestOfMonth";
    public const string FeeSearchYuan = "feeSearchYuan";
    public const string FeeCopyYuan = "feeCopyYuan";
    public const string FeePostYuan = "feePostYuan";
    public const string FeeAmountYuan = "feeAmountYuan";
    public const string FeeReducedOn = "feeReducedOn";
    public const string FeeReducedToYuan = "feeReducedToYuan";
    public const string FeeReductionReason = "feeReductionReason";
    public const string FeePaidOn = "feePaidOn";

    /// <summary>
    /// How many consultations the template, the column list and the desk's mapping name: the first under consultationKind…, the n-th
    /// (n ≥ 2) under numbered columns consultation{n}Kind, consultation{n}Party, consultation{n}SentOn, consultation{n}RepliedOn,
    /// consultation{n}Consents (第二次征求意见类型 …). One row is one case (issue 20 item 2: numbered columns rather than one row per
    /// step). There is no upper limit: a file's consultation4… (第四次征求意见类型, 征求意见类型4 …) columns are read when present
    /// (<see cref="NumberedConsultation"/>), and the export writes as many as its widest case needs.
    /// </summary>
    public const int Consultations = 3;

    /// <summary>The five columns of the n-th consultation (1 = the unnumbered first): kind, party, sent, replied, consents.</summary>
    public static (string Kind, string Party, string SentOn, string RepliedOn, string Consents) Consultation(int n)
        => n == 1
            ? (ConsultationKind, ConsultationParty, ConsultationSentOn, ConsultationRepliedOn, ConsultationConsents)
            : ($"consultation{n}Kind", $"consultation{n}Party", $"consultation{n}SentOn", $"consultation{n}RepliedOn", $"consultation{n}Consents");

    /// <summary>The most consultations one row may carry (a guard against a mistyped number, not a rule of law).</summary>
    public const int MaxConsultations = 99;

    private static readonly string[] ConsultationParts = ["Kind", "Party", "SentOn", "RepliedOn", "Consents"];

    /// <summary>
    /// The numbered consultation field (n ≥ 2) a normalized header names, with n: its key (consultation4Kind) or a Chinese name
    /// (第四次征求意见类型, 第4次征求意见类型, 征求意见类型4, 征求意见类型(四)); null for any other header.
    /// </summary>
    public static (string Field, int N)? NumberedConsultation(string normalized)
    {
        var key = KeyPattern().Match(normalized);
        if (key.Success && int.TryParse(key.Groups[1].Value, out var k) && k is >= 2 and <= MaxConsultations)
            return (Consultation(k).Kind[..^4] + ConsultationParts.First(p => p.Equals(key.Groups[2].Value, StringComparison.OrdinalIgnoreCase)), k);
        var firsts = new[] { ConsultationKind, ConsultationParty, ConsultationSentOn, ConsultationRepliedOn, ConsultationConsents };
        for (var part = 0; part < firsts.Length; part++)
            foreach (var baseName in BaseChineseNames[firsts[part]].Select(Normalize))
            {
                var number = normalized.StartsWith('第') && normalized.EndsWith("次" + baseName, StringComparison.Ordinal)
                    ? normalized[1..^(baseName.Length + 1)]
                    : normalized.StartsWith(baseName, StringComparison.Ordinal) && normalized.Length > baseName.Length
                        ? normalized[baseName.Length..].Trim('(', ')')
                        : null;
                if (number is not null && ParseNumber(number) is { } n and >= 2 and <= MaxConsultations)
                    return ($"consultation{n}{ConsultationParts[part]}", n);
            }

        return null;
    }

    /// <summary>n of a numbered consultation field (consultation4Kind → 4); 1 for the unnumbered first's; 0 for any other field.</summary>
    public static int ConsultationNumber(string field)
        => field is ConsultationKind or ConsultationParty or ConsultationSentOn or ConsultationRepliedOn or ConsultationConsents ? 1
            : NumberedConsultation(Normalize(field)) is { } numbered && numbered.Field == field ? numbered.N : 0;

    // 4, 十二, 四 → the number; null when the text is no number.
    private static int? ParseNumber(string text)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) return n;
        const string digits = "零一二三四五六七八九";
        if (text.Length == 0 || text.Any(c => !digits.Contains(c) && c != '十')) return null;
        var ten = text.IndexOf('十');
        if (ten < 0) return text.Length == 1 ? digits.IndexOf(text[0]) : null;
        var tens = ten == 0 ? 1 : ten == 1 ? digits.IndexOf(text[0]) : -1;
        var ones = ten == text.Length - 1 ? 0 : ten == text.Length - 2 ? digits.IndexOf(text[^1]) : -1;
        return tens < 1 || ones < 0 ? null : tens * 10 + ones;
    }

    // 2 → 二, 14 → 十四, 40 → 四十.
    private static string ChineseNumber(int n)
    {
        const string digits = "零一二三四五六七八九";
        if (n < 10) return digits[n].ToString();
        var tens = n / 10 == 1 ? "十" : digits[n / 10] + "十";
        return n % 10 == 0 ? tens : tens + digits[n % 10];
    }

    [System.Text.RegularExpressions.GeneratedRegex("^consultation([0-9]+)(kind|party|senton|repliedon|consents)$")]
    private static partial System.Text.RegularExpressions.Regex KeyPattern();

    private static IEnumerable<string> NumberedConsultationColumns()
    {
        for (var n = 2; n <= Consultations; n++)
        {
            var (kind, party, sent, replied, consents) = Consultation(n);
            yield return kind;
            yield return party;
            yield return sent;
            yield return replied;
            yield return consents;
        }
    }
    public const string DecidedOn = "decidedOn";
    public const string Outcome = "outcome";
    public const string Summary = "summary";
    public const string DeliveredOn = "deliveredOn";
    public const string DeliveryMethod = "deliveryMethod";
    public const string WithdrawnOn = "withdrawnOn";
    public const string AbandonedOn = "abandonedOn";
    public const string Note = "note";

    public static readonly IReadOnlyList<string> Required = [AgencyCode, Channel, SubmittedOn, ApplicantKind, ApplicantName, Description];

    public static readonly IReadOnlyList<string> Optional =
    [
        CaseNumber, LetterMail, ReceivedOn, ConfirmedOn, ApplicantIdNumber, ApplicantPhone, ApplicantEmail, ApplicantAddress, DeliveryForm,
        SupplementRequestedOn, SupplementItems, SupplementSupplyBy, SupplementReceivedOn,
        ConsultationKind, ConsultationParty, ConsultationSentOn, ConsultationRepliedOn, ConsultationConsents,
        .. NumberedConsultationColumns(),
        ExtensionApprovedOn, ExtensionWorkingDays, ExtensionReason, ExtensionApplicantNotifiedOn, ExtensionApprover,
        DeferralApprovedOn, DeferralDueOn, DeferralReason, DeferralApprover,
        FeeMethod, FeeIssuedOn, FeePages, FeeRequestOfMonth, FeeSearchYuan, FeeCopyYuan, FeePostYuan, FeeAmountYuan,
        FeeReducedOn, FeeReducedToYuan, FeeReductionReason, FeePaidOn,
        DecidedOn, Outcome, Summary, DeliveredOn, DeliveryMethod, WithdrawnOn, AbandonedOn, Note,
    ];

    public static readonly IReadOnlyList<string> All = [.. Required, .. Optional];

    /// <summary>
    /// The Chinese header of each field as the template writes it (the first name, the desk's column label where there is one)
    /// and the other names an office's 登记台账 uses for it. Matched after <see cref="Normalize"/>; the English key also matches.
    /// </summary>
    private static Dictionary<string, string[]> BuildChineseNames()
    {
        var names = new Dictionary<string, string[]>(BaseChineseNames, StringComparer.Ordinal);
        for (var n = 2; n <= Consultations; n++)
        {
            var (kind, party, sent, replied, consents) = Consultation(n);
            foreach (var (field, first) in new[] { (kind, ConsultationKind), (party, ConsultationParty), (sent, ConsultationSentOn), (replied, ConsultationRepliedOn), (consents, ConsultationConsents) })
            {
                // 第二次征求意见类型, and 征求意见类型2 / 征求意见类型（二）as registers number them.
                var baseName = BaseChineseNames[first][0];
                names[field] = NumberedChineseNames(baseName, n);
            }
        }

        return names;
    }

    private static readonly Dictionary<string, string[]> BaseChineseNames = new(StringComparer.Ordinal)
    {
        [CaseNumber] = ["案件编号", "申请编号", "受理编号", "登记编号"],
        [AgencyCode] = ["机关", "机关代码", "受理机关代码"],
        [Channel] = ["渠道", "申请方式", "申请渠道", "申请途径", "来件方式", "提交方式"],
        [LetterMail] = ["信函类型", "信函方式", "邮件类型"],
        [SubmittedOn] = ["提交日期", "申请日期", "申请时间", "来件日期", "提出日期", "提交时间"],
        [ReceivedOn] = ["收到日期", "受理日期", "签收日期", "收件日期", "收到时间", "受理时间"],
        [ConfirmedOn] = ["确认收到日期", "确认日期"],
        [ApplicantKind] = ["申请人类型", "申请人类别", "申请人性质", "申请主体类型"],
        [ApplicantName] = ["申请人", "申请人姓名", "申请人名称", "申请人姓名/名称", "申请人姓名或名称", "姓名", "名称", "姓名/名称"],
        [ApplicantIdNumber] = ["证件号码", "身份证号", "身份证号码", "证件号", "身份证件号码", "统一社会信用代码"],
        [ApplicantPhone] = ["联系电话", "电话", "手机", "手机号码", "电话号码", "联系方式"],
        [ApplicantEmail] = ["电子邮箱", "邮箱", "电子邮件地址", "email"],
        [ApplicantAddress] = ["通讯地址", "地址", "联系地址", "邮寄地址", "通信地址"],
        [Description] = ["申请内容", "所需信息", "所需政府信息", "申请公开内容", "所需信息内容描述", "申请事项", "内容描述", "信息名称"],
        [DeliveryForm] = ["获取信息方式", "提供形式", "信息提供形式", "获取方式"],
        [SupplementRequestedOn] = ["补正通知日期", "补正日期", "告知补正日期"],
        [SupplementItems] = ["补正事项", "补正内容"],
        [SupplementSupplyBy] = ["补正期限"],
        [SupplementReceivedOn] = ["收到补正日期", "补正完成日期"],
        [ConsultationKind] = ["征求意见类型"],
        [ConsultationParty] = ["征求意见对象", "征求意见单位"],
        [ConsultationSentOn] = ["征求意见日期", "征求意见发出日期"],
        [ConsultationRepliedOn] = ["征求意见回复日期"],
        [ConsultationConsents] = ["征求意见结果", "是否同意公开", "征求意见答复"],
        [ExtensionApprovedOn] = ["延期批准日期", "延期日期"],
        [ExtensionWorkingDays] = ["延期工作日", "延期天数"],
        [ExtensionReason] = ["延期理由", "延期原因"],
        [ExtensionApplicantNotifiedOn] = ["延期告知日期"],
        [ExtensionApprover] = ["延期批准人"],
        [DeferralApprovedOn] = ["延迟答复批准日期"],
        [DeferralDueOn] = ["延迟答复期限", "延迟答复截止日期", "延迟答复日期"],
        [DeferralReason] = ["延迟答复理由", "延迟答复原因"],
        [DeferralApprover] = ["延迟答复批准人"],
        [FeeMethod] = ["收费方式", "计收方式", "收费类型"],
        [FeeIssuedOn] = ["收费通知日期", "缴费通知日期"],
        [FeePages] = ["计费页数", "收费页数"],
        [FeeRequestOfMonth] = ["当月申请序号", "本月第几件申请"],
        [FeeSearchYuan] = ["检索费", "检索费（元）"],
        [FeeCopyYuan] = ["复制费", "复制费（元）"],
        [FeePostYuan] = ["邮寄费", "邮寄费（元）"],
        [FeeAmountYuan] = ["收费金额", "应收金额", "应缴金额", "收费金额（元）"],
        [FeeReducedOn] = ["减免日期"],
        [FeeReducedToYuan] = ["减免后金额", "减免后应收金额", "减免后金额（元）"],
        [FeeReductionReason] = ["减免理由", "减免原因"],
        [FeePaidOn] = ["缴费日期", "缴纳日期", "缴费时间"],
        [DecidedOn] = ["答复日期", "办结日期", "答复时间", "决定日期"],
        [Outcome] = ["答复结果", "答复类型", "办理结果", "处理结果", "答复情况"],
        [Summary] = ["答复内容", "答复摘要", "答复意见"],
        [DeliveredOn] = ["送达日期", "送达时间"],
        [DeliveryMethod] = ["送达方式", "答复方式"],
        [WithdrawnOn] = ["撤回日期", "撤回申请日期"],
        [AbandonedOn] = ["终止日期", "视为放弃日期", "不再处理日期"],
        [Note] = ["备注", "说明", "附注"],
    };

    /// <summary>Each field's Chinese header (the first) and its synonyms, the numbered consultations' included.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ChineseNames = BuildChineseNames();

    // 第四次征求意见类型, and 征求意见类型4 / 征求意见类型（四）as registers number them.
    private static string[] NumberedChineseNames(string baseName, int n) => [$"第{ChineseNumber(n)}次{baseName}", baseName + n, $"{baseName}({ChineseNumber(n)})"];

    /// <summary>
    /// The template's header (and the desk's label) of a field: its first Chinese name; for a numbered consultation past the
    /// template's (consultation4Kind) 第四次征求意见类型; the key itself for anything else.
    /// </summary>
    public static string ChineseName(string field)
        => ChineseNames.TryGetValue(field, out var names) ? names[0]
            : ConsultationNumber(field) is var n and >= 2 && Array.IndexOf(ConsultationParts, field[$"consultation{n}".Length..]) is var part and >= 0
                ? NumberedChineseNames(BaseChineseNames[new[] { ConsultationKind, ConsultationParty, ConsultationSentOn, ConsultationRepliedOn, ConsultationConsents }[part]][0], n)[0]
                : field;

    /// <summary>The field a header names: by <see cref="ByName"/>, else a numbered consultation past the template's; null for none.</summary>
    public static string? FieldOf(string normalized) => ByName.GetValueOrDefault(normalized) ?? NumberedConsultation(normalized)?.Field;

    /// <summary>Whether <paramref name="field"/> is a field of the import: one of <see cref="All"/> or any numbered consultation's.</summary>
    public static bool IsField(string field) => All.Contains(field, StringComparer.Ordinal) || ConsultationNumber(field) >= 2;

    /// <summary>A header as it is compared: no spaces or line breaks, no required-marks (*, （必填）), half-width brackets, lower case.</summary>
    public static string Normalize(string header)
    {
        var text = header.Replace("（必填）", "", StringComparison.Ordinal).Replace("(必填)", "", StringComparison.Ordinal)
            .Replace('（', '(').Replace('）', ')').Replace('：', ':').Replace('／', '/');
        return new string(text.Where(c => !char.IsWhiteSpace(c) && c is not ('*' or '＊' or ':')).ToArray()).ToLowerInvariant();
    }

    /// <summary>Every name a column may have (the English key and the Chinese names), normalized, and its field.</summary>
    public static readonly IReadOnlyDictionary<string, string> ByName = BuildNames();

    private static Dictionary<string, string> BuildNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in All) names[Normalize(field)] = field;
        foreach (var (field, chinese) in ChineseNames)
            foreach (var name in chinese) names.TryAdd(Normalize(name), field);
        return names;
    }

    /// <summary>Whether <paramref name="header"/> is the field's own name (its key or first Chinese name), not a synonym.</summary>
    public static bool IsOwnName(string field, string header)
        => Normalize(header) == Normalize(field) || Normalize(header) == Normalize(ChineseName(field));

    /// <summary>
    /// The column an error of a replayed step is reported against, and for a field the aggregate names (an
    /// <see cref="InvalidInputException"/>'s <see cref="InvalidInputException.Field"/>) the column that holds it.
    /// </summary>
    public static string ForRefusal(PastStep step, InvalidInputException? invalid, int consultation = 0)
    {
        var (column, fields) = Steps[step];
        var found = invalid is null ? column : fields.GetValueOrDefault(invalid.Field, column);
        if (consultation < 2) return found;
        // The n-th consultation's refusal names its own numbered column.
        var (first, numbered) = (Consultation(1), Consultation(consultation));
        return found == first.SentOn ? numbered.SentOn : found == first.RepliedOn ? numbered.RepliedOn : found == first.Party ? numbered.Party : found;
    }

    private static readonly Dictionary<PastStep, (string Column, Dictionary<string, string> Fields)> Steps = new()
    {
        [PastStep.Register] = (SubmittedOn, Fields(("description", Description), ("applicant.name", ApplicantName), ("submittedOn", SubmittedOn),
            ("receivedOn", ReceivedOn), ("letterMail", LetterMail))),
        [PastStep.ConfirmReceipt] = (ConfirmedOn, Fields(("confirmedOn", ConfirmedOn))),
        [PastStep.RequestSupplement] = (SupplementRequestedOn,
            Fields(("requestedOn", SupplementRequestedOn), ("items", SupplementItems), ("supplyBy", SupplementSupplyBy))),
        [PastStep.ReceiveSupplement] = (SupplementReceivedOn, Fields(("receivedOn", SupplementReceivedOn))),
        [PastStep.SendConsultation] = (ConsultationSentOn, Fields(("sentOn", ConsultationSentOn), ("party", ConsultationParty))),
        [PastStep.ReceiveConsultationReply] = (ConsultationRepliedOn, Fields(("receivedOn", ConsultationRepliedOn))),
        [PastStep.ApproveExtension] = (ExtensionApprovedOn,
            Fields(("approvedOn", ExtensionApprovedOn), ("reason", ExtensionReason), ("applicantNotifiedOn", ExtensionApplicantNotifiedOn))),
        [PastStep.ApproveDeferral] = (DeferralApprovedOn, Fields(("approvedOn", DeferralApprovedOn), ("dueOn", DeferralDueOn), ("reason", DeferralReason))),
        [PastStep.IssueFeeNotice] = (FeeIssuedOn, Fields(("issuedOn", FeeIssuedOn), ("pages", FeePages), ("items", FeeCopyYuan),
            ("amountYuan", FeeAmountYuan), ("ordinalInMonth", FeeRequestOfMonth))),
        [PastStep.ReduceFee] = (FeeReducedToYuan, Fields(("reducedOn", FeeReducedOn), ("toYuan", FeeReducedToYuan))),
        [PastStep.PayFee] = (FeePaidOn, Fields(("paidOn", FeePaidOn))),
        [PastStep.AnswerOnTheSpot] = (DeliveryMethod, Fields(("answeredOn", DecidedOn), ("outcome", Outcome))),
        [PastStep.Decide] = (DecidedOn, Fields(("decidedOn", DecidedOn), ("outcome", Outcome))),
        [PastStep.Deliver] = (DeliveredOn, Fields(("deliveredOn", DeliveredOn))),
        [PastStep.Withdraw] = (WithdrawnOn, Fields(("withdrawnOn", WithdrawnOn))),
        [PastStep.CloseAsAbandoned] = (AbandonedOn, Fields(("closedOn", AbandonedOn), ("outcome", Outcome))),
    };

    private static Dictionary<string, string> Fields(params (string Field, string Column)[] pairs)
        => pairs.ToDictionary(p => p.Field, p => p.Column, StringComparer.Ordinal);
}
