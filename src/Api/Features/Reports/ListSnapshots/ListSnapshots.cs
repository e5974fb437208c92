using CaseTracker.Api.Identity;
using CaseTracker.Infrastructure.Reports;
using Mediator;

namespace CaseTracker.Api.Features.Reports.ListSnapshots;

public sealed record ListSnapshotsQuery(string? Agency, int? Year) : IQuery<IReadOnlyList<SnapshotSummary>>;

/// <summary>Snapshots of the agencies the caller sees; a published one is compared with the register as it is now.</summary>
internal sealed class ListSnapshotsHandler(SnapshotStore store, ReportSnapshots snapshots, AgencyAccess access)
    : IQueryHandler<ListSnapshotsQuery, IReadOnlyList<SnapshotSummary>>
{
    public async ValueTask<IReadOnlyList<SnapshotSummary>> Handle(ListSnapshotsQuery query, CancellationToken cancellationToken)
    {
        var agencies = await access.Scope(query.Agency, subtree: query.Agency is null, cancellationToken);
        var rows = await store.List(agencies, query.Year, cancellationToken);
        var result = new List<SnapshotSummary>();
        foreach (var row in rows) result.Add(ReportSnapshots.Summary(row, row.PublishedAt is null ? null : await snapshots.Drift(row, cancellationToken)));
        return result;
    }
}

public static class ListSnapshotsEndpoint
{
    public static void Map(RouteGroupBuilder snapshots)
        => snapshots.MapGet("/", async (string? agency, int? year, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListSnapshotsQuery(agency, year), ct)))
            .WithName("ListReportSnapshots")
            .WithSummary("Stored reports; a published one shows whether the register has changed its figures since (with the cells that differ).");
}
