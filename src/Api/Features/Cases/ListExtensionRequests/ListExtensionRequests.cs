using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ListExtensionRequests;

/// <summary>An extension request waiting for an approver, with its case (the case's clock is in <see cref="Case"/>).</summary>
public sealed record PendingExtensionRequest(CaseDetails Case, DateOnly RequestedOn, int WorkingDays, string Reason, string RequestedBy);

/// <summary>Extension requests of open cases in the caller's agencies that no approver has decided yet, oldest request first (审批).</summary>
public sealed record ListExtensionRequestsQuery : IQuery<IReadOnlyList<PendingExtensionRequest>>;

internal sealed class ListExtensionRequestsHandler(DbSession session, AgencyAccess access, CaseReader reader)
    : IQueryHandler<ListExtensionRequestsQuery, IReadOnlyList<PendingExtensionRequest>>
{
    public async ValueTask<IReadOnlyList<PendingExtensionRequest>> Handle(ListExtensionRequestsQuery query, CancellationToken cancellationToken)
        => (await PendingRequests.Read<ExtensionRequested, ExtensionApproved, ExtensionRefused>(session, access, reader, cancellationToken))
            .Select(p => new PendingExtensionRequest(p.Case, p.Request.RequestedOn, p.Request.WorkingDays, p.Request.Reason, p.Request.RequestedBy))
            .ToList();
}

/// <summary><c>GET /api/cases/extension-requests</c>: the approvers' queue of extension requests (the 审批 screen reads the same query).</summary>
public static class ListExtensionRequestsEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/extension-requests", async (ISender sender, CancellationToken ct)
            => TypedResults.Ok(new { items = await sender.Send(new ListExtensionRequestsQuery(), ct) }))
        .RequireAuthorization(Policies.Approve)
        .WithName("ListExtensionRequests")
        .WithSummary("Extension requests of open cases in the caller's agencies that wait for an approver, oldest first, each with its case.");
}
