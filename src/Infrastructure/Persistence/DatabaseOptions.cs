namespace CaseTracker.Infrastructure.Persistence;

public enum DatabaseProvider { Sqlite, SqlServer, PostgreSql }

/// <summary><c>Database:Provider</c> and <c>Database:ConnectionString</c> (or <c>Database__Provider</c> … in the environment).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Empty on the embedded default: a SQLite file under <c>data/</c>.</summary>
    public string? ConnectionString { get; set; }
}
