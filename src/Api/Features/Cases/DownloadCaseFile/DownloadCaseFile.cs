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
                IStringLocalizer<Desk.Cases.CaseText> text, CancellationToken ct) =>
            {
                var plan = await sender.Send(new OpenCaseFileCommand(id), ct);
                var c = plan.Case;
                var items = new List<CaseFileItem>();
                foreach (var d in plan.Documents)
                {
                    var kind = Enum.Parse<DocumentKind>(d.Kind);
                    var state = d.ReplacedByDocumentId is not null ? "（已更正）" : d.SupersededBy is not null ? "（已撤销）" : "";
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

                var history = plan.History.Items.Select(h => new CaseFileHistoryLine(h.Seq, h.ActingOn, Label(text, h.Kind), h.Actor.Name, h.DueBefore, h.DueAfter,
                    Summary(h.Details), h.Voided is not null)).ToList();
                var cover = new CaseFileCover(c.CaseNumber, plan.AgencyName, c.Applicant.Name, c.Description, c.ReceivedOn, c.ClosedOn, c.Outcome,
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

    private static string Label(IStringLocalizer<Desk.Cases.CaseText> text, string kind)
    {
        var label = text[$"Event_{kind}"];
        return label.ResourceNotFound ? kind : label.Value;
    }

    // The string values of an entry's details (reason, number, file name, tracking number …), without ids and digests.
    private static string? Summary(JsonElement? details)
    {
        if (details is not { ValueKind: JsonValueKind.Object } d) return null;
        var parts = d.EnumerateObject()
            .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number && !p.Name.EndsWith("Id", StringComparison.Ordinal)
                        && p.Name is not ("sha256" or "kind" or "contentType"))
            .Select(p => p.Value.ToString());
        var text = string.Join("；", parts);
        return text.Length == 0 ? null : text;
    }
}
