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
