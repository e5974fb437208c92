using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CaseTracker.Infrastructure.Persistence;

/// <summary>
/// On a graceful stop (<see cref="IHostApplicationLifetime.ApplicationStopped"/>: after the web server and the job server have
/// finished their work), checkpoints the SQLite write-ahead log into the database file (<see cref="SqlDialect.Checkpoint"/>), so a
/// copy of the stopped service's <c>casetracker.db</c> alone holds the register. A running service's backup still needs
/// <c>sqlite3 casetracker.db ".backup …"</c> (README "Personal data keys and backups").
/// </summary>
public sealed class CheckpointOnStop(IHostApplicationLifetime lifetime, SqlDialect dialect, ILogger<CheckpointOnStop> logger) : IHostedService
{
    /// <summary>Registers the checkpoint for the stop.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (dialect.Provider == DatabaseProvider.Sqlite) lifetime.ApplicationStopped.Register(Run);
        return Task.CompletedTask;
    }

    /// <summary>Nothing: the checkpoint runs once the application has stopped.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Run()
    {
        try
        {
            if (!dialect.Checkpoint())
                logger.LogWarning("The SQLite write-ahead log could not be emptied at stop (another process is reading the database): copy the -wal file with the .db, or use sqlite3 .backup.");
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The SQLite write-ahead log could not be checkpointed at stop: copy the -wal file with the .db, or use sqlite3 .backup.");
        }
    }
}
