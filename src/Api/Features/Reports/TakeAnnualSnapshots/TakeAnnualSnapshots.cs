using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Reports;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.Reports.TakeAnnualSnapshots;

public sealed record AnnualSnapshotsTaken(int Year, int Taken, int AlreadyThere);

/// <summary>
/// Law.md §7 and reports.md: at 01:00 on 1 January (Asia/Shanghai) store the previous year's report of every
/// agency, alone and with its subordinates, in the year's own format. Safe to run twice: a scheduled snapshot
/// that already exists is not taken again.
/// </summary>
public sealed record TakeAnnualSnapshotsCommand : ICommand<AnnualSnapshotsTaken>, IRetryOnConflict
{
    public const string Job = "annual-report-snapshots";
}

internal sealed class TakeAnnualSnapshotsHandler(SnapshotStore store, ReportSnapshots snapshots, AgencyAccess access, RegisterClock clock)
    : ICommandHandler<TakeAnnualSnapshotsCommand, AnnualSnapshotsTaken>
{
    public async ValueTask<AnnualSnapshotsTaken> Handle(TakeAnnualSnapshotsCommand command, CancellationToken cancellationToken)
    {
        var year = clock.Today.Year - 1;
        var format = ReportFormats.DefaultFor(year);
        int taken = 0, there = 0;
        foreach (var agency in await access.All(cancellationToken))
        foreach (var subtree in new[] { false, true })
        {
            if (await store.ScheduledExists(agency.Code, year, format.Id(), subtree, cancellationToken))
            {
                there++;
                continue;
            }

            await snapshots.Generate(year, agency.Code, subtree, format, "scheduled", Actor.System, cancellationToken);
            taken++;
        }

        return new AnnualSnapshotsTaken(year, taken, there);
    }
}

/// <summary>The recurring Hangfire job (<see cref="TakeAnnualSnapshotsCommand.Job"/>): thin, it sends the command.</summary>
public sealed class TakeAnnualSnapshotsJob(ISender sender)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task Run(CancellationToken cancellationToken) => await sender.Send(new TakeAnnualSnapshotsCommand(), cancellationToken);
}
