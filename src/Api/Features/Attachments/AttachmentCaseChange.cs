using System.Text.Json;
using CaseTracker.Api.Features.Cases;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;

namespace CaseTracker.Api.Features.Attachments;

/// <summary>A case an attachment command changes: its head (number, agency, archival) and the case itself, loaded for its history entry.</summary>
public sealed record AttachmentCase(CaseHead Head, Case Case);

/// <summary>
/// What adding and removing an attachment share (issue 19 item 1): opening the case — visible to the user (else 404), for an upload
/// also readable in full by the user (<see cref="AttachmentAccess.ForContent"/>, else 403), not archived (else 409, the case file is the
/// record) — and writing the one history entry (<c>AttachmentAdded</c> / <c>AttachmentRemoved</c>, dated today in China, the due date
/// unchanged) in the command's transaction.
/// </summary>
public sealed class AttachmentCaseChange(AttachmentAccess access, CaseSteps steps, ICaseRepository cases, RegisterClock clock, CurrentUser user)
{
    /// <summary>Who may change the case's files: <see cref="Content"/> (add: read it in full) or <see cref="Sight"/> (remove: see it; the route's policy says Administrator).</summary>
    public enum Need { Content, Sight }

    /// <summary>The case, checked as <paramref name="need"/> says and not archived; refuses with 404, 403 or 409.</summary>
    public async Task<AttachmentCase> Open(Guid caseId, Need need, CancellationToken cancellationToken)
    {
        var head = need == Need.Content ? await access.ForContent(caseId, cancellationToken) : await access.Visible(caseId, cancellationToken);
        AttachmentAccess.EnsureNotArchived(head);
        return new AttachmentCase(head, await steps.Load(caseId, null, cancellationToken));
    }

    /// <summary>Writes the case's history entry <paramref name="kind"/> with <paramref name="details"/> (serialised as the API writes JSON), by the current user.</summary>
    public async Task Record(Case @case, string kind, object details, CancellationToken cancellationToken)
    {
        var context = clock.Context();
        var reading = @case.Clock(context.Calendar, context.Settings);
        await cases.SaveNote(@case, reading.DueOn, reading, new CaseNote(kind, clock.Today, JsonSerializer.Serialize(details, ApiJson.Options)), user.Actor, clock.Now,
            cancellationToken);
    }
}
