using System.Text;
using System.Text.Json;
using CaseTracker.Api.Features.Attachments;
using CaseTracker.Api.Features.Cases.GetDeadline;
using CaseTracker.Api.Features.Cases.GetHistory;
using CaseTracker.Api.Identity;
using CaseTracker.Domain;
using CaseTracker.Domain.Attachments;
using CaseTracker.Domain.Clock;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Attachments;
using CaseTracker.Infrastructure.Cases;
using CaseTracker.Infrastructure.Documents;
using CaseTracker.Infrastructure.PersonalData;
using Mediator;
using Microsoft.Extensions.Localization;

namespace CaseTracker.Api.Features.Cases.DownloadCaseFile;

/// <summary>What a case file holds before it is written: the case, its history, the due-date explanation, its issued documents and stored attachments.</summary>
public sealed record CaseFilePlan(CaseDetails Case, string AgencyName, CaseArchivalRow? Archival, HistoryResponse History, DeadlineResponse Deadline,
    IReadOnlyList<IssuedDocumentRow> Documents, IReadOnlyList<AttachmentRow> Attachments);

/// <summary>
/// Opens a case's file (案卷, issue 19 item 4) for download: for an intake officer, case handler or approver of the case's own agency
/// (403 otherwise: it holds the applicant's personal data and the attachments), with the read written to the access log. Any case may be
/// downloaded; an archived case's file is its record. 404: a case the user cannot see.
/// </summary>
public sealed record OpenCaseFileCommand(Guid CaseId) : ICommand<CaseFilePlan>;

internal sealed class OpenCaseFileHandler(AttachmentAccess access, CaseReader reader, ISender sender, IssuedDocumentStore documents, AttachmentStore attachments,
    AgencyAccess agencies, PersonalDataLog log, CurrentUser user, RegisterClock clock) : ICommandHandler<OpenCaseFileCommand, CaseFilePlan>
{
    public async ValueTask<CaseFilePlan> Handle(OpenCaseFileCommand command, CancellationToken cancellationToken)
    {
        var head = await access.ForContent(command.CaseId, cancellationToken);
        var details = (await reader.Find(command.CaseId, cancellationToken))!;
        var history = await sender.Send(new GetHistoryQuery(command.CaseId), cancellationToken);
        var deadline = await sender.Send(new GetDeadlineQuery(command.CaseId), cancellationToken);
        await log.Record(new PersonalDataLogEntry
        {
            Id = Guid.CreateVersion7(),
            Action = PersonalDataAction.Read,
            CaseId = command.CaseId,
            CaseNumber = head.CaseNumber,
            AgencyCode = head.AgencyCode,
            UserId = user.UserId,
            UserName = user.Name,
            Reason = "案卷下载",
            At = clock.Now,
        }, cancellationToken);
        return new CaseFilePlan(details, (await agencies.Find(head.AgencyCode, cancellationToken))?.Name ?? head.AgencyCode, head.Archival, history, deadline,
            await documents.List(command.CaseId, cancellationToken),
            (await attachments.List(command.CaseId, cancellationToken)).Where(a => a.Status == AttachmentRow.Stored).ToList());
    }
}

public static class DownloadCaseFileEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/{id:guid}/file",
            async (Guid id, HttpContext http, ISender sender, IssuedDocumentStore documents, AttachmentStore attachments, RegisterClock clock,
                IStringLocalizer<Desk.Cases.CaseText> text, IStringLocalizer<Desk.DeskText> names, CancellationToken ct) =>
            {
                var plan = await sender.Send(new OpenCaseFileCommand(id), ct);
                var c = plan.Case;
                var items = new List<CaseFileItem>();
                foreach (var d in plan.Documents)
                {
                    var kind = Enum.Parse<DocumentKind>(d.Kind);
                    var state = d.ReplacedByDocumentId is not null ? "（已更正）" : d.SupersededBy is not null ? "（已作废）" : "";
                    items.Add(new CaseFileItem(d.IssuedOn, d.Title + state, d.Number, null, $"{d.Title}-{d.Number}.docx", d.Sha256, async (stream, token) =>
                    {
                        var content = await documents.Content(id, Guid.Parse(d.Id), token);
                        if (content?.Docx is { } docx) await stream.WriteAsync(docx, token);
                        else await stream.WriteAsync(Encoding.UTF8.GetBytes("本文书内容已随申请人个人信息在保存期届满时删除。"), token);
                    }));
                }

                foreach (var a in plan.Attachments)
                {
                    var kind = Enum.Parse<AttachmentKind>(a.Kind);
                    var type = FileTypes.FromMediaType(a.ContentType);
                    var on = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(a.CreatedAt, RegisterClock.China).DateTime);
                    var title = AttachmentKinds.Name(kind) + (a.TrackingNumber is { } t ? $"（邮件号 {t}）" : "") + (a.Note is { } n ? $"：{n}" : "");
                    items.Add(new CaseFileItem(on, title, AttachmentKinds.Name(kind), type is FileType.Jpeg or FileType.Png ? 1 : null,
                        $"{AttachmentKinds.Name(kind).Replace('/', '-')}-{a.FileName}", a.Sha256, (stream, token) => attachments.CopyTo(a, stream, token)));
                }

                // the history and the cover named as the desk case page names them (issue 19: the permanent record has no raw codes)
                var named = new Desk.Cases.HistoryText(text, names, c.Regime, plan.History.Items);
                var history = plan.History.Items.Select(h => new CaseFileHistoryLine(h.Seq, h.ActingOn, named.EventLabel(h), h.Actor.Name, h.DueBefore, h.DueAfter,
                    Summary(h, named), h.Voided is not null)).ToList();
                var cover = new CaseFileCover(c.CaseNumber, plan.AgencyName, c.Applicant.Name, c.Description, c.ReceivedOn, c.ClosedOn,
                    c.Outcome is null ? null : named.OutcomeText(c.Outcome),
                    plan.Archival?.ArchivedOn, clock.Now);
                var response = http.Response;
                response.ContentType = "application/zip";
                response.Headers.ContentDisposition = Attachments.DownloadAttachment.DownloadAttachmentEndpoint.Disposition($"案卷-{c.CaseNumber}.zip", inline: false);
                response.Headers.CacheControl = "no-store";
                await CaseFileWriter.Write(response.Body, cover, history, ChineseExplanation.Lines(plan.Deadline.Explanation), items, ct);
                return Results.Empty;
            })
        .RequireAuthorization(Policies.Attachments)
        .WithName("DownloadCaseFile")
        .WithSummary("The case file (案卷) as a ZIP, streamed: 卷内目录 (HTML and CSV), the history and due-date explanation, every issued document and attachment in date order, and a manifest with their SHA-256; the read is logged.");

    // What the history line adds to its label: a correction's before → after lines, the 邮件号 of a delivery by post, an attachment's file name,
    // a decision's summary (the codes already named in the label).
    private static string? Summary(HistoryEntry h, Desk.Cases.HistoryText named)
    {
        var parts = new List<string>(named.ChangeLines(h));
        if (Desk.Cases.HistoryText.Str(h, "trackingNumber") is { } tracking) parts.Add($"邮件号 {tracking}");
        if (Desk.Cases.HistoryText.Str(h, "kindName") is { } kindName) parts.Add(kindName);
        if (Desk.Cases.HistoryText.Str(h, "fileName") is { } file) parts.Add(file);
        if (Desk.Cases.HistoryText.Str(h, "summary") is { } summary) parts.Add(summary);
        return parts.Count == 0 ? null : string.Join("；", parts);
    }
}
