using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Alerts;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Jobs;
using Hangfire;
using Hangfire.Server;
using Mediator;

namespace CaseTracker.Api.Features.Calendar.RunCalendarWatch;

public sealed record CalendarWatchResult(string Outcome, int Attempts);

/// <summary>
/// law.md §2: the notice for year N is normally published in November–December of N−1; from 1 November the
/// watch records, each tick, whether next year's notice is loaded (the alert issue raises CalendarMissing
/// from it). Safe to run twice: a second run of the same tick only counts the attempt.
/// </summary>
public sealed record RunCalendarWatchCommand(DateTimeOffset Tick, string Instance) : ICommand<CalendarWatchResult>, IRetryOnConflict
{
    public const string Job = "calendar-watch";
}

internal sealed class RunCalendarWatchHandler(JobRunStore runs, RegisterClock clock) : ICommandHandler<RunCalendarWatchCommand, CalendarWatchResult>
{
    public async ValueTask<CalendarWatchResult> Handle(RunCalendarWatchCommand command, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var next = today.Year + 1;
        var outcome = !AgencyAlerts.WatchesNextYearsNotice(today)
            ? $"{today:yyyy-MM-dd}: before 1 November, nothing to watch"
            : clock.Calendar.IsProvisional(next)
                ? $"{today:yyyy-MM-dd}: the {next} holiday notice is not loaded; dates counted into {next} are provisional"
                : $"{today:yyyy-MM-dd}: the {next} holiday notice is loaded";
        var attempts = await runs.RecordAttempt(RunCalendarWatchCommand.Job, command.Tick, command.Instance, clock.Now, outcome, cancellationToken);
        return new CalendarWatchResult(outcome, attempts);
    }
}

/// <summary>The Hangfire job: thin, it sends the command for the tick it was scheduled for.</summary>
public sealed class CalendarWatchJob(ISender sender, RegisterClock clock)
{
    public static readonly string Instance = $"{Environment.MachineName}:{Environment.ProcessId}";

    [AutomaticRetry(Attempts = 3)]
    public async Task Run(PerformContext? context, CancellationToken cancellationToken)
        => await sender.Send(new RunCalendarWatchCommand(TickOf(context, clock.Now), Instance), cancellationToken);

    /// <summary>The scheduled time the recurring-job scheduler stamped on the job, else this minute.</summary>
    public static DateTimeOffset TickOf(PerformContext? context, DateTimeOffset now)
    {
        var time = context?.GetJobParameter<long?>("Time");
        if (time is { } seconds) return DateTimeOffset.FromUnixTimeSeconds(seconds);
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
    }
}
