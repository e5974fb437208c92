using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// Issue 17 item 9 (peak memory of a 50,000-row import): on SQLite the import's one transaction runs with the write connection's
/// page cache at 8 MiB instead of 64 MiB, so its written pages spill to the WAL file rather than staying in the process; the cache
/// is set back when the import ends. PostgreSQL keeps no page cache in the process: nothing changes there.
/// </summary>
public class ImportWriteCacheTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task BulkWritePageCache_OnSqliteShrinksTheWriteCacheUntilDisposed_OtherEnginesHaveNone()
    {
        await Create(factory);
        using var scope = factory.Services.CreateScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.Begin(CancellationToken.None);
        try
        {
            if (TestDatabase.Engine != DatabaseProvider.Sqlite)
            {
                Assert.Null(session.Dialect.BulkWritePageCache);
                await using (await session.BulkWritePageCache(CancellationToken.None)) Assert.True(session.InTransaction);
                return;
            }

            Assert.Equal(-65536, await CacheSize(session));
            await using (await session.BulkWritePageCache(CancellationToken.None))
                Assert.Equal(-8192, await CacheSize(session));
            Assert.Equal(-65536, await CacheSize(session));
        }
        finally
        {
            await session.Rollback();
        }
    }

    private static Task<long> CacheSize(DbSession session) => session.ExecuteScalar<long>("PRAGMA cache_size", null, CancellationToken.None);
}
