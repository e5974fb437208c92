using CaseTracker.Api.Identity;
using Mediator;

namespace CaseTracker.Api.Desk.Shared;

/// <summary>
/// How a screen sends the API's commands and queries. Static rendering runs the components of one page side by side
/// (the layout, each workbench section), so each message gets its own service scope, and with it its own database
/// session: one connection is never asked two things at once. The user is the request's, as for the endpoints.
/// </summary>
public sealed class DeskSender(IServiceScopeFactory scopes)
{
    public async Task<TResponse> Send<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, cancellationToken);
    }

    public async Task<TResponse> Send<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, cancellationToken);
    }

    /// <summary>The agency of this code, or null when it is not (yet) in the tree.</summary>
    public async Task<AgencyAccess.AgencyNode?> Agency(string code, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AgencyAccess>().Find(code, cancellationToken);
    }
}
