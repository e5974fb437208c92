using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Proceedings;

/// <summary>law.md §6 (review and litigation, Art. 51), today being 2026-11-25.</summary>
public class ConcludeProceedingTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static async Task<(Scenario S, string CaseId)> WithCase(CaseTrackerFactory factory)
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        return (s, id);
    }

    [Fact]
    public async Task Review_FiledThenConcludedUpheld_ThenConcludingAgainIs409()
    {
        // Art. 51: a review concerns a case, has a filed date, then a result and a concluded date.
        var (s, caseId) = await WithCase(factory);
        var created = await s.Handler.Post("/api/proceedings", new { caseId, agencyCode = s.Child, kind = "Review", filedOn = "2026-10-10" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var proceeding = await created.Body();
        var id = (string)proceeding["id"]!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal($"/api/proceedings/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(caseId, (string?)proceeding["caseId"]);
        Assert.Equal("Review", (string?)proceeding["kind"]);
        Assert.Null(proceeding["result"]);

        var concluded = await Ok(s.Handler.Post($"/api/proceedings/{id}/conclusion", new { concludedOn = "2026-11-20", result = "Upheld" }));
        Assert.Equal("Upheld", (string?)concluded["result"]);
        Assert.Equal("2026-11-20", (string?)concluded["concludedOn"]);
        Assert.Equal("2026-10-10", (string?)concluded["filedOn"]);

        var before = factory.Snapshot();
        var again = await Refused(s.Handler.Post($"/api/proceedings/{id}/conclusion", new { concludedOn = "2026-11-24", result = "Corrected" }),
            HttpStatusCode.Conflict);
        Assert.Contains("already concluded", (string)again["detail"]!);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Conclusion_BeforeFilingDate_Is400AndChangesNothing()
    {
        var (s, caseId) = await WithCase(factory);
        var id = (string)(await Ok(s.Handler.Post("/api/proceedings", new { caseId, agencyCode = s.Child, kind = "Review", filedOn = "2026-10-10" })))["id"]!;
        var before = factory.Snapshot();
        var problem = await Refused(s.Handler.Post($"/api/proceedings/{id}/conclusion", new { concludedOn = "2026-10-09", result = "Upheld" }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["concludedOn"]);
        Assert.Equal(before, factory.Snapshot());
        // Still open: a proper conclusion is accepted.
        await Ok(s.Handler.Post($"/api/proceedings/{id}/conclusion", new { concludedOn = "2026-10-10", result = "Corrected" }));
    }

    [Fact]
    public async Task Concluding_AnotherAgencysProceeding_Is404()
    {
        var (s, caseId) = await WithCase(factory);
        var other = await Create(factory);
        var id = (string)(await Ok(s.Handler.Post("/api/proceedings", new { caseId, agencyCode = s.Child, kind = "Review", filedOn = "2026-10-10" })))["id"]!;
        var before = factory.Snapshot();
        await Refused(other.Handler.Post($"/api/proceedings/{id}/conclusion", new { concludedOn = "2026-11-20", result = "Upheld" }), HttpStatusCode.NotFound);
        await Refused(s.Handler.Post($"/api/proceedings/{Guid.NewGuid()}/conclusion", new { concludedOn = "2026-11-20", result = "Upheld" }), HttpStatusCode.NotFound);
        Assert.Equal(before, factory.Snapshot());
    }
}
