using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Infrastructure.Users;
using Mediator;

namespace CaseTracker.Api.Features.Users.ListHandlers;

/// <summary>
/// A case handler as lists and assignment name them: the user id cases are assigned to, and the display name. <see cref="Former"/>
/// (only with <see cref="ListHandlersQuery.WithFormerHoldingOpenCases"/>): true for a user who still holds open cases but is no
/// longer an active case handler (account disabled, or the role taken away).
/// </summary>
public sealed record HandlerView(string UserId, string Name, string AgencyCode,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool Former = false);

/// <summary>The active case handlers of an agency (and its subordinates with <c>subtree</c>), or of every agency the caller sees.</summary>
public sealed record ListHandlersQuery : IQuery<IReadOnlyList<HandlerView>>, IValidatable
{
    public string? Agency { get; init; }
    public bool Subtree { get; init; }

    /// <summary>
    /// Also the users who hold open cases of the scope but are no longer active case handlers (the desk's 承办人 filter, trial G
    /// finding 19: their cases are neither 未分配 nor anyone's in the list, so a supervisor could not find them to reassign).
    /// </summary>
    public bool WithFormerHoldingOpenCases { get; init; }

    public void Validate(Validator v) => v.Code("agency", Agency, required: false);
}

internal sealed class ListHandlersHandler(UserStore store, AgencyAccess access, CaseTracker.Infrastructure.Persistence.DbSession session)
    : IQueryHandler<ListHandlersQuery, IReadOnlyList<HandlerView>>
{
    public async ValueTask<IReadOnlyList<HandlerView>> Handle(ListHandlersQuery query, CancellationToken cancellationToken)
    {
        var agencies = (await access.Scope(query.Agency, query.Subtree, cancellationToken)).ToList();
        var users = await store.OfAgencies(agencies, cancellationToken);
        var active = users.Where(u => u.Active && u.Roles.Contains(Roles.CaseHandler)).Select(u => new HandlerView(u.Id, u.Name, u.AgencyCode)).ToList();
        if (query.WithFormerHoldingOpenCases && agencies.Count > 0)
        {
            // The holders of open cases, from the index of the open cases per handler (migration 0038).
            var holders = await session.Query<FormerHolder>($"""
                SELECT DISTINCT assigned_user_id AS UserId, assigned_user_name AS Name, agency_code AS AgencyCode FROM cases
                WHERE {session.Dialect.InList("agency_code", "agencies")} AND status <> 'Closed' AND assigned_user_id IS NOT NULL
                """, new { agencies = agencies.ToArray() }, cancellationToken);
            var activeIds = active.Select(h => h.UserId).ToHashSet(StringComparer.Ordinal);
            active.AddRange(holders.Where(h => !activeIds.Contains(h.UserId)).DistinctBy(h => h.UserId)
                .Select(h => new HandlerView(h.UserId, users.FirstOrDefault(u => u.Id == h.UserId)?.Name ?? h.Name ?? h.UserId, h.AgencyCode, Former: true)));
        }

        return active.OrderBy(h => h.Former).ThenBy(h => h.AgencyCode, StringComparer.Ordinal).ThenBy(h => h.Name, StringComparer.Ordinal).ToList();
    }

    private sealed class FormerHolder
    {
        public string UserId { get; init; } = default!;
        public string? Name { get; init; }
        public string AgencyCode { get; init; } = default!;
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
