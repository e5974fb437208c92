using System.Net;
using System.Net.Http.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Users;

/// <summary>Issue 12 / api.md "Added for the desk": the administrators' user routes, within their own agency and below.</summary>
public class ListUsersTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static Task<HttpResponseMessage> Put(HttpClient client, string url, object body)
        => client.PutAsync(url, JsonContent.Create(body, options: Http.Json));

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
}
