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

    [Fact]
    public async Task CasePage_ShowsSubmissionDate_SupplyByWhileWaiting_AndTheResultWithOutcomeDeliveryAndTimeliness()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("Letter", "2026-09-01", null, "Ordinary"))["id"]!;
        await Ok(s.Intake.Post($"/api/cases/{id}/receipt-confirmation", new { confirmedOn = "2026-09-03" }));
        await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-07", items = "请说明具体年份", supplyBy = "2026-09-25" }));
        var handler = factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler);

        var page = await handler.GetStringAsync($"/cases/{id}");
        Assert.Contains("id=\"submitted-on\">2026-09-01<", page);
        Assert.Contains("补正期限为2026-09-25", page);
        Assert.DoesNotContain("id=\"result\"", page);

        await Ok(s.Handler.Post($"/api/cases/{id}/supplement", new { receivedOn = "2026-09-14" }));
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-10-15", outcome = "Unable.NotHeld.OtherAgency" }));
        page = await handler.GetStringAsync($"/cases/{id}");
        Assert.DoesNotContain("id=\"supply-by\"", page);
        Assert.Contains("id=\"result-outcome\">1.本机关不掌握相关政府信息：非本机关政府信息（告知向有关机关申请）（《条例》第三十六条第（五）项）<", page);
        Assert.Contains("id=\"result-decided-on\">2026-10-15<", page);
        Assert.Contains("id=\"result-delivered-on\">尚未送达<", page);
        Assert.Contains("作出答复决定：1.本机关不掌握相关政府信息", page); // the timeline's decision row names the outcome

        var closed = await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-10-16", method = "Post" }));
        Assert.False((bool)closed["closedLate"]!);
        page = await handler.GetStringAsync($"/cases/{id}");
        Assert.Contains("id=\"result-delivered-on\">2026-10-16<", page);
        Assert.Contains("id=\"result-delivery-method\">邮寄<", page);
        Assert.Contains(">按期答复<", page);
    }

    [Fact]
    public async Task CasePage_OfACaseAnsweredLate_SaysSo_AndAnInPersonCaseHasNoSubmissionDate()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-10-20", outcome = "Withheld.ThirdPartyRights" }));
        var closed = await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-10-26", method = "InPerson" }));
        Assert.True((bool)closed["closedLate"]!);

        var page = await factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler).GetStringAsync($"/cases/{id}");
        Assert.Contains("id=\"result-outcome\">4.保护第三方合法权益<", page);
        Assert.Contains("id=\"result-delivery-method\">直接送达<", page);
        Assert.Contains(">逾期答复<", page);
        Assert.DoesNotContain("id=\"submitted-on\"", page);
    }

    [Fact]
    public async Task KeywordBox_FindsACaseByTheApplicantsFullIdNumber_ThroughTheKeyedHash_InTheApiAndOnTheList()
    {
        var s = await Create(factory);
        const string id = "11010519491231002X"; // GB 11643-1999's own example
        var other = "44030419900101123" + CaseTracker.Domain.Applicants.ResidentIdNumber.CheckCharacter("44030419900101123");
        var mine = await s.Register("InPerson", "2026-11-02", idNumber: id);
        var theirs = await s.Register("InPerson", "2026-11-02", applicant: "王五", idNumber: other);

        foreach (var q in new[] { id, id.ToLowerInvariant(), $" {id} " })
        {
            var found = await Ok(s.Intake.GetAsync($"/api/cases?q={Uri.EscapeDataString(q)}"));
            Assert.Equal(1, (int)found["total"]!);
            Assert.Equal((string)mine["id"]!, (string)found["items"]![0]!["id"]!);
        }

        // A part of the number is not a keyword the sealed value can match; nor does a full number find another applicant.
        Assert.Equal(0, (int)(await Ok(s.Intake.GetAsync("/api/cases?q=110105194912")))["total"]!);
        Assert.Equal(1, (int)(await Ok(s.Intake.GetAsync($"/api/cases?q={other}")))["total"]!);

        // The desk's list sends an address holding the number on to one holding its keyed hash only.
        var desk = factory.SignedIn($"intake-{s.Child}", s.Child, Roles.IntakeOfficer);
        var response = await desk.GetAsync($"/cases?q={id}");
        var location = response.Headers.Location?.ToString() ?? response.RequestMessage!.RequestUri!.ToString();
        Assert.Contains("idHash=", location);
        Assert.DoesNotContain(id, location, StringComparison.OrdinalIgnoreCase);
        var page = await desk.GetStringAsync(location);
        Assert.Contains((string)mine["caseNumber"]!, page);
        Assert.DoesNotContain((string)theirs["caseNumber"]!, page);
    }
}
