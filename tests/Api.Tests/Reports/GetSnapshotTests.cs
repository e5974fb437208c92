using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Features.Reports.TakeAnnualSnapshots;
using CaseTracker.Api.Features.Reports.WatchAnnualReports;
using CaseTracker.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Reports;

/// <summary>A snapshot is found only within the tree of the agency it was taken for; it has its own database, so the annual cycle's counts of agencies are its own.</summary>
public class GetSnapshotTests(SnapshotFactory factory) : IClassFixture<SnapshotFactory>
{
    [Fact]
    public async Task Snapshot_OfAnotherTree_IsNotFound()
    {
        var s = await Create(factory);
        var snapshot = await Ok(s.Supervisor.Post("/api/reports/snapshots", new { year = 2025, agency = s.Child }));
        var stranger = factory.As("x", "NOWHERE", "Supervisor");
        await Refused(stranger.GetAsync($"/api/reports/snapshots/{snapshot["id"]}"), HttpStatusCode.NotFound);
        await Refused(stranger.Post($"/api/reports/snapshots/{snapshot["id"]}/publication", new { }), HttpStatusCode.NotFound);
        await Refused(s.Supervisor.GetAsync($"/api/reports/snapshots/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }
}
