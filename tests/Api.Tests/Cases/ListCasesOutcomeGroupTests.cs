using System.Net;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>The case list's <c>outcomeGroup</c> filter (table 三's six groups; issue 18, the 督办 outcome chart's links).</summary>
public class ListCasesOutcomeGroupTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task List_ByOutcomeGroup_HoldsTheCasesOfThatGroupOnly_AndAnUnknownGroupIsRefusedInChinese()
    {
        var s = await Create(factory);
        var withheld = await s.Register("InPerson", "2026-06-01");
        await Ok(s.Handler.Post($"/api/cases/{withheld["id"]}/decision", new { decidedOn = "2026-06-05", outcome = "Withheld.ThirdPartyRights" }));
        var disclosed = await s.Register("InPerson", "2026-06-02");
        await Ok(s.Handler.Post($"/api/cases/{disclosed["id"]}/decision", new { decidedOn = "2026-06-05", outcome = "Disclosed.AlreadyPublished" }));
        await s.Register("InPerson", "2026-06-03"); // undecided, open: in no group

        var list = await Ok(s.Supervisor.GetAsync($"/api/cases?agency={s.Child}&outcomeGroup=withheld"));
        Assert.Equal([(string)withheld["id"]!], list["items"]!.AsArray().Select(c => (string)c!["id"]!));
        Assert.Equal(1, (int)(await Ok(s.Supervisor.GetAsync($"/api/cases?agency={s.Child}&outcomeGroup=disclosed")))["total"]!);
        Assert.Equal(0, (int)(await Ok(s.Supervisor.GetAsync($"/api/cases?agency={s.Child}&outcomeGroup=other")))["total"]!);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases?agency={s.Child}&outcomeGroup=secret");
        request.Headers.Add("Accept-Language", "zh-CN");
        var refused = await Refused(s.Supervisor.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Contains("办理结果分类", (string?)refused["errors"]!["outcomeGroup"]![0]);
    }
}
