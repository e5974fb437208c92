using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Documents;
using Mediator;

namespace CaseTracker.Api.Features.Documents.DraftDocument;

/// <summary>One part of a draft: its template field key, label, text (dates already in Chinese) and whether the clerk may edit it.</summary>
public sealed record DraftField(string Key, string Label, string Value, bool Editable);

/// <summary>
/// A document drafted from the case, before it has a number. <see cref="DraftId"/> goes back with the issue (it is refused
/// once the case changed). <see cref="Template"/>: whose template it will be printed on (<c>own</c>, an ancestor's code,
/// or <c>default</c>). <see cref="NumberPrefix"/>: the 文号 prefix it will be numbered with. A receipt's 查询码 is made only
/// when it is issued.
/// </summary>
public sealed record DocumentDraftResponse(
    Guid CaseId, string CaseNumber, DocumentKind Kind, string Title, string Addressee, int EventSequence, DateOnly IssuedOn, string DraftId,
    string NumberPrefix, string Template, int CaseVersion, IReadOnlyList<DraftField> Fields)
{
    /// <summary>The paper the draft replaces (a correction, 更正) or follows (an answer after 更正答复决定); null for a first paper.</summary>
    public Guid? ReplacesDocumentId { get; init; }

    /// <summary>The 文号 of <see cref="ReplacesDocumentId"/>.</summary>
    public string? ReplacesNumber { get; init; }

    /// <summary>
    /// For a receipt (登记回执) dated after the 答复期限 it states (a correction issued late): that due date (China date), so the
    /// desk can warn beside the date that the paper would tell the applicant a due date already past; null otherwise. A warning
    /// only: such a receipt can still be issued (trial F finding 4).
    /// </summary>
    public DateOnly? DueBeforeIssuedOn { get; init; }

    /// <summary>
    /// The keys of the editable fields a correction took over from the paper it replaces (the clerk's wording there), each
    /// already in <see cref="Fields"/>; every other field is drafted from the case as it is now. Empty otherwise.
    /// </summary>
    public IReadOnlyList<string> CarriedOver { get; init; } = [];
}

/// <summary>
/// Drafts a document of <see cref="Kind"/> from the case (documents.md "Drafting"): refused with the rule's sentence (409) when
/// the case cannot issue that kind now (not yet, or not under its regime) or the acting date is before the step it records, 400 for an unknown kind, 403 for a role that may
/// not issue it, 404 for a case the user cannot see. Nothing is stored; a receipt's 查询码 is made when it is issued, so the
/// draft shows <see cref="CaseDocuments.LookupCodePending"/> in its place.
/// </summary>
public sealed record DraftDocumentCommand(Guid CaseId, DocumentKind Kind) : IQuery<DocumentDraftResponse>
{
    /// <summary>The acting date to print (today in China when null).</summary>
    public DateOnly? IssuedOn { get; init; }

    /// <summary>Which consultation, for a ConsultationLetter/ConsultationNotice when the case has several (the latest otherwise).</summary>
    public Guid? ConsultationId { get; init; }

    /// <summary>The issued document a correction (更正) replaces: the draft starts from its edited wording and is dated today.</summary>
    public Guid? Replaces { get; init; }
}

/// <summary>The body of POST …/documents/drafts.</summary>
public sealed record DraftDocumentRequest(string? Kind, DateOnly? IssuedOn, Guid? ConsultationId, Guid? Replaces = null)
{
    /// <summary>The properties this route accepts, as the refusal of an unknown one lists them.</summary>
    public static readonly string[] Accepted = ["kind", "issuedOn", "consultationId", "replaces"];

    /// <summary>Any other property sent: refused by name.</summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? Unknown { get; init; }
}

internal sealed class DraftDocumentHandler(DocumentDrafting drafting) : IQueryHandler<DraftDocumentCommand, DocumentDraftResponse>
{
    public async ValueTask<DocumentDraftResponse> Handle(DraftDocumentCommand command, CancellationToken cancellationToken)
    {
        drafting.EnsureMayIssue(command.Kind);
        var input = await drafting.Prepare(command.CaseId, command.Kind, null, command.IssuedOn, null, command.ConsultationId, cancellationToken,
            command.Replaces);
        var draft = CaseDocuments.Draft(input.Case, command.Kind, input.Context);
        // As at issue: a correction is dated today unless today contradicts the case, then on the step's date.
        if (drafting.CorrectionFallbackOn(input, command.Kind, command.IssuedOn) is { } fallback
            && !IssueDocument.IssueDocumentHandler.AgreesWithCase(input.Case, draft, input))
        {
            input = await drafting.Prepare(command.CaseId, command.Kind, null, fallback, null, command.ConsultationId, cancellationToken, command.Replaces);
            draft = CaseDocuments.Draft(input.Case, command.Kind, input.Context);
        }

        CaseDocuments.EnsureDatedOnOrAfterStep(input.Case, draft, input.Context.IssuedOn);
        CaseDocuments.EnsureDateAgreesWithCase(input.Case, draft, input.Context.IssuedOn, input.Context.Clock);
        var template = await drafting.Template(input.Case.AgencyCode, command.Kind, cancellationToken);
        // The id is the fresh draft's (what the issue drafts again); the fields shown carry the replaced paper's wording over.
        var draftId = DocumentDrafting.DraftId(input.Case, draft);
        var carried = DocumentDrafting.CarriedOver(input.Predecessor, draft, await drafting.FullDeliveryAddress(input.Case, command.Kind, cancellationToken));
        if (carried.Count > 0) draft = CaseDocuments.WithEdits(draft, carried);
        if (input.Predecessor is { } predecessor) draft = CaseDocuments.AsCorrectionOf(draft, predecessor.Row.Number, predecessor.Row.IssuedOn);
        return new DocumentDraftResponse(command.CaseId, input.Case.CaseNumber, draft.Kind, draft.Title, draft.Addressee, draft.EventSequence,
            input.Context.IssuedOn, draftId, input.Settings.PrefixOf(command.Kind),
            template is null ? "default" : template.AgencyCode == input.Case.AgencyCode ? "own" : template.AgencyCode, input.Case.Version,
            draft.Fields.Select(f => new DraftField(f.Key, f.Label, f.Value, f.Editable))
                .ToList())
        {
            ReplacesDocumentId = input.Predecessor is { } p ? Guid.Parse(p.Row.Id) : null, ReplacesNumber = input.Predecessor?.Row.Number,
            DueBeforeIssuedOn = CaseDocuments.DueBeforeIssuedOn(draft, input.Context.IssuedOn),
            CarriedOver = [.. draft.Fields.Where(f => carried.ContainsKey(f.Key)).Select(f => f.Key)],
        };
    }
}

public static class DraftDocumentEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/cases/{id:guid}/documents/drafts",
            async (Guid id, DraftDocumentRequest body, ISender sender, CancellationToken ct) =>
            {
                DocumentDrafting.RefuseUnknownProperties(body.Unknown, DraftDocumentRequest.Accepted);
                return TypedResults.Ok(await sender.Send(new DraftDocumentCommand(id, DocumentDrafting.ParseKind("kind", body.Kind))
                {
                    IssuedOn = body.IssuedOn, ConsultationId = body.ConsultationId, Replaces = body.Replaces,
                }, ct));
            })
        .RequireAuthorization(Policies.IssueDocuments)
        .WithName("DraftDocument")
        .WithSummary("Draft a document (文书) of a kind from the case: its title, addressee and fields, the free-text ones editable; nothing is stored.");
}
