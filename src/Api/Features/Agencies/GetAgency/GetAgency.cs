using CaseTracker.Api.Identity;
using CaseTracker.Domain;
using Mediator;

namespace CaseTracker.Api.Features.Agencies.GetAgency;

/// <summary>An agency as the register knows it: its code, name and parent (null for a root agency).</summary>
public sealed record AgencyView(string Code, string Name, string? ParentCode);

public sealed record GetAgencyQuery(string Code) : IQuery<AgencyView>;

/// <summary>One agency the caller may see (their own, or below it for a Supervisor or Administrator); any other code is 404.</summary>
internal sealed class GetAgencyHandler(AgencyAccess access) : IQueryHandler<GetAgencyQuery, AgencyView>
{
    public async ValueTask<AgencyView> Handle(GetAgencyQuery query, CancellationToken cancellationToken)
    {
        var agency = await access.Find(query.Code, cancellationToken);
        if (agency is null || !(await access.Visible(cancellationToken)).Contains(agency.Code))
            throw new NotFoundException("agency", $"There is no agency {query.Code} that you may see.");
        return new AgencyView(agency.Code, agency.Name, agency.ParentCode);
    }
}

public static class GetAgencyEndpoint
{
    public static void Map(RouteGroupBuilder group)
        => group.MapGet("/{code}", async (string code, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetAgencyQuery(code), ct)))
            .RequireAuthorization(Policies.Read)
            .WithName("GetAgency")
            .WithSummary("One agency the caller may see: code, name, parent code (null for a root agency); 404 for any other code.");
}
