using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ListPendingRequests;

/// <summary>An extension request waiting for an approver, with its case (the case's clock is in <see cref="Case"/>).</summary>
public sealed record PendingExtensionRequest(CaseDetails Case, DateOnly RequestedOn, int WorkingDays, string Reason, string RequestedBy);

/// <summary>A deferral request (延迟答复, Art. 35) waiting for an approver, with its case (the case's clock is in <see cref="Case"/>).</summary>
public sealed record PendingDeferralRequest(CaseDetails Case, DateOnly RequestedOn, DateOnly DueOn, string Reason, string RequestedBy);

/// <summary>Extension requests (Art. 33 ¶2) of open cases in the caller's agencies that no approver has decided yet, oldest request first (审批).</summary>
public sealed record ListExtensionRequestsQuery : IQuery<IReadOnlyList<PendingExtensionRequest>>;

/// <summary>Deferral requests (延迟答复, Art. 35) of open cases in the caller's agencies that no approver has decided yet, oldest request first (审批).</summary>
public sealed record ListDeferralRequestsQuery : IQuery<IReadOnlyList<PendingDeferralRequest>>;

/// <summary>
/// Both approval queues: the requests of one kind waiting in the open cases of the caller's agencies, read through the stored
/// fact of which request waits (<c>cases.pending_extension_seq</c>, <c>pending_deferral_seq</c>, kept by the case repository;
/// migration 0023), so the read touches only the cases with a waiting request.
/// </summary>
internal sealed class ListPendingRequestsHandler(DbSession session, AgencyAccess access, CaseReader reader)
    : IQueryHandler<ListExtensionRequestsQuery, IReadOnlyList<PendingExtensionRequest>>,
      IQueryHandler<ListDeferralRequestsQuery, IReadOnlyList<PendingDeferralRequest>>
{
    private sealed class Row
    {
        public string CaseId { get; init; } = default!;
        public string Payload { get; init; } = default!;
    }

    public async ValueTask<IReadOnlyList<PendingExtensionRequest>> Handle(ListExtensionRequestsQuery query, CancellationToken cancellationToken)
        => (await Waiting<ExtensionRequested>("pending_extension_seq", cancellationToken))
            .Select(p => new PendingExtensionRequest(p.Case, p.Request.RequestedOn, p.Request.WorkingDays, p.Request.Reason, p.Request.RequestedBy))
            .ToList();

    public async ValueTask<IReadOnlyList<PendingDeferralRequest>> Handle(ListDeferralRequestsQuery query, CancellationToken cancellationToken)
        => (await Waiting<DeferralRequested>("pending_deferral_seq", cancellationToken))
            .Select(p => new PendingDeferralRequest(p.Case, p.Request.RequestedOn, p.Request.DueOn, p.Request.Reason, p.Request.RequestedBy))
            .ToList();

    // The waiting requests whose seq the column holds, oldest request first; cases the reader no longer finds are left out.
    private async Task<IReadOnlyList<(CaseDetails Case, TRequested Request)>> Waiting<TRequested>(string column, CancellationToken cancellationToken)
        where TRequested : CaseEvent
    {
        var agencies = await access.Scope(null, false, cancellationToken);
        if (agencies.Count == 0) return [];
        var parameters = new DynamicParameters();
        parameters.Add("agencies", agencies.ToArray());
        var rows = await session.Query<Row>($"""
            SELECT c.id AS case_id, h.payload FROM cases c
            JOIN case_history h ON h.case_id = c.id AND h.seq = c.{column}
            WHERE c.{column} IS NOT NULL AND {session.Dialect.InList("c.agency_code", "agencies")} AND c.status <> 'Closed'
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

/// <summary>
/// <c>GET /api/cases/extension-requests</c> and <c>GET /api/cases/deferral-requests</c>: the approvers' queues (the 审批 screen
/// reads the same queries).
/// </summary>
public static class ListPendingRequestsEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/extension-requests", async (ISender sender, CancellationToken ct)
                => TypedResults.Ok(new { items = await sender.Send(new ListExtensionRequestsQuery(), ct) }))
            .RequireAuthorization(Policies.Approve)
            .WithName("ListExtensionRequests")
            .WithSummary("Extension requests of open cases in the caller's agencies that wait for an approver, oldest first, each with its case.");
        group.MapGet("/deferral-requests", async (ISender sender, CancellationToken ct)
                => TypedResults.Ok(new { items = await sender.Send(new ListDeferralRequestsQuery(), ct) }))
            .RequireAuthorization(Policies.Approve)
            .WithName("ListDeferralRequests")
            .WithSummary("Deferral requests (延迟答复, Art. 35) of open cases in the caller's agencies that wait for an approver, oldest first, each with its case.");
    }
}
