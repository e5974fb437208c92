using System.Net;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests;

/// <summary>GET /api/cases/by-number/{caseNumber}: the desk's "go to case"; the case lists' channel filter and the handlers they filter by.</summary>
public class GetCaseByNumberTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task GetByNumber_WhenVisible_ReturnsTheCaseWithItsVersion()
    {
        var s = await Scenario.Create(factory);
        var registered = await s.Register();
        var number = (string)registered["caseNumber"]!;

        var response = await s.Handler.GetAsync($"/api/cases/by-number/{number}");
        var found = await Ok(Task.FromResult(response));
        Assert.Equal((string?)registered["id"], (string?)found["id"]);
        Assert.Equal($"\"{(int)found["version"]!}\"", response.Headers.ETag?.Tag);

        // Typed as a clerk might: lower case, spaces around.
        var typed = await Ok(s.Handler.GetAsync($"/api/cases/by-number/{Uri.EscapeDataString(" " + number.ToLowerInvariant() + " ")}"));
        Assert.Equal((string?)registered["id"], (string?)typed["id"]);
    }

    [Fact]
    public async Task GetByNumber_WhenUnknownOrOfAnotherAgency_Is404Problem()
    {
        var s = await Scenario.Create(factory);
        var other = await Scenario.Create(factory);
        var number = (string)(await s.Register())["caseNumber"]!;

        await Refused(s.Handler.GetAsync($"/api/cases/by-number/{s.Child}-2026-99999"), HttpStatusCode.NotFound);
        // A handler of another agency: the case does not exist for them.
        await Refused(other.Handler.GetAsync($"/api/cases/by-number/{number}"), HttpStatusCode.NotFound);
        // The supervisor of the root above sees it.
        await Ok(s.Supervisor.GetAsync($"/api/cases/by-number/{number}"));
        await Refused(s.Handler.GetAsync($"/api/cases/by-number/{new string('X', 41)}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ListCases_ByChannel_ListsOnlyThatChannel_AndRefusesAnUnknownOne()
    {
        var s = await Scenario.Create(factory);
        var fax = await s.Register(channel: "Fax", submittedOn: "2026-11-02");
        await s.Register(channel: "InPerson", submittedOn: "2026-11-02");

        var list = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&channel=Fax"));
        Assert.Equal([(string)fax["caseNumber"]!], list["items"]!.AsArray().Select(c => (string)c!["caseNumber"]!));
        var problem = await Refused(s.Handler.GetAsync($"/api/cases?agency={s.Child}&channel=Pigeon"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["channel"]);
    }

    [Fact]
    public async Task ListHandlers_ListsTheActiveCaseHandlersOfTheAgency()
    {
        var s = await Scenario.Create(factory);
        factory.As("second-handler-" + s.Child, s.Child, Roles.CaseHandler, Roles.Approver);

        var handlers = await Ok(s.Intake.GetAsync($"/api/handlers?agency={s.Child}"));
        Assert.Equal(["handler-" + s.Child, "second-handler-" + s.Child], handlers.AsArray().Select(h => (string)h!["userId"]!).Order());
        await Refused(s.Intake.GetAsync($"/api/handlers?agency={s.Root}"), HttpStatusCode.Forbidden);
    }
}
