using System.Data.Common;
using DbUp;
using Microsoft.Data.Sqlite;

namespace CaseTracker.Infrastructure.Persistence;

/// <summary>The embedded default: one SQLite file in WAL mode, writers serialised with a busy timeout.</summary>
public sealed class SqliteDialect : SqlDialect
{
    public SqliteDialect(string? connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString)
            ? $"Data Source={Path.Combine(contentRoot, "data", "casetracker.db")}"
            : connectionString)
        {
            Pooling = true,
            DefaultTimeout = 30, // Microsoft.Data.Sqlite retries a busy database for this long
            ForeignKeys = true,
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (directory is not null) PrivateFiles.CreateDirectory(directory);
        if (builder.Mode != SqliteOpenMode.Memory && builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            // The register and its write-ahead log hold personal data: readable by the service's user only.
            PrivateFiles.CreateOrRestrict(Path.GetFullPath(file));
            foreach (var companion in new[] { "-wal", "-shm" })
                if (File.Exists(Path.GetFullPath(file) + companion)) PrivateFiles.Restrict(Path.GetFullPath(file) + companion);
        }

        ConnectionString = builder.ToString();
    }

    /// <inheritdoc />
    public override bool Checkpoint()
    {
        // A reader that has not yet let go (a pooled connection finishing its last statement as the host stops) blocks the
        // checkpoint for a moment: SQLite answers "busy" at once rather than waiting, so try again for up to about 5 s.
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        for (var attempt = 1; ; attempt++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using (var reader = command.ExecuteReader())
                if (!reader.Read() || reader.GetInt64(0) == 0) return true; // the first column is 1 when the checkpoint was blocked
            if (attempt == 20) return false;
            Thread.Sleep(250);
        }
    }

    private readonly SemaphoreSlim writeGate = new(1, 1);
    private SqliteConnection? writer;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override async ValueTask<IDisposable?> EnterWriteGate(CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken);
        return new Release(writeGate);
    }

    // One connection for every write transaction of this process, used only inside the write gate: its page
    // cache stays warm, where each pooled connection would re-read the pages another connection changed.
    public override async ValueTask<DbConnection?> SharedWriteConnection(CancellationToken cancellationToken)
    {
        if (writer is { State: System.Data.ConnectionState.Open }) return writer;
        writer?.Dispose();
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await Prepare(connection, cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            // This one connection does every write: a 64 MiB page cache (SQLite's default is 2 MiB) holds the
            // indexes a large set-based statement walks. Measured on the deadline scan over 1,000,000 open cases
            // together with the memory map below: first scan 5.3 s → 3.9 s, later scans 3.8 s → 2.6 s (bench/README.md).
            command.CommandText = WriteCacheSql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        writer = connection;
        return writer;
    }

    private const string WriteCacheSql = "PRAGMA cache_size = -65536;";

    /// <summary>
    /// An import's one transaction writes 50,000 cases and their history: with the 64 MiB cache every written page stays in this
    /// process until the commit (64 MB of a 50,000-row import's peak, issue 17 item 9). At 8 MiB SQLite spills written pages to the
    /// WAL file as the cache fills (cache_spill), and the cache is set back to 64 MiB when the import ends.
    /// </summary>
    public override (string Shrink, string Restore)? BulkWritePageCache => ("PRAGMA cache_size = -8192;", WriteCacheSql);

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) gate.Release();
        }
    }

    public override string ConnectionString { get; }

    public override DbConnection CreateConnection() => new SqliteConnection(ConnectionString);

    // SQLite's own busy handler waits in steps of a few milliseconds; without it the provider's retry loop
    // sleeps far longer between attempts, which shows as a long tail of latency under concurrent writes.
    // The database file is read through a memory map (up to 2 GiB): pages come from the operating system's
    // cache without a read call each, and the map is shared by every connection instead of copied into each.
    // secure_delete: text that is replaced or erased (sealing plain rows, the retention job) is overwritten with zeros in the
    // file, not left in free pages.
    // The settings belong to the SQLite handle, which the provider's pool keeps open and hands out again: a handle is
    // prepared once, and a pooled connection opened again (one for every request's user check) runs no statement here.
    // A handle closed by the pool leaves the table with it (weak keys); a new handle is a new key and is prepared.
    public override async Task Prepare(DbConnection connection, CancellationToken cancellationToken)
    {
        var handle = (connection as SqliteConnection)?.Handle;
        if (handle is not null && PreparedHandles.TryGetValue(handle, out _)) return;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA mmap_size = 2147483648; PRAGMA secure_delete = ON;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (handle is not null) PreparedHandles.AddOrUpdate(handle, PreparedMark);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> PreparedHandles = new();
    private static readonly object PreparedMark = new();

    public override string NextSequenceSql => """
        INSERT INTO case_number_sequences (agency_code, year, last_value) VALUES (@agency, @year, 1)
        ON CONFLICT (agency_code, year) DO UPDATE SET last_value = last_value + 1
        RETURNING last_value
        """;

    public override string ReserveSequenceSql => """
        INSERT INTO case_number_sequences (agency_code, year, last_value) VALUES (@agency, @year, @atLeast + @count)
        ON CONFLICT (agency_code, year) DO UPDATE SET last_value = MAX(last_value, @atLeast) + @count
        RETURNING last_value
        """;

    // In process there is no round trip to save, and parameters bind by name in linear time: one row a statement is fastest.
    public override int MaxInsertParameters => 1;

    public override string OrderedIdSql(string prefixParameter) => $"@{prefixParameter} || printf('%012x', row_number() OVER ())";

    public override string Page(string orderedSql) => orderedSql + " LIMIT @limit OFFSET @offset";

    public override string UpsertNoticeSql => """
        INSERT INTO calendar_notices (year, notice, loaded_at, loaded_by) VALUES (@year, @notice, @loadedAt, @loadedBy)
        ON CONFLICT (year) DO UPDATE SET notice = excluded.notice, loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by
        """;

    // SQLITE_FULL (13: disk or max_page_count full), SQLITE_READONLY (8, with its extended codes: file, directory or
    // connection read-only, PRAGMA query_only), SQLITE_CANTOPEN (14: the journal cannot be created in a read-only directory).
    protected override bool IsStorageFault(Exception exception)
        => exception is SqliteException { SqliteErrorCode: 13 or 8 or 14 };

    public override bool IsUniqueViolation(Exception exception)
        => exception is SqliteException { SqliteErrorCode: 19 }; // SQLITE_CONSTRAINT

    public override void Migrate()
    {
        using (var connection = new SqliteConnection(ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL;";
            command.ExecuteNonQuery();
        }

        MigrationRunner.Run(DeployChanges.To.SqliteDatabase(ConnectionString), "sqlite");
    }
}
