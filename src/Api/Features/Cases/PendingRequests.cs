using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using Dapper;

namespace CaseTracker.Api.Features.Cases;

/// <summary>
/// Requests of one kind (an extension, a deferral) that wait for an approver in the open cases of the caller's
/// agencies, oldest request first, each with its case: the one reading behind both approval queues (审批).
/// </summary>
internal static class PendingRequests
{
    private sealed class Row
    {
        public string CaseId { get; init; } = default!;
        public string Payload { get; init; } = default!;
    }

    /// <summary>
    /// Every <typeparamref name="TRequested"/> event not followed in its case by a <typeparamref name="TApproved"/> or
    /// <typeparamref name="TRefused"/> event; cases the reader no longer finds are left out.
    /// </summary>
    public static async Task<IReadOnlyList<(CaseDetails Case, TRequested Request)>> Read<TRequested, TApproved, TRefused>(
        DbSession session, AgencyAccess access, CaseReader reader, CancellationToken cancellationToken)
        where TRequested : CaseEvent where TApproved : CaseEvent where TRefused : CaseEvent
    {
        var agencies = await access.Scope(null, false, cancellationToken);
        if (agencies.Count == 0) return [];
        var parameters = new DynamicParameters();
        parameters.Add("agencies", agencies.ToArray());
        var rows = await session.Query<Row>($"""
            SELECT h.case_id, h.payload FROM case_history h
            WHERE h.kind = '{typeof(TRequested).Name}' AND h.voided_by_seq IS NULL
              AND h.case_id IN (SELECT id FROM cases WHERE {session.Dialect.InList("agency_code", "agencies")} AND status <> 'Closed')
              AND NOT EXISTS (SELECT 1 FROM case_history d WHERE d.case_id = h.case_id AND d.seq > h.seq AND d.voided_by_seq IS NULL
                              AND d.kind IN ('{typeof(TApproved).Name}', '{typeof(TRefused).Name}'))
            ORDER BY h.acting_on, h.seq
            """, parameters, cancellationToken);
        var result = new List<(CaseDetails, TRequested)>();
        foreach (var row in rows)
        {
            var requested = (TRequested)CaseEventSerializer.Deserialize(typeof(TRequested).Name, row.Payload);
            if (await reader.Find(Guid.Parse(row.CaseId), cancellationToken) is { } details) result.Add((details, requested));
        }

        return result;
    }
}
