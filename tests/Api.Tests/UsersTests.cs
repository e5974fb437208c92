using System.Net;
using System.Net.Http.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests;

/// <summary>Issue 12 / api.md "Added for the desk": the administrators' user routes, within their own agency and below.</summary>
public class UsersTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static Task<HttpResponseMessage> Put(HttpClient client, string url, object body)
        => client.PutAsync(url, JsonContent.Create(body, options: Http.Json));

    [Fact]
    public async Task CreateUser_WithoutPassword_Is201WithAGeneratedPasswordThatSignsIn()
    {
        var s = await Create(factory);
        var login = "clerk-" + s.Child;
        var response = await s.Admin.Post("/api/users", new { login, name = "王五", agencyCode = s.Child, roles = new[] { "IntakeOfficer" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/users/{login}", response.Headers.Location?.OriginalString);
        var body = await response.Body();
        Assert.Equal(login, (string?)body["user"]!["login"]);
        Assert.Equal(["IntakeOfficer"], body["user"]!["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal($"admin-{s.Root}", (string?)body["user"]!["createdBy"]);
        var password = (string)body["password"]!;
        Assert.Equal(16, password.Length);
        Assert.DoesNotContain("passwordHash", body.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        var signIn = await CaseTrackerFactory.SignIn(factory.Browser(), login, password);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CreateUser_WithPassword_ReturnsNoPassword()
    {
        var s = await Create(factory);
        var created = await Ok(s.Admin.Post("/api/users",
            new { login = "h-" + s.Child, name = "赵六", agencyCode = s.Child, roles = new[] { "CaseHandler" }, password = "Chosen-Password-1" }));
        Assert.Null(created["password"]);
    }

    [Fact]
    public async Task CreateUser_WithBadInput_Is400PerFieldAndNothingWritten()
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        var problem = await Refused(s.Admin.Post("/api/users", new { login = "", agencyCode = "no such!", roles = new[] { "Janitor" }, password = "short" }),
            HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("login") && errors.ContainsKey("name") && errors.ContainsKey("agencyCode") && errors.ContainsKey("roles"), errors.ToJsonString());

        var weak = await Refused(s.Admin.Post("/api/users", new { login = "weak-" + s.Child, name = "某", agencyCode = s.Child, roles = new[] { "CaseHandler" }, password = "short" }),
            HttpStatusCode.BadRequest);
        Assert.True(weak["errors"]!.AsObject().ContainsKey("password"));
        await Ok(s.Admin.Post("/api/users", new { login = "dup-" + s.Child, name = "某", agencyCode = s.Child, roles = new[] { "CaseHandler" } }));
        var duplicate = await Refused(s.Admin.Post("/api/users", new { login = "DUP-" + s.Child, name = "某", agencyCode = s.Child, roles = new[] { "CaseHandler" } }),
            HttpStatusCode.BadRequest);
        Assert.True(duplicate["errors"]!.AsObject().ContainsKey("login"));
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Administrator_ManagesOnlyTheirOwnTree()
    {
        var s = await Create(factory);
        var other = await Create(factory);
        var childAdmin = factory.As("admin-" + s.Child, s.Child, Roles.Administrator);
        // Of another tree, or of the parent agency: refused.
        await Refused(s.Admin.Post("/api/users", new { login = "x-" + other.Child, name = "某", agencyCode = other.Child, roles = new[] { "CaseHandler" } }),
            HttpStatusCode.Forbidden);
        await Refused(childAdmin.Post("/api/users", new { login = "x-" + s.Root, name = "某", agencyCode = s.Root, roles = new[] { "Administrator" } }),
            HttpStatusCode.Forbidden);
        // Another tree's user does not exist for them.
        await Refused(s.Admin.Post($"/api/users/handler-{other.Child}/password-reset", new { }), HttpStatusCode.NotFound);
        await Refused(Put(childAdmin, $"/api/users/supervisor-{s.Root}", new { agencyCode = s.Child, roles = new[] { "Supervisor" }, active = false }),
            HttpStatusCode.NotFound);
        // Nor is another agency's list theirs; their own subtree is.
        await Refused(s.Admin.GetAsync($"/api/users?agency={other.Root}"), HttpStatusCode.Forbidden);
        var tree = (await Ok(s.Admin.GetAsync($"/api/users?agency={s.Root}&subtree=true"))).AsArray().Select(u => (string)u!["login"]!).ToList();
        Assert.Contains($"handler-{s.Child}", tree);
        Assert.Contains($"supervisor-{s.Root}", tree);
        Assert.DoesNotContain($"handler-{other.Child}", tree);
        var own = (await Ok(s.Admin.GetAsync($"/api/users?agency={s.Root}"))).AsArray().Select(u => (string)u!["agencyCode"]!).Distinct();
        Assert.Equal([s.Root], own);
        // Only administrators.
        await Refused(s.Supervisor.GetAsync("/api/users"), HttpStatusCode.Forbidden);
    }

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
        Assert.Contains("审批人", await again.GetStringAsync("/")); // the workbench names the roles in Chinese
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

    [Fact]
    public async Task ResetPassword_ReturnsANewPasswordLiftsTheLockoutAndEndsSessions()
    {
        var s = await Create(factory);
        var login = "locked-" + s.Child;
        var browser = factory.SignedIn(login, s.Child, Roles.CaseHandler);
        for (var i = 0; i < 5; i++) await CaseTrackerFactory.SignIn(factory.Browser(), login, "wrong-password");
        var user = (await Ok(s.Admin.GetAsync($"/api/users?agency={s.Child}"))).AsArray().Single(u => (string)u!["login"]! == login)!;
        Assert.NotNull(user["lockedOutUntil"]);

        var reset = await Ok(s.Admin.Post($"/api/users/{login}/password-reset", new { }));
        var password = (string)reset["password"]!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/cases")).StatusCode);
        var signIn = await CaseTrackerFactory.SignIn(factory.Browser(), login, password);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Assignment_OfAUserOfAnotherAgencyOrNobody_Is400()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var before = factory.Snapshot();
        await Refused(s.Supervisor.Post($"/api/cases/{id}/assignment", new { userId = "no-such-user", name = "某" }), HttpStatusCode.BadRequest);
        await Refused(s.Supervisor.Post($"/api/cases/{id}/assignment", new { userId = $"supervisor-{s.Root}" }), HttpStatusCode.BadRequest);
        Assert.Equal(before, factory.Snapshot());
        var assigned = await Ok(s.Supervisor.Post($"/api/cases/{id}/assignment", new { userId = $"handler-{s.Child}" }));
        Assert.Equal($"handler-{s.Child}-name", (string?)assigned["assignedTo"]!["name"]);
    }
}
