using System.Text.RegularExpressions;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Desk;

/// <summary>What the office trial of the case page found (issue 13 follow-up), rendered through the test server.</summary>
public class CasePageTrialTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task DecisionDropDown_GroupsOutcomesUnderTheTableHeadings_WithUniqueTexts_AndTheCodesAsValues()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-11-02"))["id"]!;
        var handler = factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler);
        var page = await handler.GetStringAsync($"/cases/{id}");

        var select = Regex.Match(page, "<select id=\"decision-outcome\".*?</select>", RegexOptions.Singleline).Value;
        Assert.NotEmpty(select);
        var groups = Regex.Matches(select, "<optgroup label=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["（一）予以公开", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"], groups);

        var options = Regex.Matches(select, "<option value=\"([^\"]*)\"[^>]*>([^<]*)</option>").Select(m => (Value: m.Groups[1].Value, Text: m.Groups[2].Value)).ToList();
        var expected = Outcome.ForRegime(Regime.Regime2019).Where(o => o.IsAnswer && o.Code is not ("Other.Withdrawn" or "Other.SupplementOverdue" or "Other.FeeUnpaid")).Select(o => o.Code);
        Assert.Equal(expected, options.Select(o => o.Value));
        Assert.Equal(options.Count, options.Select(o => o.Text).Distinct().Count());
        Assert.Contains(options, o => o.Value == "Unable.NotHeld.OtherAgency" && o.Text.Contains("第三十六条第（五）项", StringComparison.Ordinal));

        // 不予处理's five sit under their heading, not loose in the list.
        var notProcessed = Regex.Match(select, "<optgroup label=\"（五）不予处理\">(.*?)</optgroup>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(5, Regex.Matches(notProcessed, "<option ").Count);
        Assert.Contains("<optgroup label=\"（三）不予公开\">", Regex.Match(page, "<select id=\"on-the-spot-outcome\".*?</select>", RegexOptions.Singleline).Value);
    }
}
