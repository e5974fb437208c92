using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Features.Reports.TakeAnnualSnapshots;
using CaseTracker.Api.Features.Reports.WatchAnnualReports;
using CaseTracker.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Reports;

/// <summary>reports.md §7: a report of a year that has not ended cannot be published (issue 10 item 6). The clock stands at 2026-11-25.</summary>
public class PublishSnapshotTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task Publish_WhenYearHasNotEnded_Is409WithASentenceAndChangesNothing()
    {
        var s = await Create(factory);
        var current = await Ok(s.Supervisor.Post("/api/reports/snapshots", new { year = 2026, agency = s.Child }));
        var before = factory.Snapshot();
        var problem = await Refused(s.Supervisor.Post($"/api/reports/snapshots/{current["id"]}/publication", new { }), HttpStatusCode.Conflict);
        Assert.Contains("cannot be published before the year has ended", (string?)problem["detail"]);
        Assert.Equal(before, factory.Snapshot());
        var listed = (await Ok(s.Supervisor.GetAsync($"/api/reports/snapshots?agency={s.Child}&year=2026"))).AsArray();
        Assert.Null(Assert.Single(listed)!["publishedAt"]);

        // A past year publishes.
        var past = await Ok(s.Supervisor.Post("/api/reports/snapshots", new { year = 2025, agency = s.Child }));
        Assert.NotNull((await Ok(s.Supervisor.Post($"/api/reports/snapshots/{past["id"]}/publication", new { })))["publishedAt"]);
    }
}
