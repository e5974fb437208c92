using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Agencies;

/// <summary>Rows of agencies: the tree of offices the register serves.</summary>
public sealed class AgencyStore(DbSession session)
{
    /// <summary>Stores a new agency under <paramref name="parentCode"/> (a root agency when null).</summary>
    public async Task Add(string code, string name, string? parentCode, DateTimeOffset createdAt, CancellationToken cancellationToken)
        => await session.Execute("INSERT INTO agencies (code, name, parent_code, created_at) VALUES (@code, @name, @parent, @now)",
            new { code, name, parent = parentCode, now = createdAt }, cancellationToken);
}
