using System.Net;
using System.Net.Http.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Users;

public class CreateUserTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
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
        // The user a duplicate login collides with exists before the snapshot, which counts every table, users too.
        await Ok(s.Admin.Post("/api/users", new { login = "dup-" + s.Child, name = "某", agencyCode = s.Child, roles = new[] { "CaseHandler" } }));
        var before = factory.Snapshot();
        var problem = await Refused(s.Admin.Post("/api/users", new { login = "", agencyCode = "no such!", roles = new[] { "Janitor" }, password = "short" }),
            HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("login") && errors.ContainsKey("name") && errors.ContainsKey("agencyCode") && errors.ContainsKey("roles"), errors.ToJsonString());

        var weak = await Refused(s.Admin.Post("/api/users", new { login = "weak-" + s.Child, name = "某", agencyCode = s.Child, roles = new[] { "CaseHandler" }, password = "short" }),
            HttpStatusCode.BadRequest);
        Assert.True(weak["errors"]!.AsObject().ContainsKey("password"));
        var duplicate = await Refused(s.Admin.Post("/api/users", new { login = "DUP-" + s.Child, name = "某", agencyCode = s.Child, roles = new[] { "CaseHandler" } }),
            HttpStatusCode.BadRequest);
        Assert.True(duplicate["errors"]!.AsObject().ContainsKey("login"));
        Assert.Equal(before, factory.Snapshot());
    }
}
