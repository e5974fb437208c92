using System.Security.Cryptography;
using System.Text;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Documents;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Api.Features.Documents;

/// <summary>A case ready for drafting one kind of document: the aggregate (applicant in full) and what drafting needs besides it.</summary>
public sealed record DraftingInput(Case Case, DocumentContext Context, DocumentSettings Settings, string AgencyName);

/// <summary>
/// What drafting and issuing share (documents.md): the case the user may see (404 otherwise), who may issue which kind, the
/// agency's name and settings, the acting date, the numbers a delivery record covers, and the template the agency uses.
/// </summary>
public sealed class DocumentDrafting(ICaseRepository cases, IssuedDocumentStore documents, AgencyAccess access, CurrentUser user, RegisterClock clock, DocumentSettingsStore settings,
    DocumentTemplateStore templates)
{
    /// <summary>The kind named by <paramref name="text"/> (a kind code of documents.md, e.g. SupplementNotice); 400 naming <paramref name="field"/> otherwise.</summary>
    public static DocumentKind ParseKind(string field, string? text)
        => Enum.TryParse<DocumentKind>(text, ignoreCase: false, out var kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _)
            ? kind
            : throw new InvalidInputException(field, $"There is no document kind {text}: it is one of {string.Join(", ", Enum.GetNames<DocumentKind>())}.");

    /// <summary>
    /// Whether the user may draft and issue <paramref name="kind"/>: a case handler or administrator any kind, an intake
    /// officer the receipt (登记回执) only; an approver approves the step, the handler sends its notice. 403 otherwise.
    /// </summary>
    public void EnsureMayIssue(DocumentKind kind)
    {
        if (user.IsInRole(Roles.CaseHandler) || user.IsInRole(Roles.Administrator)) return;
        if (kind == DocumentKind.Receipt && user.IsInRole(Roles.IntakeOfficer)) return;
        throw new ForbiddenException($"Only a case handler or administrator may issue the {kind}; an intake officer issues the Receipt only.");
    }

    /// <summary>
    /// Loads the case (404 when the user cannot see it; 409 when <paramref name="expectedVersion"/> is not its version) and the
    /// context of a document of <paramref name="kind"/> dated <paramref name="issuedOn"/> (today in China when null; 400 when in
    /// the future). A delivery record covers the answer letters issued and not replaced, by their numbers.
    /// </summary>
    public async Task<DraftingInput> Prepare(Guid caseId, DocumentKind kind, int? expectedVersion, DateOnly? issuedOn, string? lookupCode, Guid? consultationId,
        CancellationToken cancellationToken)
    {
        var @case = await access.VisibleCase(caseId, await cases.Find(new CaseId(caseId), cancellationToken), c => c.AgencyCode, cancellationToken);
        if (expectedVersion is { } expected && expected != @case.Version)
            throw new ConcurrencyConflictException(
                $"Case {@case.CaseNumber} is at version {@case.Version}, not {expected}: someone changed it since you read it; reload and try again.");
        var today = clock.Today;
        var on = issuedOn ?? today;
        if (on > today) throw new InvalidInputException("issuedOn", $"A document cannot be dated after today ({today:yyyy-MM-dd}); {on:yyyy-MM-dd} was sent.");
        var agencySettings = await settings.Of(@case.AgencyCode, cancellationToken);
        var agencyName = (await access.Find(@case.AgencyCode, cancellationToken))?.Name ?? @case.AgencyCode;
        var delivered = kind == DocumentKind.DeliveryRecord
            ? (await documents.List(caseId, cancellationToken))
                .Where(d => d.Kind == nameof(DocumentKind.Answer) && d.ReplacedByDocumentId is null && d.SupersededBy is null).Select(d => d.Number).ToList()
            : null;
        var context = new DocumentContext(agencyName, agencySettings.ReviewBody, agencySettings.ReviewCourt, clock.Context(), on, lookupCode, consultationId,
            delivered, agencySettings.StatusPageUrl);
        return new DraftingInput(@case, context, agencySettings, agencyName);
    }

    /// <summary>
    /// The draft's id: a digest of the case id, its steps (events) and what the draft says (kind, step, every field but the
    /// receipt's 查询码, made at issue, and the acting date, chosen at issue). An issue naming it is refused (409) when a step was recorded or voided or the
    /// draft no longer says the same (the registration corrected), so that what the clerk read and edited is what is issued;
    /// another document issued in between, or an assignment (which move the case's version only), leave it valid.
    /// </summary>
    public static string DraftId(Case @case, DocumentDraft draft)
    {
        var text = new StringBuilder().Append(@case.Id.Value).Append('/').Append(draft.Kind).Append('/').Append(draft.EventSequence)
            .Append('/').Append(draft.Title).Append('/').Append(draft.Addressee);
        foreach (var step in @case.Events) text.Append('\u001e').Append(step);
        foreach (var field in draft.Fields.Where(f => f.Key is not ("lookupCode" or "issuedOn")))
            text.Append('\u001f').Append(field.Key).Append('=').Append(field.Value);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..24];
    }

    /// <summary>The agency and its ancestors up to the root, nearest first (where a template is looked for).</summary>
    public Task<IReadOnlyList<string>> AgencyAndAncestors(string agencyCode, CancellationToken cancellationToken)
        => access.AgencyAndAncestors(agencyCode, cancellationToken);

    /// <summary>The template documents of the agency use for the kind: its own, else the nearest ancestor's; null for the default.</summary>
    public async Task<StoredTemplate?> Template(string agencyCode, DocumentKind kind, CancellationToken cancellationToken)
        => await templates.Nearest(await AgencyAndAncestors(agencyCode, cancellationToken), kind, cancellationToken);
}
