using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ListDeferralRequests;

/// <summary>A deferral request (延迟答复, Art. 35) waiting for an approver, with its case (the case's clock is in <see cref="Case"/>).</summary>
public sealed record PendingDeferralRequest(CaseDetails Case, DateOnly RequestedOn, DateOnly DueOn, string Reason, string RequestedBy);

/// <summary>Deferral requests of open cases in the caller's agencies that no approver has decided yet, oldest request first (审批).</summary>
public sealed record ListDeferralRequestsQuery : IQuery<IReadOnlyList<PendingDeferralRequest>>;

internal sealed class ListDeferralRequestsHandler(DbSession session, AgencyAccess access, CaseReader reader)
    : IQueryHandler<ListDeferralRequestsQuery, IReadOnlyList<PendingDeferralRequest>>
{
    public async ValueTask<IReadOnlyList<PendingDeferralRequest>> Handle(ListDeferralRequestsQuery query, CancellationToken cancellationToken)
        => (await PendingRequests.Read<DeferralRequested, DeferralApproved, DeferralRefused>(session, access, reader, cancellationToken))
            .Select(p => new PendingDeferralRequest(p.Case, p.Request.RequestedOn, p.Request.DueOn, p.Request.Reason, p.Request.RequestedBy))
            .ToList();
}

/// <summary><c>GET /api/cases/deferral-requests</c>: the approvers' queue of deferral requests (延迟答复; the 审批 screen reads the same query).</summary>
public static class ListDeferralRequestsEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/deferral-requests", async (ISender sender, CancellationToken ct)
            => TypedResults.Ok(new { items = await sender.Send(new ListDeferralRequestsQuery(), ct) }))
        .RequireAuthorization(Policies.Approve)
        .WithName("ListDeferralRequests")
        .WithSummary("Deferral requests (延迟答复, Art. 35) of open cases in the caller's agencies that wait for an approver, oldest first, each with its case.");
}
