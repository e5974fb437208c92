using System.Net.Http.Json;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Documents.DocumentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Documents;

/// <summary>Trial D findings on papers (文书): the agency's name a paper states is the one in force on the paper's date (finding 13).</summary>
public class TrialDAgencyNameTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static async Task<string> Html(HttpClient client, string caseId, string documentId)
    {
        var response = await client.GetAsync($"/api/cases/{caseId}/documents/{documentId}?format=html");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Paper_StatesTheAgencyNameInForceOnItsDate_BeforeARenameTheOldName_AfterItTheNew()
    {
        var s = await Create(factory);
        var id = await Registered(s, submittedOn: "2026-09-01");
        // The rename is recorded today (the test clock: 2026-11-25 in China).
        var rename = new HttpRequestMessage(HttpMethod.Put, $"/api/agencies/{s.Child}")
        {
            Content = JsonContent.Create(new { name = "测试州人民政府办公室", parentCode = s.Root, active = true, reason = "机构改革" }),
        };
        (await s.Admin.SendAsync(rename)).EnsureSuccessStatusCode();

        // A draft dated the day before the rename names the old agency.
        var draftBefore = await Ok(s.Intake.Post($"/api/cases/{id}/documents/drafts", new { kind = "Receipt", issuedOn = "2026-11-24" }));
        Assert.Contains(draftBefore["fields"]!.AsArray(), f => (string)f!["key"]! == "agency" && (string)f["value"]! == "测试州人民政府");
        // A paper dated before the rename (back-dated to the receipt date) says the name of that day, in the DOCX and on the page.
        var before = await IssueAndOpen(s.Intake, id, "Receipt", new { kind = "Receipt", issuedOn = "2026-09-01" });
        Assert.Contains("测试州人民政府", before.Text);
        Assert.DoesNotContain("测试州人民政府办公室", before.Text);
        var beforePage = await Html(s.Intake, id, before.Id);
        Assert.Contains("<span data-field=\"agency\">测试州人民政府</span>", beforePage);
        Assert.DoesNotContain("测试州人民政府办公室", beforePage);

        // Its correction dated the day of the rename says the new name.
        var after = await IssueAndOpen(s.Intake, id, "Receipt", new { kind = "Receipt", replaces = before.Id, issuedOn = "2026-11-25" });
        Assert.Contains("测试州人民政府办公室", after.Text);
        Assert.Contains("<span data-field=\"agency\">测试州人民政府办公室</span>", await Html(s.Intake, id, after.Id));
        // The first paper keeps its name after the rename: the page prints what the paper said, not today's name.
        Assert.Contains("<span data-field=\"agency\">测试州人民政府</span>", await Html(s.Intake, id, before.Id));
    }
}
