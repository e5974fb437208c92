using System.Resources;
using CaseTracker.Api.Desk.Cases;
using CaseTracker.Domain.Cases;

namespace CaseTracker.Api.Tests.Desk;

/// <summary>
/// Trial finding 11: a status reads the same on the case page and in lists and the export (one name, in DeskText), and no two
/// outcomes of one drop-down read alike (非本机关 apart from 信息不存在), in either regime.
/// </summary>
public class DeskLabelsTests
{
    private static readonly ResourceManager CaseText = new("CaseTracker.Api.Desk.Cases.CaseText", typeof(OutcomeOptions).Assembly);
    private static readonly ResourceManager DeskText = new("CaseTracker.Api.Desk.DeskText", typeof(OutcomeOptions).Assembly);

    // Review of session 4: the status names lived in both CaseText and DeskText, kept equal by this test. They now live in
    // DeskText only; the case page reads them through CaseLabels.Of, which falls back to DeskText.
    [Fact]
    public void EveryCaseStatus_IsNamedInDeskTextOnly_AndTheCasePageReadsThatName()
    {
        var localizers = new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var casePage = new Microsoft.Extensions.Localization.StringLocalizer<CaseText>(localizers);
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            Assert.Null(CaseText.GetString($"CaseStatus_{status}")); // one place
            var name = DeskText.GetString($"CaseStatus_{status}");
            Assert.False(string.IsNullOrEmpty(name), $"{status} has no name");
            Assert.Equal(name, casePage.Of(status));
        }

        Assert.Equal("已决定待送达", casePage.Of(CaseStatus.Decided));
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
