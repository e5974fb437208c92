using System.Data.Common;
using DbUp;
using Microsoft.Data.SqlClient;

namespace CaseTracker.Infrastructure.Persistence;

/// <summary>SQL Server through Microsoft.Data.SqlClient.</summary>
public sealed class SqlServerDialect : SqlDialect
{
    public SqlServerDialect(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Database:ConnectionString is required for SqlServer.");
        ConnectionString = connectionString;
    }

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override string ConnectionString { get; }

    public override DbConnection CreateConnection() => new SqlConnection(ConnectionString);

    // HOLDLOCK makes the MERGE take a key-range lock, so two registrations never read the same value.
    public override string NextSequenceSql => """
        MERGE case_number_sequences WITH (HOLDLOCK) AS target
        USING (SELECT @agency AS agency_code, @year AS year) AS source
            ON target.agency_code = source.agency_code AND target.year = source.year
        WHEN MATCHED THEN UPDATE SET last_value = target.last_value + 1
        WHEN NOT MATCHED THEN INSERT (agency_code, year, last_value) VALUES (source.agency_code, source.year, 1)
        OUTPUT inserted.last_value;
        """;

    public override string NextDocumentNumberSql => """
        MERGE document_number_sequences WITH (HOLDLOCK) AS target
        USING (SELECT @agency AS agency_code, @kind AS kind, @year AS year) AS source
            ON target.agency_code = source.agency_code AND target.kind = source.kind AND target.year = source.year
        WHEN MATCHED THEN UPDATE SET last_value = target.last_value + 1
        WHEN NOT MATCHED THEN INSERT (agency_code, kind, year, last_value) VALUES (source.agency_code, source.kind, source.year, 1)
        OUTPUT inserted.last_value;
        """;

    public override string ReserveSequenceSql => """
        MERGE case_number_sequences WITH (HOLDLOCK) AS target
        USING (SELECT @agency AS agency_code, @year AS year) AS source
            ON target.agency_code = source.agency_code AND target.year = source.year
        WHEN MATCHED THEN UPDATE SET last_value = CASE WHEN target.last_value > @atLeast THEN target.last_value ELSE @atLeast END + @count
        WHEN NOT MATCHED THEN INSERT (agency_code, year, last_value) VALUES (source.agency_code, source.year, @atLeast + @count)
        OUTPUT inserted.last_value;
        """;

    public override string OrderedIdSql(string prefixParameter) =>
        $"CONCAT(@{prefixParameter}, LOWER(RIGHT(CONVERT(VARCHAR(16), CONVERT(VARBINARY(8), ROW_NUMBER() OVER (ORDER BY (SELECT NULL))), 2), 12)))";

    public override string Concat(params string[] parts) => $"CONCAT({string.Join(", ", parts)})";

    public override string DateText(string column) => $"CONVERT(CHAR(10), {column}, 23)";

    public override string YearOf(string column) => $"YEAR({column})";

    public override string MonthOf(string column) => $"MONTH({column})";

    public override string Page(string orderedSql) => orderedSql + " OFFSET @offset ROWS FETCH NEXT @limit ROWS ONLY";

    public override string UpsertNoticeSql => """
        MERGE calendar_notices WITH (HOLDLOCK) AS target
        USING (SELECT @year AS year) AS source ON target.year = source.year
        WHEN MATCHED THEN UPDATE SET notice = @notice, loaded_at = @loadedAt, loaded_by = @loadedBy
        WHEN NOT MATCHED THEN INSERT (year, notice, loaded_at, loaded_by) VALUES (@year, @notice, @loadedAt, @loadedBy);
        """;

    /// <summary>
    /// SQL Server has no ON CONFLICT: a MERGE that only inserts, under HOLDLOCK (a key-range lock on the unique index), so a
    /// concurrent insert of the same value is waited for and then matched instead of violating the key.
    /// </summary>
    public override string InsertSkippingExisting(string table, IReadOnlyList<string> columns, string rows, string uniqueColumn)
        => $"""
            MERGE {table} WITH (HOLDLOCK) AS target
            USING (VALUES {rows}) AS source ({string.Join(", ", columns)})
                ON target.{uniqueColumn} = source.{uniqueColumn}
            WHEN NOT MATCHED THEN INSERT ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "source." + c))});
            """;

    // 1105 filegroup full, 9002 transaction log full, 1101 no free extents, 3906 read-only database, 3908 read-only
    // (standby) database.
    protected override bool IsStorageFault(Exception exception)
        => exception is SqlException { Number: 1105 or 9002 or 1101 or 3906 or 3908 };

    public override bool IsUniqueViolation(Exception exception)
        => exception is SqlException { Number: 2627 or 2601 };

    public override void Migrate()
    {
        EnsureDatabase.For.SqlDatabase(ConnectionString, new DbUp.Engine.Output.NoOpUpgradeLog()); // not on stdout: a verb's output is read by scripts
        MigrationRunner.Run(DeployChanges.To.SqlDatabase(ConnectionString), "sqlserver");
    }
}
