using CaseTracker.Api.Errors;
using Mediator;
using Microsoft.AspNetCore.Authorization;

namespace CaseTracker.Api.Desk.Forms;

/// <summary>
/// Sends a screen's command as the endpoint would: the route's policy is checked first (a screen never does what the API
/// refuses), then the same Mediator command; what it refuses comes back as a <see cref="FormProblem"/>.
/// </summary>
public sealed class DeskSender(ISender sender, IAuthorizationService authorization, IHttpContextAccessor http)
{
    /// <summary>True when the signed-in user satisfies <paramref name="policy"/>.</summary>
    public async Task<bool> May(string policy)
        => http.HttpContext?.User is { } user && (await authorization.AuthorizeAsync(user, policy)).Succeeded;

    /// <summary>The command's answer, or the problem that refused it (403 of the policy included).</summary>
    public async Task<(T? Result, FormProblem? Problem)> Send<T>(string policy, ICommand<T> command, CancellationToken cancellationToken = default)
    {
        if (!await May(policy)) return (default, FormProblem.From(new ForbiddenException("")));
        try
        {
            return (await sender.Send(command, cancellationToken), null);
        }
        catch (Exception e) when (FormProblem.From(e) is { } problem)
        {
            return (default, problem);
        }
    }
}
