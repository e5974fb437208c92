using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;

namespace CaseTracker.Domain.Tests.Outcomes;

/// <summary>The six groups of table 三 the 督办 charts and the trends count closed cases by (issue 18).</summary>
public sealed class OutcomeGroupsTests
{
    [Theory]
    [InlineData(Regime.Regime2019, "Disclosed.AlreadyPublished", "disclosed")]
    [InlineData(Regime.Regime2019, "PartiallyDisclosed", "partially_disclosed")]
    [InlineData(Regime.Regime2019, "Withheld.ProcessInformation", "withheld")]
    [InlineData(Regime.Regime2019, "Unable.NotHeld.OtherAgency", "unable")]
    [InlineData(Regime.Regime2019, "NotProcessed.Repeat", "not_processed")]
    [InlineData(Regime.Regime2019, "Other.Withdrawn", "other")]
    // reports.md §2 crosswalk: Regime 2008 outcomes land in the gov2021 group of their row.
    [InlineData(Regime.Regime2008, "AlreadyPublic", "disclosed")]
    [InlineData(Regime.Regime2008, "Withheld.PersonalPrivacy", "withheld")]
    [InlineData(Regime.Regime2008, "DoesNotExist", "unable")]
    [InlineData(Regime.Regime2008, "OtherChannel", "other")]
    [InlineData(Regime.Regime2008, "Withdrawn", "other")]
    public void Of_AnOutcome_IsTheGroupOfItsTable3Row(Regime regime, string code, string group)
        => Assert.Equal(group, OutcomeGroups.Of(regime, code));

    [Fact]
    public void Of_AClosedCaseWithoutACataloguedOutcome_CountsUnderOther()
    {
        Assert.Equal(OutcomeGroups.Other, OutcomeGroups.Of(null, null));
        Assert.Equal(OutcomeGroups.Other, OutcomeGroups.Of(Regime.Regime2019, "已答复"));
        Assert.Equal(OutcomeGroups.Other, OutcomeGroups.Of(Regime.Regime2019, "AlreadyPublic")); // a 2008 code on a 2019 case
    }

    [Fact]
    public void Codes_OfTheSixGroups_CoverEveryOutcomeOnce_AndTheLabelsAreTable3s()
    {
        var all = OutcomeGroups.Keys.SelectMany(OutcomeGroups.Codes).ToList();
        Assert.Equal(Outcome.All.Count, all.Count);
        Assert.Equal(Outcome.All.Select(o => (o.Regime, o.Code)).Order(), all.Order());
        Assert.Equal(["（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"],
            OutcomeGroups.Keys.Select(OutcomeGroups.Label));
    }
}
