using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CaseTracker.Api.Features.Cases;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Attachments;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Attachments;
using CaseTracker.Infrastructure.Persistence;
using Mediator;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CaseTracker.Api.Features.Attachments.AddAttachment;

/// <summary>A file streamed into storage, not yet part of the case: its id, name as uploaded, the type its bytes show, and what was stored.</summary>
public sealed record ReceivedFile(Guid Id, string FileName, FileType Type, StoredContent Content);

/// <summary>
/// Completes an upload (issue 19 item 1): the file <see cref="AttachmentId"/> that <see cref="AttachmentUpload"/> streamed in becomes an
/// attachment of the case with its kind (申请书, 身份证明, 授权委托书, 信封/邮戳, 第三方意见, 送达凭证, 其他), the history entry it belongs
/// to (<see cref="EventSeq"/>, optional), for a 送达凭证 the 邮件号 of the delivery (<see cref="TrackingNumber"/>; the delivery's own
/// when not given), and a note; one history entry (<c>AttachmentAdded</c>: kind, name, size, SHA-256). Refused: an unknown kind, a note
/// over 500 characters, a history entry the case does not have, a tracking number on another kind or one no delivery of the case
/// carries (400); an archived case (409).
/// </summary>
public sealed record AddAttachmentCommand : ICommand<AttachmentDetails>, IValidatable
{
    public Guid CaseId { get; init; }
    public Guid AttachmentId { get; init; }
    public string? Kind { get; init; }
    public string? EventSeq { get; init; }
    public string? TrackingNumber { get; init; }
    public string? Note { get; init; }
    public required ReceivedFile File { get; init; }

    public void Validate(Validator v)
    {
        v.Required("kind", Kind is null ? null : Kind, "kind is required: one of Application (申请书), Identity (身份证明), PowerOfAttorney (授权委托书), Envelope (信封/邮戳), ThirdPartyOpinion (第三方意见), DeliveryProof (送达凭证) or Other (其他).");
        if (Kind is not null && AttachmentKinds.Parse(Kind) is null)
            v.Error("kind", "kind must be one of Application (申请书), Identity (身份证明), PowerOfAttorney (授权委托书), Envelope (信封/邮戳), ThirdPartyOpinion (第三方意见), DeliveryProof (送达凭证) or Other (其他).");
        if (EventSeq is { Length: > 0 } seq && (!int.TryParse(seq, out var n) || n < 1))
            v.Error("eventSeq", "eventSeq must be the number (seq) of an entry of the case history.");
        v.Text("trackingNumber", TrackingNumber, 40, required: false);
        if (TrackingNumber is { Length: > 0 } t && !TrackingNumbers.IsWellFormed(t))
            v.Error("trackingNumber", "trackingNumber must be a postal tracking number (邮件号) of letters and digits, at most 40.");
        v.Text("note", Note, 500, required: false);
    }
}

internal sealed class AddAttachmentHandler(AttachmentCaseChange change, AttachmentStore store, DbSession session)
    : ICommandHandler<AddAttachmentCommand, AttachmentDetails>
{
    private sealed class HistoryRow
    {
        public int Seq { get; init; }
        public string Kind { get; init; } = default!;
        public string? Payload { get; init; }
    }

    public async ValueTask<AttachmentDetails> Handle(AddAttachmentCommand command, CancellationToken cancellationToken)
    {
        var (_, @case) = await change.Open(command.CaseId, AttachmentCaseChange.Need.Content, cancellationToken);
        var kind = AttachmentKinds.Parse(command.Kind)!.Value;
        int? eventSeq = command.EventSeq is { Length: > 0 } s ? int.Parse(s) : null;
        var history = await session.Query<HistoryRow>("SELECT seq, kind, payload FROM case_history WHERE case_id = @id ORDER BY seq",
            new { id = command.CaseId.ToString() }, cancellationToken);
        if (eventSeq is { } wanted && history.All(h => h.Seq != wanted))
            throw new InvalidInputException("eventSeq", $"Case {@case.CaseNumber} has no history entry {wanted}.");
        var tracking = command.TrackingNumber?.Trim() is { Length: > 0 } given ? TrackingNumbers.Normalise(given) : null;
        var deliveries = history.Where(h => h.Kind == nameof(Delivered))
            .Select(h => (h.Seq, Tracking: h.Payload is null ? null : TrackingNumbers.Of(h.Payload)))
            .ToList();
        if (tracking is not null)
        {
            if (kind != AttachmentKind.DeliveryProof)
                throw new InvalidInputException("trackingNumber", "Only a 送达凭证 (DeliveryProof) is tied to a tracking number (邮件号).");
            var delivery = deliveries.LastOrDefault(d => d.Tracking == tracking);
            if (delivery.Seq == 0)
                throw new InvalidInputException("trackingNumber", $"No delivery of case {@case.CaseNumber} was recorded with the tracking number {tracking}: record it on the delivery step first.");
            eventSeq ??= delivery.Seq;
        }
        else if (kind == AttachmentKind.DeliveryProof && deliveries.LastOrDefault() is { Seq: > 0 } last && (eventSeq is null || eventSeq == last.Seq))
        {
            tracking = last.Tracking;
            eventSeq ??= last.Seq;
        }

        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        var file = command.File;
        if (!await store.Complete(command.AttachmentId, kind, file.Type, eventSeq, tracking, note, file.Content, cancellationToken))
            throw new DomainRuleException($"The upload {command.AttachmentId} is no longer under way; send the file again.");
        await change.Record(@case, "AttachmentAdded", new
        {
            attachmentId = command.AttachmentId, kind = kind.ToString(), kindName = AttachmentKinds.Name(kind), fileName = file.FileName,
            contentType = FileTypes.MediaType(file.Type), sizeBytes = file.Content.SizeBytes, sha256 = file.Content.Sha256, eventSeq, trackingNumber = tracking,
        }, cancellationToken);
        return AttachmentDetails.From((await store.Find(command.CaseId, command.AttachmentId, cancellationToken))!);
    }
}

/// <summary>
/// Streams an uploaded file into storage before its command runs (issue 19 items 1–2): recognises its type from its first bytes
/// (and, for a ZIP, from its entries once stored) and refuses anything else, or a name whose extension claims another type, with
/// 415; refuses a body over the <c>Attachments:MaxMegabytes</c> limit with 413, by its Content-Length before reading or as soon as
/// the limit is passed; stores it chunk by chunk, sealed, with its size and SHA-256 (<see cref="AttachmentStore.Receive"/>). The
/// multipart body is read section by section (<see cref="MultipartReader"/> over the request body), never buffered whole.
/// </summary>
public sealed class AttachmentUpload(ISender sender, AttachmentStore store, AttachmentAccess access, CurrentUser user, RegisterClock clock)
{
    /// <summary>Room for the multipart framing and the text fields beside the file.</summary>
    private const long FormOverhead = 64 * 1024;

    /// <summary>The POST of <c>multipart/form-data</c> (parts <c>file</c>, <c>kind</c>, <c>eventSeq</c>?, <c>trackingNumber</c>?, <c>note</c>?), read as it streams.</summary>
    public async Task<AttachmentDetails> Receive(Guid caseId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            throw new BadHttpRequestException("Send the file as multipart/form-data, with the file in the part named file and its kind in the part named kind.",
                StatusCodes.Status415UnsupportedMediaType);
        if (request.ContentLength > store.MaxBytes + FormOverhead) throw TooLarge();
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = store.MaxBytes + FormOverhead;
        var head = await access.ForContent(caseId, cancellationToken);
        AttachmentAccess.EnsureNotArchived(head);

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        ReceivedFile? file = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)) continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition())
                {
                    if (!name.Equals("file", StringComparison.OrdinalIgnoreCase)) continue;
                    if (file is not null) throw new InvalidInputException("file", "Send one file per request.");
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                    file = await ReceiveFile(head, fileName, section.Body, cancellationToken);
                }
                else if (fields.Count < 10)
                {
                    fields[name] = await ReadField(name, section.Body, cancellationToken);
                }
            }

            if (file is null) throw new InvalidInputException("file", "Attach the file as the part named file.");
            return await sender.Send(new AddAttachmentCommand
            {
                CaseId = caseId, AttachmentId = file.Id, Kind = fields.GetValueOrDefault("kind"), EventSeq = fields.GetValueOrDefault("eventSeq"),
                TrackingNumber = fields.GetValueOrDefault("trackingNumber"), Note = fields.GetValueOrDefault("note"), File = file,
            }, cancellationToken);
        }
        catch (AttachmentTooLargeException e)
        {
            throw new BadHttpRequestException(e.Message, StatusCodes.Status413PayloadTooLarge);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
        catch
        {
            if (file is not null) await store.Discard(file.Id, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The desk's way in (its form is read by the framework, the file buffered to disk above 64 KB): the same checks and storage as
    /// <see cref="Receive"/>, then the same command.
    /// </summary>
    public async Task<AttachmentDetails> ReceiveForm(Guid caseId, IFormFile? formFile, string? kind, string? eventSeq, string? trackingNumber, string? note,
        CancellationToken cancellationToken)
    {
        var head = await access.ForContent(caseId, cancellationToken);
        AttachmentAccess.EnsureNotArchived(head);
        if (formFile is null || formFile.Length == 0) throw new InvalidInputException("file", "Attach the file as the part named file.");
        if (formFile.Length > store.MaxBytes) throw TooLarge();
        ReceivedFile? file = null;
        try
        {
            await using var body = formFile.OpenReadStream();
            file = await ReceiveFile(head, formFile.FileName, body, cancellationToken);
            return await sender.Send(new AddAttachmentCommand
            {
                CaseId = caseId, AttachmentId = file.Id, Kind = kind, EventSeq = eventSeq, TrackingNumber = trackingNumber, Note = note, File = file,
            }, cancellationToken);
        }
        catch (AttachmentTooLargeException e)
        {
            throw new BadHttpRequestException(e.Message, StatusCodes.Status413PayloadTooLarge);
        }
        catch
        {
            if (file is not null) await store.Discard(file.Id, CancellationToken.None);
            throw;
        }
    }

    private BadHttpRequestException TooLarge()
        => new($"The file is larger than {store.MaxBytes / (1024 * 1024)} MB, the most a case's attachment may be; scan it at a lower resolution or split it.",
            StatusCodes.Status413PayloadTooLarge);

    private async Task<ReceivedFile> ReceiveFile(CaseHead head, string fileName, Stream body, CancellationToken cancellationToken)
    {
        fileName = SafeFileName(fileName);
        var first = new byte[FileTypes.HeadLength];
        var read = await body.ReadAtLeastAsync(first, first.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0) throw new InvalidInputException("file", "The file is empty.");
        var type = FileTypes.FromHead(first.AsSpan(0, read), out var zip);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var claimed = FileTypes.ClaimedBy(fileName);
        if (type is null && !zip) throw Unsupported(fileName);
        if (extension.Length > 0 && claimed is null) throw Mismatch(fileName, type is { } t ? FileTypes.Name(t) : "ZIP");
        if (type is { } known && claimed is { } c && c != known) throw Mismatch(fileName, FileTypes.Name(known));
        if (zip && claimed is { } z && z is not (FileType.Ofd or FileType.Docx or FileType.Xlsx)) throw Mismatch(fileName, "ZIP");

        var id = Guid.CreateVersion7();
        var content = await store.Receive(id, head.Id, head.AgencyCode, fileName, type ?? claimed ?? FileType.Docx, user.Actor, clock.Now,
            first.AsMemory(0, read), body, cancellationToken);
        if (!zip) return new ReceivedFile(id, fileName, type!.Value, content);
        try
        {
            FileType? inner;
            await using (var stored = await store.OpenUpload(id, content, cancellationToken))
            {
                try
                {
                    using var archive = new ZipArchive(stored, ZipArchiveMode.Read, leaveOpen: true);
                    inner = FileTypes.FromZipEntries(archive.Entries.Select(e => e.FullName));
                }
                catch (InvalidDataException)
                {
                    inner = null;
                }
            }

            if (inner is null) throw Unsupported(fileName);
            if (claimed is { } named && named != inner) throw Mismatch(fileName, FileTypes.Name(inner.Value));
            return new ReceivedFile(id, fileName, inner.Value, content);
        }
        catch
        {
            await store.Discard(id, CancellationToken.None);
            throw;
        }
    }

    private static BadHttpRequestException Unsupported(string fileName)
        => new($"{fileName} is not a file the register keeps: only PDF, JPEG, PNG, TIFF, OFD, DOCX and XLSX are accepted, recognised by their content.",
            StatusCodes.Status415UnsupportedMediaType);

    private static BadHttpRequestException Mismatch(string fileName, string actual)
        => new($"{fileName} is named as another type of file than its content, which is {actual}: give it the name of what it is, or scan it again.",
            StatusCodes.Status415UnsupportedMediaType);

    /// <summary>The last path segment, without control characters, at most 200 characters; "附件" when nothing is left.</summary>
    public static string SafeFileName(string? name)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/').Last();
        var clean = new string(last.Where(ch => !char.IsControl(ch) && ch is not ('"' or '<' or '>' or '|' or ':' or '*' or '?') && ch != '\uFFFE' && ch != '\uFFFF').ToArray()).Trim().Trim('.');
        if (clean.Length > 200) clean = clean[..(200 - Path.GetExtension(clean).Length)] + Path.GetExtension(clean);
        return clean.Length == 0 ? "附件" : clean;
    }

    private static async Task<string> ReadField(string name, Stream body, CancellationToken cancellationToken)
    {
        var buffer = new char[2048];
        using var text = new StreamReader(body, Encoding.UTF8);
        var read = await text.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        if (read == buffer.Length && text.Peek() >= 0) throw new InvalidInputException(name, $"{name} is longer than 2000 characters.");
        return new string(buffer, 0, read);
    }
}

/// <summary>Postal tracking numbers (邮件号) as a delivery records them.</summary>
public static class TrackingNumbers
{
    /// <summary>Letters, digits and hyphens, 5 to 40 (EMS: 2 letters, 9 digits, "CN"; domestic parcels: digits).</summary>
    public static bool IsWellFormed(string text) => Normalise(text) is { Length: >= 5 and <= 40 } t && t.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>Trimmed, spaces removed, upper case.</summary>
    public static string Normalise(string text) => text.Trim().Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>The tracking number in a Delivered event's stored payload; null when it has none.</summary>
    public static string? Of(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.TryGetProperty("TrackingNumber", out var t) || document.RootElement.TryGetProperty("trackingNumber", out t)
            ? t.ValueKind == JsonValueKind.String ? t.GetString() : null
            : null;
    }
}

public static class AddAttachmentEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/cases/{id:guid}/attachments",
            async (Guid id, HttpRequest request, AttachmentUpload upload, CancellationToken ct) =>
            {
                var added = await upload.Receive(id, request, ct);
                request.HttpContext.Response.Headers.CacheControl = "no-store";
                return TypedResults.Created($"/api/cases/{id}/attachments/{added.Id}", added);
            })
        .RequireAuthorization(Policies.Attachments)
        .WithName("AddAttachment")
        .WithSummary("Attach a file to a case (multipart/form-data: file, kind, eventSeq?, trackingNumber?, note?): PDF, JPEG, PNG, TIFF, OFD, DOCX or XLSX by content (else 415), at most Attachments:MaxMegabytes (20 MB; else 413); stored sealed, with its SHA-256.");
}
