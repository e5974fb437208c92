using System.Net;
using System.Net.Http.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Agencies;

/// <summary>Issue 16 item 5: agencies renamed with history, moved (Administrator of both), deactivated (no new cases); case numbers stay.</summary>
public class UpdateAgencyTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static Task<HttpResponseMessage> Put(HttpClient client, string url, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Rename_KeepsHistory_NewReportsShowTheNewNameAndCaseNumbersStay()
    {
        var s = await Create(factory);
        var c = await s.Register("InPerson", "2026-06-01");
        var before = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2026?agency={s.Child}"));
        Assert.Equal("测试州人民政府", (string?)before["agency"]!["name"]);

        var renamed = await Ok(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试自治州人民政府", parentCode = s.Root, active = true }, "\"1\""));
        Assert.Equal(("测试自治州人民政府", 2), ((string?)renamed["name"], (int)renamed["version"]!));
        await Refused(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "又一个名字", parentCode = s.Root }, "\"1\""), HttpStatusCode.Conflict);

        var after = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2026?agency={s.Child}"));
        Assert.Equal("测试自治州人民政府", (string?)after["agency"]!["name"]);
        var history = (await Ok(s.Supervisor.GetAsync($"/api/agencies/{s.Child}/history"))).AsArray();
        var change = Assert.Single(history)!;
        Assert.Equal(("测试州人民政府", "测试自治州人民政府", "admin-" + s.Root),
            ((string?)change["nameBefore"], (string?)change["nameAfter"], (string?)change["changedById"]));
        var same = await Ok(s.Handler.GetAsync($"/api/cases/{c["id"]}"));
        Assert.Equal((string?)c["caseNumber"], (string?)same["caseNumber"]);
    }

    [Fact]
    public async Task Move_NeedsAnAdministratorOfBoth_AndNeverUnderItself()
    {
        var s = await Create(factory);
        (await s.Admin.Post("/api/agencies", new { code = s.Child + "X", name = "另一机关", parentCode = s.Root })).EnsureSuccessStatusCode();
        (await s.Admin.Post("/api/agencies", new { code = s.Child + "Y", name = "下级机关", parentCode = s.Child })).EnsureSuccessStatusCode();
        var moved = await Ok(Put(s.Admin, $"/api/agencies/{s.Child}Y", new { name = "下级机关", parentCode = s.Child + "X" }));
        Assert.Equal(s.Child + "X", (string?)moved["parentCode"]);
        await Refused(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试州人民政府", parentCode = s.Child }), HttpStatusCode.BadRequest);
        await Refused(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试州人民政府", parentCode = "NOSUCH" }), HttpStatusCode.BadRequest);

        // An administrator of the child only cannot move its subordinate under an agency outside its tree.
        var childAdmin = factory.As("admin-" + s.Child, s.Child, Roles.Administrator);
        (await childAdmin.Post("/api/agencies", new { code = s.Child + "Z", name = "再下级", parentCode = s.Child })).EnsureSuccessStatusCode();
        await Refused(Put(childAdmin, $"/api/agencies/{s.Child}Z", new { name = "再下级", parentCode = s.Child + "X" }), HttpStatusCode.Forbidden);
        await Refused(Put(s.Handler, $"/api/agencies/{s.Child}Z", new { name = "再下级", parentCode = s.Child }), HttpStatusCode.Forbidden);
        await Refused(Put(s.Admin, "/api/agencies/NOSUCH", new { name = "x", parentCode = s.Root }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deactivate_TakesNoNewCase_ExistingCasesGoOn()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-06-01"))["id"]!;
        await Ok(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试州人民政府", parentCode = s.Root, active = false }));
        var refused = await Refused(s.Intake.Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-06-02",
            applicant = new { kind = "NaturalPerson", name = "王五" }, description = "某项预算",
        }), HttpStatusCode.Conflict);
        Assert.Contains("deactivated", (string?)refused["detail"]);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-06-05", outcome = "Disclosed" }));

        await Ok(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试州人民政府", parentCode = s.Root, active = true }));
        await s.Register("InPerson", "2026-06-02");
    }
}
