using System.Net;
using System.Net.Http.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Users;

public class UpdateUserTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static Task<HttpResponseMessage> Put(HttpClient client, string url, object body)
        => client.PutAsync(url, JsonContent.Create(body, options: Http.Json));

    [Fact]
    public async Task UpdateUser_ChangingRoles_EndsTheirTokenAndCookie()
    {
        var s = await Create(factory);
        var login = "moving-" + s.Child;
        var token = factory.As(login, s.Child, Roles.CaseHandler);
        var browser = factory.SignedIn(login, s.Child, Roles.CaseHandler);
        await Ok(token.GetAsync("/api/cases"));
        await Ok(browser.GetAsync("/api/cases"));

        var updated = await Ok(Put(s.Admin, $"/api/users/{login}", new { agencyCode = s.Child, roles = new[] { "CaseHandler", "Approver" }, active = true }));
        Assert.Equal(["CaseHandler", "Approver"], updated["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/cases")).StatusCode);
        // A new sign-in carries the new roles.
        var again = factory.Browser();
        await CaseTrackerFactory.SignIn(again, login, CaseTrackerFactory.Password);
        Assert.Contains("待我审批", await again.GetStringAsync("/")); // the approver's section of the workbench
    }

    [Fact]
    public async Task UpdateUser_Disabling_RefusesTheirCookieAtTheNextRequestAndTheirSignIn()
    {
        var s = await Create(factory);
        var login = "leaver-" + s.Child;
        var browser = factory.SignedIn(login, s.Child, Roles.IntakeOfficer);
        await Ok(browser.GetAsync("/api/cases"));
        await Ok(Put(s.Admin, $"/api/users/{login}", new { agencyCode = s.Child, roles = new[] { "IntakeOfficer" }, active = false }));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/cases")).StatusCode);
        Assert.DoesNotContain(login, await browser.GetStringAsync("/"));
        var signIn = await CaseTrackerFactory.SignIn(factory.Browser(), login, CaseTrackerFactory.Password);
        Assert.StartsWith("/?error=", signIn.Headers.Location?.OriginalString);
        // Nor may they be assigned a case.
        var id = (string)(await s.Register())["id"]!;
        var problem = await Refused(s.Supervisor.Post($"/api/cases/{id}/assignment", new { userId = login }), HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("userId"));
    }

    [Fact]
    public async Task UpdateUser_DisablingThemselves_Is409()
    {
        var s = await Create(factory);
        await Refused(Put(s.Admin, $"/api/users/admin-{s.Root}", new { agencyCode = s.Root, roles = new[] { "Administrator" }, active = false }),
            HttpStatusCode.Conflict);
        await Refused(Put(s.Admin, $"/api/users/admin-{s.Root}", new { agencyCode = s.Root, roles = new[] { "Supervisor" }, active = true }),
            HttpStatusCode.Conflict);
    }
}
