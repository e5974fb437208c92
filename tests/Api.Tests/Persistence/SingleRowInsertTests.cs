using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Persistence;
using Dapper;

namespace CaseTracker.Api.Tests.Persistence;

/// <summary>
/// Issue 14 item 6 (CPU per registration): on SQLite a single-row <see cref="DbSession.InsertRows"/> (a registration's case row and its
/// history row) binds its values directly, as the import's many-row inserts do, instead of through Dapper's parameter bag. What is
/// stored must be what Dapper stored: the same SQLite storage class and the same text for every kind of value a row carries.
/// </summary>
public class SingleRowInsertTests
{
    [Fact]
    public async Task SingleRow_StoresWhatDapperStores_ForEveryKindOfValue()
    {
        var file = Path.Combine(TestData.Folder, $"single-row-{Guid.NewGuid():N}.db");
        try
        {
            DapperSetup.Configure(); // the service's type handlers (dates, instants), as the host sets them
            var dialect = new SqliteDialect($"Data Source={file}", TestData.Folder);
            string[] columns = ["k", "s", "i", "l", "b", "d", "m", "day", "instant", "absent"];
            object?[] values =
            [
                "direct", "政府信息公开", 42, 5_000_000_000L, true, 2.5, 12.34m, new DateOnly(2026, 3, 2),
                new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.FromHours(8)), null,
            ];
            await using (var session = new DbSession(dialect, []))
            {
                await session.Execute("CREATE TABLE t (k TEXT, s TEXT, i INTEGER, l INTEGER, b INTEGER, d REAL, m NUMERIC, day TEXT, instant TEXT, absent TEXT)",
                    null, CancellationToken.None);
                await session.Begin(CancellationToken.None);
                Assert.Equal(1, await session.InsertRows("t", columns, [values], CancellationToken.None));
                // The same values through Dapper, as a single row was inserted before.
                var parameters = new DynamicParameters();
                for (var c = 0; c < columns.Length; c++) parameters.Add(columns[c], c == 0 ? "dapper" : values[c]);
                await session.Execute($"INSERT INTO t ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})",
                    parameters, CancellationToken.None);
                await session.Commit(CancellationToken.None);
            }

            await using (var session = new DbSession(dialect, []))
            {
                foreach (var column in columns.Skip(1))
                {
                    var stored = (await session.Query<(string Type, string? Text)>(
                        $"SELECT typeof({column}), CAST({column} AS TEXT) FROM t ORDER BY k", null, CancellationToken.None)).ToList();
                    Assert.Equal(2, stored.Count);
                    Assert.Equal(stored[0], stored[1]); // dapper, direct
                }

                Assert.Equal("2026-03-02", await session.ExecuteScalar<string>("SELECT day FROM t WHERE k = 'direct'", null, CancellationToken.None));
                Assert.Equal("null", await session.ExecuteScalar<string>("SELECT typeof(absent) FROM t WHERE k = 'direct'", null, CancellationToken.None));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
        }
    }
}
