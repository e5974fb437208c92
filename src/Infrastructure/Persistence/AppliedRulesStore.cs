namespace CaseTracker.Infrastructure.Persistence;

/// <summary>
/// Rows of applied_rules: for a named rule set (the clock), the fingerprint the register's stored projections were last
/// computed under.
/// </summary>
public sealed class AppliedRulesStore(DbSession session)
{
    /// <summary>The fingerprint recorded for <paramref name="name"/>, or null when none was ever recorded.</summary>
    public Task<string?> Read(string name, CancellationToken cancellationToken)
        => session.QuerySingleOrDefault<string?>("SELECT fingerprint FROM applied_rules WHERE name = @name", new { name }, cancellationToken);

    /// <summary>Records <paramref name="fingerprint"/> as the one <paramref name="name"/>'s projections now follow.</summary>
    public async Task Record(string name, string fingerprint, DateTimeOffset appliedAt, CancellationToken cancellationToken)
    {
        var parameters = new { name, fingerprint, appliedAt };
        var updated = await session.Execute("UPDATE applied_rules SET fingerprint = @fingerprint, applied_at = @appliedAt WHERE name = @name",
            parameters, cancellationToken);
        if (updated == 0)
            await session.Execute("INSERT INTO applied_rules (name, fingerprint, applied_at) VALUES (@name, @fingerprint, @appliedAt)",
                parameters, cancellationToken);
    }
}
