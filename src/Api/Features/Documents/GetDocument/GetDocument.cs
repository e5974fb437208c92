using System.Net;
using System.Text;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure.Documents;
using Mediator;

namespace CaseTracker.Api.Features.Documents.GetDocument;

/// <summary>An issued document as stored: its number, the DOCX bytes exactly as issued (their SHA-256 is the stored one) and the draft they were made from.</summary>
public sealed record IssuedDocumentFile(Guid Id, Guid CaseId, string CaseNumber, DocumentKind Kind, string Number, DateOnly IssuedOn, string Sha256,
    string AgencyName, byte[] Docx, DocumentDraft Draft)
{
    /// <summary>The document that replaces (更正) this one, when it has been replaced: this one is then void (作废).</summary>
    public Guid? ReplacedByDocumentId { get; init; }

    /// <summary>The 文号 of <see cref="ReplacedByDocumentId"/>.</summary>
    public string? ReplacedByNumber { get; init; }

    /// <summary>
    /// The amendment of the decision (更正答复决定) or void of the step (撤销上一步) that superseded this document, when one did:
    /// it is then void (作废) too, and its page and file name say so, naming <see cref="ReplacedByNumber"/> (the paper issued in
    /// its place) when there is one.
    /// </summary>
    public DocumentSupersession? Superseded { get; init; }

    /// <summary>
    /// True when the issued DOCX says something the default template would not (the paper came from the agency's own template):
    /// its printable page is then the DOCX itself, so the page and the download are the same paper (trial C finding 8).
    /// </summary>
    public bool OwnWording => ownWording ??= WordingCheck?.Invoke() ?? false;

    private bool? ownWording;

    /// <summary>
    /// How <see cref="OwnWording"/> is found (the default template rendered and both papers' paragraphs compared), asked only
    /// when it is read: by the printable page, not by a DOCX download.
    /// </summary>
    internal Func<bool>? WordingCheck { get; init; }

    /// <summary>The DOCX to print in place of the built-in layout (<see cref="OwnWording"/>), else null.</summary>
    public byte[]? PrintedDocx => OwnWording ? Docx : null;
}

/// <summary>
/// One issued document of a case, as issued, for a user who can see the case. 404: a case or document the user cannot see,
/// or content erased with the applicant's personal data by the retention job (the number and SHA-256 stay in the list).
/// </summary>
public sealed record GetDocumentQuery(Guid CaseId, Guid DocumentId) : IQuery<IssuedDocumentFile>;

internal sealed class GetDocumentHandler(ICaseRepository cases, AgencyAccess access, IssuedDocumentStore documents, DocxDocuments docx)
    : IQueryHandler<GetDocumentQuery, IssuedDocumentFile>
{
    public async ValueTask<IssuedDocumentFile> Handle(GetDocumentQuery query, CancellationToken cancellationToken)
    {
        var @case = await access.VisibleCase(query.CaseId, await cases.Find(new CaseId(query.CaseId), cancellationToken), c => c.AgencyCode, cancellationToken);
        var content = await documents.Content(query.CaseId, query.DocumentId, cancellationToken)
                      ?? throw new NotFoundException("document", $"Case {@case.CaseNumber} has no document {query.DocumentId}.");
        if (content.Docx is null || content.Draft is null)
            throw new NotFoundException("document",
                $"The content of document {content.Document.Number} was erased with the applicant's personal data at the end of the retention period; its number and SHA-256 remain in the list.");
        // The paper states the agency's name in force on its date, as drafted (trial D finding 13); a draft without it, the name now.
        var agencyName = content.Draft.Value("agency") is { Length: > 0 } named ? named : (await access.Find(@case.AgencyCode, cancellationToken))?.Name ?? @case.AgencyCode;
        var d = content.Document;
        var replacedBy = d.ReplacedByDocumentId is { } by ? await documents.Find(query.CaseId, Guid.Parse(by), cancellationToken) : null;
        return new IssuedDocumentFile(query.DocumentId, query.CaseId, @case.CaseNumber, Enum.Parse<DocumentKind>(d.Kind), d.Number, d.IssuedOn, d.Sha256,
            agencyName, content.Docx, content.Draft)
        {
            ReplacedByDocumentId = replacedBy is null ? null : Guid.Parse(replacedBy.Id), ReplacedByNumber = replacedBy?.Number, Superseded = d.SupersededBy,
            WordingCheck = () => !docx.SaysWhatTheDefaultSays(content.Draft, d.Number, content.Docx),
        };
    }
}

public static class GetDocumentEndpoint
{
    /// <summary>The DOCX media type.</summary>
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static readonly string[] Offered = [Docx, "text/html"];

    public static void Map(RouteGroupBuilder group) => group.MapGet("/cases/{id:guid}/documents/{docId:guid}",
            async (Guid id, Guid docId, string? format, HttpRequest http, ISender sender, CancellationToken ct) =>
            {
                var accept = http.Headers.Accept;
                // format= wins over Accept: the desk's 打印 and 下载 links cannot set a header (as the case list's exports).
                int? byFormat = format?.Trim().ToLowerInvariant() switch
                {
                    null => null,
                    "docx" => 0,
                    "html" => 1,
                    _ => throw new InvalidInputException("format", $"format must be {"docx"} or {"html"}."),
                };
                if ((byFormat ?? ContentNegotiation.Negotiate(accept, Offered)) is not { } chosen)
                    return (IResult)TypedResults.Problem(statusCode: StatusCodes.Status406NotAcceptable, title: "Not acceptable",
                        detail: $"A document is available as {Docx} or {"text/html"}; the request accepts only \"{accept}\".");
                var file = await sender.Send(new GetDocumentQuery(id, docId), ct);
                var response = http.HttpContext.Response;
                response.Headers.Vary = "Accept";
                response.Headers.CacheControl = "no-store";
                response.Headers.ETag = $"\"{file.Sha256}\"";
                // A replaced or superseded document stays as issued (its bytes are the stored ones); its name and headers say it is void.
                var superseded = file.Superseded;
                var name = Uri.EscapeDataString(superseded is not null
                    ? file.ReplacedByNumber is { } inForce ? $"{file.Number}（已作废，以{inForce}为准）"
                    : $"{file.Number}（已作废，{(superseded.ByAmendment ? "更正答复决定" : "撤销上一步")}）"
                    : file.ReplacedByNumber is null ? file.Number : $"{file.Number}（已作废，由{file.ReplacedByNumber}更正）");
                if (superseded is not null) response.Headers["X-Document-Status"] = "Superseded";
                else if (file.ReplacedByDocumentId is not null) response.Headers["X-Document-Status"] = "Replaced";
                if (file.ReplacedByDocumentId is { } by) response.Headers["X-Replaced-By"] = by.ToString();

                if (chosen == 0)
                {
                    response.Headers.ContentDisposition = $"attachment; filename=\"document.docx\"; filename*=UTF-8''{name}.docx";
                    return TypedResults.Bytes(file.Docx, Docx);
                }

                response.Headers.ContentDisposition = $"inline; filename=\"document.html\"; filename*=UTF-8''{name}.html";
                return TypedResults.Text(PrintableDocument.Render(file.Draft, file.Number, file.AgencyName, file.ReplacedByNumber,
                    superseded is null ? null : PrintableDocument.SupersededNote(file.Number, superseded.On, superseded.ByAmendment, file.ReplacedByNumber), file.PrintedDocx), "text/html; charset=utf-8",
                    Encoding.UTF8);
            })
        .RequireAuthorization(Policies.Read)
        .Produces(StatusCodes.Status200OK, contentType: Docx, additionalContentTypes: ["text/html"])
        .WithName("GetDocument")
        .WithSummary("An issued document as issued: DOCX by default (its SHA-256 is the stored one, also the ETag), or the printable page (GB/T 9704 on A4) for Accept: text/html; format=docx|html wins over Accept.");
}
