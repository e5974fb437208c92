using CaseTracker.Api.Features.Cases;
using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Cases;
using CaseTracker.Infrastructure.Documents;
using Mediator;

namespace CaseTracker.Api.Features.Documents.ListDocuments;

/// <summary>
/// One issued document in the list (no personal data): <see cref="Status"/> is <c>Issued</c>; <c>Replaced</c> when a later
/// document names it in <see cref="ReplacedByDocumentId"/>; <c>Superseded</c> when the step it was issued for was voided
/// (撤销上一步, issue 16 item 2) or the decision it answers was amended (更正答复决定), with that history entry in
/// <see cref="Superseded"/> (its seq, date and reason).
/// </summary>
public sealed record IssuedDocumentSummary(Guid Id, DocumentKind Kind, string Title, string Number, DateOnly IssuedOn, string Sha256, string Status,
    Guid? ReplacesDocumentId, Guid? ReplacedByDocumentId, AssigneeDetails IssuedBy, DateTimeOffset IssuedAt, DocumentSupersession? Superseded = null)
{
    /// <summary>
    /// True when the document is in force but a correction of the case has since changed a date it states (the receipt's due
    /// date, a 补正 supply-by…): the paper no longer matches the register (内容已过时) and should be corrected (更正, replaces).
    /// </summary>
    public bool OutOfDate => OutOfDateFields is { Count: > 0 };

    /// <summary>The dates it states that the case now says otherwise, by their Chinese labels (答复期限…); empty when it matches.</summary>
    public IReadOnlyList<string> OutOfDateFields { get; init; } = [];
}

/// <summary>
/// The case's issued documents (oldest first) and the kinds it can issue now, in the order of documents.md: a kind whose
/// document for the current step is in force is not among them (it is corrected, 更正, by replacing that document; one out
/// of date, <see cref="IssuedDocumentSummary.OutOfDate"/>, says so).
/// </summary>
public sealed record DocumentListResponse(Guid CaseId, string CaseNumber, IReadOnlyList<IssuedDocumentSummary> Items, IReadOnlyList<DocumentKind> IssuableNow);

/// <summary>Lists a case's issued documents; 404 for a case the user cannot see.</summary>
public sealed record ListDocumentsQuery(Guid CaseId) : IQuery<DocumentListResponse>;

internal sealed class ListDocumentsHandler(ICaseRepository cases, AgencyAccess access, IssuedDocumentStore documents, CaseArchiveStore archive, RegisterClock clock,
    DocumentDrafting drafting)
    : IQueryHandler<ListDocumentsQuery, DocumentListResponse>
{
    public async ValueTask<DocumentListResponse> Handle(ListDocumentsQuery query, CancellationToken cancellationToken)
    {
        var @case = await access.VisibleCase(query.CaseId, await cases.Find(new CaseId(query.CaseId), cancellationToken), c => c.AgencyCode, cancellationToken);
        var rows = await documents.List(query.CaseId, cancellationToken);
        // A kind whose document for the current step is in force is corrected (更正), not issued again (IssuedDocumentRow.InForceFor).
        // An archived case (归档, issue 19) issues nothing more: its case file is its record.
        var archived = await archive.Find(query.CaseId, cancellationToken) is not null;
        List<DocumentKind> issuable = archived ? [] : CaseDocuments.IssuableNow(@case, clock.Context())
            .Where(k => CaseDocuments.StepIndex(@case, k) is not { } step || !rows.Any(d => d.InForceFor(k, step)))
            .ToList();
        var outOfDate = archived ? new Dictionary<string, IReadOnlyList<string>>()
            : await drafting.OutOfDate(@case, rows, async r => (await documents.Content(query.CaseId, Guid.Parse(r.Id), cancellationToken))?.Draft, cancellationToken);
        return new DocumentListResponse(query.CaseId, @case.CaseNumber,
            rows.Select(r => Summary(r) with { OutOfDateFields = outOfDate.GetValueOrDefault(r.Id, []) }).ToList(), issuable);
    }

    internal static IssuedDocumentSummary Summary(IssuedDocumentRow d) => new(Guid.Parse(d.Id), Enum.Parse<DocumentKind>(d.Kind), d.Title, d.Number,
        d.IssuedOn, d.Sha256, d.SupersededBy is not null ? "Superseded" : d.ReplacedByDocumentId is null ? "Issued" : "Replaced",
        d.ReplacesDocumentId is null ? null : Guid.Parse(d.ReplacesDocumentId),
        d.ReplacedByDocumentId is null ? null : Guid.Parse(d.ReplacedByDocumentId), new AssigneeDetails(d.IssuedById, d.IssuedByName), d.CreatedAt,
        d.SupersededBy);
}

public static class ListDocumentsEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/cases/{id:guid}/documents",
            async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListDocumentsQuery(id), ct)))
        .RequireAuthorization(Policies.Read)
        .WithName("ListDocuments")
        .WithSummary("The case's issued documents (a replaced one shows as Replaced, one of a voided step as Superseded) and the kinds it can issue now.");
}
