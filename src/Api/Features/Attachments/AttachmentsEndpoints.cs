namespace CaseTracker.Api.Features.Attachments;

/// <summary>
/// The Attachments area's routes (issue 19, api.md "Attachments and the case file"): upload, list, download and removal of the
/// files of a case under /api/cases/{id}/attachments.
/// </summary>
public static class AttachmentsEndpoints
{
    public static void MapAttachments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Attachments");
        AddAttachment.AddAttachmentEndpoint.Map(group);
        ListAttachments.ListAttachmentsEndpoint.Map(group);
        DownloadAttachment.DownloadAttachmentEndpoint.Map(group);
        RemoveAttachment.RemoveAttachmentEndpoint.Map(group);
    }
}
