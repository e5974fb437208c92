using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Outcomes;

/// <summary>The three official layouts of the annual statistics (reports.md §1).</summary>
public enum ReportFormat
{
    /// <summary><c>legacy</c>: 政府信息公开情况统计表 (国办发〔2014〕32号), report years up to 2018.</summary>
    Legacy,
    /// <summary><c>gov2019</c>: 国办公开办函〔2019〕60号, report years 2019 and 2020.</summary>
    Gov2019,
    /// <summary><c>gov2021</c>: 国办公开办函〔2021〕30号, report years from 2021.</summary>
    Gov2021,
}

public enum ReportRowKind
{
    /// <summary>Counted from the register.</summary>
    Count,
    /// <summary>The sum of its <see cref="ReportRow.Members"/>.</summary>
    Sum,
    /// <summary>Fees received, in 万元 with 4 decimals.</summary>
    TenThousandYuan,
    /// <summary>Not on the official form; printed as a note (e.g. <c>closed.late</c>).</summary>
    Note,
}

/// <summary>A row; its key is public API (JSON, CSV, XLSX) and never changes, its label is the official wording.</summary>
public sealed record ReportRow(string Key, string Label, ReportRowKind Kind, IReadOnlyList<string> Members)
{
    public bool IsGroup => Kind == ReportRowKind.Sum;
}

/// <summary>A column of a two-dimensional table; <see cref="Members"/> is non-empty for a total column.</summary>
public sealed record ReportColumn(string Key, string Label, IReadOnlyList<string> Members)
{
    public bool IsTotal => Members.Count > 0;
}

/// <summary>An identity every column of a table must satisfy: sum of <see cref="Left"/> rows = sum of <see cref="Right"/> rows.</summary>
public sealed record ReportCheck(string Rule, IReadOnlyList<string> Left, IReadOnlyList<string> Right);

/// <summary>
/// One table of a format. <see cref="Key"/> is its JSON property (<c>rows</c>, <c>table3</c>, <c>table4</c>).
/// A table without columns holds one value per row (the legacy form).
/// </summary>
public sealed record ReportTable(
    string Key,
    string Title,
    IReadOnlyList<ReportRow> Rows,
    IReadOnlyList<ReportColumn> Columns,
    IReadOnlyList<ReportCheck> Checks)
{
    public bool TryGetRow(string key, out ReportRow row)
    {
        row = Rows.FirstOrDefault(r => string.Equals(r.Key, key, StringComparison.Ordinal))!;
        return row is not null;
    }

    public ReportRow Row(string key) => TryGetRow(key, out var row)
        ? row
        : throw new InvalidInputException("row", $"Table {Key} has no row \"{key}\".");

    /// <summary>The counted rows a row adds up, expanding nested groups (outcome.total → every outcome row).</summary>
    public IReadOnlyList<string> LeafKeys(string key)
    {
        var row = Row(key);
        return row.IsGroup ? [.. row.Members.SelectMany(LeafKeys)] : [row.Key];
    }
}

public sealed record ReportDefinition(ReportFormat Format, string Id, string Source, IReadOnlyList<ReportTable> Tables)
{
    public ReportTable Table(string key) =>
        Tables.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal))
        ?? throw new InvalidInputException("table", $"The {Id} format has no table \"{key}\".");
}

public static class ReportFormats
{
    public static ReportDefinition Legacy { get; } = new(
        ReportFormat.Legacy,
        "legacy",
        "政府信息公开情况统计表（国办发〔2014〕32号）",
        [new ReportTable("rows", "政府信息公开情况统计表", [.. LegacyRows()], [], [])]);

    public static ReportDefinition Gov2019 { get; } = new(
        ReportFormat.Gov2019,
        "gov2019",
        "国办公开办函〔2019〕60号",
        [Table3(splitOther: false), Table4()]);

    public static ReportDefinition Gov2021 { get; } = new(
        ReportFormat.Gov2021,
        "gov2021",
        "国办公开办函〔2021〕30号",
        [Table3(splitOther: true), Table4()]);

    public static IReadOnlyList<ReportDefinition> All { get; } = [Legacy, Gov2019, Gov2021];

    public static ReportDefinition Definition(this ReportFormat format) => format switch
    {
        ReportFormat.Legacy => Legacy,
        ReportFormat.Gov2019 => Gov2019,
        ReportFormat.Gov2021 => Gov2021,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    public static string Id(this ReportFormat format) => format.Definition().Id;

    public static bool TryParse(string id, out ReportFormat format)
    {
        var found = All.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.Ordinal));
        format = found?.Format ?? default;
        return found is not null;
    }

    public static ReportFormat Parse(string id) => TryParse(id, out var format)
        ? format
        : throw new InvalidInputException(
            "format",
            $"\"{id}\" is not a report format. Choose one of: {string.Join(", ", All.Select(d => d.Id))}.");

    /// <summary>The format of the year's own official form; any other may still be requested for comparison.</summary>
    public static ReportFormat DefaultFor(int year) => year switch
    {
        <= 2018 => ReportFormat.Legacy,
        <= 2020 => ReportFormat.Gov2019,
        _ => ReportFormat.Gov2021,
    };

    /// <summary>
    /// Regime 2019 outcomes have no legacy row, so a legacy report of a year reaching past 2019-05-14
    /// would silently drop cases (reports.md §2).
    /// </summary>
    public static void EnsureAvailable(this ReportFormat format, int year)
    {
        if (format == ReportFormat.Legacy && year >= Regimes.Regulation2019InForce.Year)
        {
            throw new DomainRuleException(
                $"The legacy form cannot report {year}: cases received from 2019-05-15 have outcomes that have no row in it. " +
                $"Use the gov2019 or gov2021 format for {year}.");
        }
    }

    /// <summary>
    /// The row an outcome is counted in, or null for the legacy withdrawal (closed, not answered).
    /// gov2019 has no sub-rows under （六）其他处理, so every outcome.other.* lands on outcome.other.
    /// </summary>
    public static string? OutcomeRowKey(this ReportFormat format, Outcome outcome)
    {
        switch (format)
        {
            case ReportFormat.Legacy when outcome.Regime == Regime.Regime2019:
                throw new DomainRuleException(
                    $"Outcome \"{outcome.Code}\" is a Regime 2019 outcome and has no row in the legacy form.");
            case ReportFormat.Legacy:
                return outcome.RowKey;
            case ReportFormat.Gov2019:
                var key = outcome.Gov2021RowKey;
                return key.StartsWith(OtherPrefix, StringComparison.Ordinal) ? "outcome.other" : key;
            case ReportFormat.Gov2021:
                return outcome.Gov2021RowKey;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    /// <summary>The table 三 column of an applicant kind (申请人情况).</summary>
    public static string ColumnKey(this ApplicantKind kind) => kind switch
    {
        ApplicantKind.NaturalPerson => "natural_person",
        ApplicantKind.Commercial => "commercial",
        ApplicantKind.Research => "research",
        ApplicantKind.PublicInterest => "public_interest",
        ApplicantKind.LegalService => "legal_service",
        ApplicantKind.OtherOrganization => "other_org",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private const string OtherPrefix = "outcome.other.";

    private static ReportRow Count(string key, string label) => new(key, label, ReportRowKind.Count, []);

    private static ReportRow Sum(string key, string label, params string[] members) => new(key, label, ReportRowKind.Sum, [.. members]);

    private static ReportRow[] LegacyRows() =>
    [
        Sum("received.total", "（一）收到申请数", "received.in_person", "received.fax", "received.online", "received.letter"),
        Count("received.in_person", "1.当面申请数"),
        Count("received.fax", "2.传真申请数"),
        Count("received.online", "3.网络申请数"),
        Count("received.letter", "4.信函申请数"),
        Sum("closed.total", "（二）申请办结数", "closed.on_time", "closed.extended"),
        Count("closed.on_time", "1.按时办结数"),
        Count("closed.extended", "2.延期办结数"),
        Sum("answered.total", "（三）申请答复数",
            "answered.already_public", "answered.disclosed", "answered.partially_disclosed", "answered.withheld",
            "answered.not_this_agency", "answered.does_not_exist", "answered.change_or_supplement", "answered.other_channel"),
        Count("answered.already_public", "1.属于已主动公开范围数"),
        Count("answered.disclosed", "2.同意公开答复数"),
        Count("answered.partially_disclosed", "3.同意部分公开答复数"),
        Sum("answered.withheld", "4.不同意公开答复数",
            "answered.withheld.state_secret", "answered.withheld.commercial_secret", "answered.withheld.personal_privacy",
            "answered.withheld.security_stability", "answered.withheld.not_government_information", "answered.withheld.other_legal"),
        Count("answered.withheld.state_secret", "涉及国家秘密"),
        Count("answered.withheld.commercial_secret", "涉及商业秘密"),
        Count("answered.withheld.personal_privacy", "涉及个人隐私"),
        Count("answered.withheld.security_stability", "危及国家安全、公共安全、经济安全和社会稳定"),
        Count("answered.withheld.not_government_information", "不是《条例》所指政府信息"),
        Count("answered.withheld.other_legal", "法律法规规定的其他情形"),
        Count("answered.not_this_agency", "5.不属于本行政机关公开数"),
        Count("answered.does_not_exist", "6.申请信息不存在数"),
        Count("answered.change_or_supplement", "7.告知作出更改补充数"),
        Count("answered.other_channel", "8.告知通过其他途径办理数"),
        Sum("review.total", "四、行政复议数量", "review.upheld", "review.corrected", "review.other"),
        Count("review.upheld", "维持具体行政行为数"),
        Count("review.corrected", "被依法纠错数"),
        Count("review.other", "其他情形数"),
        Sum("litigation.total", "五、行政诉讼数量", "litigation.upheld", "litigation.corrected", "litigation.other"),
        Count("litigation.upheld", "维持具体行政行为或者驳回原告诉讼请求数"),
        Count("litigation.corrected", "被依法纠错数"),
        Count("litigation.other", "其他情形数"),
        Count("complaints.total", "六、举报投诉数量"),
        new("fees.total", "七、依申请公开信息收取的费用（万元）", ReportRowKind.TenThousandYuan, []),
        // Not on the official form; supervisors need it (reports.md §3).
        new("closed.late", "注：逾期办结数", ReportRowKind.Note, []),
    ];

    private static ReportTable Table3(bool splitOther)
    {
        ReportRow[] other = splitOther
        ?
        [
            Sum("outcome.other", "（六）其他处理", "outcome.other.supplement_overdue", "outcome.other.fee_unpaid", "outcome.other.other"),
            Count("outcome.other.supplement_overdue", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            Count("outcome.other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            Count("outcome.other.other", "3.其他"),
        ]
        : [Count("outcome.other", "（六）其他处理")];

        ReportRow[] rows =
        [
            Count("new_received", "一、本年新收政府信息公开申请数量"),
            Count("carried_in", "二、上年结转政府信息公开申请数量"),
            Count("outcome.disclosed", "（一）予以公开"),
            Count("outcome.partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            Sum("outcome.withheld", "（三）不予公开",
                "outcome.withheld.state_secret", "outcome.withheld.prohibited_by_law", "outcome.withheld.security_stability",
                "outcome.withheld.third_party_rights", "outcome.withheld.internal_affairs", "outcome.withheld.process_information",
                "outcome.withheld.enforcement_file", "outcome.withheld.administrative_inquiry"),
            Count("outcome.withheld.state_secret", "1.属于国家秘密"),
            Count("outcome.withheld.prohibited_by_law", "2.其他法律行政法规禁止公开"),
            Count("outcome.withheld.security_stability", "3.危及\"三安全一稳定\""),
            Count("outcome.withheld.third_party_rights", "4.保护第三方合法权益"),
            Count("outcome.withheld.internal_affairs", "5.属于三类内部事务信息"),
            Count("outcome.withheld.process_information", "6.属于四类过程性信息"),
            Count("outcome.withheld.enforcement_file", "7.属于行政执法案卷"),
            Count("outcome.withheld.administrative_inquiry", "8.属于行政查询事项"),
            Sum("outcome.unable", "（四）无法提供",
                "outcome.unable.not_held", "outcome.unable.needs_creation", "outcome.unable.still_unclear"),
            Count("outcome.unable.not_held", "1.本机关不掌握相关政府信息"),
            Count("outcome.unable.needs_creation", "2.没有现成信息需要另行制作"),
            Count("outcome.unable.still_unclear", "3.补正后申请内容仍不明确"),
            Sum("outcome.not_processed", "（五）不予处理",
                "outcome.not_processed.petition", "outcome.not_processed.repeat", "outcome.not_processed.publication",
                "outcome.not_processed.excessive", "outcome.not_processed.confirm_or_reissue"),
            Count("outcome.not_processed.petition", "1.信访举报投诉类申请"),
            Count("outcome.not_processed.repeat", "2.重复申请"),
            Count("outcome.not_processed.publication", "3.要求提供公开出版物"),
            Count("outcome.not_processed.excessive", "4.无正当理由大量反复申请"),
            Count("outcome.not_processed.confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息"),
            .. other,
            Sum("outcome.total", "（七）总计",
                "outcome.disclosed", "outcome.partially_disclosed", "outcome.withheld",
                "outcome.unable", "outcome.not_processed", "outcome.other"),
            Count("carried_out", "四、结转下年度继续办理"),
        ];

        ReportColumn[] columns =
        [
            new("natural_person", "自然人", []),
            new("commercial", "商业企业", []),
            new("research", "科研机构", []),
            new("public_interest", "社会公益组织", []),
            new("legal_service", "法律服务机构", []),
            new("other_org", "其他", []),
            new("total", "总计", ["natural_person", "commercial", "research", "public_interest", "legal_service", "other_org"]),
        ];

        ReportCheck[] checks =
        [
            new("new_received + carried_in = outcome.total + carried_out", ["new_received", "carried_in"], ["outcome.total", "carried_out"]),
        ];

        return new ReportTable("table3", "三、收到和处理政府信息公开申请情况", [.. rows], [.. columns], [.. checks]);
    }

    private static ReportTable Table4()
    {
        // The rows are counted from proceedings filed in Y; their columns carry the result.
        ReportRow[] rows =
        [
            Count("review", "行政复议"),
            Count("litigation_direct", "行政诉讼·未经复议直接起诉"),
            Count("litigation_after_review", "行政诉讼·复议后起诉"),
        ];

        ReportColumn[] columns =
        [
            new("upheld", "结果维持", []),
            new("corrected", "结果纠正", []),
            new("other", "其他结果", []),
            new("pending", "尚未审结", []),
            new("total", "总计", ["upheld", "corrected", "other", "pending"]),
        ];

        return new ReportTable("table4", "四、政府信息公开行政复议、行政诉讼情况", [.. rows], [.. columns], []);
    }
}
