using CaseTracker.Api.Identity;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Reports;
using Mediator;

namespace CaseTracker.Api.Features.Reports.GetSnapshot;

public sealed record GetSnapshotQuery(Guid Id) : IQuery<SnapshotStore.Row>;

/// <summary>A stored version of an agency the caller sees; any other id is not found.</summary>
internal sealed class GetSnapshotHandler(SnapshotStore store, AgencyAccess access) : IQueryHandler<GetSnapshotQuery, SnapshotStore.Row>
{
    public async ValueTask<SnapshotStore.Row> Handle(GetSnapshotQuery query, CancellationToken cancellationToken)
    {
        var row = await store.Find(query.Id, cancellationToken);
        if (row is null || !(await access.Visible(cancellationToken)).Contains(row.AgencyCode))
            throw new NotFoundException("snapshot", $"There is no report snapshot {query.Id}.");
        return row;
    }
}

public static class GetSnapshotEndpoint
{
    public static void Map(RouteGroupBuilder snapshots)
        => snapshots.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Text((await sender.Send(new GetSnapshotQuery(id), ct)).Content, "application/json"))
            .WithName("DownloadReportSnapshot")
            .WithSummary("The stored report exactly as generated (the JSON of reports.md §6).");
}
