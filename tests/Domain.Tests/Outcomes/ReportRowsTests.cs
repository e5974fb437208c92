using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;

namespace CaseTracker.Domain.Tests.Outcomes;

public sealed class ReportRowsTests
{
    [Theory]
    // reports.md §1: legacy up to 2018, gov2019 for 2019 and 2020, gov2021 from 2021.
    [InlineData(2008, ReportFormat.Legacy)]
    [InlineData(2018, ReportFormat.Legacy)]
    [InlineData(2019, ReportFormat.Gov2019)]
    [InlineData(2020, ReportFormat.Gov2019)]
    [InlineData(2021, ReportFormat.Gov2021)]
    [InlineData(2026, ReportFormat.Gov2021)]
    public void DefaultFor_WhenYear_IsTheYearsOwnFormat(int year, ReportFormat expected)
    {
        Assert.Equal(expected, ReportFormats.DefaultFor(year));
    }

    [Theory]
    // reports.md §1: format ids are public API.
    [InlineData("legacy", ReportFormat.Legacy)]
    [InlineData("gov2019", ReportFormat.Gov2019)]
    [InlineData("gov2021", ReportFormat.Gov2021)]
    public void Parse_WhenKnownId_ReturnsFormatAndRoundTrips(string id, ReportFormat expected)
    {
        var format = ReportFormats.Parse(id);

        Assert.Equal(expected, format);
        Assert.Equal(id, format.Id());
        Assert.Equal(format, format.Definition().Format);
    }

    [Theory]
    // reports.md §1: only the three format ids exist; matching is exact.
    [InlineData("Gov2021")]
    [InlineData("gov2022")]
    [InlineData("")]
    public void Parse_WhenUnknownId_IsRefused(string id)
    {
        var ex = Assert.Throws<InvalidInputException>(() => ReportFormats.Parse(id));

        Assert.Equal("format", ex.Field);
        Assert.Contains("legacy, gov2019, gov2021", ex.Message);
    }

    [Fact]
    public void LegacyRows_WhenListed_HoldEverySection3Key()
    {
        // reports.md §3: the legacy form's rows, plus the note row closed.late.
        string[] expected =
        [
            "received.total", "received.in_person", "received.fax", "received.online", "received.letter",
            "closed.total", "closed.on_time", "closed.extended",
            "answered.total", "answered.already_public", "answered.disclosed", "answered.partially_disclosed",
            "answered.withheld", "answered.withheld.state_secret", "answered.withheld.commercial_secret",
            "answered.withheld.personal_privacy", "answered.withheld.security_stability",
            "answered.withheld.not_government_information", "answered.withheld.other_legal",
            "answered.not_this_agency", "answered.does_not_exist", "answered.change_or_supplement", "answered.other_channel",
            "review.total", "review.upheld", "review.corrected", "review.other",
            "litigation.total", "litigation.upheld", "litigation.corrected", "litigation.other",
            "complaints.total", "fees.total", "closed.late",
        ];

        var table = Assert.Single(ReportFormats.Legacy.Tables);

        Assert.Equal("rows", table.Key);
        Assert.Equal(expected, table.Rows.Select(r => r.Key));
        Assert.Empty(table.Columns);
    }

    [Fact]
    public void LegacyWithheld_WhenGroup_SumsItsSixReasons()
    {
        // reports.md §2: answered.withheld (4.不同意公开答复数) is the sum of its six reasons.
        var row = ReportFormats.Legacy.Table("rows").Row("answered.withheld");

        Assert.True(row.IsGroup);
        Assert.Equal("4.不同意公开答复数", row.Label);
        Assert.Equal(6, row.Members.Count);
        Assert.All(row.Members, m => Assert.StartsWith("answered.withheld.", m));
    }

    [Fact]
    public void LegacyAnsweredTotal_WhenExpanded_IsEveryAnsweredOutcomeRow()
    {
        // reports.md §3: answered.total = sum of rows 1–8, row 4 being the six withheld reasons.
        var table = ReportFormats.Legacy.Table("rows");
        var answeredRows = Outcome.ForRegime(Regime.Regime2008).Where(o => o.IsAnswer).Select(o => o.RowKey!);

        Assert.Equal(8, table.Row("answered.total").Members.Count);
        Assert.Equal(answeredRows, table.LeafKeys("answered.total"));
    }

    [Theory]
    // reports.md §3: totals of the legacy form are the sums of their parts.
    [InlineData("received.total", "received.in_person,received.fax,received.online,received.letter")]
    [InlineData("closed.total", "closed.on_time,closed.extended")]
    [InlineData("review.total", "review.upheld,review.corrected,review.other")]
    [InlineData("litigation.total", "litigation.upheld,litigation.corrected,litigation.other")]
    public void LegacyGroup_WhenRead_ListsItsMembers(string key, string members)
    {
        Assert.Equal(members.Split(','), ReportFormats.Legacy.Table("rows").Row(key).Members);
    }

    [Theory]
    // reports.md §3: labels are the official wording of 国办发〔2014〕32号.
    [InlineData("received.total", "（一）收到申请数")]
    [InlineData("received.in_person", "1.当面申请数")]
    [InlineData("received.letter", "4.信函申请数")]
    [InlineData("closed.extended", "2.延期办结数")]
    [InlineData("litigation.upheld", "维持具体行政行为或者驳回原告诉讼请求数")]
    [InlineData("complaints.total", "六、举报投诉数量")]
    [InlineData("fees.total", "七、依申请公开信息收取的费用（万元）")]
    public void LegacyLabel_WhenLookedUp_IsTheOfficialWording(string key, string label)
    {
        Assert.Equal(label, ReportFormats.Legacy.Table("rows").Row(key).Label);
    }

    [Fact]
    public void LegacyKinds_WhenRead_MarkFeesAndTheNoteRow()
    {
        // reports.md §3: fees in 万元 with 4 decimals; closed.late is a note beyond the official form.
        var table = ReportFormats.Legacy.Table("rows");

        Assert.Equal(ReportRowKind.TenThousandYuan, table.Row("fees.total").Kind);
        Assert.Equal(ReportRowKind.Note, table.Row("closed.late").Kind);
        Assert.Equal(ReportRowKind.Count, table.Row("complaints.total").Kind);
    }

    [Theory]
    // reports.md §4: table 三 has seven columns, total = the six applicant kinds.
    [InlineData(ReportFormat.Gov2019)]
    [InlineData(ReportFormat.Gov2021)]
    public void Table3Columns_WhenListed_AreTheSevenApplicantColumns(ReportFormat format)
    {
        var columns = format.Definition().Table("table3").Columns;

        Assert.Equal(
            ["natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total"],
            columns.Select(c => c.Key));
        Assert.Equal(
            ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
            columns.Select(c => c.Label));
        Assert.Equal(columns.Take(6).Select(c => c.Key), columns[6].Members);
    }

    [Theory]
    // reports.md §4: applicant kind → column key.
    [InlineData(ApplicantKind.NaturalPerson, "natural_person")]
    [InlineData(ApplicantKind.Commercial, "commercial")]
    [InlineData(ApplicantKind.Research, "research")]
    [InlineData(ApplicantKind.PublicInterest, "public_interest")]
    [InlineData(ApplicantKind.LegalService, "legal_service")]
    [InlineData(ApplicantKind.OtherOrganization, "other_org")]
    public void ColumnKey_WhenApplicantKind_IsItsTable3Column(ApplicantKind kind, string column)
    {
        Assert.Equal(column, kind.ColumnKey());
    }

    [Fact]
    public void Gov2021Table3_WhenListed_HasOutcomeRowsBetweenCarriedInAndCarriedOut()
    {
        // reports.md §4: new_received, carried_in, the outcome.* rows of §2, carried_out.
        var keys = ReportFormats.Gov2021.Table("table3").Rows.Select(r => r.Key).ToList();

        Assert.Equal(["new_received", "carried_in"], keys.Take(2));
        Assert.Equal("carried_out", keys[^1]);
        Assert.Equal("outcome.total", keys[^2]);
        Assert.All(keys.Skip(2).SkipLast(1), k => Assert.StartsWith("outcome.", k));
    }

    [Theory]
    // reports.md §2: group rows are sums of their sub-rows.
    [InlineData("outcome.withheld", "（三）不予公开", 8)]
    [InlineData("outcome.unable", "（四）无法提供", 3)]
    [InlineData("outcome.not_processed", "（五）不予处理", 5)]
    [InlineData("outcome.other", "（六）其他处理", 3)]
    [InlineData("outcome.total", "（七）总计", 6)]
    public void Gov2021Group_WhenRead_HasLabelAndMembers(string key, string label, int memberCount)
    {
        var table = ReportFormats.Gov2021.Table("table3");
        var row = table.Row(key);

        Assert.True(row.IsGroup);
        Assert.Equal(label, row.Label);
        Assert.Equal(memberCount, row.Members.Count);
        Assert.All(row.Members, m => Assert.True(table.TryGetRow(m, out _)));
    }

    [Fact]
    public void Gov2021OutcomeTotal_WhenExpanded_IsEveryRegime2019OutcomeRow()
    {
        // reports.md §2: outcome.total （七）总计 sums every outcome row, each counted once.
        var table = ReportFormats.Gov2021.Table("table3");
        var outcomeRows = Outcome.ForRegime(Regime.Regime2019).Select(o => o.RowKey!).Distinct();

        Assert.Equal(outcomeRows, table.LeafKeys("outcome.total"));
        Assert.Equal(
            ["outcome.disclosed", "outcome.partially_disclosed", "outcome.withheld", "outcome.unable", "outcome.not_processed", "outcome.other"],
            table.Row("outcome.total").Members);
    }

    [Fact]
    public void Gov2019Table3_WhenOtherRow_HasNoSubRows()
    {
        // reports.md §4: gov2019 is the same table with outcome.other as a single row.
        var gov2019 = ReportFormats.Gov2019.Table("table3");
        var gov2021 = ReportFormats.Gov2021.Table("table3");

        Assert.False(gov2019.Row("outcome.other").IsGroup);
        Assert.Equal("（六）其他处理", gov2019.Row("outcome.other").Label);
        Assert.DoesNotContain(gov2019.Rows, r => r.Key.StartsWith("outcome.other.", StringComparison.Ordinal));
        Assert.Equal(
            gov2021.Rows.Where(r => !r.Key.StartsWith("outcome.other.", StringComparison.Ordinal)).Select(r => r.Key),
            gov2019.Rows.Select(r => r.Key));
    }

    [Theory]
    // reports.md §4: table 三 row labels, verbatim.
    [InlineData("new_received", "一、本年新收政府信息公开申请数量")]
    [InlineData("carried_in", "二、上年结转政府信息公开申请数量")]
    [InlineData("outcome.withheld.security_stability", "3.危及\"三安全一稳定\"")]
    [InlineData("outcome.other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")]
    [InlineData("carried_out", "四、结转下年度继续办理")]
    public void Gov2021Label_WhenLookedUp_IsTheOfficialWording(string key, string label)
    {
        Assert.Equal(label, ReportFormats.Gov2021.Table("table3").Row(key).Label);
    }

    [Fact]
    public void Table3Check_WhenRead_IsTheCarryOverBalance()
    {
        // reports.md §4: new_received + carried_in = outcome.total + carried_out, in every column.
        var check = Assert.Single(ReportFormats.Gov2021.Table("table3").Checks);

        Assert.Equal("new_received + carried_in = outcome.total + carried_out", check.Rule);
        Assert.Equal(["new_received", "carried_in"], check.Left);
        Assert.Equal(["outcome.total", "carried_out"], check.Right);
    }

    [Theory]
    // reports.md §4 table 四: three groups × upheld, corrected, other, pending, total.
    [InlineData(ReportFormat.Gov2019)]
    [InlineData(ReportFormat.Gov2021)]
    public void Table4_WhenListed_HasThreeGroupsAndFiveResults(ReportFormat format)
    {
        var table = format.Definition().Table("table4");

        Assert.Equal(["review", "litigation_direct", "litigation_after_review"], table.Rows.Select(r => r.Key));
        Assert.Equal(["行政复议", "行政诉讼·未经复议直接起诉", "行政诉讼·复议后起诉"], table.Rows.Select(r => r.Label));
        Assert.Equal(["upheld", "corrected", "other", "pending", "total"], table.Columns.Select(c => c.Key));
        Assert.Equal(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], table.Columns.Select(c => c.Label));
        Assert.Equal(["upheld", "corrected", "other", "pending"], table.Columns[4].Members);
    }

    [Fact]
    public void AllRows_WhenKeysListed_AreUniqueWithinEachTable()
    {
        // reports.md: row keys are public API and identify one row each.
        Assert.All(ReportFormats.All.SelectMany(d => d.Tables), t =>
        {
            Assert.Equal(t.Rows.Count, t.Rows.Select(r => r.Key).Distinct().Count());
            Assert.All(t.Rows.Where(r => r.IsGroup), g => Assert.All(g.Members, m => Assert.True(t.TryGetRow(m, out _))));
        });
    }

    [Theory]
    // reports.md §2: gov2019 has no sub-rows under （六）其他处理.
    [InlineData(Regime.Regime2019, "Other.FeeUnpaid", ReportFormat.Gov2019, "outcome.other")]
    [InlineData(Regime.Regime2019, "Other.FeeUnpaid", ReportFormat.Gov2021, "outcome.other.fee_unpaid")]
    [InlineData(Regime.Regime2008, "ChangeOrSupplement", ReportFormat.Gov2019, "outcome.other")]
    [InlineData(Regime.Regime2008, "Withheld.PersonalPrivacy", ReportFormat.Gov2019, "outcome.withheld.third_party_rights")]
    [InlineData(Regime.Regime2008, "DoesNotExist", ReportFormat.Legacy, "answered.does_not_exist")]
    [InlineData(Regime.Regime2008, "Withdrawn", ReportFormat.Legacy, null)]
    public void OutcomeRowKey_WhenFormat_IsTheRowItCountsIn(Regime regime, string code, ReportFormat format, string? row)
    {
        Assert.Equal(row, format.OutcomeRowKey(Outcome.Find(regime, code)));
    }

    [Fact]
    public void OutcomeRowKey_WhenRegime2019OutcomeInLegacyForm_IsRefused()
    {
        // reports.md §2: the legacy form has no crosswalk for Regime 2019 outcomes.
        var ex = Assert.Throws<DomainRuleException>(
            () => ReportFormat.Legacy.OutcomeRowKey(Outcome.Find(Regime.Regime2019, "Disclosed")));

        Assert.Contains("legacy", ex.Message);
    }

    [Theory]
    // reports.md §2: a legacy report of a year after 2019-05-14 is refused with a clear error.
    [InlineData(2019)]
    [InlineData(2024)]
    public void EnsureAvailable_WhenLegacyAfterMay2019_IsRefused(int year)
    {
        var ex = Assert.Throws<DomainRuleException>(() => ReportFormat.Legacy.EnsureAvailable(year));

        Assert.Contains(year.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
    }

    [Theory]
    // reports.md §1: any format may be requested for any year, for comparison.
    [InlineData(ReportFormat.Legacy, 2018)]
    [InlineData(ReportFormat.Gov2021, 2018)]
    [InlineData(ReportFormat.Gov2019, 2023)]
    public void EnsureAvailable_WhenComparisonFormat_IsAllowed(ReportFormat format, int year)
    {
        format.EnsureAvailable(year);
    }
}
