using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Infrastructure.Users;
using Mediator;

namespace CaseTracker.Api.Features.Users.ListHandlers;

/// <summary>A case handler as lists and assignment name them: the user id cases are assigned to, and the display name.</summary>
public sealed record HandlerView(string UserId, string Name, string AgencyCode);

/// <summary>The active case handlers of an agency (and its subordinates with <c>subtree</c>), or of every agency the caller sees.</summary>
public sealed record ListHandlersQuery : IQuery<IReadOnlyList<HandlerView>>, IValidatable
{
    public string? Agency { get; init; }
    public bool Subtree { get; init; }

    public void Validate(Validator v) => v.Code("agency", Agency, required: false);
}

internal sealed class ListHandlersHandler(UserStore store, AgencyAccess access) : IQueryHandler<ListHandlersQuery, IReadOnlyList<HandlerView>>
{
    public async ValueTask<IReadOnlyList<HandlerView>> Handle(ListHandlersQuery query, CancellationToken cancellationToken)
    {
        var agencies = await access.Scope(query.Agency, query.Subtree, cancellationToken);
        return (await store.OfAgencies(agencies.ToList(), cancellationToken))
            .Where(u => u.Active && u.Roles.Contains(Roles.CaseHandler))
            .Select(u => new HandlerView(u.Id, u.Name, u.AgencyCode))
            .OrderBy(h => h.AgencyCode, StringComparer.Ordinal).ThenBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
    }
}

public static class ListHandlersEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/handlers", async (string? agency, bool? subtree, ISender sender, CancellationToken ct)
            => TypedResults.Ok(await sender.Send(new ListHandlersQuery { Agency = agency, Subtree = subtree ?? false }, ct)))
        .RequireAuthorization(Policies.Read)
        .WithTags("Users")
        .WithName("ListHandlers")
        .WithSummary("The active case handlers of an agency the caller sees (the names a case list filters by and a case is assigned to).");
}
