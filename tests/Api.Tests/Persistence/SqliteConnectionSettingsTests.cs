using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;

namespace CaseTracker.Api.Tests.Persistence;

/// <summary>
/// The embedded default's connection settings (busy timeout, memory map, secure_delete) are set once per SQLite handle: a
/// pooled connection opened again keeps them without running the statement again (bench/README.md, "Intake with personal data
/// encrypted at rest": the statement ran on every request's user check), and a new handle gets them.
/// </summary>
public class SqliteConnectionSettingsTests
{
    [Fact]
    public async Task PooledConnectionOpenedAgain_KeepsTheSettings_WithoutRunningThemAgain()
    {
        var file = Path.Combine(TestData.Folder, $"settings-{Guid.NewGuid():N}.db");
        try
        {
            var dialect = new SqliteDialect($"Data Source={file}", TestData.Folder);
            await using (var first = (SqliteConnection)dialect.CreateConnection())
            {
                await first.OpenAsync();
                await dialect.Prepare(first, CancellationToken.None);
                Assert.Equal(30000L, Scalar(first, "PRAGMA busy_timeout"));
                Assert.Equal(1L, Scalar(first, "PRAGMA secure_delete"));
                Assert.True(Scalar(first, "PRAGMA mmap_size") > 0);
                // A mark on the handle: were the settings run again on the next open, the mark would be overwritten.
                Scalar(first, "PRAGMA busy_timeout = 1234");
            }

            await using (var again = (SqliteConnection)dialect.CreateConnection())
            {
                await again.OpenAsync(); // the same pooled handle
                await dialect.Prepare(again, CancellationToken.None);
                Assert.Equal(1234L, Scalar(again, "PRAGMA busy_timeout"));
                Assert.Equal(1L, Scalar(again, "PRAGMA secure_delete"));
            }

            // A new handle (the pool cleared) gets every setting.
            await using var fresh = (SqliteConnection)dialect.CreateConnection();
            SqliteConnection.ClearPool(fresh);
            await fresh.OpenAsync();
            await dialect.Prepare(fresh, CancellationToken.None);
            Assert.Equal(30000L, Scalar(fresh, "PRAGMA busy_timeout"));
            Assert.Equal(1L, Scalar(fresh, "PRAGMA secure_delete"));
            Assert.True(Scalar(fresh, "PRAGMA mmap_size") > 0);
        }
        finally
        {
            SqliteConnection.ClearPool(new SqliteConnection(new SqliteDialect($"Data Source={file}", TestData.Folder).ConnectionString));
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                if (File.Exists(file + suffix)) File.Delete(file + suffix);
        }
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
