using CaseTracker.Api.Identity;
using Mediator;

namespace CaseTracker.Api.Features.Agencies.ListAgencies;

public sealed record AgencyTreeNode(string Code, string Name, string? ParentCode, IReadOnlyList<AgencyTreeNode> Children);

public sealed record ListAgenciesQuery : IQuery<IReadOnlyList<AgencyTreeNode>>;

/// <summary>The tree of agencies the caller may see, rooted at their own.</summary>
internal sealed class ListAgenciesHandler(AgencyAccess access) : IQueryHandler<ListAgenciesQuery, IReadOnlyList<AgencyTreeNode>>
{
    public async ValueTask<IReadOnlyList<AgencyTreeNode>> Handle(ListAgenciesQuery query, CancellationToken cancellationToken)
    {
        var visible = await access.Visible(cancellationToken);
        var nodes = (await access.All(cancellationToken)).Where(a => visible.Contains(a.Code)).ToList();
        var children = nodes.ToLookup(n => n.ParentCode ?? "");
        AgencyTreeNode Build(AgencyAccess.AgencyNode n) => new(n.Code, n.Name, n.ParentCode, children[n.Code].Select(Build).ToList());
        return nodes.Where(n => n.ParentCode is null || !visible.Contains(n.ParentCode)).Select(Build).ToList();
    }
}

public static class ListAgenciesEndpoint
{
    public static void Map(RouteGroupBuilder group)
        => group.MapGet("/", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListAgenciesQuery(), ct)))
            .RequireAuthorization(Policies.Read)
            .WithName("ListAgencies");
}
