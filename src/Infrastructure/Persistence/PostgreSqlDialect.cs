using System.Data.Common;
using DbUp;
using Npgsql;

namespace CaseTracker.Infrastructure.Persistence;

/// <summary>PostgreSQL (and its derivatives): one shared data source, READ COMMITTED, row locks on the sequence.</summary>
public sealed class PostgreSqlDialect : SqlDialect
{
    private readonly NpgsqlDataSource dataSource;

    public PostgreSqlDialect(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Database:ConnectionString is required for PostgreSql.");
        ConnectionString = connectionString;
        dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override string ConnectionString { get; }

    public override DbConnection CreateConnection() => dataSource.CreateConnection();

    public override string NextSequenceSql => """
        INSERT INTO case_number_sequences (agency_code, year, last_value) VALUES (@agency, @year, 1)
        ON CONFLICT (agency_code, year) DO UPDATE SET last_value = case_number_sequences.last_value + 1
        RETURNING last_value
        """;

    public override string ReserveSequenceSql => """
        INSERT INTO case_number_sequences (agency_code, year, last_value) VALUES (@agency, @year, @atLeast + @count)
        ON CONFLICT (agency_code, year) DO UPDATE SET last_value = GREATEST(case_number_sequences.last_value, @atLeast) + @count
        RETURNING last_value
        """;

    public override string OrderedIdSql(string prefixParameter) => $"@{prefixParameter} || lpad(to_hex(row_number() OVER ()), 12, '0')";

    // JIT compiling costs more than it saves on statements that run once; the hashes and sorts over a large
    // register stay in memory (the default 4 MB spilled the alert hash to disk in 8 batches).
    public override string BulkStatementsSetting => "SET LOCAL jit = off; SET LOCAL work_mem = '64MB'";

    public override string DateText(string column) => $"to_char({column}, 'YYYY-MM-DD')";

    public override string YearOf(string column) => $"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)";

    public override string MonthOf(string column) => $"CAST(EXTRACT(MONTH FROM {column}) AS INTEGER)";

    public override string Page(string orderedSql) => orderedSql + " LIMIT @limit OFFSET @offset";

    public override string UpsertNoticeSql => """
        INSERT INTO calendar_notices (year, notice, loaded_at, loaded_by) VALUES (@year, @notice, @loadedAt, @loadedBy)
        ON CONFLICT (year) DO UPDATE SET notice = excluded.notice, loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by
        """;

    // Npgsql sends a list as one array parameter.
    public override string InList(string column, string parameter) => $"{column} = ANY(@{parameter})";

    public override string Contains(string column) => $"{column} ILIKE @q ESCAPE '\\'";

    // 53100 disk_full, 53200 out_of_memory is not a storage fault; 25006 read_only_sql_transaction (a read-only
    // database or standby), 53000 insufficient_resources.
    protected override bool IsStorageFault(Exception exception)
        => exception is PostgresException { SqlState: PostgresErrorCodes.DiskFull or PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.InsufficientResources };

    public override bool IsUniqueViolation(Exception exception)
        => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    // Class 57P: the server ended the session (57P01 admin_shutdown on a restart or pg_terminate_backend, 57P02
    // crash_shutdown, 57P03 cannot_connect_now while starting); class 08: connection exceptions; and a socket failure
    // Npgsql reports as transient (no server answer at all).
    protected override bool IsLostConnection(Exception exception) => exception switch
    {
        PostgresException p => p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.IsTransient,
        _ => false,
    };

    protected override void DropIdleConnections() => dataSource.Clear();

    public override void Migrate()
    {
        EnsureDatabase.For.PostgresqlDatabase(ConnectionString, new DbUp.Engine.Output.NoOpUpgradeLog()); // not on stdout: a verb's output is read by scripts
        MigrationRunner.Run(DeployChanges.To.PostgresqlDatabase(ConnectionString), "postgresql");
    }
}
