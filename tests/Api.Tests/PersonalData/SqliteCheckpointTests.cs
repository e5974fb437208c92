using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.PersonalData;

/// <summary>
/// README "Personal data keys and backups": on SQLite the register may sit in casetracker.db-wal until a checkpoint; a graceful
/// stop checkpoints it, so the .db file of a stopped service alone holds every case and every key. These run beside the other
/// tests (the parallel whole-suite run where the first one once failed), not in a collection of their own.
/// </summary>
public class SqliteCheckpointTests
{
    [Fact]
    public async Task GracefulStop_CheckpointsTheLog_TheDatabaseFileAloneHoldsTheCasesAndKeys()
    {
        await using var holder = new CaseTrackerFactory(); // owns (and at the end drops) the database; never started itself
        if (holder.Database.Provider != DatabaseProvider.Sqlite) return; // the server engines have no write-ahead log file to copy
        var service = new CaseTrackerFactory(holder.Database, ownsDatabase: false);
        var s = await Create(service);
        var id = (string)(await ShowApplicantTests.RegisterWithPersonalData(s))["id"]!;
        // A graceful stop of the host; the pooled connections stay open (closing the last one would checkpoint by itself).
        await service.DisposeAsync();

        Assert.True(!File.Exists(holder.Database.Name + "-wal") || new FileInfo(holder.Database.Name + "-wal").Length == 0);
        // The .db file copied alone, as a careless backup would: it holds the case and the keys that sealed it.
        var copy = Path.Combine(TestData.Folder, $"copy-{Guid.NewGuid():N}.db");
        try
        {
            File.Copy(holder.Database.Name, copy);
            using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
            connection.Open();
            Assert.Equal(1, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM cases WHERE id = @id", new { id }));
            Assert.True(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM data_protection_keys") > 0);
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                if (File.Exists(copy + suffix)) File.Delete(copy + suffix);
        }
    }

    /// <summary>
    /// The stop of a loaded machine, where the test above once failed in a parallel whole-suite run: several services, each on
    /// its own database, stopping at once beside the other tests; each leaves an empty log.
    /// </summary>
    [Fact]
    public async Task ServicesStoppingAtOnce_EachLeavesAnEmptyLog()
    {
        if (TestDatabase.Engine != DatabaseProvider.Sqlite) return;
        var logs = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var holder = new CaseTrackerFactory();
            var service = new CaseTrackerFactory(holder.Database, ownsDatabase: false);
            await ShowApplicantTests.RegisterWithPersonalData(await Create(service));
            await service.DisposeAsync();
            var wal = holder.Database.Name + "-wal";
            return File.Exists(wal) ? new FileInfo(wal).Length : 0;
        }));
        Assert.All(logs, length => Assert.Equal(0, length));
    }

    /// <summary>
    /// A write still under way as the host stops (a request whose client has its response while its transaction is still being
    /// wound up): the checkpoint takes the write gate, so it waits for that write to end and then empties the log; the former
    /// checkpoint gave up after 20 busy answers 250 ms apart and left the log as it was.
    /// </summary>
    [Fact]
    public async Task Checkpoint_WaitsForAWriteUnderWay_ThenEmptiesTheLog()
    {
        var file = Path.Combine(TestData.Folder, $"checkpoint-{Guid.NewGuid():N}.db");
        var dialect = new SqliteDialect($"Data Source={file}", TestData.Folder);
        try
        {
            using (var setup = new SqliteConnection($"Data Source={file};Pooling=False"))
            {
                setup.Open();
                setup.Execute("PRAGMA journal_mode = WAL; CREATE TABLE notes (text TEXT NOT NULL);");
            }

            await using var session = new DbSession(dialect, []);
            await session.Begin(CancellationToken.None);
            await session.Execute("INSERT INTO notes (text) VALUES ('第一条')", null, CancellationToken.None);
            var checkpoint = Task.Run(dialect.Checkpoint);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(checkpoint.IsCompleted); // waiting for the write under way
            await session.Execute("INSERT INTO notes (text) VALUES ('第二条')", null, CancellationToken.None);
            await session.Commit(CancellationToken.None);

            Assert.True(await checkpoint.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.True(!File.Exists(file + "-wal") || new FileInfo(file + "-wal").Length == 0);
            using var copy = new SqliteConnection($"Data Source={file};Pooling=False;Mode=ReadOnly");
            copy.Open();
            Assert.Equal(2, copy.ExecuteScalar<int>("SELECT COUNT(*) FROM notes"));
        }
        finally
        {
            SqliteConnection.ClearPool(new SqliteConnection(dialect.ConnectionString));
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                if (File.Exists(file + suffix)) File.Delete(file + suffix);
        }
    }
}
