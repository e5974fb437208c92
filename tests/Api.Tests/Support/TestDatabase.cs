using System.Data.Common;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace CaseTracker.Api.Tests.Support;

/// <summary>
/// The database a test host runs on. SQLite by default (a file under tests/Api.Tests/testdata);
/// <c>CASETRACKER_TEST_ENGINE=PostgreSql</c> with <c>CASETRACKER_TEST_POSTGRES</c> (a server connection string)
/// or <c>CASETRACKER_TEST_ENGINE=SqlServer</c> with <c>CASETRACKER_TEST_SQLSERVER</c> runs the same tests on a
/// fresh database of that server, dropped afterwards.
/// </summary>
public sealed class TestDatabase
{
    /// <summary>
    /// Tables a "nothing changed" snapshot leaves out, each for a reason: DbUp's journal is written by the migrations at
    /// start-up only, before any test takes a snapshot; Hangfire's schema (PostgreSQL, SQL Server; the embedded default
    /// keeps jobs in memory) is the job store, whose server writes heartbeats, counters and locks on its own clock, and
    /// what a request queues is the outbox rows of the register (<c>webhook_deliveries</c>), which are counted.
    /// </summary>
    public static readonly IReadOnlyList<string> NotSnapshotted = ["schemaversions", "hangfire.*"];

    private readonly string? serverConnectionString;

    private TestDatabase(DatabaseProvider provider, string connectionString, string name, string? serverConnectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Name = name;
        this.serverConnectionString = serverConnectionString;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public string Name { get; }

    public static DatabaseProvider Engine { get; } =
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable("CASETRACKER_TEST_ENGINE"), ignoreCase: true, out var engine)
            ? engine
            : DatabaseProvider.Sqlite;

    public static TestDatabase Create()
    {
        var name = $"ct_{Guid.NewGuid():N}";
        switch (Engine)
        {
            case DatabaseProvider.PostgreSql:
            {
                var server = Required("CASETRACKER_TEST_POSTGRES");
                var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
                return new TestDatabase(DatabaseProvider.PostgreSql, builder.ToString(), name, server);
            }
            case DatabaseProvider.SqlServer:
            {
                var server = Required("CASETRACKER_TEST_SQLSERVER");
                var builder = new SqlConnectionStringBuilder(server) { InitialCatalog = name };
                return new TestDatabase(DatabaseProvider.SqlServer, builder.ToString(), name, server);
            }
            default:
                var path = Path.Combine(TestData.Folder, $"{name}.db");
                return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={path}", path, null);
        }
    }

    private static string Required(string variable)
        => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} must hold a connection string when CASETRACKER_TEST_ENGINE={Engine}.");

    public DbConnection Open()
    {
        DbConnection connection = Provider switch
        {
            DatabaseProvider.PostgreSql => new NpgsqlConnection(ConnectionString),
            DatabaseProvider.SqlServer => new SqlConnection(ConnectionString),
            _ => new SqliteConnection(ConnectionString),
        };
        connection.Open();
        return connection;
    }

    public string Snapshot()
    {
        using var connection = Open();
        var parts = Tables(connection).Select(t => $"{t.Name}={connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {t.Quoted}")}").ToList();
        // One row type, not a scalar DateOnly? query: Dapper hands a scalar DBNull to the DateOnly handler (a case awaiting confirmation).
        var cases = connection.Query<(string Id, string Status, DateOnly? DueOn, int Version)>("SELECT id, status, due_on, version FROM cases ORDER BY id");
        parts.Add("cases-state=" + string.Join(",", cases.Select(c => $"{c.Id}:{c.Status}:{c.DueOn:yyyy-MM-dd}:{c.Version}")));
        return string.Join(" ", parts);
    }

    /// <summary>Every table of the schema, read from the database's own catalog, minus <see cref="NotSnapshotted"/>.</summary>
    public IReadOnlyList<string> SnapshottedTables()
    {
        using var connection = Open();
        return Tables(connection).Select(t => t.Name).ToList();
    }

    // Name: the bare table name in the register's own schema (public, dbo), schema.table elsewhere; Quoted: for FROM.
    private List<(string Name, string Quoted)> Tables(DbConnection connection)
    {
        var tables = Provider switch
        {
            DatabaseProvider.PostgreSql => connection.Query<(string Schema, string Table)>(
                "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')"),
            DatabaseProvider.SqlServer => connection.Query<(string Schema, string Table)>(
                "SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'"),
            // sqlite_sequence and the other sqlite_ tables are SQLite's own bookkeeping, not tables of the schema.
            _ => connection.Query<(string Schema, string Table)>(
                "SELECT 'main', name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"),
        };
        var own = Provider switch { DatabaseProvider.PostgreSql => "public", DatabaseProvider.SqlServer => "dbo", _ => "main" };
        return tables
            .Select(t => (Name: string.Equals(t.Schema, own, StringComparison.OrdinalIgnoreCase) ? t.Table : $"{t.Schema}.{t.Table}", t.Schema, t.Table))
            .Where(t => !NotSnapshotted.Any(x => Excludes(x, t.Name, t.Schema)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (t.Name, Provider == DatabaseProvider.SqlServer ? $"[{t.Schema}].[{t.Table}]" : $"\"{t.Schema}\".\"{t.Table}\""))
            .ToList();
    }

    private static bool Excludes(string exclusion, string name, string schema)
        => exclusion.EndsWith(".*", StringComparison.Ordinal)
            ? string.Equals(schema, exclusion[..^2], StringComparison.OrdinalIgnoreCase)
            : string.Equals(name, exclusion, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every attempt to deliver one alert (to one target: a webhook URL or <c>mailto:</c> address), in order.</summary>
    public List<(long Attempt, long? Status, bool Delivered)> Deliveries(Guid alertId, string? url = null)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT attempt, status_code, delivered FROM webhook_deliveries WHERE alert_id = @alert"
            + (url is null ? "" : " AND url = @url") + " ORDER BY attempt";
        Add(command, "alert", alertId.ToString());
        if (url is not null) Add(command, "url", url);
        using var reader = command.ExecuteReader();
        var log = new List<(long, long?, bool)>();
        while (reader.Read())
            log.Add((Convert.ToInt64(reader[0]), reader.IsDBNull(1) ? null : Convert.ToInt64(reader[1]), Convert.ToBoolean(reader[2])));
        return log;
    }

    /// <summary>A case's alerts as (kind, due date, open), straight from the table, by kind then due date: no scan runs in between.</summary>
    public List<(string Kind, string Due, bool Open)> AlertsOf(string caseId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, due_on, resolved_at FROM alerts WHERE case_id = @id";
        Add(command, "id", caseId);
        using var reader = command.ExecuteReader();
        var list = new List<(string, string, bool)>();
        while (reader.Read())
            list.Add((reader.GetString(0), (reader[1] is DateOnly d ? d : DateOnly.FromDateTime(Convert.ToDateTime(reader[1], System.Globalization.CultureInfo.InvariantCulture))).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(2)));
        return list.OrderBy(a => a.Item1).ThenBy(a => a.Item2).ToList();
    }

    /// <summary>One value read from the database (null for no row or NULL).</summary>
    public object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) Add(command, name, value);
        return command.ExecuteScalar() is { } read and not DBNull ? read : null;
    }

    /// <summary>The rows a query reads, each as its values in column order (DBNull read as null).</summary>
    public List<object?[]> Rows(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) Add(command, name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        return rows;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public void Drop()
    {
        switch (Provider)
        {
            case DatabaseProvider.PostgreSql:
                NpgsqlConnection.ClearAllPools();
                using (var server = new NpgsqlConnection(serverConnectionString))
                {
                    server.Open();
                    server.Execute($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
                }

                break;
            case DatabaseProvider.SqlServer:
                SqlConnection.ClearAllPools();
                using (var server = new SqlConnection(serverConnectionString))
                {
                    server.Open();
                    server.Execute($"IF DB_ID('{Name}') IS NOT NULL BEGIN ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{Name}]; END");
                }

                break;
            default:
                SqliteConnection.ClearAllPools();
                foreach (var file in new[] { Name, Name + "-wal", Name + "-shm" })
                    if (File.Exists(file)) File.Delete(file);
                break;
        }
    }
}
