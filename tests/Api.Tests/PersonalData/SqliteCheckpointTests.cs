using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.PersonalData;

/// <summary>
/// README "Personal data keys and backups": on SQLite the register may sit in casetracker.db-wal until a checkpoint; a graceful
/// stop checkpoints it, so the .db file of a stopped service alone holds every case and every key.
/// </summary>
[Collection(nameof(SqliteCheckpointCollection))]
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
}

/// <summary>
/// The checkpoint test runs with no other test beside it: in one CI run of the whole suite (2026-12-01 14:00 UTC) the log was
/// not empty after the stop, while alone it passed three runs of three; why the parallel run differs is not yet found.
/// </summary>
[CollectionDefinition(nameof(SqliteCheckpointCollection), DisableParallelization = true)]
public sealed class SqliteCheckpointCollection;
