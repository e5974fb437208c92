using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Infrastructure.Agencies;
using Mediator;

namespace CaseTracker.Api.Features.Agencies.GetAgency;

/// <summary>
/// An agency as the register knows it: its code, name, parent (null for a root agency), whether it takes new cases, and
/// its <see cref="Version"/> (1 + its recorded changes), also sent as the ETag, for the If-Match of PUT /api/agencies/{code}.
/// </summary>
public sealed record AgencyView(string Code, string Name, string? ParentCode, bool Active, int Version);

public sealed record GetAgencyQuery(string Code) : IQuery<AgencyView>;

/// <summary>One agency the caller may see (their own, or below it for a Supervisor or Administrator); any other code is 404.</summary>
internal sealed class GetAgencyHandler(AgencyAccess access, AgencyStore agencies) : IQueryHandler<GetAgencyQuery, AgencyView>
{
    public async ValueTask<AgencyView> Handle(GetAgencyQuery query, CancellationToken cancellationToken)
    {
        var agency = await access.Find(query.Code, cancellationToken);
        if (agency is null || !(await access.Visible(cancellationToken)).Contains(agency.Code))
            throw new NotFoundException("agency", $"There is no agency {query.Code} that you may see.");
        return new AgencyView(agency.Code, agency.Name, agency.ParentCode, agency.Active, await agencies.Version(agency.Code, cancellationToken));
    }
}

public static class GetAgencyEndpoint
{
    public static void Map(RouteGroupBuilder group)
        => group.MapGet("/{code}", async (string code, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var agency = await sender.Send(new GetAgencyQuery(code), ct);
                response.Headers.ETag = Preconditions.ETag(agency.Version);
                return TypedResults.Ok(agency);
            })
            .RequireAuthorization(Policies.Read)
            .WithName("GetAgency")
            .WithSummary("One agency the caller may see: code, name, parent code (null for a root agency), active, version (also the ETag, for If-Match of PUT); 404 for any other code.");
}
