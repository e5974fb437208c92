using System.Net;
using System.Net.Http.Json;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Reports;

public sealed class CorrectionReportFactory : CaseTrackerFactory
{
    protected override DateTimeOffset StartTime => new(2027, 1, 5, 2, 0, 0, TimeSpan.Zero);
}

/// <summary>
/// Issue 16, "done when": a decision recorded as Withheld.StateSecret instead of Disclosed is fixed with a reason (the delivery
/// voided, the decision amended, the answer delivered again); the year's report counts it right, the published report shows
/// the cells that differ under "changed since published"; after a rename the next year, the report computed again names the
/// agency as it is named now (issue 16 item 5: the name in force at generation) while the published snapshot keeps its own.
/// </summary>
public class CorrectionChangesPublishedReportTests(CorrectionReportFactory factory) : IClassFixture<CorrectionReportFactory>
{
    [Fact]
    public async Task WrongOutcome_FixedWithAReason_CountsRightAndShowsInChangedSincePublished()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-03-02"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-03-10", outcome = "Withheld.StateSecret" }));
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-03-11", method = "Post" }));
        var wrong = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2026?agency={s.Child}"));
        Assert.Equal((1, 0), ((int)wrong["table3"]!["outcome.withheld.state_secret"]!["natural_person"]!, (int)wrong["table3"]!["outcome.disclosed"]!["natural_person"]!));
        var snapshot = await Ok(s.Supervisor.Post("/api/reports/snapshots", new { year = 2026, agency = s.Child }));
        await Ok(s.Supervisor.Post($"/api/reports/snapshots/{snapshot["id"]}/publication", new { }));

        // The agency is renamed after publication (in 2027): the 2026 report computed again carries the new name (the name in
        // force at generation); the published snapshot keeps the name it was generated with.
        var rename = new HttpRequestMessage(HttpMethod.Put, $"/api/agencies/{s.Child}")
            { Content = JsonContent.Create(new { name = "测试自治州人民政府", parentCode = s.Root, active = true, reason = "机构改革更名" }) };
        Assert.Equal(HttpStatusCode.OK, (await s.Admin.SendAsync(rename)).StatusCode);

        await Ok(s.Approver.Post($"/api/cases/{id}/void-last-step", new { reason = "答复结论录错，须先撤销送达再更正" }));
        await Ok(s.Approver.Post($"/api/cases/{id}/decision-amendment", new { reason = "实为予以公开，误选了属于国家秘密", outcome = "Disclosed" }));
        var fixedCase = await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-03-11", method = "Post" }));
        Assert.Equal(("Closed", "Disclosed"), ((string?)fixedCase["status"], (string?)fixedCase["outcome"]));

        var right = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2026?agency={s.Child}"));
        Assert.Equal((0, 1), ((int)right["table3"]!["outcome.withheld.state_secret"]!["natural_person"]!, (int)right["table3"]!["outcome.disclosed"]!["natural_person"]!));
        Assert.Equal("测试自治州人民政府", (string?)right["agency"]!["name"]); // computed after the rename: the name in force now
        Assert.Equal("测试自治州人民政府", (string?)(await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2027?agency={s.Child}")))["agency"]!["name"]);

        var flagged = (await Ok(s.Supervisor.GetAsync($"/api/reports/snapshots?agency={s.Child}&year=2026"))).AsArray()
            .Single(x => (string?)x!["id"] == (string?)snapshot["id"])!;
        Assert.True((bool)flagged["changedSincePublished"]!);
        var differences = flagged["difference"]!.AsArray();
        Assert.Contains(differences, d => (string?)d!["row"] == "outcome.withheld.state_secret" && (string?)d["column"] == "natural_person"
            && (int)d["published"]! == 1 && (int)d["now"]! == 0);
        Assert.Contains(differences, d => (string?)d!["row"] == "outcome.disclosed" && (string?)d["column"] == "natural_person"
            && (int)d["published"]! == 0 && (int)d["now"]! == 1);
        var kept = await Ok(s.Supervisor.GetAsync($"/api/reports/snapshots/{snapshot["id"]}"));
        Assert.Equal(1, (int)kept["table3"]!["outcome.withheld.state_secret"]!["natural_person"]!);
        Assert.Equal("测试州人民政府", (string?)kept["agency"]!["name"]); // the name in force when it was generated

        // The history says who changed what and why.
        var history = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/history")))["items"]!.AsArray();
        var amended = history.Single(h => (string?)h!["kind"] == "DecisionAmended")!;
        Assert.Equal(("approver-" + s.Child, "实为予以公开，误选了属于国家秘密"), ((string?)amended["actor"]!["userId"], (string?)amended["details"]!["reason"]));
        Assert.Contains(history, h => (string?)h!["kind"] == "Delivered" && h["voided"] is not null);
    }
}
