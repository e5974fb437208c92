using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ListDeferralRequests;

/// <summary>A deferral request (延迟答复, Art. 35) waiting for an approver, with its case (the case's clock is in <see cref="Case"/>).</summary>
public sealed record PendingDeferralRequest(CaseDetails Case, DateOnly RequestedOn, DateOnly DueOn, string Reason, string RequestedBy);

/// <summary>Deferral requests of open cases in the caller's agencies that no approver has decided yet, oldest request first (审批).</summary>
public sealed record ListDeferralRequestsQuery : IQuery<IReadOnlyList<PendingDeferralRequest>>;

internal sealed class ListDeferralRequestsHandler(DbSession session, AgencyAccess access, CaseReader reader)
    : IQueryHandler<ListDeferralRequestsQuery, IReadOnlyList<PendingDeferralRequest>>
{
    private sealed class Row
    {
        public string CaseId { get; init; } = default!;
        public string Payload { get; init; } = default!;
    }

    public async ValueTask<IReadOnlyList<PendingDeferralRequest>> Handle(ListDeferralRequestsQuery query, CancellationToken cancellationToken)
    {
        var agencies = await access.Scope(null, false, cancellationToken);
        if (agencies.Count == 0) return [];
        var parameters = new DynamicParameters();
        parameters.Add("agencies", agencies.ToArray());
        var rows = await session.Query<Row>($"""
            SELECT h.case_id, h.payload FROM case_history h
            WHERE h.kind = 'DeferralRequested'
              AND h.case_id IN (SELECT id FROM cases WHERE {session.Dialect.InList("agency_code", "agencies")} AND status <> 'Closed')
              AND NOT EXISTS (SELECT 1 FROM case_history d WHERE d.case_id = h.case_id AND d.seq > h.seq
                              AND d.kind IN ('DeferralApproved', 'DeferralRefused'))
            ORDER BY h.acting_on, h.seq
            """, parameters, cancellationToken);
        var result = new List<PendingDeferralRequest>();
        foreach (var row in rows)
        {
            var requested = (DeferralRequested)CaseEventSerializer.Deserialize(nameof(DeferralRequested), row.Payload);
            if (await reader.Find(Guid.Parse(row.CaseId), cancellationToken) is { } details)
                result.Add(new PendingDeferralRequest(details, requested.RequestedOn, requested.DueOn, requested.Reason, requested.RequestedBy));
        }

        return result;
    }
}
