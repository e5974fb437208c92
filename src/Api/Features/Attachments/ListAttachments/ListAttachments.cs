using CaseTracker.Api.Identity;
using CaseTracker.Infrastructure.Attachments;
using Mediator;

namespace CaseTracker.Api.Features.Attachments.ListAttachments;

/// <summary>The attachments of a case, oldest first, with <see cref="MayOpen"/>: whether the caller may download them.</summary>
public sealed record AttachmentList(Guid CaseId, string CaseNumber, bool MayOpen, bool Archived, IReadOnlyList<AttachmentDetails> Items);

/// <summary>
/// The attachments of a case (issue 19 item 1), stored and removed (a removed one with who removed it, when and why), for a user who can
/// see the case (404 otherwise): kind, name, type, size, SHA-256, the history entry and 邮件号 it belongs to. No content.
/// </summary>
public sealed record ListAttachmentsQuery(Guid CaseId) : IQuery<AttachmentList>;

internal sealed class ListAttachmentsHandler(AttachmentAccess access, AttachmentStore store) : IQueryHandler<ListAttachmentsQuery, AttachmentList>
{
    public async ValueTask<AttachmentList> Handle(ListAttachmentsQuery query, CancellationToken cancellationToken)
    {
        var head = await access.Visible(query.CaseId, cancellationToken);
        var rows = await store.List(query.CaseId, cancellationToken);
        return new AttachmentList(query.CaseId, head.CaseNumber, access.MayReadContent(head.AgencyCode), head.Archival is not null,
            rows.Select(AttachmentDetails.From).ToList());
    }
}

public static class ListAttachmentsEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/cases/{id:guid}/attachments",
            async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListAttachmentsQuery(id), ct)))
        .RequireAuthorization(Policies.Read)
        .WithName("ListAttachments")
        .WithSummary("The files attached to a case (kind, name, type, size, SHA-256; removed ones with who, when and why).");
}
