using CaseTracker.Api.Identity;
using CaseTracker.Domain;
using CaseTracker.Domain.Attachments;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Attachments;
using CaseTracker.Infrastructure.PersonalData;
using Mediator;
using Microsoft.Net.Http.Headers;

namespace CaseTracker.Api.Features.Attachments.DownloadAttachment;

/// <summary>
/// Opens one attachment for download (issue 19 items 1–2): for an intake officer, case handler or approver of the case's own agency
/// (403 otherwise), and writes the read into the personal-data access log (who, when, which case, which file) in the same transaction.
/// 404: a case or file the user cannot see; a removed file (with who removed it, when and why). Returns the row; the endpoint then
/// streams the content chunk by chunk.
/// </summary>
public sealed record DownloadAttachmentCommand(Guid CaseId, Guid AttachmentId) : ICommand<AttachmentRow>;

internal sealed class DownloadAttachmentHandler(AttachmentAccess access, AttachmentStore store, PersonalDataLog log, CurrentUser user, RegisterClock clock)
    : ICommandHandler<DownloadAttachmentCommand, AttachmentRow>
{
    public async ValueTask<AttachmentRow> Handle(DownloadAttachmentCommand command, CancellationToken cancellationToken)
    {
        var head = await access.ForContent(command.CaseId, cancellationToken);
        var row = await store.Find(command.CaseId, command.AttachmentId, cancellationToken)
                  ?? throw new NotFoundException("attachment", $"Case {head.CaseNumber} has no attachment {command.AttachmentId}.");
        if (row.Status != AttachmentRow.Stored)
            throw new NotFoundException("attachment",
                $"The file {row.FileName} was removed from case {head.CaseNumber} by {row.RemovedByName} on {row.RemovedAt:yyyy-MM-dd}: {row.RemovalReason}");
        await log.Record(new PersonalDataLogEntry
        {
            Id = Guid.CreateVersion7(),
            Action = PersonalDataAction.Read,
            CaseId = command.CaseId,
            CaseNumber = head.CaseNumber,
            AgencyCode = head.AgencyCode,
            UserId = user.UserId,
            UserName = user.Name,
            Reason = Truncate($"附件下载：{AttachmentKinds.Name(Enum.Parse<AttachmentKind>(row.Kind))} {row.FileName}（{row.Id}）", 500),
            At = clock.Now,
        }, cancellationToken);
        return row;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

public static class DownloadAttachmentEndpoint
{
    /// <summary>
    /// A Content-Disposition that cannot break out of its header or name a path: the name as stored (already without path or
    /// control characters), an ASCII fallback with every other character as '_', and the UTF-8 name as filename* (RFC 5987/6266).
    /// </summary>
    public static string Disposition(string fileName, bool inline)
    {
        var header = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        header.SetHttpFileName(fileName);
        return header.ToString();
    }

    public static void Map(RouteGroupBuilder group) => group.MapGet("/cases/{id:guid}/attachments/{aid:guid}",
            async (Guid id, Guid aid, bool? inline, HttpContext http, ISender sender, AttachmentStore store, CancellationToken ct) =>
            {
                var row = await sender.Send(new DownloadAttachmentCommand(id, aid), ct);
                var type = FileTypes.FromMediaType(row.ContentType);
                var response = http.Response;
                response.ContentType = row.ContentType;
                response.ContentLength = row.SizeBytes;
                response.Headers.ContentDisposition = Disposition(row.FileName, inline == true && type is { } t && FileTypes.Previewable(t));
                response.Headers.CacheControl = "no-store";
                response.Headers.ETag = $"\"{row.Sha256}\"";
                response.Headers["X-Content-SHA256"] = row.Sha256;
                await store.CopyTo(row, response.Body, ct);
                return Results.Empty;
            })
        .RequireAuthorization(Policies.Attachments)
        .WithName("DownloadAttachment")
        .WithSummary("Download an attached file as uploaded (streamed; ?inline=true shows an image or PDF in the browser); the read is written to the personal-data access log.");
}
