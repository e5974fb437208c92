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
    /// </summary>
    public async Task<DraftingInput> Prepare(Guid caseId, DocumentKind kind, int? expectedVersion, DateOnly? issuedOn, string? lookupCode, Guid? consultationId,
        CancellationToken cancellationToken)
    {
        var @case = await access.VisibleCase(caseId, await cases.Find(new CaseId(caseId), cancellationToken), c => c.AgencyCode, cancellationToken);
        if (expectedVersion is { } expected && expected != @case.Version)
            throw new ConcurrencyConflictException(
                $"Case {@case.CaseNumber} is at version {@case.Version}, not {expected}: someone changed it since you read it; reload and try again.");
        var today = clock.Today;
        var on = issuedOn ?? CaseDocuments.DefaultIssuedOn(@case, kind, today);
        if (on > today) throw new InvalidInputException("issuedOn", $"A document cannot be dated after today ({today:yyyy-MM-dd}); {on:yyyy-MM-dd} was sent.");
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
        return new DraftingInput(@case, context, agencySettings, agencyName);
    }

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
