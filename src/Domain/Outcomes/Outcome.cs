using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Outcomes;

/// <summary>
/// The result a decision records (办理结果), one code from the list of the case's regime (reports.md §2).
/// <see cref="RowKey"/> is the row of the regime's own report (gov2021 table 三 for Regime 2019,
/// legacy for Regime 2008); <see cref="Label"/> is that row's official wording.
/// </summary>
public sealed record Outcome(string Code, Regime Regime, string? RowKey, string Label, string? Article)
{
    private const string OtherOtherRow = "outcome.other.other";

    /// <summary>
    /// What tells this outcome apart from another code of the same report row (e.g. 信息不存在 and 非本机关 both count in
    /// 1.本机关不掌握相关政府信息), shown after the row's label wherever a clerk picks or reads an outcome; null when the label alone is unique.
    /// </summary>
    public string? Detail { get; init; }

    /// <summary>
    /// The outcome in its own words where the report row's wording is a count (2008 legacy rows: 2.同意公开答复数 is 同意公开,
    /// 涉及国家秘密 under 4.不同意公开答复数 is 不同意公开：涉及国家秘密; 2008 Art. 21), shown wherever a case's outcome is named
    /// (desk, timeline, case file); null where <see cref="Label"/> already names the outcome (every Regime 2019 row). The report keeps <see cref="Label"/>.
    /// </summary>
    public string? Wording { get; init; }

    /// <summary>The outcome as a case names it: <see cref="Wording"/> where there is one, else the report row's <see cref="Label"/>.</summary>
    public string Name => Wording ?? Label;

    /// <summary>False only for the Regime 2008 withdrawal: the case closes without a reply (办结，未答复).</summary>
    public bool IsAnswer => RowKey is not null;

    /// <summary>The gov2021 table 三 row; a Regime 2008 case closed after 2019-05-14 goes through the crosswalk.</summary>
    public string Gov2021RowKey => (Regime == Regime.Regime2019 ? RowKey : Crosswalk2008.GetValueOrDefault(Code))
        ?? throw new InvalidOperationException($"Outcome \"{Code}\" of {Regime} is not in the catalogue of reports.md §2.");

    public static IReadOnlyList<Outcome> All { get; }

    public static Outcome SupplementOverdue { get; }

    public static Outcome FeeUnpaid { get; }

    private static readonly IReadOnlyList<Outcome> Regime2019Outcomes =
    [
        Of2019("Disclosed", "outcome.disclosed", "（一）予以公开"),
        Of2019("Disclosed.AlreadyPublished", "outcome.disclosed", "（一）予以公开", "Art. 36(1)", detail: "已主动公开（告知获取方式）"),
        Of2019("PartiallyDisclosed", "outcome.partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        Of2019("Withheld.StateSecret", "outcome.withheld.state_secret", "1.属于国家秘密"),
        Of2019("Withheld.ProhibitedByLaw", "outcome.withheld.prohibited_by_law", "2.其他法律行政法规禁止公开"),
        Of2019("Withheld.SecurityStability", "outcome.withheld.security_stability", "3.危及\"三安全一稳定\""),
        Of2019("Withheld.ThirdPartyRights", "outcome.withheld.third_party_rights", "4.保护第三方合法权益"),
        Of2019("Withheld.InternalAffairs", "outcome.withheld.internal_affairs", "5.属于三类内部事务信息"),
        Of2019("Withheld.ProcessInformation", "outcome.withheld.process_information", "6.属于四类过程性信息"),
        Of2019("Withheld.EnforcementFile", "outcome.withheld.enforcement_file", "7.属于行政执法案卷"),
        Of2019("Withheld.AdministrativeInquiry", "outcome.withheld.administrative_inquiry", "8.属于行政查询事项"),
        Of2019("Unable.NotHeld", "outcome.unable.not_held", "1.本机关不掌握相关政府信息", "Art. 36(4)", detail: "信息不存在"),
        Of2019("Unable.NotHeld.OtherAgency", "outcome.unable.not_held", "1.本机关不掌握相关政府信息", "Art. 36(5)", detail: "非本机关政府信息（告知向有关机关申请）"),
        Of2019("Unable.NeedsCreation", "outcome.unable.needs_creation", "2.没有现成信息需要另行制作", "Art. 38"),
        Of2019("Unable.StillUnclear", "outcome.unable.still_unclear", "3.补正后申请内容仍不明确", "Art. 30"),
        Of2019("NotProcessed.Petition", "outcome.not_processed.petition", "1.信访举报投诉类申请", "Art. 39"),
        Of2019("NotProcessed.Repeat", "outcome.not_processed.repeat", "2.重复申请", "Art. 36(6)"),
        Of2019("NotProcessed.Publication", "outcome.not_processed.publication", "3.要求提供公开出版物", "Art. 39 ¶2"),
        Of2019("NotProcessed.Excessive", "outcome.not_processed.excessive", "4.无正当理由大量反复申请", "Art. 35"),
        Of2019("NotProcessed.ConfirmOrReissue", "outcome.not_processed.confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息"),
        Of2019("Other.SupplementOverdue", "outcome.other.supplement_overdue", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "Art. 30"),
        Of2019("Other.FeeUnpaid", "outcome.other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        Of2019("Other.SpecialAccessLaw", OtherOtherRow, "3.其他", "Art. 36(7)", detail: "按有关法律、行政法规另行办理"),
        Of2019("Other.Withdrawn", OtherOtherRow, "3.其他", detail: "申请人撤回申请"),
        Of2019("Other.Other", OtherOtherRow, "3.其他"),
    ];

    private static readonly IReadOnlyList<Outcome> Regime2008Outcomes =
    [
        Of2008("AlreadyPublic", "answered.already_public", "1.属于已主动公开范围数", "属于已主动公开范围（告知获取方式）"),
        Of2008("Disclosed", "answered.disclosed", "2.同意公开答复数", "同意公开"),
        Of2008("PartiallyDisclosed", "answered.partially_disclosed", "3.同意部分公开答复数", "同意部分公开"),
        Of2008("Withheld.StateSecret", "answered.withheld.state_secret", "涉及国家秘密", "不同意公开：涉及国家秘密"),
        Of2008("Withheld.CommercialSecret", "answered.withheld.commercial_secret", "涉及商业秘密", "不同意公开：涉及商业秘密"),
        Of2008("Withheld.PersonalPrivacy", "answered.withheld.personal_privacy", "涉及个人隐私", "不同意公开：涉及个人隐私"),
        Of2008("Withheld.SecurityStability", "answered.withheld.security_stability", "危及国家安全、公共安全、经济安全和社会稳定", "不同意公开：危及国家安全、公共安全、经济安全和社会稳定"),
        Of2008("Withheld.NotGovernmentInformation", "answered.withheld.not_government_information", "不是《条例》所指政府信息", "不同意公开：不是《条例》所指政府信息"),
        Of2008("Withheld.OtherLegal", "answered.withheld.other_legal", "法律法规规定的其他情形", "不同意公开：法律法规规定的其他情形"),
        Of2008("NotThisAgency", "answered.not_this_agency", "5.不属于本行政机关公开数", "不属于本行政机关公开（告知有关机关）"),
        Of2008("DoesNotExist", "answered.does_not_exist", "6.申请信息不存在数", "申请信息不存在"),
        Of2008("ChangeOrSupplement", "answered.change_or_supplement", "7.告知作出更改补充数", "告知作出更改补充"),
        Of2008("OtherChannel", "answered.other_channel", "8.告知通过其他途径办理数", "告知通过其他途径办理"),
        // Withdrawal counts in closed.total but in no answered.* row.
        Of2008("Withdrawn", null, "—"),
    ];

    // Only cases received before 2019-05-15 and closed later need it (reports.md §2, Crosswalk).
    private static readonly Dictionary<string, string> Crosswalk2008 = new(StringComparer.Ordinal)
    {
        ["AlreadyPublic"] = "outcome.disclosed",
        ["Disclosed"] = "outcome.disclosed",
        ["PartiallyDisclosed"] = "outcome.partially_disclosed",
        ["Withheld.StateSecret"] = "outcome.withheld.state_secret",
        ["Withheld.CommercialSecret"] = "outcome.withheld.third_party_rights",
        ["Withheld.PersonalPrivacy"] = "outcome.withheld.third_party_rights",
        ["Withheld.SecurityStability"] = "outcome.withheld.security_stability",
        ["Withheld.OtherLegal"] = "outcome.withheld.prohibited_by_law",
        ["NotThisAgency"] = "outcome.unable.not_held",
        ["DoesNotExist"] = "outcome.unable.not_held",
        ["Withheld.NotGovernmentInformation"] = OtherOtherRow,
        ["ChangeOrSupplement"] = OtherOtherRow,
        ["OtherChannel"] = OtherOtherRow,
        ["Withdrawn"] = OtherOtherRow,
    };

    private static readonly Dictionary<string, Outcome> ByCode2019 = Regime2019Outcomes.ToDictionary(o => o.Code, StringComparer.Ordinal);
    private static readonly Dictionary<string, Outcome> ByCode2008 = Regime2008Outcomes.ToDictionary(o => o.Code, StringComparer.Ordinal);

    static Outcome()
    {
        All = [.. Regime2019Outcomes, .. Regime2008Outcomes];
        SupplementOverdue = ByCode2019["Other.SupplementOverdue"];
        FeeUnpaid = ByCode2019["Other.FeeUnpaid"];
    }

    public static IReadOnlyList<Outcome> ForRegime(Regime regime) => regime switch
    {
        Regime.Regime2019 => Regime2019Outcomes,
        Regime.Regime2008 => Regime2008Outcomes,
        _ => throw new ArgumentOutOfRangeException(nameof(regime), regime, null),
    };

    public static bool TryFind(Regime regime, string code, out Outcome outcome)
    {
        var byCode = regime == Regime.Regime2019 ? ByCode2019 : ByCode2008;
        if (code is not null && byCode.TryGetValue(code, out var found))
        {
            outcome = found;
            return true;
        }

        outcome = null!;
        return false;
    }

    public static Outcome Find(Regime regime, string code)
    {
        if (TryFind(regime, code, out var outcome))
        {
            return outcome;
        }

        var other = regime == Regime.Regime2019 ? Regime.Regime2008 : Regime.Regime2019;
        var hint = code is not null && TryFind(other, code, out _)
            ? $" \"{code}\" belongs to {Describe(other)}, not to this case's regime."
            : string.Empty;
        throw new InvalidInputException(
            "outcome",
            $"\"{code}\" is not an outcome code of {Describe(regime)}.{hint} " +
            $"Choose one of: {string.Join(", ", ForRegime(regime).Select(o => o.Code))}.");
    }

    /// <summary>The outcome a withdrawal (撤回申请) closes the case with.</summary>
    public static Outcome Withdrawal(Regime regime) => regime switch
    {
        Regime.Regime2019 => ByCode2019["Other.Withdrawn"],
        Regime.Regime2008 => ByCode2008["Withdrawn"],
        _ => throw new ArgumentOutOfRangeException(nameof(regime), regime, null),
    };

    private static string Describe(Regime regime) => regime == Regime.Regime2019
        ? "Regime 2019 (cases received on or after 2019-05-15)"
        : "Regime 2008 (cases received before 2019-05-15)";

    private static Outcome Of2019(string code, string rowKey, string label, string? article = null, string? detail = null)
        => new(code, Regime.Regime2019, rowKey, label, article) { Detail = detail };

    private static Outcome Of2008(string code, string? rowKey, string label, string? wording = null)
        => new(code, Regime.Regime2008, rowKey, label, null) { Wording = wording };
}
