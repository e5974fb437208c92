using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.PersonalData;

/// <summary>
/// What happened to an applicant's personal data: a full read by a person, a full read refused (403: not a handling role of
/// the case's agency), an erasure by the retention job, or a search of the register by a full ID number (the list filtered by
/// the number's keyed hash: which applicants' cases exist is itself personal data; the row names no case and keeps the count
/// of cases found, never the number). Kept in the log's <c>action</c> text column.
/// </summary>
public enum PersonalDataAction { Read, Erased, Refused, SearchedByIdNumber }

/// <summary>One row of the access log (<c>personal_data_log</c>).</summary>
public sealed record PersonalDataLogEntry
{
    public required Guid Id { get; init; }
    public required PersonalDataAction Action { get; init; }
    /// <summary>The case read or erased; null for a search (<see cref="PersonalDataAction.SearchedByIdNumber"/>).</summary>
    public required Guid? CaseId { get; init; }

    /// <summary>The case's number; empty for a search.</summary>
    public required string CaseNumber { get; init; }
    public required string AgencyCode { get; init; }
    public required string UserId { get; init; }
    public required string UserName { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>For a search by ID number: how many cases it found (all pages); null for the other actions.</summary>
    public int? ResultCount { get; init; }
}

/// <summary>
/// The access log of applicants' personal data (security.md "Personal data": who, when, which case, why): written in the
/// transaction of the read or erasure it records, so there is no read without its row.
/// </summary>
public sealed class PersonalDataLog(DbSession session)
{
    private sealed class Row
    {
        public string Id { get; init; } = default!;
        public string Action { get; init; } = default!;
        public string CaseId { get; init; } = default!;
        public string CaseNumber { get; init; } = default!;
        public string AgencyCode { get; init; } = default!;
        public string UserId { get; init; } = default!;
        public string UserName { get; init; } = default!;
        public string Reason { get; init; } = default!;
        public DateTimeOffset At { get; init; }
        public int? ResultCount { get; init; }
    }

    /// <summary>Writes one entry.</summary>
    public Task Record(PersonalDataLogEntry entry, CancellationToken cancellationToken)
        => session.Execute("""
            INSERT INTO personal_data_log (id, action, case_id, case_number, agency_code, user_id, user_name, reason, at, result_count)
            VALUES (@id, @action, @caseId, @caseNumber, @agencyCode, @userId, @userName, @reason, @at, @resultCount)
            """, new
        {
            id = entry.Id.ToString(),
            action = entry.Action.ToString(),
            caseId = entry.CaseId?.ToString() ?? "",
            caseNumber = entry.CaseNumber,
            agencyCode = entry.AgencyCode,
            userId = entry.UserId,
            userName = entry.UserName,
            reason = entry.Reason,
            at = entry.At,
            resultCount = entry.ResultCount,
        }, cancellationToken);

    /// <summary>
    /// Entries of the <paramref name="agencies"/>, newest first, filtered by case, user and a range of instants
    /// (<paramref name="from"/> inclusive, <paramref name="to"/> exclusive); one page and the total.
    /// </summary>
    public async Task<(IReadOnlyList<PersonalDataLogEntry> Items, int Total)> Page(IReadOnlyCollection<string> agencies, Guid? caseId, string? userId,
        DateTimeOffset? from, DateTimeOffset? to, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (agencies.Count == 0) return ([], 0);
        var where = session.Dialect.InList("agency_code", "agencies");
        if (caseId is not null) where += " AND case_id = @caseId";
        if (userId is not null) where += " AND user_id = @userId";
        if (from is not null) where += " AND at >= @from";
        if (to is not null) where += " AND at < @to";
        var parameters = new
        {
            agencies = agencies.ToArray(),
            caseId = caseId?.ToString(),
            userId,
            from,
            to,
            offset = (page - 1) * pageSize,
            limit = pageSize,
        };
        var total = await session.ExecuteScalar<int>($"SELECT COUNT(*) FROM personal_data_log WHERE {where}", parameters, cancellationToken);
        var rows = await session.Query<Row>(session.Dialect.Page($"""
            SELECT id, action, case_id, case_number, agency_code, user_id, user_name, reason, at, result_count FROM personal_data_log
            WHERE {where} ORDER BY at DESC, id DESC
            """), parameters, cancellationToken);
        return (rows.Select(r => new PersonalDataLogEntry
        {
            Id = Guid.Parse(r.Id),
            Action = Enum.Parse<PersonalDataAction>(r.Action),
            CaseId = r.CaseId.Length == 0 ? null : Guid.Parse(r.CaseId),
            CaseNumber = r.CaseNumber,
            AgencyCode = r.AgencyCode,
            UserId = r.UserId,
            UserName = r.UserName,
            Reason = r.Reason,
            At = r.At,
            ResultCount = r.ResultCount,
        }).ToList(), total);
    }
}
