using System.Net;
using System.Net.Http.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

public class AssignCaseTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static Task<HttpResponseMessage> Put(HttpClient client, string url, object body)
        => client.PutAsync(url, JsonContent.Create(body, options: Http.Json));

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
