using System.Data.Common;

namespace CaseTracker.Infrastructure.Persistence;

/// <summary>
/// Everything that differs between database engines, in one place per engine. Handlers and
/// repositories write plain SQL that all engines share and ask the dialect for the rest.
/// </summary>
public abstract class SqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    public abstract string ConnectionString { get; }

    public abstract DbConnection CreateConnection();

    /// <summary>Runs on each newly opened connection (session settings).</summary>
    public virtual Task Prepare(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Taken before a write transaction begins and released when it ends. SQLite allows one writer at a time;
    /// queueing writers in-process wakes the next one the moment the lock frees, instead of leaving it to
    /// SQLite's busy handler, which sleeps in growing steps. Server engines need no gate.
    /// </summary>
    public virtual ValueTask<IDisposable?> EnterWriteGate(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>
    /// The connection write transactions run on, if the engine wants one shared connection (only ever used
    /// inside the write gate); null to use the session's own pooled connection.
    /// </summary>
    public virtual ValueTask<DbConnection?> SharedWriteConnection(CancellationToken cancellationToken) => ValueTask.FromResult<DbConnection?>(null);

    /// <summary>Returns the next value of the (agency, year) case-number sequence; parameters @agency, @year.</summary>
    public abstract string NextSequenceSql { get; }

    /// <summary>
    /// Takes the next 文号 sequence of (agency, document kind, year) and returns it; parameters @agency, @kind, @year. The row
    /// stays locked (written) until the transaction ends, so the number and the document that carries it commit together or
    /// not at all: no gap after a failed issue, no number given twice. SQLite and PostgreSQL: INSERT … ON CONFLICT DO UPDATE.
    /// </summary>
    public virtual string NextDocumentNumberSql => """
        INSERT INTO document_number_sequences (agency_code, kind, year, last_value) VALUES (@agency, @kind, @year, 1)
        ON CONFLICT (agency_code, kind, year) DO UPDATE SET last_value = document_number_sequences.last_value + 1
        RETURNING last_value
        """;

    /// <summary>
    /// Raises the (agency, year) case-number sequence to at least @atLeast, then takes @count further numbers
    /// (0 for none), and returns the new last value; parameters @agency, @year, @atLeast, @count. An import uses
    /// it so that the numbers it keeps and the ones it is given never meet a later live registration's.
    /// </summary>
    public abstract string ReserveSequenceSql { get; }

    /// <summary>
    /// How many parameters one multi-row INSERT (an import) may carry: server engines gain from fewer round trips,
    /// and SQL Server takes at most 2,100 parameters a statement.
    /// </summary>
    public virtual int MaxInsertParameters => 1000;

    /// <summary>Appends paging to an ordered query; parameters @offset, @limit.</summary>
    public abstract string Page(string orderedSql);

    /// <summary>Inserts or replaces a holiday notice; parameters @year, @notice, @loadedAt, @loadedBy.</summary>
    public abstract string UpsertNoticeSql { get; }

    /// <summary>"column is one of the list in @parameter"; Dapper expands the list where the engine needs it.</summary>
    public virtual string InList(string column, string parameter) => $"{column} IN @{parameter}";

    /// <summary>
    /// An expression for the 36-character id of each row of an INSERT … SELECT: the 24-character prefix in
    /// <paramref name="prefixParameter"/> (from <see cref="NewIdPrefix"/>) and the row's number in the statement as
    /// 12 hex digits. The ids of one statement ascend, so a large insert appends to the primary key instead of
    /// splitting its pages all over.
    /// </summary>
    public abstract string OrderedIdSql(string prefixParameter);

    /// <summary>The first 24 characters of a new version 7 (time-ordered) Guid, for <see cref="OrderedIdSql"/>.</summary>
    public static string NewIdPrefix() => Guid.CreateVersion7().ToString()[..24];

    /// <summary>
    /// Sent once at the start of a transaction of large set-based statements (the deadline scan); PostgreSQL turns
    /// off JIT compilation for it, which costs more than it saves on statements that run once.
    /// </summary>
    public virtual string? BulkStatementsSetting => null;

    /// <summary>
    /// The statements that shrink the write connection's page cache for one long bulk write (an import) and restore it after, or
    /// null when the engine keeps no cache in this process (PostgreSQL, SQL Server). SQLite: see <see cref="SqliteDialect"/>.
    /// </summary>
    public virtual (string Shrink, string Restore)? BulkWritePageCache => null;

    /// <summary>
    /// INSERT of the <paramref name="rows"/> (<c>(@a, @b), (@a_1, …)</c>) that leaves out each row whose
    /// <paramref name="uniqueColumn"/> value exists, waiting for a concurrent insert of the same value to commit or roll
    /// back first, so two transactions raising the same key never fail on it. SQLite and PostgreSQL: <c>ON CONFLICT DO NOTHING</c>.
    /// </summary>
    public virtual string InsertSkippingExisting(string table, IReadOnlyList<string> columns, string rows, string uniqueColumn)
        => $"INSERT INTO {table} ({string.Join(", ", columns)})\nVALUES {rows}\nON CONFLICT ({uniqueColumn}) DO NOTHING";

    /// <summary>String concatenation of SQL expressions.</summary>
    public virtual string Concat(params string[] parts) => string.Join(" || ", parts);

    /// <summary>A date column as 'yyyy-MM-dd' text.</summary>
    public virtual string DateText(string column) => column;

    /// <summary>The year (an integer) of a date column, for counts grouped by year (trends); SQLite keeps dates as 'yyyy-MM-dd' text.</summary>
    public virtual string YearOf(string column) => $"CAST(substr({column}, 1, 4) AS INTEGER)";

    /// <summary>The month (1–12) of a date column, for counts grouped by month (the 督办 charts).</summary>
    public virtual string MonthOf(string column) => $"CAST(substr({column}, 6, 2) AS INTEGER)";

    /// <summary>A case-insensitive "contains" on a column; parameter @q holds the escaped pattern with %…%.</summary>
    public virtual string Contains(string column) => $"{column} LIKE @q ESCAPE '\\'";

    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>
    /// Run when the service stops gracefully: on SQLite, moves everything in the write-ahead log into the database file and
    /// empties the log (<c>PRAGMA wal_checkpoint(TRUNCATE)</c>), so that the .db file alone holds the register. Returns false
    /// when the log could not be emptied (another process still reading); nothing to do, and true, on the server engines.
    /// </summary>
    public virtual bool Checkpoint() => true;

    /// <summary>
    /// Whether <paramref name="exception"/> (or one inside it) says the database cannot be written now: full disk or
    /// database, or a read-only database or transaction (security.md "Abuse and faults": answered with 503, not 500).
    /// </summary>
    public bool IsStorageUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (IsStorageFault(e)) return true;
        return false;
    }

    /// <summary>The engine's own codes for "full" and "read-only" (this exception only, not its inner ones).</summary>
    protected abstract bool IsStorageFault(Exception exception);

    /// <summary>
    /// Whether <paramref name="exception"/> (or one inside it) says the connection to the database server was lost: the
    /// server restarted, failed over to another node or ended the session. Answered with 503, not 500 (security.md "Abuse
    /// and faults"); the idle pooled connections are dropped at once, so the next request opens a fresh one and the
    /// service recovers without a restart. An embedded database (SQLite) has no connection to lose.
    /// </summary>
    public bool IsConnectionLost(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (!IsLostConnection(e)) continue;
            DropIdleConnections();
            return true;
        }

        return false;
    }

    /// <summary>The engine's own signs of a lost server connection (this exception only).</summary>
    protected virtual bool IsLostConnection(Exception exception) => false;

    /// <summary>Drops the pool's idle connections, which may all point at a server session that no longer exists.</summary>
    protected virtual void DropIdleConnections()
    {
    }

    public abstract void Migrate();

    public static string EscapeLike(string text)
        => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
