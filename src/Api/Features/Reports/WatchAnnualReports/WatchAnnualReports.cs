using CaseTracker.Api.Features.Reports.Snapshots;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.Jobs.AnnualReports;

public sealed record AnnualSnapshotsTaken(int Year, int Taken, int AlreadyThere);

/// <summary>
/// Law.md §7 and reports.md: at 01:00 on 1 January (Asia/Shanghai) store the previous year's report of every
/// agency, alone and with its subordinates, in the year's own format. Safe to run twice: a scheduled snapshot
/// that already exists is not taken again.
/// </summary>
public sealed record TakeAnnualSnapshotsCommand : ICommand<AnnualSnapshotsTaken>, IRetryOnConflict;

internal sealed class TakeAnnualSnapshotsHandler(DbSession session, SnapshotStore store, AgencyAccess access, RegisterClock clock)
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
            var exists = await session.ExecuteScalar<long>("""
                SELECT COUNT(*) FROM report_snapshots
                WHERE agency_code = @agency AND year = @year AND format = @format AND subtree = @subtree AND source = 'scheduled'
                """, new { agency = agency.Code, year, format = format.Id(), subtree }, cancellationToken);
            if (exists > 0)
            {
                there++;
                continue;
            }

            await store.Generate(year, agency.Code, subtree, format, "scheduled", Actor.System, cancellationToken);
            taken++;
        }

        return new AnnualSnapshotsTaken(year, taken, there);
    }
}

public sealed record ReportWatchResult(int PublishedChecked, int ChangedSincePublished, int RemindersRecorded);

/// <summary>
/// Daily: flags every published report whose figures the register no longer matches (with the difference),
/// and records a reminder when 31 January (own report) or 31 March (roll-up of the subordinates) is near and
/// the report is not yet published, for the alert mechanism to raise. A reminder is recorded once per
/// agency, year and deadline.
/// </summary>
public sealed record WatchAnnualReportsCommand : ICommand<ReportWatchResult>, IRetryOnConflict
{
    public const int ReminderDays = 10;
}

internal sealed class WatchAnnualReportsHandler(DbSession session, SnapshotStore store, AgencyAccess access, RegisterClock clock)
    : ICommandHandler<WatchAnnualReportsCommand, ReportWatchResult>
{
    public async ValueTask<ReportWatchResult> Handle(WatchAnnualReportsCommand command, CancellationToken cancellationToken)
    {
        var published = await session.Query<SnapshotStore.Row>(
            $"SELECT {SnapshotStore.Columns} FROM report_snapshots WHERE published_at IS NOT NULL", null, cancellationToken);
        var changed = 0;
        foreach (var row in published)
            if ((await store.RecordDrift(row, cancellationToken)).Count > 0) changed++;

        var today = clock.Today;
        var year = today.Year - 1;
        var reminders = 0;
        var agencies = await access.All(cancellationToken);
        var parents = agencies.Where(a => a.ParentCode is not null).Select(a => a.ParentCode!).ToHashSet();
        foreach (var (kind, due, subtree) in new[] { ("OwnReport", new DateOnly(today.Year, 1, 31), false), ("RollUp", new DateOnly(today.Year, 3, 31), true) })
        {
            if (today > due || today < due.AddDays(-WatchAnnualReportsCommand.ReminderDays)) continue;
            foreach (var agency in agencies.Where(a => !subtree || parents.Contains(a.Code)))
            {
                var done = await session.ExecuteScalar<long>("""
                    SELECT COUNT(*) FROM report_snapshots
                    WHERE agency_code = @agency AND year = @year AND subtree = @subtree AND published_at IS NOT NULL
                    """, new { agency = agency.Code, year, subtree }, cancellationToken);
                var recorded = await session.ExecuteScalar<long>(
                    "SELECT COUNT(*) FROM report_reminders WHERE agency_code = @agency AND year = @year AND kind = @kind",
                    new { agency = agency.Code, year, kind }, cancellationToken);
                if (done > 0 || recorded > 0) continue;
                await session.Execute("INSERT INTO report_reminders (agency_code, year, kind, due_on, raised_at) VALUES (@agency, @year, @kind, @due, @now)",
                    new { agency = agency.Code, year, kind, due, now = clock.Now }, cancellationToken);
                reminders++;
            }
        }

        return new ReportWatchResult(published.Count, changed, reminders);
    }
}

/// <summary>The Hangfire jobs: thin, they send the commands.</summary>
public sealed class AnnualReportJobs(ISender sender)
{
    public const string Snapshots = "annual-report-snapshots";
    public const string Watch = "annual-report-watch";

    [AutomaticRetry(Attempts = 3)]
    public async Task TakeSnapshots(CancellationToken cancellationToken) => await sender.Send(new TakeAnnualSnapshotsCommand(), cancellationToken);

    [AutomaticRetry(Attempts = 3)]
    public async Task WatchReports(CancellationToken cancellationToken) => await sender.Send(new WatchAnnualReportsCommand(), cancellationToken);
}

public sealed record ReminderView(string AgencyCode, int Year, string Kind, DateOnly DueOn, DateTimeOffset RaisedAt);

public sealed record ListRemindersQuery : IQuery<IReadOnlyList<ReminderView>>;

internal sealed class ListRemindersHandler(DbSession session, AgencyAccess access) : IQueryHandler<ListRemindersQuery, IReadOnlyList<ReminderView>>
{
    private sealed class Row
    {
        public string AgencyCode { get; init; } = "";
        public int Year { get; init; }
        public string Kind { get; init; } = "";
        public DateOnly DueOn { get; init; }
        public DateTimeOffset RaisedAt { get; init; }
    }

    public async ValueTask<IReadOnlyList<ReminderView>> Handle(ListRemindersQuery query, CancellationToken cancellationToken)
    {
        var visible = (await access.Visible(cancellationToken)).ToArray();
        if (visible.Length == 0) return [];
        var rows = await session.Query<Row>(
            $"SELECT agency_code, year, kind, due_on, raised_at FROM report_reminders WHERE {session.Dialect.InList("agency_code", "agencies")} ORDER BY due_on, agency_code",
            new { agencies = visible }, cancellationToken);
        return rows.Select(r => new ReminderView(r.AgencyCode, r.Year, r.Kind, r.DueOn, r.RaisedAt)).ToList();
    }
}

public static class ReminderEndpoints
{
    public static void MapReportReminders(this IEndpointRouteBuilder app)
        => app.MapGet("/api/reports/reminders", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListRemindersQuery(), ct)))
            .RequireAuthorization(Policies.Reports)
            .WithTags("Reports")
            .WithName("ListReportReminders")
            .WithSummary("Reminders recorded as the 31 January / 31 March publication deadlines approach with the report unpublished.");
}
