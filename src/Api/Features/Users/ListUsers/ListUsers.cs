using CaseTracker.Api.Identity;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Users;
using Mediator;

namespace CaseTracker.Api.Features.Users.ListUsers;

public sealed record ListUsersQuery(string? Agency, bool Subtree) : IQuery<IReadOnlyList<UserView>>;

/// <summary>The users of an agency (and its subordinates with <c>subtree</c>), or of every agency the administrator administers.</summary>
internal sealed class ListUsersHandler(UserStore store, AgencyAccess access, RegisterClock clock) : IQueryHandler<ListUsersQuery, IReadOnlyList<UserView>>
{
    public async ValueTask<IReadOnlyList<UserView>> Handle(ListUsersQuery query, CancellationToken cancellationToken)
    {
        var agencies = await access.Scope(query.Agency, query.Subtree, cancellationToken);
        return (await store.OfAgencies(agencies.ToList(), cancellationToken)).Select(u => UserView.Of(u, clock.Now)).ToList();
    }
}
