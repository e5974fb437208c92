using CaseTracker.Api.Features.Alerts.ScanDeadlines;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Persistence;

/// <summary>
/// Issue 14 item 6 (CPU per registration): the embedded default's one write connection keeps a 16 MiB page cache between deadline
/// scans, because SQLite walks the whole cache at each commit after a B-tree page swap; the deadline scan's set-based statements run
/// with 64 MiB (the figure measured for the scan over 1,000,000 cases), set back when the scan is done (bench/README.md).
/// </summary>
public class WriterPageCacheTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task ScanPageCache_GrowsTheWriteCacheUntilDisposed_OnTheSameWriteConnection()
    {
        var file = Path.Combine(TestData.Folder, $"writer-cache-{Guid.NewGuid():N}.db");
        try
        {
            var dialect = new SqliteDialect($"Data Source={file}", TestData.Folder);
            System.Data.Common.DbConnection first;
            await using (var session = new DbSession(dialect, []))
            {
                await session.Begin(CancellationToken.None);
                first = (await dialect.SharedWriteConnection(CancellationToken.None))!;
                Assert.Equal(-16384, await CacheSize(session));
                await using (await session.ScanPageCache(CancellationToken.None))
                    Assert.Equal(-65536, await CacheSize(session));
                Assert.Equal(-16384, await CacheSize(session));
                await session.Commit(CancellationToken.None);
            }

            // The next transaction writes on the same connection (its cache warm for the next scan), at the usual size.
            await using (var session = new DbSession(dialect, []))
            {
                await session.Begin(CancellationToken.None);
                Assert.Same(first, await dialect.SharedWriteConnection(CancellationToken.None));
                Assert.Equal(-16384, await CacheSize(session));
                await using (await session.BulkWritePageCache(CancellationToken.None))
                    Assert.Equal(-8192, await CacheSize(session));
                Assert.Equal(-16384, await CacheSize(session));
                await session.Rollback();
            }

            // Outside a transaction there is no write connection to change: nothing happens.
            await using (var session = new DbSession(dialect, []))
            await using (await session.ScanPageCache(CancellationToken.None))
                Assert.False(session.InTransaction);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
        }
    }

    [Fact]
    public async Task DeadlineScan_RunsWithTheLargerCache_AndLeavesTheUsualOneBehind()
    {
        var s = await Create(factory);
        await s.Register("InPerson", "2026-03-02");
        var dialect = factory.Services.GetRequiredService<SqlDialect>();
        if (TestDatabase.Engine != DatabaseProvider.Sqlite)
        {
            // PostgreSQL and SQL Server keep no page cache in this process.
            Assert.Null(dialect.ScanPageCache);
            await Scan();
            return;
        }

        var before = await WriteConnection();
        await Scan();
        var during = await GrownDuringTheScan();
        var after = await WriteConnection();
        Assert.Equal(-16384, before.CacheSize);
        Assert.Equal(-65536, during);
        Assert.Equal(-16384, after.CacheSize);
        Assert.Same(before.Connection, after.Connection);

        // The scan's own transaction, as ScanDeadlinesHandler opens it: the size while its statements run.
        async Task<long> GrownDuringTheScan()
        {
            using var scope = factory.Services.CreateScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.Begin(CancellationToken.None);
            try
            {
                await using (await new CaseTracker.Infrastructure.Alerts.AlertStore(session).PrepareForScan(CancellationToken.None))
                    return await CacheSize(session);
            }
            finally
            {
                await session.Rollback();
            }
        }

        async Task Scan()
        {
            using var scope = factory.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new ScanDeadlinesCommand());
        }

        async Task<(System.Data.Common.DbConnection Connection, long CacheSize)> WriteConnection()
        {
            using var scope = factory.Services.CreateScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.Begin(CancellationToken.None);
            try
            {
                return ((await dialect.SharedWriteConnection(CancellationToken.None))!, await CacheSize(session));
            }
            finally
            {
                await session.Rollback();
            }
        }
    }

    private static Task<long> CacheSize(DbSession session) => session.ExecuteScalar<long>("PRAGMA cache_size", null, CancellationToken.None);
}
