namespace CaseTracker.Infrastructure.Persistence;

/// <summary>
/// Whether the register's database can be written now: a transaction inserts a 16 KB row into <c>write_probes</c> (large
/// enough to need new pages of a full database) and is rolled back, so nothing stays. Used by <c>/health/ready</c>.
/// </summary>
public sealed class WriteProbe(DbSession session)
{
    private static readonly string Filler = new('x', 16 * 1024);

    /// <summary>Null when the write went through (and was rolled back); otherwise the engine's error.</summary>
    public async Task<Exception?> Try(CancellationToken cancellationToken)
    {
        try
        {
            await session.Begin(cancellationToken);
            await session.Execute("INSERT INTO write_probes (id, filler) VALUES (@id, @filler)", new { id = Guid.NewGuid().ToString(), filler = Filler }, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return e;
        }
        finally
        {
            await session.Rollback();
        }
    }
}

/// <summary>
/// How often <c>/health/ready</c> writes its probe (<see cref="WriteProbe"/>): a healthy outcome is kept for
/// <c>Health:WriteProbeSeconds</c> (default 10; 0 probes every call), so readiness polls cost one 16 KB write per interval, and a
/// full or read-only database is still reported within that interval. A failed probe is never kept (every call probes again until
/// one goes through, so recovery shows at once), and a write refused by the storage in any request ends a kept healthy outcome
/// at once (<see cref="StorageFailed"/>). Concurrent calls share one probe.
/// </summary>
public sealed class WriteProbeSchedule(TimeProvider time, TimeSpan interval)
{
    /// <summary>The setting that holds the interval in seconds.</summary>
    public const string Setting = "Health:WriteProbeSeconds";

    private readonly SemaphoreSlim gate = new(1, 1);
    private const long Never = long.MinValue;
    private long healthyAt = Never;

    /// <summary>How long a healthy outcome is kept.</summary>
    public TimeSpan Interval { get; } = interval;

    /// <summary>
    /// Null when the database took a write within <see cref="Interval"/> (then <paramref name="probe"/> is not run), or when
    /// <paramref name="probe"/> now reports it did; otherwise the engine's error from <paramref name="probe"/>.
    /// </summary>
    public async Task<Exception?> Check(Func<CancellationToken, Task<Exception?>> probe, CancellationToken cancellationToken)
    {
        if (Fresh()) return null;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh()) return null;
            var fault = await probe(cancellationToken);
            Volatile.Write(ref healthyAt, fault is null ? time.GetTimestamp() : Never);
            return fault;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A request's write was refused by the storage (full, read-only, connection lost): the next check probes again.</summary>
    public void StorageFailed() => Volatile.Write(ref healthyAt, Never);

    private bool Fresh() => Volatile.Read(ref healthyAt) is var at && at != Never && time.GetElapsedTime(at) < Interval;
}
