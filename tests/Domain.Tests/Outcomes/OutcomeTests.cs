using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;

namespace CaseTracker.Domain.Tests.Outcomes;

public sealed class OutcomeTests
{
    [Theory]
    // reports.md §2: Regime 2019 codes → gov2021 table 三 rows.
    [InlineData("Disclosed", "outcome.disclosed")]
    [InlineData("Disclosed.AlreadyPublished", "outcome.disclosed")]
    [InlineData("PartiallyDisclosed", "outcome.partially_disclosed")]
    [InlineData("Withheld.StateSecret", "outcome.withheld.state_secret")]
    [InlineData("Withheld.ProhibitedByLaw", "outcome.withheld.prohibited_by_law")]
    [InlineData("Withheld.SecurityStability", "outcome.withheld.security_stability")]
    [InlineData("Withheld.ThirdPartyRights", "outcome.withheld.third_party_rights")]
    [InlineData("Withheld.InternalAffairs", "outcome.withheld.internal_affairs")]
    [InlineData("Withheld.ProcessInformation", "outcome.withheld.process_information")]
    [InlineData("Withheld.EnforcementFile", "outcome.withheld.enforcement_file")]
    [InlineData("Withheld.AdministrativeInquiry", "outcome.withheld.administrative_inquiry")]
    [InlineData("Unable.NotHeld", "outcome.unable.not_held")]
    [InlineData("Unable.NotHeld.OtherAgency", "outcome.unable.not_held")]
    [InlineData("Unable.NeedsCreation", "outcome.unable.needs_creation")]
    [InlineData("Unable.StillUnclear", "outcome.unable.still_unclear")]
    [InlineData("NotProcessed.Petition", "outcome.not_processed.petition")]
    [InlineData("NotProcessed.Repeat", "outcome.not_processed.repeat")]
    [InlineData("NotProcessed.Publication", "outcome.not_processed.publication")]
    [InlineData("NotProcessed.Excessive", "outcome.not_processed.excessive")]
    [InlineData("NotProcessed.ConfirmOrReissue", "outcome.not_processed.confirm_or_reissue")]
    [InlineData("Other.SupplementOverdue", "outcome.other.supplement_overdue")]
    [InlineData("Other.FeeUnpaid", "outcome.other.fee_unpaid")]
    [InlineData("Other.SpecialAccessLaw", "outcome.other.other")]
    [InlineData("Other.Withdrawn", "outcome.other.other")]
    [InlineData("Other.Other", "outcome.other.other")]
    public void Find_WhenRegime2019Code_MapsToItsGov2021Row(string code, string rowKey)
    {
        var outcome = Outcome.Find(Regime.Regime2019, code);

        Assert.Equal(code, outcome.Code);
        Assert.Equal(Regime.Regime2019, outcome.Regime);
        Assert.Equal(rowKey, outcome.RowKey);
        Assert.Equal(rowKey, outcome.Gov2021RowKey);
        Assert.True(outcome.IsAnswer);
    }

    [Theory]
    // reports.md §2: Regime 2008 codes → legacy rows, and the crosswalk into gov2019/gov2021.
    [InlineData("AlreadyPublic", "answered.already_public", "outcome.disclosed")]
    [InlineData("Disclosed", "answered.disclosed", "outcome.disclosed")]
    [InlineData("PartiallyDisclosed", "answered.partially_disclosed", "outcome.partially_disclosed")]
    [InlineData("Withheld.StateSecret", "answered.withheld.state_secret", "outcome.withheld.state_secret")]
    [InlineData("Withheld.CommercialSecret", "answered.withheld.commercial_secret", "outcome.withheld.third_party_rights")]
    [InlineData("Withheld.PersonalPrivacy", "answered.withheld.personal_privacy", "outcome.withheld.third_party_rights")]
    [InlineData("Withheld.SecurityStability", "answered.withheld.security_stability", "outcome.withheld.security_stability")]
    [InlineData("Withheld.NotGovernmentInformation", "answered.withheld.not_government_information", "outcome.other.other")]
    [InlineData("Withheld.OtherLegal", "answered.withheld.other_legal", "outcome.withheld.prohibited_by_law")]
    [InlineData("NotThisAgency", "answered.not_this_agency", "outcome.unable.not_held")]
    [InlineData("DoesNotExist", "answered.does_not_exist", "outcome.unable.not_held")]
    [InlineData("ChangeOrSupplement", "answered.change_or_supplement", "outcome.other.other")]
    [InlineData("OtherChannel", "answered.other_channel", "outcome.other.other")]
    public void Find_WhenRegime2008Code_MapsToLegacyRowAndCrosswalk(string code, string legacyRow, string gov2021Row)
    {
        var outcome = Outcome.Find(Regime.Regime2008, code);

        Assert.Equal(Regime.Regime2008, outcome.Regime);
        Assert.Equal(legacyRow, outcome.RowKey);
        Assert.Equal(gov2021Row, outcome.Gov2021RowKey);
        Assert.True(outcome.IsAnswer);
    }

    [Fact]
    public void Find_WhenRegime2008Withdrawn_HasNoLegacyRowAndIsNotAnAnswer()
    {
        // reports.md §2: Withdrawn is "closed, not answered"; the crosswalk sends it to outcome.other.other.
        var outcome = Outcome.Find(Regime.Regime2008, "Withdrawn");

        Assert.Null(outcome.RowKey);
        Assert.False(outcome.IsAnswer);
        Assert.Equal("outcome.other.other", outcome.Gov2021RowKey);
    }

    [Fact]
    public void All_WhenListed_HoldsExactlyTheCodesOfReportsSection2()
    {
        // reports.md §2: 25 Regime 2019 codes and 14 Regime 2008 codes, unique within each regime.
        Assert.Equal(25, Outcome.ForRegime(Regime.Regime2019).Count);
        Assert.Equal(14, Outcome.ForRegime(Regime.Regime2008).Count);
        Assert.Equal(39, Outcome.All.Count);
        Assert.Equal(39, Outcome.All.Select(o => (o.Regime, o.Code)).Distinct().Count());
        Assert.All(Outcome.All, o => Assert.Contains(o, Outcome.ForRegime(o.Regime)));
    }

    [Fact]
    public void IsAnswer_WhenAnyOutcomeOtherThanLegacyWithdrawal_IsTrue()
    {
        // reports.md §2: only the Regime 2008 withdrawal closes a case without a reply.
        var notAnswers = Outcome.All.Where(o => !o.IsAnswer).ToList();

        var single = Assert.Single(notAnswers);
        Assert.Equal(Outcome.Withdrawal(Regime.Regime2008), single);
    }

    [Theory]
    // reports.md §2: unknown codes are refused; matching is exact (ordinal, case-sensitive).
    [InlineData(Regime.Regime2019, "Granted")]
    [InlineData(Regime.Regime2019, "disclosed")]
    [InlineData(Regime.Regime2019, " Disclosed")]
    [InlineData(Regime.Regime2019, "")]
    [InlineData(Regime.Regime2008, "Withheld")]
    public void Find_WhenCodeUnknown_IsRefused(Regime regime, string code)
    {
        var ex = Assert.Throws<InvalidInputException>(() => Outcome.Find(regime, code));

        Assert.Equal("outcome", ex.Field);
        Assert.Contains("is not an outcome code of Regime", ex.Message);
        Assert.False(Outcome.TryFind(regime, code, out _));
    }

    [Theory]
    // reports.md §2: a decision records one code from its case's regime.
    [InlineData("AlreadyPublic")]
    [InlineData("Withheld.CommercialSecret")]
    [InlineData("NotThisAgency")]
    [InlineData("Withdrawn")]
    public void Find_WhenRegime2008CodeForRegime2019Case_IsRefused(string code)
    {
        var ex = Assert.Throws<InvalidInputException>(() => Outcome.Find(Regime.Regime2019, code));

        Assert.Equal("outcome", ex.Field);
        Assert.Contains("Regime 2008", ex.Message);
    }

    [Theory]
    // reports.md §2: a decision records one code from its case's regime.
    [InlineData("Disclosed.AlreadyPublished")]
    [InlineData("Withheld.ThirdPartyRights")]
    [InlineData("Unable.NotHeld")]
    [InlineData("Other.SupplementOverdue")]
    [InlineData("Other.Withdrawn")]
    public void Find_WhenRegime2019CodeForRegime2008Case_IsRefused(string code)
    {
        var ex = Assert.Throws<InvalidInputException>(() => Outcome.Find(Regime.Regime2008, code));

        Assert.Equal("outcome", ex.Field);
        Assert.Contains("Regime 2019", ex.Message);
    }

    [Fact]
    public void Find_WhenCodeSharedByBothRegimes_ReturnsEachRegimesOwnRow()
    {
        // reports.md §2: Disclosed exists in both lists with different rows.
        Assert.Equal("outcome.disclosed", Outcome.Find(Regime.Regime2019, "Disclosed").RowKey);
        Assert.Equal("answered.disclosed", Outcome.Find(Regime.Regime2008, "Disclosed").RowKey);
    }

    [Theory]
    // reports.md §2: labels are the official wording, verbatim.
    [InlineData(Regime.Regime2019, "PartiallyDisclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")]
    [InlineData(Regime.Regime2019, "Withheld.SecurityStability", "3.危及\"三安全一稳定\"")]
    [InlineData(Regime.Regime2019, "Other.FeeUnpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")]
    [InlineData(Regime.Regime2019, "Other.SpecialAccessLaw", "3.其他")]
    [InlineData(Regime.Regime2008, "AlreadyPublic", "1.属于已主动公开范围数")]
    [InlineData(Regime.Regime2008, "Withheld.NotGovernmentInformation", "不是《条例》所指政府信息")]
    [InlineData(Regime.Regime2008, "OtherChannel", "8.告知通过其他途径办理数")]
    public void Label_WhenLookedUp_IsTheOfficialWording(Regime regime, string code, string label)
    {
        Assert.Equal(label, Outcome.Find(regime, code).Label);
    }

    [Theory]
    // reports.md §2: articles of the Regulation as given beside the codes.
    [InlineData("Disclosed.AlreadyPublished", "Art. 36(1)")]
    [InlineData("Unable.NotHeld.OtherAgency", "Art. 36(5)")]
    [InlineData("NotProcessed.Publication", "Art. 39 ¶2")]
    [InlineData("Other.SpecialAccessLaw", "Art. 36(7)")]
    public void Article_WhenGivenInSpec_IsRecorded(string code, string article)
    {
        Assert.Equal(article, Outcome.Find(Regime.Regime2019, code).Article);
    }

    [Fact]
    public void Withdrawal_WhenRegime2019_IsOtherWithdrawn()
    {
        // reports.md §2: Other.Withdrawn counts in （六）其他处理 3.其他.
        var outcome = Outcome.Withdrawal(Regime.Regime2019);

        Assert.Equal("Other.Withdrawn", outcome.Code);
        Assert.Equal("outcome.other.other", outcome.RowKey);
    }

    [Fact]
    public void Withdrawal_WhenRegime2008_IsWithdrawn()
    {
        // reports.md §2: legacy Withdrawn, closed, not answered.
        var outcome = Outcome.Withdrawal(Regime.Regime2008);

        Assert.Equal("Withdrawn", outcome.Code);
        Assert.Equal(Regime.Regime2008, outcome.Regime);
    }

    [Fact]
    public void SupplementOverdue_WhenRead_IsTheRegime2019Code()
    {
        // law.md §4 补正 (Art. 30): an unsupplied request closes with Other.SupplementOverdue.
        Assert.Equal(Outcome.Find(Regime.Regime2019, "Other.SupplementOverdue"), Outcome.SupplementOverdue);
        Assert.Equal("outcome.other.supplement_overdue", Outcome.SupplementOverdue.RowKey);
    }

    [Fact]
    public void FeeUnpaid_WhenRead_IsTheRegime2019Code()
    {
        // law.md §4 Fee (国办函〔2020〕109号): unpaid after the limit closes with Other.FeeUnpaid.
        Assert.Equal(Outcome.Find(Regime.Regime2019, "Other.FeeUnpaid"), Outcome.FeeUnpaid);
        Assert.Equal("outcome.other.fee_unpaid", Outcome.FeeUnpaid.RowKey);
    }

    [Fact]
    public void RowKey_WhenAnyOutcome_IsARowOfItsRegimesFormat()
    {
        // reports.md §2–4: Regime 2019 rows live in gov2021 table 三, Regime 2008 rows in the legacy form.
        var gov2021 = ReportFormats.Gov2021.Table("table3");
        var legacy = ReportFormats.Legacy.Table("rows");

        Assert.All(Outcome.All, o =>
        {
            Assert.True(gov2021.TryGetRow(o.Gov2021RowKey, out var row));
            Assert.False(row.IsGroup);
            if (o.Regime == Regime.Regime2019)
            {
                Assert.Equal(row.Label, o.Label);
            }
            else if (o.RowKey is not null)
            {
                Assert.True(legacy.TryGetRow(o.RowKey, out var legacyRow));
                Assert.Equal(legacyRow.Label, o.Label);
            }
        });
    }
}
