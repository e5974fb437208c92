using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Cases;

/// <summary>When and by whom a case was archived (归档).</summary>
public sealed class CaseArchivalRow
{
    public string CaseId { get; init; } = default!;
    public DateOnly ArchivedOn { get; init; }
    public string ArchivedById { get; init; } = default!;
    public string ArchivedByName { get; init; } = default!;
    public DateTimeOffset ArchivedAt { get; init; }
}

/// <summary>The archived cases (<c>case_archivals</c>, issue 19 item 4): one row per case, written once, never changed.</summary>
public sealed class CaseArchiveStore(DbSession session)
{
    /// <summary>The case's archival; null when it is not archived.</summary>
    public Task<CaseArchivalRow?> Find(Guid caseId, CancellationToken cancellationToken)
        => session.QuerySingleOrDefault<CaseArchivalRow>(
            "SELECT case_id, archived_on, archived_by_id, archived_by_name, archived_at FROM case_archivals WHERE case_id = @caseId",
            new { caseId = caseId.ToString() }, cancellationToken);

    /// <summary>Inside the command's transaction: marks the case archived on <paramref name="archivedOn"/> (China date).</summary>
    public Task Archive(Guid caseId, DateOnly archivedOn, Actor by, DateTimeOffset at, CancellationToken cancellationToken)
        => session.Execute("""
            INSERT INTO case_archivals (case_id, archived_on, archived_by_id, archived_by_name, archived_at)
            VALUES (@caseId, @archivedOn, @byId, @byName, @at)
            """, new { caseId = caseId.ToString(), archivedOn, byId = by.UserId, byName = by.Name, at }, cancellationToken);
}
