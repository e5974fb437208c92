using System.Text.Json;
using CaseTracker.Api.Features.Cases;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Documents;
using CaseTracker.Infrastructure.PersonalData;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Documents.IssueDocument;

/// <summary>
/// An issued document: its id, 文号, the SHA-256 of the DOCX as issued, and for a receipt its 查询码, shown this once (only a
/// keyed hash of it is kept; a replayed request returns the document without it).
/// </summary>
public sealed record IssuedDocumentResponse(Guid Id, Guid CaseId, DocumentKind Kind, string Number, DateOnly IssuedOn, string Sha256,
    Guid? ReplacesDocumentId, string? LookupCode, int CaseVersion);

/// <summary>The body of POST …/documents: <c>edits</c> maps a field key of the draft to its new text; <c>text</c> is the edit of <c>body</c>.</summary>
public sealed record IssueDocumentRequest(string? Kind, string? DraftId, string? Text, Dictionary<string, string>? Edits, Guid? Replaces, DateOnly? IssuedOn,
    Guid? ConsultationId)
{
    /// <summary>The properties this route accepts, as the refusal of an unknown one lists them.</summary>
    public static readonly string[] Accepted = ["kind", "draftId", "edits", "text", "replaces", "issuedOn", "consultationId"];

    /// <summary>Any other property sent: refused by name before anything is numbered.</summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}

/// <summary>
/// Issues a document (documents.md "Issuing"): drafts it again from the case as it is now, applies the clerk's edits to its
/// editable fields (a correction, <c>replaces</c>, starts from the replaced paper's edited wording, <see cref="DocumentDrafting.CarriedOver"/>;
/// an answer after 更正答复决定 names the answer the amendment made void), takes the next 文号 of the agency, kind and year of the acting date in the same transaction, renders the
/// DOCX on the agency's template (its own, else the nearest ancestor's, else the default), a correction naming on the paper
/// the one it replaces, stores it sealed with its SHA-256,
/// and writes the number and acting date into the case history (<c>DocumentIssued</c>). Refused: an unknown kind, property
/// or field, an edit of a field that comes from the case, a draftId this system did not make, a part left to fill in
/// (<see cref="CaseDocuments.Unfilled"/>), a date the case contradicts (<see cref="CaseDocuments.EnsureDateAgreesWithCase"/>) (400); a kind the case cannot issue now, a draft the case has moved past, a
/// second document for a step whose document is in force (correct it instead), a replacement of another kind, of a document
/// already replaced or of one superseded by a void (409); a role that may not issue the kind (403).
/// </summary>
public sealed record IssueDocumentCommand(Guid CaseId, DocumentKind Kind, IReadOnlyDictionary<string, string>? Edits, Guid? ReplacesDocumentId)
    : ICommand<IssuedDocumentResponse>, IIdempotent, IValidatable
{
    public int? ExpectedVersion { get; init; }
    public string? IdempotencyKey { get; init; }
    public string? DraftId { get; init; }
    public DateOnly? IssuedOn { get; init; }
    public Guid? ConsultationId { get; init; }

    public void Validate(Validator v)
    {
        foreach (var (key, text) in Edits ?? new Dictionary<string, string>())
            v.Text($"edits.{key}", text, Validator.LongText, required: false);
        if (Edits?.Count > 50) v.Error("edits", "At most 50 fields can be edited at once.");
    }
}

internal sealed class IssueDocumentHandler(DocumentDrafting drafting, IssuedDocumentStore documents, DocxDocuments docx, ICaseRepository cases,
    PersonalDataProtector personalData, CurrentUser user, RegisterClock clock, Infrastructure.Cases.CaseArchiveStore archives) : ICommandHandler<IssueDocumentCommand, IssuedDocumentResponse>
{
    public async ValueTask<IssuedDocumentResponse> Handle(IssueDocumentCommand command, CancellationToken cancellationToken)
    {
        drafting.EnsureMayIssue(command.Kind);
        if (command.DraftId is { } sentDraftId) DocumentDrafting.EnsureDraftIdOf(command.CaseId, command.Kind, sentDraftId);
        var lookupCode = command.Kind == DocumentKind.Receipt ? LookupCode.New() : null;
        var input = await drafting.Prepare(command.CaseId, command.Kind, command.ExpectedVersion, command.IssuedOn, lookupCode, command.ConsultationId, cancellationToken,
            command.ReplacesDocumentId);
        var @case = input.Case;
        var predecessor = input.Predecessor;
        if (await archives.Find(command.CaseId, cancellationToken) is { } archival)
            throw new DomainRuleException(
                $"Case {@case.CaseNumber} was archived (归档) on {archival.ArchivedOn:yyyy-MM-dd}: its case file is the record, and no document can be issued any more.");
        var draft = CaseDocuments.Draft(@case, command.Kind, input.Context);
        // A correction is dated today unless today contradicts the case (an answer already delivered…): then the step's date.
        if (drafting.CorrectionFallbackOn(input, command.Kind, command.IssuedOn) is { } fallback && !AgreesWithCase(@case, draft, input))
        {
            input = await drafting.Prepare(command.CaseId, command.Kind, command.ExpectedVersion, fallback, lookupCode, command.ConsultationId, cancellationToken,
                command.ReplacesDocumentId);
            @case = input.Case;
            draft = CaseDocuments.Draft(@case, command.Kind, input.Context);
        }

        CaseDocuments.EnsureDatedOnOrAfterStep(@case, draft, input.Context.IssuedOn);
        // The draft id is a digest of what the draft says: another document issued meanwhile (which moves the case's version)
        // leaves it valid; a step recorded or voided, or a correction, that changes the draft refuses it.
        if (command.DraftId is { } draftId && draftId != DocumentDrafting.DraftId(@case, draft))
            throw new DomainRuleException(
                $"Case {@case.CaseNumber} has changed since this draft was made (it is now at version {@case.Version}): draft the document again and issue that.");
        var shownAddress = draft.Value("address");
        // A correction starts from the replaced paper's wording (what the clerk edited there); the edits sent override it.
        var edits = DocumentDrafting.CarriedOver(predecessor, draft, await drafting.FullDeliveryAddress(@case, command.Kind, cancellationToken));
        foreach (var (key, text) in Edits(command, draft)) edits[key] = text;
        var fresh = draft;
        draft = CaseDocuments.WithEdits(draft, edits);
        // The 送达文书 line lists the papers served: an edit may add words (及附件) or other papers of the case, never a 文号
        // this case has not issued (or made void), nor drop the answer in force (trial F finding 5).
        if (command.Kind == DocumentKind.DeliveryRecord && draft.Value("documents") is { } listed && listed != fresh.Value("documents"))
            CaseDocuments.EnsureNamesIssuedPapers(listed,
                [.. (await documents.List(command.CaseId, cancellationToken)).Where(d => d.ReplacedByDocumentId is null && d.SupersededBy is null).Select(d => d.Number)],
                input.Context.DeliveredDocuments);
        // The draft shows the applicant's address masked (issue 14); the paper, sealed at rest, prints it in full unless the
        // clerk wrote another one.
        if (command.Kind == DocumentKind.DeliveryRecord && shownAddress is { Length: > 0 } && draft.Value("address") == shownAddress
            && CaseDocuments.DeliveryMethodOf(@case) is { } method)
        {
            var full = CaseDocuments.DeliveryAddress(await documents.ApplicantInFull(command.CaseId, @case.Applicant, cancellationToken), method);
            draft = draft with { Fields = draft.Fields.Select(f => f.Key == "address" ? f with { Value = full } : f).ToList() };
        }

        CaseDocuments.EnsureDateAgreesWithCase(@case, draft, input.Context.IssuedOn, input.Context.Clock);
        // A part left to fill in (the competent agency of a 非本机关 letter, Art. 36(5); a lead with nothing after it) would be
        // printed as issued, and an issued paper cannot be changed: the clerk writes it first.
        if (CaseDocuments.Unfilled(draft) is { Count: > 0 } unfilled)
            throw new InvalidInputException(unfilled.ToDictionary(f => $"edits.{f.Key}",
                f => new[] { $"edits.{f.Key} still holds a part to fill in (“{Ending(f.Value)}”): write it in before issuing; an issued paper cannot be changed." },
                StringComparer.Ordinal));

        // The new paper says on itself which paper it replaces (documents.md "a new version that names the one it replaces"):
        // the corrected one, or the answer an amendment of the decision made void.
        var replaced = predecessor?.Row;
        if (replaced is not null) draft = CaseDocuments.AsCorrectionOf(draft, replaced.Number, replaced.IssuedOn);

        var year = input.Context.IssuedOn.Year;
        // Taking the number locks the kind's counter first, so a concurrent issue of the same kind sees this one once committed.
        var sequence = await documents.NextSequence(@case.AgencyCode, command.Kind, year, cancellationToken);
        if (predecessor is not { Correction: true })
        {
            var live = (await documents.List(command.CaseId, cancellationToken)).FirstOrDefault(d => d.InForceFor(command.Kind, draft.EventSequence));
            if (live is not null)
                throw new DomainRuleException(
                    $"The {command.Kind} of this step was already issued as {live.Number} and is still in force: to change it, issue a correction (更正) that replaces {live.Number}.");
        }

        var number = DocumentNumber.Format(input.Settings.PrefixOf(command.Kind), year, sequence);
        var template = await drafting.Template(@case.AgencyCode, command.Kind, cancellationToken);
        var bytes = docx.Render(draft, number, template?.Content);
        var sha256 = IssuedDocumentStore.Sha256Of(bytes);
        var id = Guid.CreateVersion7();
        await documents.Add(new NewIssuedDocument
        {
            Id = id,
            CaseId = command.CaseId,
            AgencyCode = @case.AgencyCode,
            Year = year,
            Sequence = sequence,
            Number = number,
            IssuedOn = input.Context.IssuedOn,
            Draft = draft,
            Docx = bytes,
            Sha256 = sha256,
            LookupCodeHash = lookupCode is null ? null : personalData.LookupCodeHash(@case.CaseNumber, lookupCode),
            ReplacesDocumentId = replaced is null ? null : Guid.Parse(replaced.Id),
            IssuedBy = user.Actor,
            CreatedAt = clock.Now,
        }, cancellationToken);

        var reading = @case.Clock(input.Context.Clock.Calendar, input.Context.Clock.Settings);
        var details = JsonSerializer.Serialize(new
        {
            documentId = id, kind = command.Kind.ToString(), number, title = draft.Title, sha256, replacesDocumentId = replaced?.Id,
            replacesNumber = replaced?.Number,
        }, ApiJson.Options);
        await cases.SaveNote(@case, reading.DueOn, reading, new CaseNote("DocumentIssued", input.Context.IssuedOn, details), user.Actor, clock.Now,
            cancellationToken);
        return new IssuedDocumentResponse(id, command.CaseId, command.Kind, number, input.Context.IssuedOn, sha256, replaced is null ? null : Guid.Parse(replaced.Id), lookupCode,
            @case.Version + 1);
    }

    /// <summary>Whether the draft's date agrees with the case's record (<see cref="CaseDocuments.EnsureDateAgreesWithCase"/> does not refuse it).</summary>
    internal static bool AgreesWithCase(Case @case, DocumentDraft draft, DraftingInput input)
    {
        try
        {
            CaseDocuments.EnsureDateAgreesWithCase(@case, draft, input.Context.IssuedOn, input.Context.Clock);
            return true;
        }
        catch (InvalidInputException)
        {
            return false;
        }
    }

    // The part of a field's text that still asks to be filled in, as the refusal quotes it.
    private static string Ending(string value)
    {
        var at = value.IndexOf(AnswerWording.FillIn, StringComparison.Ordinal);
        return at >= 0 ? AnswerWording.FillIn : value.TrimEnd() is var t && t.Length > 20 ? "…" + t[^20..] : value.TrimEnd();
    }

    // Each edit must name a field of this draft that the clerk may change; the answer names the first that is not.
    private static Dictionary<string, string> Edits(IssueDocumentCommand command, DocumentDraft draft)
    {
        var edits = new Dictionary<string, string>(command.Edits ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var key in edits.Keys)
        {
            var field = draft.Fields.FirstOrDefault(f => f.Key == key);
            if (field is null)
                errors[$"edits.{key}"] = [$"The {draft.Kind} has no field {key} to edit; the fields you may edit are {string.Join(", ", draft.Fields.Where(f => f.Editable).Select(f => f.Key))}."];
            else if (!field.Editable)
                errors[$"edits.{key}"] = [$"The field {key} ({field.Label}) of the {draft.Kind} comes from the case and cannot be edited; correct the case instead."];
        }

        if (errors.Count > 0) throw new InvalidInputException(errors);
        return edits;
    }
}

/// <summary>A replayed issue returns the document as stored, without its 查询码 (shown once): the idempotency record keeps only the ids.</summary>
internal sealed class IssueDocumentReplay(IssuedDocumentStore documents, CaseReader reader) : IReplayReader<IssueDocumentCommand, IssuedDocumentResponse>
{
    public string Reference(IssuedDocumentResponse response) => $"{response.Id}/{response.CaseId}";

    public async ValueTask<IssuedDocumentResponse?> Read(string reference, CancellationToken cancellationToken)
    {
        var ids = reference.Split('/');
        var caseId = Guid.Parse(ids[1]);
        if (await documents.Find(caseId, Guid.Parse(ids[0]), cancellationToken) is not { } d) return null;
        var version = (await reader.Find(caseId, cancellationToken))?.Version ?? 0;
        return new IssuedDocumentResponse(Guid.Parse(d.Id), caseId, Enum.Parse<DocumentKind>(d.Kind), d.Number, d.IssuedOn, d.Sha256,
            d.ReplacesDocumentId is null ? null : Guid.Parse(d.ReplacesDocumentId), null, version);
    }
}

public static class IssueDocumentEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/cases/{id:guid}/documents",
            async (Guid id, IssueDocumentRequest body, HttpRequest http, ISender sender, CancellationToken ct) =>
            {
                DocumentDrafting.RefuseUnknownProperties(body.Unknown, IssueDocumentRequest.Accepted);
                var kind = DocumentDrafting.ParseKind("kind", body.Kind);
                var edits = body.Edits ?? new Dictionary<string, string>();
                if (body.Text is not null)
                {
                    if (edits.ContainsKey("body")) throw new InvalidInputException("text", $"Send the body either as {"text"} or as {"edits.body"}, not both.");
                    edits["body"] = body.Text;
                }

                var issued = await sender.Send(new IssueDocumentCommand(id, kind, edits, body.Replaces)
                {
                    ExpectedVersion = Preconditions.ExpectedVersion(http), IdempotencyKey = Preconditions.IdempotencyKey(http), DraftId = body.DraftId,
                    IssuedOn = body.IssuedOn, ConsultationId = body.ConsultationId,
                }, ct);
                http.HttpContext.Response.Headers.ETag = Preconditions.ETag(issued.CaseVersion);
                http.HttpContext.Response.Headers.CacheControl = "no-store";
                return TypedResults.Created($"/api/cases/{id}/documents/{issued.Id}", issued);
            })
        .RequireAuthorization(Policies.IssueDocuments)
        .WithName("IssueDocument")
        .WithSummary("Issue a document (文书): numbered (文号), stored as issued (DOCX + SHA-256), recorded in the case history; a receipt's 查询码 is returned once.");
}
