using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Idempotency;

/// <summary>
/// The idempotency records of create commands (api.md: a retry with the same <c>Idempotency-Key</c> returns the first
/// response), keyed by user AND agency (security.md: a replay never returns another agency's data). A record holds no
/// personal data: either the response body of a command whose response carries none, or only the id of what the command
/// created (<see cref="Record.ResourceRef"/>), read again on a replay. Records live <see cref="Lifetime"/>.
/// </summary>
public sealed class IdempotencyStore(DbSession session)
{
    /// <summary>How long a record answers a retry; older records are purged by <see cref="Purge"/>.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>One stored first request: its command type and hash, and its body or the id of what it created.</summary>
    public sealed class Record
    {
        public string RequestType { get; init; } = default!;
        public string RequestHash { get; init; } = default!;
        public string? Response { get; init; }
        public string? ResourceRef { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }

    /// <summary>The record of <paramref name="key"/> sent by <paramref name="userId"/> acting for <paramref name="agencyCode"/>, or null.</summary>
    public async Task<Record?> Find(string userId, string agencyCode, string key, CancellationToken cancellationToken)
        => await session.QuerySingleOrDefault<Record>("""
            SELECT request_type, request_hash, response, resource_ref, created_at FROM idempotent_requests
            WHERE user_id = @user AND agency_code = @agency AND idem_key = @key
            """, new { user = userId, agency = agencyCode, key }, cancellationToken);

    /// <summary>Stores the first request's record, in the command's transaction (a unique-key race fails the second insert).</summary>
    public async Task Add(string userId, string agencyCode, string key, string requestType, string requestHash, string? response, string? resourceRef,
        DateTimeOffset now, CancellationToken cancellationToken)
        => await session.Execute("""
            INSERT INTO idempotent_requests (user_id, agency_code, idem_key, request_type, request_hash, response, resource_ref, created_at)
            VALUES (@user, @agency, @key, @type, @hash, @response, @resourceRef, @now)
            """, new { user = userId, agency = agencyCode, key, type = requestType, hash = requestHash, response, resourceRef, now }, cancellationToken);

    /// <summary>Deletes the records created before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> Purge(DateTimeOffset before, CancellationToken cancellationToken)
        => await session.Execute("DELETE FROM idempotent_requests WHERE created_at < @before", new { before }, cancellationToken);
}
