using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ListExtensionRequests;

/// <summary>An extension request waiting for an approver, with its case (the case's clock is in <see cref="Case"/>).</summary>
public sealed record PendingExtensionRequest(CaseDetails Case, DateOnly RequestedOn, int WorkingDays, string Reason, string RequestedBy);

/// <summary>Extension requests of open cases in the caller's agencies that no approver has decided yet, oldest request first (审批).</summary>
public sealed record ListExtensionRequestsQuery : IQuery<IReadOnlyList<PendingExtensionRequest>>;

internal sealed class ListExtensionRequestsHandler(DbSession session, AgencyAccess access, CaseReader reader)
    : IQueryHandler<ListExtensionRequestsQuery, IReadOnlyList<PendingExtensionRequest>>
{
    private sealed class Row
    {
        public string CaseId { get; init; } = default!;
        public string Payload { get; init; } = default!;
    }

    public async ValueTask<IReadOnlyList<PendingExtensionRequest>> Handle(ListExtensionRequestsQuery query, CancellationToken cancellationToken)
    {
        var agencies = await access.Scope(null, false, cancellationToken);
        if (agencies.Count == 0) return [];
        var parameters = new DynamicParameters();
        parameters.Add("agencies", agencies.ToArray());
        var rows = await session.Query<Row>($"""
            SELECT h.case_id, h.payload FROM case_history h
            WHERE h.kind = 'ExtensionRequested'
              AND h.case_id IN (SELECT id FROM cases WHERE {session.Dialect.InList("agency_code", "agencies")} AND status <> 'Closed')
              AND NOT EXISTS (SELECT 1 FROM case_history d WHERE d.case_id = h.case_id AND d.seq > h.seq
                              AND d.kind IN ('ExtensionApproved', 'ExtensionRefused'))
            ORDER BY h.acting_on, h.seq
            """, parameters, cancellationToken);
        var result = new List<PendingExtensionRequest>();
        foreach (var row in rows)
        {
            var requested = (ExtensionRequested)CaseEventSerializer.Deserialize(nameof(ExtensionRequested), row.Payload);
            if (await reader.Find(Guid.Parse(row.CaseId), cancellationToken) is { } details)
                result.Add(new PendingExtensionRequest(details, requested.RequestedOn, requested.WorkingDays, requested.Reason, requested.RequestedBy));
        }

        return result;
    }
}
