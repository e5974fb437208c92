using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Agencies;

/// <summary>One saved column of an agency's import mapping: the office's header and the field it is read as ("" = left out).</summary>
public sealed class ImportMappingEntry
{
    public string SourceColumn { get; init; } = "";
    public string Field { get; init; } = "";
}

/// <summary>An agency's own import mapping (table <c>import_mappings</c>, issue 17): its register's column names and the fields they are read as.</summary>
public sealed class ImportMappingStore(DbSession session)
{
    /// <summary>The agency's saved columns, in the order of their names; empty when it saved none.</summary>
    public Task<IReadOnlyList<ImportMappingEntry>> Get(string agencyCode, CancellationToken cancellationToken)
        => session.Query<ImportMappingEntry>("""
            SELECT source_column AS SourceColumn, field AS Field FROM import_mappings WHERE agency_code = @agency ORDER BY source_column
            """, new { agency = agencyCode }, cancellationToken);

    /// <summary>Replaces the agency's mapping with <paramref name="entries"/> (a PUT: columns not given are dropped).</summary>
    public async Task Replace(string agencyCode, IReadOnlyList<ImportMappingEntry> entries, string updatedBy, DateTimeOffset updatedAt,
        CancellationToken cancellationToken)
    {
        await session.Execute("DELETE FROM import_mappings WHERE agency_code = @agency", new { agency = agencyCode }, cancellationToken);
        if (entries.Count == 0) return;
        await session.InsertRows("import_mappings", ["agency_code", "source_column", "field", "updated_at", "updated_by"],
            entries.Select(e => new object?[] { agencyCode, e.SourceColumn, e.Field, updatedAt, updatedBy }).ToList(), cancellationToken);
    }
}
