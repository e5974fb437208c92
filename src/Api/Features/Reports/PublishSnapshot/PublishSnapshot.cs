using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Reports;
using Mediator;

namespace CaseTracker.Api.Features.Reports.PublishSnapshot;

public sealed record PublishSnapshotCommand(Guid Id) : ICommand<SnapshotSummary>;

/// <summary>Marks a stored version as the published report.</summary>
internal sealed class PublishSnapshotHandler(SnapshotStore store, ReportSnapshots snapshots, AgencyAccess access, CurrentUser user, RegisterClock clock)
    : ICommandHandler<PublishSnapshotCommand, SnapshotSummary>
{
    public async ValueTask<SnapshotSummary> Handle(PublishSnapshotCommand command, CancellationToken cancellationToken)
    {
        var row = await store.Find(command.Id, cancellationToken);
        if (row is null || !(await access.Visible(cancellationToken)).Contains(row.AgencyCode))
            throw new NotFoundException("snapshot", $"There is no report snapshot {command.Id}.");
        Domain.Reports.AnnualReport.EnsurePublishable(row.Year, clock.Today);
        if (row.PublishedAt is { } at)
            throw new DomainRuleException($"Version {row.Version} was already published on {at:yyyy-MM-dd} by {row.PublishedBy}.");
        await store.Publish(row.Id, clock.Now, user.Actor.Name, cancellationToken);
        // The drift as of publication is stored with it, so that the snapshot list reads it instead of recomputing the report.
        var published = (await store.Find(command.Id, cancellationToken))!;
        return ReportSnapshots.Summary(published, await snapshots.RecordDrift(published, cancellationToken));
    }
}

public static class PublishSnapshotEndpoint
{
    public static void Map(RouteGroupBuilder snapshots)
        => snapshots.MapPost("/{id:guid}/publication", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new PublishSnapshotCommand(id), ct)))
            .WithName("PublishReportSnapshot");
}
