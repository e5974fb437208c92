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

/// <summary>
/// A case ready for drafting one kind of document: the aggregate (applicant in full) and what drafting needs besides it;
/// <see cref="Predecessor"/> the paper the new one corrects or follows, if any.
/// </summary>
public sealed record DraftingInput(Case Case, DocumentContext Context, DocumentSettings Settings, string AgencyName)
{
    /// <summary>The paper the new document replaces (a correction, 更正) or follows (an answer after 更正答复决定); null for a first paper.</summary>
    public Predecessor? Predecessor { get; init; }
}

/// <summary>
/// The issued paper a new document takes the place of: <see cref="Correction"/> true when the clerk corrects it (<c>replaces</c>,
/// 更正: the new paper starts from its editable text, <see cref="Draft"/>, null once erased by retention), false when it is an
/// answer letter superseded by an amendment of its decision (更正答复决定: the new paper is drafted from the amended decision).
/// Either way the new paper names it (correctionNote); an answer after an amendment cannot be dated before
/// <see cref="NotBefore"/> (China date), the amendment's date.
/// </summary>
public sealed record Predecessor(IssuedDocumentRow Row, DocumentDraft? Draft, bool Correction)
{
    /// <summary>The date the paper was made void by an amendment (the earliest date of the answer after it); for a correction the replaced paper's date.</summary>
    public DateOnly NotBefore => Correction ? Row.IssuedOn : Row.SupersededBy!.On;

    /// <summary>
    /// True when the paper followed was made void with its step (撤销上一步, e.g. a 送达回证 of a voided delivery): the new paper
    /// records the step entered again, dated by that step, and names the void one (trial F finding 9).
    /// </summary>
    public bool FollowsVoid => !Correction && Row.SupersededBy is { ByAmendment: false };
}

/// <summary>
/// What drafting and issuing share (documents.md): the case the user may see (404 otherwise), who may issue which kind, the
/// agency's name and settings, the acting date, the numbers a delivery record covers, and the template the agency uses.
/// </summary>
public sealed class DocumentDrafting(ICaseRepository cases, IssuedDocumentStore documents, AgencyAccess access, CurrentUser user, RegisterClock clock, DocumentSettingsStore settings,
    DocumentTemplateStore templates, Infrastructure.Agencies.AgencyStore agencies)
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
    /// the future; when null, the acting date of the step the paper records, <see cref="CaseDocuments.DefaultIssuedOn"/>). A
    /// delivery record covers the answer letters in force, by their titles and numbers; one dated after the delivery → 409.
    /// <para>With <paramref name="replaces"/> (a correction, 更正) or for an answer letter whose earlier answer was superseded by
    /// an amendment of the decision (更正答复决定), <see cref="DraftingInput.Predecessor"/> holds that paper
    /// (<see cref="PredecessorOf"/>): the date then defaults to today for a correction (the day it is made) and to the
    /// amendment's date for the answer after it; the answer after an amendment dated before the amendment is refused (400): a
    /// paper never claims to be made before the paper it takes the place of was made void. A correction may be dated earlier
    /// (the replaced paper's date may be the error corrected); when today contradicts the case's record, the handlers date it
    /// by <see cref="CorrectionFallbackOn"/>.</para>
    /// </summary>
    public async Task<DraftingInput> Prepare(Guid caseId, DocumentKind kind, int? expectedVersion, DateOnly? issuedOn, string? lookupCode, Guid? consultationId,
        CancellationToken cancellationToken, Guid? replaces = null)
    {
        var @case = await access.VisibleCase(caseId, await cases.Find(new CaseId(caseId), cancellationToken), c => c.AgencyCode, cancellationToken);
        if (expectedVersion is { } expected && expected != @case.Version)
            throw new ConcurrencyConflictException(
                $"Case {@case.CaseNumber} is at version {@case.Version}, not {expected}: someone changed it since you read it; reload and try again.");
        var today = clock.Today;
        var predecessor = await PredecessorOf(@case, kind, replaces, cancellationToken);
        var on = issuedOn ?? (predecessor is null or { FollowsVoid: true } ? CaseDocuments.DefaultIssuedOn(@case, kind, today)
            : predecessor.Correction ? today
            : predecessor.NotBefore > CaseDocuments.DefaultIssuedOn(@case, kind, today) ? predecessor.NotBefore : CaseDocuments.DefaultIssuedOn(@case, kind, today));
        if (on > today) throw new InvalidInputException("issuedOn", $"A document cannot be dated after today ({today:yyyy-MM-dd}); {on:yyyy-MM-dd} was sent.");
        if (predecessor is { Correction: false, FollowsVoid: false } && on < predecessor.NotBefore)
            throw new InvalidInputException("issuedOn",
                $"The answer letter cannot be dated {on:yyyy-MM-dd}, before the decision was amended on {predecessor.NotBefore:yyyy-MM-dd}: it replaces {predecessor.Row.Number}, which the amendment made void.");
        var agencySettings = await settings.Of(@case.AgencyCode, cancellationToken);
        var agencyName = await AgencyNameOn(@case.AgencyCode, on, cancellationToken);
        // A delivery record names the answer letters in force, each by its own title and number (an answer superseded by an
        // amended decision or a void, or replaced by a correction, is not delivered); none of them may be dated after the delivery.
        var delivered = kind == DocumentKind.DeliveryRecord
            ? (await documents.List(caseId, cancellationToken))
                .Where(d => d.Kind == nameof(DocumentKind.Answer) && d.ReplacedByDocumentId is null && d.SupersededBy is null)
                .Select(d => new DeliveredDocument(d.Title, d.Number, d.IssuedOn)).ToList()
            : null;
        if (delivered is not null && CaseDocuments.DeliveredOn(@case) is { } deliveredOn)
            CaseDocuments.EnsureDeliveredAfterIssue(deliveredOn, delivered);
        if (delivered is { Count: 0 } && (await documents.List(caseId, cancellationToken)).Where(d => d.Kind == nameof(DocumentKind.Answer)).Select(d => d.Number).ToList()
                is { Count: > 0 } stale)
            throw new DomainRuleException(
                $"The answer letter {string.Join(", ", stale)} of this case is no longer in force (its decision was amended or its step voided): issue the answer for the decision as it stands, then the delivery record.");
        var context = new DocumentContext(agencyName, agencySettings.ReviewBody, agencySettings.ReviewCourt, clock.Context(), on, lookupCode, consultationId,
            delivered, agencySettings.StatusPageUrl);
        return new DraftingInput(@case, context, agencySettings, agencyName) { Predecessor = predecessor };
    }

    /// <summary>
    /// The paper a new document of <paramref name="kind"/> of <paramref name="case"/> takes the place of. With
    /// <paramref name="replaces"/>: that document (400 when the case has none such), a correction, with its issued draft —
    /// refused (409) when of another kind, already replaced, or superseded by a void of its step; an answer letter superseded by
    /// an amendment of its decision is followed rather than corrected (drafted from the amended decision). Without it, for an
    /// answer letter: the latest answer superseded by an amendment (更正答复决定) and not yet followed by another, so the new
    /// answer names it; for a delivery record (送达回证): the latest one made void with its delivery (撤销上一步) and not yet
    /// followed, so the record of the delivery entered again names it; null otherwise.
    /// </summary>
    public async Task<Predecessor?> PredecessorOf(Case @case, DocumentKind kind, Guid? replaces, CancellationToken cancellationToken)
    {
        var caseId = @case.Id.Value;
        if (replaces is not { } id)
        {
            // A 送达回证 of a delivery entered again after the earlier one was voided (撤销上一步) names the void 送达回证 it takes
            // the place of, as an answer after 更正答复决定 names the void answer (trial F finding 9).
            if (kind == DocumentKind.DeliveryRecord)
            {
                var voided = (await documents.List(caseId, cancellationToken))
                    .LastOrDefault(d => d.Kind == nameof(DocumentKind.DeliveryRecord) && d.SupersededBy is { ByAmendment: false } && d.ReplacedByDocumentId is null);
                return voided is null ? null : new Predecessor(voided, null, Correction: false);
            }

            if (kind != DocumentKind.Answer) return null;
            var superseded = (await documents.List(caseId, cancellationToken))
                .LastOrDefault(d => d.Kind == nameof(DocumentKind.Answer) && d.SupersededBy is { ByAmendment: true } && d.ReplacedByDocumentId is null);
            return superseded is null ? null : new Predecessor(superseded, null, Correction: false);
        }

        var replaced = await documents.Find(caseId, id, cancellationToken)
                       ?? throw new InvalidInputException("replaces", $"Case {@case.CaseNumber} has no issued document {id} to replace.");
        if (replaced.Kind != kind.ToString())
            throw new DomainRuleException($"Document {replaced.Number} is of kind {replaced.Kind}: one of kind {kind} cannot replace it; issue a new {replaced.Kind}.");
        if (replaced.ReplacedByDocumentId is not null)
            throw new DomainRuleException($"Document {replaced.Number} has already been replaced: replace the document that replaced it.");
        if (replaced.SupersededBy is { ByAmendment: true } && kind == DocumentKind.Answer)
            return new Predecessor(replaced, null, Correction: false);
        if (replaced.SupersededBy is not null)
            throw new DomainRuleException(
                $"Document {replaced.Number} was superseded when the step it was issued for was voided: issue a new document for the case as it is now.");
        return new Predecessor(replaced, (await documents.Content(caseId, id, cancellationToken))?.Draft, Correction: true);
    }

    /// <summary>
    /// The edits a correction starts from (trial D): each editable field of the replaced paper (<see cref="Predecessor.Draft"/>)
    /// whose issued text differs from <paramref name="fresh"/>'s, the draft of the case as it is now — the clerk's wording
    /// (理由, 补正事项, 提供方式, 送达地址 …) is kept, while dates, the article and every computed part come fresh from the case.
    /// A delivery record's address equal to the applicant's address now (<paramref name="fullAddress"/>, in full) is not carried:
    /// the paper prints it anyway, and the draft shows it masked. Empty for a first paper or an answer after an amendment.
    /// </summary>
    public static Dictionary<string, string> CarriedOver(Predecessor? predecessor, DocumentDraft fresh, string? fullAddress)
    {
        var carried = new Dictionary<string, string>(StringComparer.Ordinal);
        if (predecessor is not { Correction: true, Draft: { } replaced }) return carried;
        foreach (var field in fresh.Fields.Where(f => f.Editable))
        {
            if (replaced.Value(field.Key) is not { } old || old == field.Value) continue;
            if (field.Key == "address" && fresh.Kind == DocumentKind.DeliveryRecord && old == fullAddress) continue;
            carried[field.Key] = old;
        }

        return carried;
    }

    /// <summary>
    /// The date a correction (更正) sent without a date is given when today contradicts the case's record
    /// (<see cref="CaseDocuments.EnsureDateAgreesWithCase"/>: an answer already delivered, an extension notice after the telling):
    /// the acting date of the step the paper records (<see cref="CaseDocuments.DefaultIssuedOn"/>), as a first paper; null when
    /// the correction was dated by the clerk or is not a correction, so the refusal stands.
    /// </summary>
    public DateOnly? CorrectionFallbackOn(DraftingInput input, DocumentKind kind, DateOnly? sentIssuedOn)
        => sentIssuedOn is null && input.Predecessor is { Correction: true }
            ? CaseDocuments.DefaultIssuedOn(input.Case, kind, clock.Today) is var on && on != input.Context.IssuedOn ? on : null
            : null;

    /// <summary>The applicant's address for a delivery by the case's recorded method, in full (the 送达回证 prints it); null for other kinds.</summary>
    public async Task<string?> FullDeliveryAddress(Case @case, DocumentKind kind, CancellationToken cancellationToken)
        => kind == DocumentKind.DeliveryRecord && CaseDocuments.DeliveryMethodOf(@case) is { } method
            ? CaseDocuments.DeliveryAddress(await documents.ApplicantInFull(@case.Id.Value, @case.Applicant, cancellationToken), method)
            : null;

    /// <summary>
    /// The draft's id: a digest of the case id, its steps (events) and what the draft says (kind, step, every field but the
    /// receipt's 查询码, made at issue, and the acting date, chosen at issue). An issue naming it is refused (409) when a step was recorded or voided or the
    /// draft no longer says the same (the registration corrected), so that what the clerk read and edited is what is issued;
    /// another document issued in between, or an assignment (which move the case's version only), leave it valid. Its last
    /// 8 hex digits check the case and kind (<see cref="EnsureDraftIdOf"/>), so an id this system never made is told apart.
    /// </summary>
    public static string DraftId(Case @case, DocumentDraft draft)
    {
        var text = new StringBuilder().Append(@case.Id.Value).Append('/').Append(draft.Kind).Append('/').Append(draft.EventSequence)
            .Append('/').Append(draft.Title).Append('/').Append(draft.Addressee);
        foreach (var step in @case.Events) text.Append('\u001e').Append(step);
        foreach (var field in draft.Fields.Where(f => f.Key is not ("lookupCode" or "issuedOn")))
            text.Append('\u001f').Append(field.Key).Append('=').Append(field.Value);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..DigestLength] + Check(@case.Id.Value, draft.Kind);
    }

    /// <summary>
    /// Refuses (400) a request body carrying properties the route does not read (<paramref name="unknown"/>, the JSON
    /// extension data), naming each and the <paramref name="accepted"/> ones: a typo (<c>edit</c> for <c>edits</c>) would
    /// otherwise issue a numbered paper that cannot be changed, without what the clerk meant to write.
    /// </summary>
    public static void RefuseUnknownProperties(IReadOnlyDictionary<string, System.Text.Json.JsonElement>? unknown, params string[] accepted)
    {
        if (unknown is not { Count: > 0 }) return;
        throw new InvalidInputException(unknown.Keys.ToDictionary(k => k,
            k => new[] { $"There is no property {k}; the accepted properties are {string.Join(", ", accepted)}." }, StringComparer.Ordinal));
    }

    private const int DigestLength = 24, CheckLength = 8;

    /// <summary>
    /// Refuses (400) a <paramref name="draftId"/> that is not one this system made for a draft of <paramref name="kind"/> of the
    /// case <paramref name="caseId"/> (wrong shape, or its check part does not match the case and kind), so that a mistyped id
    /// is not reported as a change of the case.
    /// </summary>
    public static void EnsureDraftIdOf(Guid caseId, DocumentKind kind, string draftId)
    {
        if (draftId.Length != DigestLength + CheckLength || !draftId.All(char.IsAsciiHexDigitLower) || draftId[DigestLength..] != Check(caseId, kind))
            throw new InvalidInputException("draftId",
                $"draftId {draftId} is not the id of a draft this system made for this case and kind: draft the document again and issue with the draftId the draft returns.");
    }

    private static string Check(Guid caseId, DocumentKind kind)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"draft/{caseId}/{kind}")))[..CheckLength];

    /// <summary>
    /// For each issued document of <paramref name="case"/> in force (<paramref name="rows"/>, their drafts in
    /// <paramref name="drafts"/>) whose step is still the case's, the dates it states that the case now says otherwise, by
    /// label (a correction moved the receipt or due date after the paper was issued): the paper is out of date (内容已过时) and
    /// the office corrects it (更正). Documents of an older step (an earlier 补正 request) are left alone.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> OutOfDate(Case @case, IReadOnlyList<IssuedDocumentRow> rows,
        Func<IssuedDocumentRow, Task<DocumentDraft?>> drafts, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        var live = rows.Where(r => r.ReplacedByDocumentId is null && r.SupersededBy is null).ToList();
        if (live.Count == 0) return result;
        var agencySettings = await settings.Of(@case.AgencyCode, cancellationToken);
        foreach (var row in live)
        {
            var kind = Enum.Parse<DocumentKind>(row.Kind);
            if (CaseDocuments.StepIndex(@case, kind) is not { } step || row.EventSequence >= @case.Events.Count) continue;
            Guid? consultation = @case.Events[row.EventSequence] is ConsultationSent sent ? sent.ConsultationId : null;
            if (consultation is null && !CaseDocuments.SameStep(kind, row.EventSequence, step)) continue;
            if (CaseDocuments.WhyNot(@case, kind, clock.Context()) is not null || await drafts(row) is not { } issued) continue;
            var agencyName = await AgencyNameOn(@case.AgencyCode, row.IssuedOn, cancellationToken);
            var context = new DocumentContext(agencyName, agencySettings.ReviewBody, agencySettings.ReviewCourt, clock.Context(), row.IssuedOn,
                issued.Value("lookupCode"), consultation);
            DocumentDraft now;
            try
            {
                now = CaseDocuments.Draft(@case, kind, context);
            }
            catch (Exception e) when (e is DomainRuleException or NotFoundException or InvalidInputException)
            {
                continue;
            }

            if (CaseDocuments.ChangedDates(issued, now) is { Count: > 0 } changed) result[row.Id] = changed;
        }

        return result;
    }

    /// <summary>
    /// The name of the agency <paramref name="agencyCode"/> in force on <paramref name="day"/> (China date), the name a paper
    /// dated that day states in 发文机关 and 落款 (<see cref="Infrastructure.Agencies.AgencyStore.NameOn"/>); the code when the agency is unknown.
    /// </summary>
    public async Task<string> AgencyNameOn(string agencyCode, DateOnly day, CancellationToken cancellationToken)
        => (await access.Find(agencyCode, cancellationToken))?.Name is { } name
            ? await agencies.NameOn(agencyCode, day, name, cancellationToken)
            : agencyCode;

    /// <summary>The agency and its ancestors up to the root, nearest first (where a template is looked for).</summary>
    public Task<IReadOnlyList<string>> AgencyAndAncestors(string agencyCode, CancellationToken cancellationToken)
        => access.AgencyAndAncestors(agencyCode, cancellationToken);

    /// <summary>The template documents of the agency use for the kind: its own, else the nearest ancestor's; null for the default.</summary>
    public async Task<StoredTemplate?> Template(string agencyCode, DocumentKind kind, CancellationToken cancellationToken)
        => await templates.Nearest(await AgencyAndAncestors(agencyCode, cancellationToken), kind, cancellationToken);
}
