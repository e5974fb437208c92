using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Jobs;

/// <summary>Rows of job_runs: one per recurring job and scheduled tick, with how often that tick was attempted.</summary>
public sealed class JobRunStore(DbSession session)
{
    /// <summary>
    /// Records an attempt at the job's tick: the first inserts the run with its instance, time and outcome, a later one
    /// (Hangfire ran the tick again) only counts. Returns the attempts made at the tick so far.
    /// </summary>
    public async Task<int> RecordAttempt(string job, DateTimeOffset tick, string instance, DateTimeOffset ranAt, string outcome, CancellationToken cancellationToken)
    {
        var key = new { job, tick };
        var counted = await session.Execute("UPDATE job_runs SET attempts = attempts + 1 WHERE job = @job AND tick = @tick", key, cancellationToken);
        if (counted == 0)
        {
            await session.Execute("""
                INSERT INTO job_runs (job, tick, instance, ran_at, outcome, attempts) VALUES (@job, @tick, @instance, @ranAt, @outcome, 1)
                """, new { key.job, key.tick, instance, ranAt, outcome }, cancellationToken);
        }

        return await session.ExecuteScalar<int>("SELECT attempts FROM job_runs WHERE job = @job AND tick = @tick", key, cancellationToken);
    }
}
