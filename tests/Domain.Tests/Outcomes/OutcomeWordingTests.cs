using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;

namespace CaseTracker.Domain.Tests.Outcomes;

/// <summary>
/// Issue 20 leftover: a Regime 2008 outcome is named in its own words wherever a case shows it (同意公开), while the legacy report keeps
/// its row's wording, a count (2.同意公开答复数); Regime 2019 outcomes are named by their table 三 row as before.
/// </summary>
public sealed class OutcomeWordingTests
{
    [Fact]
    public void EveryRegime2008Answer_HasItsOwnWording_NotACount_EachDistinct()
    {
        var answers = Outcome.ForRegime(Regime.Regime2008).Where(o => o.IsAnswer).ToList();
        Assert.Equal(13, answers.Count);
        Assert.All(answers, o =>
        {
            Assert.NotNull(o.Wording);
            Assert.Equal(o.Wording, o.Name);
            Assert.DoesNotContain("答复数", o.Name);
            Assert.False(char.IsDigit(o.Name[0]), o.Name);
        });
        Assert.Equal(answers.Count, answers.Select(o => o.Name).Distinct().Count());
        Assert.Equal("同意公开", Outcome.Find(Regime.Regime2008, "Disclosed").Name);
        Assert.Equal("2.同意公开答复数", Outcome.Find(Regime.Regime2008, "Disclosed").Label); // the report keeps its row
        Assert.Equal("不同意公开：涉及国家秘密", Outcome.Find(Regime.Regime2008, "Withheld.StateSecret").Name);
    }

    [Fact]
    public void Regime2019Outcomes_AreNamedByTheirRow()
        => Assert.All(Outcome.ForRegime(Regime.Regime2019), o => Assert.Equal((o.Label, (string?)null), (o.Name, o.Wording)));
}
