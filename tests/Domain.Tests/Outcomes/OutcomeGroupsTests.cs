using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;

namespace CaseTracker.Domain.Tests.Outcomes;

/// <summary>The six groups of table 三 the 督办 charts and the trends count closed cases by (issue 18).</summary>
public sealed class OutcomeGroupsTests
{
    [Fact]
    public void Of_AClosedCaseWithoutACataloguedOutcome_CountsUnderOther()
    {
        Assert.Equal(OutcomeGroups.Other, OutcomeGroups.Of(null, null));
        Assert.Equal(OutcomeGroups.Other, OutcomeGroups.Of(Regime.Regime2019, "已答复"));
        Assert.Equal(OutcomeGroups.Other, OutcomeGroups.Of(Regime.Regime2019, "AlreadyPublic")); // a 2008 code on a 2019 case
    }

    // One walk of the outcome catalogue (OutcomeTests walks each code to its row): every outcome falls in exactly one group,
    // the group whose table 三 row holds the outcome's gov2021 row (a Regime 2008 outcome through the crosswalk), and the
    // groups' codes together are the catalogue, each once.
    [Fact]
    public void EveryOutcome_FallsInTheGroupOfItsTable3Row_AndTheGroupsCodesAreTheCatalogueOnce()
    {
        var codes = OutcomeGroups.Keys.ToDictionary(g => g, g => OutcomeGroups.Codes(g).ToHashSet());
        foreach (var outcome in Outcome.All)
        {
            var group = OutcomeGroups.Of(outcome.Regime, outcome.Code);
            Assert.True(outcome.Gov2021RowKey == "outcome." + group || outcome.Gov2021RowKey.StartsWith("outcome." + group + ".", StringComparison.Ordinal),
                $"{outcome.Regime} {outcome.Code} ({outcome.Gov2021RowKey}) is not under {group}");
            Assert.Equal([group], codes.Where(c => c.Value.Contains((outcome.Regime, outcome.Code))).Select(c => c.Key));
        }

        Assert.Equal(Outcome.All.Count, codes.Values.Sum(c => c.Count));
        Assert.Equal(["（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"],
            OutcomeGroups.Keys.Select(OutcomeGroups.Label));
    }
}
