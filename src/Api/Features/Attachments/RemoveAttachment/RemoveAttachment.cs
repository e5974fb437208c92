using System.Text.Json;
using CaseTracker.Api.Features.Cases;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Attachments;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Attachments;
using Mediator;

namespace CaseTracker.Api.Features.Attachments.RemoveAttachment;

/// <summary>The body of a removal: why the file is removed (at least 2 letters or digits).</summary>
public sealed record RemoveAttachmentRequest(string? Reason);

/// <summary>
/// Removes an attachment (issue 19 item 1): an administrator of the case's agency or a parent, with a reason. The content is deleted;
/// the row stays with who removed it, when and why, and the case history gets an <c>AttachmentRemoved</c> entry. Refused: no reason
/// (400), a file already removed or an archived case (409), another role (403), a case or file the user cannot see (404).
/// </summary>
public sealed record RemoveAttachmentCommand(Guid CaseId, Guid AttachmentId) : ICommand<AttachmentDetails>, IValidatable
{
    public string? Reason { get; init; }

    public void Validate(Validator v)
    {
        v.Text("reason", Reason, 500, required: true);
        if (!string.IsNullOrWhiteSpace(Reason) && Reason.Count(char.IsLetterOrDigit) < 2)
            v.Error("reason", "reason must say why the file is removed, in at least 2 letters or digits.");
    }
}

internal sealed class RemoveAttachmentHandler(AttachmentCaseChange change, AttachmentStore store, RegisterClock clock, CurrentUser user)
    : ICommandHandler<RemoveAttachmentCommand, AttachmentDetails>
{
    public async ValueTask<AttachmentDetails> Handle(RemoveAttachmentCommand command, CancellationToken cancellationToken)
    {
        var (head, @case) = await change.Open(command.CaseId, AttachmentCaseChange.Need.Sight, cancellationToken);
        var row = await store.Find(command.CaseId, command.AttachmentId, cancellationToken)
                  ?? throw new NotFoundException("attachment", $"Case {head.CaseNumber} has no attachment {command.AttachmentId}.");
        var reason = command.Reason!.Trim();
        if (!await store.Remove(command.AttachmentId, user.Actor, reason, clock.Now, cancellationToken))
            throw new DomainRuleException($"The file {row.FileName} was already removed from case {head.CaseNumber}.");
        await change.Record(@case, "AttachmentRemoved", new
        {
            attachmentId = command.AttachmentId, kind = row.Kind, kindName = AttachmentKinds.Name(Enum.Parse<AttachmentKind>(row.Kind)), fileName = row.FileName,
            sha256 = row.Sha256, reason,
        }, cancellationToken);
        return AttachmentDetails.From((await store.Find(command.CaseId, command.AttachmentId, cancellationToken))!);
    }
}

public static class RemoveAttachmentEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/cases/{id:guid}/attachments/{aid:guid}/removal",
            async (Guid id, Guid aid, RemoveAttachmentRequest body, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new RemoveAttachmentCommand(id, aid) { Reason = body.Reason }, ct)))
        .RequireAuthorization(Policies.Administer)
        .WithName("RemoveAttachment")
        .WithSummary("Remove an attached file (Administrator, with a reason): its content is deleted, the record and the reason stay, and the case history has the entry.");
}
