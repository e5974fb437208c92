using CaseTracker.Api.Desk.Forms;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;

namespace CaseTracker.Api.Desk.Shared;

/// <summary>
/// How a screen sends the API's commands and queries. Static rendering runs the components of one page side by side
/// (the layout, each workbench section), so each message gets its own service scope, and with it its own database
/// session: one connection is never asked two things at once. The user is the request's, as for the endpoints. A form's
/// command is sent as its endpoint would: the route's policy is checked first (a screen never does what the API refuses),
/// then the same command; what it refuses comes back as a <see cref="FormProblem"/>.
/// </summary>
public sealed class DeskSender(IServiceScopeFactory scopes, IAuthorizationService authorization, IHttpContextAccessor http)
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
            return (await Send(command, cancellationToken), null);
        }
        catch (Exception e) when (FormProblem.From(e) is { } problem)
        {
            return (default, problem);
        }
    }

    /// <summary>The query's answer, or the problem that refused it (a draft the case cannot make now, a document erased, the policy's 403).</summary>
    public async Task<(T? Result, FormProblem? Problem)> Send<T>(string policy, IQuery<T> query, CancellationToken cancellationToken = default)
    {
        if (!await May(policy)) return (default, FormProblem.From(new ForbiddenException("")));
        try
        {
            return (await Send(query, cancellationToken), null);
        }
        catch (Exception e) when (FormProblem.From(e) is { } problem)
        {
            return (default, problem);
        }
    }

    /// <summary>
    /// Attaches a file posted by a desk form to a case (issue 19): the same checks, storage and command as POST /api/cases/{id}/attachments;
    /// the attachment, or the problem that refused it (415/413 beside the file field).
    /// </summary>
    public async Task<(Features.Attachments.AttachmentDetails? Result, FormProblem? Problem)> Attach(Guid caseId, IFormFile? file, string? kind, string? note,
        string? trackingNumber, CancellationToken cancellationToken)
    {
        if (!await May(Identity.Policies.Attachments)) return (null, FormProblem.From(new ForbiddenException("")));
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var upload = scope.ServiceProvider.GetRequiredService<Features.Attachments.AddAttachment.AttachmentUpload>();
            return (await upload.ReceiveForm(caseId, file, kind, null, trackingNumber, note, cancellationToken), null);
        }
        catch (Exception e) when (FormProblem.From(e) is { } problem)
        {
            return (null, problem);
        }
    }

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
