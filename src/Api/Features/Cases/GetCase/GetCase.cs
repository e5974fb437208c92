using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.GetCase;

public sealed record GetCaseQuery(Guid CaseId) : IQuery<CaseDetails>;

internal sealed class GetCaseHandler(CaseReader reader, AgencyAccess access, CaseArchiveStore archive) : IQueryHandler<GetCaseQuery, CaseDetails>
{
    public async ValueTask<CaseDetails> Handle(GetCaseQuery query, CancellationToken cancellationToken)
    {
        var details = await access.VisibleCase(query.CaseId, await reader.Find(query.CaseId, cancellationToken), d => d.AgencyCode, cancellationToken);
        return await archive.Find(query.CaseId, cancellationToken) is { } archival ? details with { ArchivedOn = archival.ArchivedOn } : details;
    }
}

public static class GetCaseEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/{id:guid}", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
        {
            var details = await sender.Send(new GetCaseQuery(id), ct);
            http.Response.Headers.ETag = Preconditions.ETag(details.Version);
            return TypedResults.Ok(details);
        })
        .RequireAuthorization(Policies.Read)
        .WithName("GetCase")
        .WithSummary("Case details (api.md): dates as China dates, the due date and working days left for today; once closed by a delivery, delivery { deliveredOn, method, trackingNumber } (送达日期, 送达方式, 邮件号).");
}
