using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Agencies;

/// <summary>A change of an agency: its name, parent and whether it is active, each before and after, and why it was made.</summary>
public sealed record AgencyChange(string Code, string NameBefore, string NameAfter, string? ParentBefore, string? ParentAfter, bool ActiveBefore, bool ActiveAfter,
    string Reason);

/// <summary>Rows of agencies: the tree of offices the register serves, and the history of their changes.</summary>
public sealed class AgencyStore(DbSession session)
{
    /// <summary>Stores a new agency under <paramref name="parentCode"/> (a root agency when null).</summary>
    public async Task Add(string code, string name, string? parentCode, DateTimeOffset createdAt, CancellationToken cancellationToken)
        => await session.Execute("INSERT INTO agencies (code, name, parent_code, created_at) VALUES (@code, @name, @parent, @now)",
            new { code, name, parent = parentCode, now = createdAt }, cancellationToken);

    /// <summary>The agency's version for If-Match: 1 + the number of its recorded changes.</summary>
    public async Task<int> Version(string code, CancellationToken cancellationToken)
        => 1 + await session.ExecuteScalar<int>("SELECT COUNT(*) FROM agency_changes WHERE agency_code = @code", new { code }, cancellationToken);

    /// <summary>Applies a rename, move or (de)activation and records it in the agency's history with who, when and why.</summary>
    public async Task Change(AgencyChange change, string userId, string userName, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await session.Execute("UPDATE agencies SET name = @name, parent_code = @parent, active = @active WHERE code = @code",
            new { code = change.Code, name = change.NameAfter, parent = change.ParentAfter, active = change.ActiveAfter }, cancellationToken);
        await session.Execute("""
            INSERT INTO agency_changes (id, agency_code, changed_at, changed_by_id, changed_by_name, name_before, name_after, parent_before,
                parent_after, active_before, active_after, reason)
            VALUES (@id, @code, @at, @userId, @userName, @nameBefore, @nameAfter, @parentBefore, @parentAfter, @activeBefore, @activeAfter, @reason)
            """, new
        {
            id = Guid.CreateVersion7().ToString(), code = change.Code, at, userId, userName, nameBefore = change.NameBefore, nameAfter = change.NameAfter,
            parentBefore = change.ParentBefore, parentAfter = change.ParentAfter, activeBefore = change.ActiveBefore, activeAfter = change.ActiveAfter,
            reason = change.Reason,
        }, cancellationToken);
    }

    /// <summary>
    /// The agency's name in force on <paramref name="day"/> (a China date; trial D finding 13): the name it had before the first
    /// rename recorded after that day (a rename takes effect on the China date it was recorded), else <paramref name="currentName"/>
    /// (the name now). A paper (文书) states the issuing agency's name on its own date — a paper back-dated to 2017 of an agency
    /// renamed since says the 2017 name — while a report names the agency as it is when the report is generated.
    /// </summary>
    public async Task<string> NameOn(string code, DateOnly day, string currentName, CancellationToken cancellationToken)
    {
        foreach (var change in await History(code, cancellationToken))
        {
            if (change.NameBefore == change.NameAfter) continue;
            if (DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(change.ChangedAt, RegisterClock.China).DateTime) > day) return change.NameBefore;
        }

        return currentName;
    }

    /// <summary>The agency's recorded changes, oldest first: who, when, why, and name, parent and active before → after.</summary>
    public Task<IReadOnlyList<AgencyChangeRow>> History(string code, CancellationToken cancellationToken)
        => session.Query<AgencyChangeRow>("""
            SELECT changed_at, changed_by_id, changed_by_name, name_before, name_after, parent_before, parent_after, active_before, active_after,
                reason
            FROM agency_changes WHERE agency_code = @code ORDER BY changed_at, id
            """, new { code }, cancellationToken);
}

/// <summary>One recorded change of an agency (<see cref="AgencyStore.History"/>).</summary>
public sealed class AgencyChangeRow
{
    public DateTimeOffset ChangedAt { get; init; }
    public string ChangedById { get; init; } = "";
    public string ChangedByName { get; init; } = "";
    public string NameBefore { get; init; } = "";
    public string NameAfter { get; init; } = "";
    public string? ParentBefore { get; init; }
    public string? ParentAfter { get; init; }
    public bool ActiveBefore { get; init; }
    public bool ActiveAfter { get; init; }
    /// <summary>Why the change was made; null for a change recorded before reasons were kept (migration 0027).</summary>
    public string? Reason { get; init; }
}
