using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Alerts;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Reports;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.Reports.WatchAnnualReports;

public sealed record ReportWatchResult(int PublishedChecked, int ChangedSincePublished, int RemindersRecorded);

/// <summary>
/// Daily: flags every published report whose figures the register no longer matches (with the difference),
/// and records a reminder when 31 January (own report) or 31 March (roll-up of the subordinates) is near and
/// the report is not yet published, for the alert mechanism to raise (<see cref="AgencyAlerts.PublicationDeadlines"/>). A reminder is recorded once per
/// agency, year and deadline.
/// </summary>
public sealed record WatchAnnualReportsCommand : ICommand<ReportWatchResult>, IRetryOnConflict
{
    public const string Job = "annual-report-watch";
    public const int ReminderDays = AgencyAlerts.ReminderDays;
}

internal sealed class WatchAnnualReportsHandler(SnapshotStore store, ReportSnapshots snapshots, ReportReminderStore reminders, AgencyAccess access, RegisterClock clock)
    : ICommandHandler<WatchAnnualReportsCommand, ReportWatchResult>
{
    public async ValueTask<ReportWatchResult> Handle(WatchAnnualReportsCommand command, CancellationToken cancellationToken)
    {
        var published = await store.Published(cancellationToken);
        var changed = 0;
        foreach (var row in published)
            if ((await snapshots.RecordDrift(row, cancellationToken)).Count > 0) changed++;

        var today = clock.Today;
        var year = today.Year - 1;
        var recorded = 0;
        var agencies = await access.All(cancellationToken);
        var parents = agencies.Where(a => a.ParentCode is not null).Select(a => a.ParentCode!).ToHashSet();
        foreach (var (kind, due, subtree) in AgencyAlerts.ApproachingDeadlines(today))
        {
            foreach (var agency in agencies.Where(a => !subtree || parents.Contains(a.Code)))
            {
                var done = await store.AnyPublished(agency.Code, year, subtree, cancellationToken);
                var already = await reminders.IsRecorded(agency.Code, year, kind, cancellationToken);
                if (done || already) continue;
                await reminders.Record(agency.Code, year, kind, due, clock.Now, cancellationToken);
                recorded++;
            }
        }

        return new ReportWatchResult(published.Count, changed, recorded);
    }
}

/// <summary>The recurring Hangfire job (<see cref="WatchAnnualReportsCommand.Job"/>): thin, it sends the command.</summary>
public sealed class WatchAnnualReportsJob(ISender sender)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task Run(CancellationToken cancellationToken) => await sender.Send(new WatchAnnualReportsCommand(), cancellationToken);
}
