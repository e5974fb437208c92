using System.Text;
using System.Data.Common;
using Dapper;

namespace CaseTracker.Infrastructure.Persistence;

/// <summary>
/// The request's connection and, for a command, its one transaction. Every query goes through here so
/// that it joins the transaction and carries the request's cancellation token.
/// </summary>
/// <summary>Sees every statement the application sends (tests use it to check the SQL Server text).</summary>
public interface ISqlObserver
{
    void Executing(SqlDialect dialect, string sql);
}

public sealed class DbSession(SqlDialect dialect, IEnumerable<ISqlObserver> observers) : IAsyncDisposable, IDisposable
{
    private readonly ISqlObserver[] observers = observers.ToArray();

    private DbConnection? connection;
    private DbConnection? transactionConnection;
    private readonly List<Action> afterCommit = [];
    private IDisposable? writeGate;

    public SqlDialect Dialect { get; } = dialect;

    public DbTransaction? Transaction { get; private set; }

    public bool InTransaction => Transaction is not null;

    public async Task<DbConnection> Connection(CancellationToken cancellationToken)
    {
        if (transactionConnection is not null) return transactionConnection;
        if (connection is not null) return connection;
        var opened = Dialect.CreateConnection();
        await opened.OpenAsync(cancellationToken);
        await Dialect.Prepare(opened, cancellationToken);
        connection = opened;
        return connection;
    }

    public async Task Begin(CancellationToken cancellationToken)
    {
        if (Transaction is not null) throw new InvalidOperationException("A transaction is already open.");
        writeGate = await Dialect.EnterWriteGate(cancellationToken);
        try
        {
            var open = await Dialect.SharedWriteConnection(cancellationToken) ?? await Connection(cancellationToken);
            Transaction = await open.BeginTransactionAsync(cancellationToken);
            transactionConnection = open;
        }
        catch
        {
            LeaveWriteGate();
            throw;
        }
    }

    public async Task Commit(CancellationToken cancellationToken)
    {
        if (Transaction is null) return;
        try
        {
            await Transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await Transaction.DisposeAsync();
            Transaction = null;
            LeaveWriteGate();
        }

        foreach (var action in afterCommit) action();
        afterCommit.Clear();
    }

    public async Task Rollback()
    {
        afterCommit.Clear();
        if (Transaction is null) return;
        try
        {
            await Transaction.RollbackAsync(CancellationToken.None);
        }
        catch (DbException)
        {
            // The engine rolled the transaction back itself (SQLite does on a full disk) or the connection is gone: nothing
            // of it was committed, and the error that led here is the one to report.
        }
        finally
        {
            await Transaction.DisposeAsync();
            Transaction = null;
            LeaveWriteGate();
        }
    }

    private void LeaveWriteGate()
    {
        transactionConnection = null;
        writeGate?.Dispose();
        writeGate = null;
    }

    /// <summary>Runs once the transaction has committed (e.g. swapping the in-memory calendar).</summary>
    public void OnCommit(Action action)
    {
        if (Transaction is null) action();
        else afterCommit.Add(action);
    }

    private CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken)
    {
        foreach (var observer in observers) observer.Executing(Dialect, sql);
        return new(sql, parameters, Transaction, cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<T>> Query<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        using var turn = await Turn(cancellationToken);
        return (await (await Connection(cancellationToken)).QueryAsync<T>(Command(sql, parameters, cancellationToken))).AsList();
    }

    // One connection runs one command at a time (PostgreSQL refuses a second), yet the sections of one page render side by
    // side in one scope: each buffered command waits its turn. (Stream is left out: its caller holds the connection.)
    private readonly SemaphoreSlim turn = new(1, 1);

    private async Task<IDisposable> Turn(CancellationToken cancellationToken)
    {
        await turn.WaitAsync(cancellationToken);
        return new Release(turn);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) semaphore.Release();
        }
    }

    /// <summary>Rows one at a time, for scans whose memory must not grow with the table.</summary>
    public async IAsyncEnumerable<T> Stream<T>(string sql, object? parameters, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var observer in observers) observer.Executing(Dialect, sql);
        var connection = await Connection(cancellationToken);
        await foreach (var row in connection.QueryUnbufferedAsync<T>(sql, parameters, Transaction).WithCancellation(cancellationToken))
            yield return row;
    }

    public async Task<T?> QuerySingleOrDefault<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        using var turn = await Turn(cancellationToken);
        return await (await Connection(cancellationToken)).QuerySingleOrDefaultAsync<T>(Command(sql, parameters, cancellationToken));
    }

    public async Task<T> ExecuteScalar<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        using var turn = await Turn(cancellationToken);
        return (await (await Connection(cancellationToken)).ExecuteScalarAsync<T>(Command(sql, parameters, cancellationToken)))!;
    }

    /// <summary>
    /// INSERT of many rows in as many rows a statement as the dialect finds best. Parameters are named after their
    /// column (with the row's index when a statement has several rows). With <paramref name="skipExisting"/> (a unique
    /// column), a row whose value there exists already, or is being inserted by a concurrent transaction that then commits,
    /// is left out instead of failing the statement (<see cref="SqlDialect.InsertSkippingExisting"/>). Returns the rows inserted.
    /// </summary>
    public async Task<int> InsertRows(string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken,
        string? skipExisting = null)
    {
        if (Dialect.MaxInsertParameters == 1 && rows.Count > 0 && rows.All(r => r.Length == columns.Length && r.All(DapperSetup.IsBindable)))
            return await InsertPrepared(table, columns, rows, cancellationToken, skipExisting);
        var inserted = 0;
        foreach (var chunk in rows.Chunk(Math.Max(1, Dialect.MaxInsertParameters / columns.Length)))
        {
            var values = new StringBuilder();
            var parameters = new DynamicParameters();
            for (var r = 0; r < chunk.Length; r++)
            {
                if (chunk[r].Length != columns.Length) throw new ArgumentException($"{chunk[r].Length} values for {columns.Length} columns of {table}.");
                values.Append(r == 0 ? "(" : ",\n    (");
                for (var c = 0; c < columns.Length; c++)
                {
                    var name = chunk.Length == 1 ? columns[c] : $"{columns[c]}_{r}";
                    values.Append(c == 0 ? "@" : ", @").Append(name);
                    parameters.Add(name, chunk[r][c]);
                }

                values.Append(')');
            }

            var sql = skipExisting is null
                ? $"INSERT INTO {table} ({string.Join(", ", columns)})\nVALUES {values}"
                : Dialect.InsertSkippingExisting(table, columns, values.ToString(), skipExisting);
            inserted += await Execute(sql, parameters, cancellationToken);
        }

        return inserted;
    }

    /// <summary>
    /// One row a statement on an engine in process (SQLite): one command, prepared once and run for each row with its values bound
    /// again, instead of a new command (parsed, prepared, its parameters looked up by name) for every row. For the 200,000 rows of a
    /// 50,000-case import this is most of the import's time and garbage. A single row (a registration's case and its history) goes
    /// this way too: its 34 values bound directly cost less than Dapper's parameter bag and its type lookup for each. The values are bound by <see cref="DapperSetup.BindSqlite"/>,
    /// the table and conversions Dapper's parameters use (dates as yyyy-MM-dd, instants as UTC ISO 8601 text).
    /// </summary>
    private async Task<int> InsertPrepared(string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken, string? skipExisting)
    {
        var values = "(" + string.Join(", ", columns.Select(c => "@" + c)) + ")";
        var sql = skipExisting is null
            ? $"INSERT INTO {table} ({string.Join(", ", columns)})\nVALUES {values}"
            : Dialect.InsertSkippingExisting(table, columns, values, skipExisting);
        foreach (var observer in observers) observer.Executing(Dialect, sql);
        using var turn = await Turn(cancellationToken);
        var connection = await Connection(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        var parameters = new DbParameter[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            parameters[c] = command.CreateParameter();
            parameters[c].ParameterName = "@" + columns[c];
            command.Parameters.Add(parameters[c]);
        }

        var inserted = 0;
        foreach (var row in rows)
        {
            for (var c = 0; c < columns.Length; c++) DapperSetup.BindSqlite(parameters[c], row[c]);
            inserted += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return inserted;
    }

    /// <summary>
    /// For one long bulk write inside the open transaction (an import): the engine's in-process page cache shrunk until the result is
    /// disposed (<see cref="SqlDialect.BulkWritePageCache"/>; nothing on an engine without one, or outside a transaction). Disposing
    /// restores it, also after a failure (the transaction then rolls back as usual).
    /// </summary>
    public async Task<IAsyncDisposable> BulkWritePageCache(CancellationToken cancellationToken)
    {
        if (Dialect.BulkWritePageCache is not { } pragmas || Transaction is null) return NoCacheChange.Instance;
        await RunSetting(pragmas.Shrink, cancellationToken);
        return new CacheRestore(this, pragmas.Restore);
    }

    /// <summary>A setting statement (a PRAGMA) on the transaction's connection, outside Dapper and the SQL observers (it writes no data).</summary>
    private async Task RunSetting(string sql, CancellationToken cancellationToken)
    {
        using var turn = await Turn(cancellationToken);
        await using var command = (await Connection(cancellationToken)).CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class NoCacheChange : IAsyncDisposable
    {
        public static readonly NoCacheChange Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class CacheRestore(DbSession session, string restore) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (session.Transaction is null) return;
            try
            {
                await session.RunSetting(restore, CancellationToken.None);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                // The failure that ended the import (a full disk: SQLite has rolled the transaction back itself, so the provider refuses a
                // statement in it; a broken connection) is the one to report, not this: the cache stays small until the connection is replaced.
            }
        }
    }

    public async Task<int> Execute(string sql, object? parameters, CancellationToken cancellationToken)
    {
        using var turn = await Turn(cancellationToken);
        return await (await Connection(cancellationToken)).ExecuteAsync(Command(sql, parameters, cancellationToken));
    }

    public void Dispose()
    {
        afterCommit.Clear();
        Transaction?.Dispose();
        Transaction = null;
        LeaveWriteGate();
        connection?.Dispose();
        connection = null;
    }

    public async ValueTask DisposeAsync()
    {
        await Rollback();
        if (connection is not null) await connection.DisposeAsync();
        connection = null;
    }
}
