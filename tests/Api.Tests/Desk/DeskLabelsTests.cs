using System.Resources;
using CaseTracker.Api.Desk.Cases;
using CaseTracker.Domain.Cases;

namespace CaseTracker.Api.Tests.Desk;

/// <summary>
/// Trial finding 11: a status reads the same on the case page (CaseText) and in lists and the export (DeskText), and no two
/// outcomes of one drop-down read alike (非本机关 apart from 信息不存在), in either regime.
/// </summary>
public class DeskLabelsTests
{
    private static readonly ResourceManager CaseText = new("CaseTracker.Api.Desk.Cases.CaseText", typeof(OutcomeOptions).Assembly);
    private static readonly ResourceManager DeskText = new("CaseTracker.Api.Desk.DeskText", typeof(OutcomeOptions).Assembly);

    [Fact]
    public void EveryCaseStatus_HasOneChineseName_OnTheCasePageAndInTheExport()
    {
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            var onCasePage = CaseText.GetString($"CaseStatus_{status}", new System.Globalization.CultureInfo("zh-CN"));
            var inExport = DeskText.GetString($"CaseStatus_{status}", new System.Globalization.CultureInfo("zh-CN"));
            Assert.False(string.IsNullOrEmpty(inExport), $"{status} has no name");
            Assert.Equal(inExport, onCasePage);
        }

        Assert.Equal("已决定待送达", DeskText.GetString("CaseStatus_Decided"));
    }

    [Theory]
    [InlineData(Regime.Regime2019)]
    [InlineData(Regime.Regime2008)]
    public void OutcomeDropDown_NoTwoOptionsReadAlike_EvenWithoutTheirArticles(Regime regime)
    {
        var options = OutcomeOptions.For(regime);
        Assert.NotEmpty(options);
        // Without the article in brackets at the end, and without a code appended, every option is still its own.
        var bare = options.Select(o => System.Text.RegularExpressions.Regex.Replace(o.Text, "（《条例》[^）]*）$|（[A-Za-z.]+）$", "")).ToList();
        Assert.Equal(bare.Count, bare.Distinct().Count());
        if (regime == Regime.Regime2019)
        {
            Assert.Contains("非本机关政府信息（告知向有关机关申请）", options.Single(o => o.Value == "Unable.NotHeld.OtherAgency").Text);
            Assert.Contains("信息不存在", options.Single(o => o.Value == "Unable.NotHeld").Text);
        }
    }
}
