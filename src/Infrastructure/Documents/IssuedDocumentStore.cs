using System.Text.Json;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure.PersonalData;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Documents;

/// <summary>A document as issued (文书), ready to be stored: its number, the draft it was made from, the DOCX bytes and their SHA-256.</summary>
public sealed record NewIssuedDocument
{
    public required Guid Id { get; init; }
    public required Guid CaseId { get; init; }
    public required string AgencyCode { get; init; }
    public required int Year { get; init; }
    public required int Sequence { get; init; }
    public required string Number { get; init; }
    public required DateOnly IssuedOn { get; init; }
    public required DocumentDraft Draft { get; init; }
    public required byte[] Docx { get; init; }
    public required string Sha256 { get; init; }
    /// <summary>HMAC of the receipt's 查询码 (<see cref="PersonalDataProtector.LookupCodeHash"/>); null for other kinds.</summary>
    public string? LookupCodeHash { get; init; }
    public Guid? ReplacesDocumentId { get; init; }
    public required Actor IssuedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// One issued document as the list shows it (no personal data): <see cref="ReplacedByDocumentId"/> names the later
/// document that replaces it, if any.
/// </summary>
public sealed class IssuedDocumentRow
{
    public string Id { get; init; } = default!;
    public string CaseId { get; init; } = default!;
    public string AgencyCode { get; init; } = default!;
    public string Kind { get; init; } = default!;
    public int Year { get; init; }
    public int Sequence { get; init; }
    public string Number { get; init; } = default!;
    public string Title { get; init; } = default!;
    public DateOnly IssuedOn { get; init; }
    public int EventSequence { get; init; }
    public string Sha256 { get; init; } = default!;
    public string? ReplacesDocumentId { get; init; }
    public string? ReplacedByDocumentId { get; init; }
    public string IssuedById { get; init; } = default!;
    public string IssuedByName { get; init; } = default!;
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>
    /// Set when the step the document was issued for was voided (撤销上一步), or for an answer letter when its decision was
    /// amended (更正答复决定): that history entry.
    /// </summary>
    public DocumentSupersession? SupersededBy { get; set; }

    /// <summary>
    /// Whether this is the document of <paramref name="kind"/> in force for the step at <paramref name="step"/> (the step's
    /// index among the case's counting events, <see cref="CaseDocuments.StepIndex"/>): of that kind, not replaced by a later
    /// document, not superseded by a void, and issued for that step (a receipt for any, <see cref="CaseDocuments.SameStep"/>).
    /// While one is in force another of the kind is refused: the office corrects it (更正) by replacing it (documents.md).
    /// </summary>
    public bool InForceFor(DocumentKind kind, int step)
        => Kind == kind.ToString() && ReplacedByDocumentId is null && SupersededBy is null && CaseDocuments.SameStep(kind, EventSequence, step);
}

/// <summary>
/// The void (撤销上一步, issue 16 item 2) or decision amendment (更正答复决定) that superseded an issued document: the seq of its <c>StepVoided</c> history entry,
/// its acting date (China date), the reason given and <paramref name="Action"/>: <c>StepVoided</c> (撤销上一步) or <c>DecisionAmended</c>
/// (更正答复决定), the history entry's kind, so the list and the printable page name what made the paper void. The document stays
/// stored and downloadable; it is no longer in force.
/// </summary>
public sealed record DocumentSupersession(int Seq, DateOnly On, string Reason, string Action = "StepVoided")
{
    /// <summary>Whether an amendment of the decision (更正答复决定) superseded the paper, rather than a void of its step.</summary>
    public bool ByAmendment => Action == "DecisionAmended";
}

/// <summary>What an issued document holds: the DOCX as issued and the draft (title, addressee, fields) it was made from; both null once erased by retention.</summary>
public sealed record IssuedDocumentContent(IssuedDocumentRow Document, byte[]? Docx, DocumentDraft? Draft);

/// <summary>The case a receipt's 查询码 opens (the status lookup): its status and due date, nothing personal.</summary>
public sealed class CaseStatusRow
{
    public string CaseNumber { get; init; } = default!;
    public string Status { get; init; } = default!;
    public DateOnly? ReceivedOn { get; init; }
    public DateOnly? DueOn { get; init; }
    public DateOnly? DecidedOn { get; init; }
    public DateOnly? ClosedOn { get; init; }
}

/// <summary>
/// Issued documents (table <c>issued_documents</c>) and their numbers (<c>document_number_sequences</c>). Rows are inserted,
/// never updated, except that the retention job erases their sealed content (<see cref="EraseContent"/>). The fields and the
/// DOCX are sealed (<see cref="PersonalDataProtector.SealDocument"/>): they hold the applicant's name and address.
/// </summary>
public sealed class IssuedDocumentStore(DbSession session, PersonalDataProtector personalData)
{
    private const string Columns = """
        d.id, d.case_id, d.agency_code, d.kind, d.year, d.sequence, d.number, d.title, d.issued_on, d.event_sequence, d.sha256,
        d.replaces_document_id, r.id AS replaced_by_document_id, d.issued_by_id, d.issued_by_name, d.created_at
        """;

    private const string From = "FROM issued_documents d LEFT JOIN issued_documents r ON r.replaces_document_id = d.id";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Takes the next sequence of the agency's 文号 for the kind in the year (1 for the first), inside the caller's
    /// transaction: if the issue fails the number is given back with the rollback, and a concurrent issue waits for this
    /// one to commit (the counter row stays locked), so numbers run 1, 2, 3… without gap or repeat.
    /// </summary>
    public Task<int> NextSequence(string agencyCode, DocumentKind kind, int year, CancellationToken cancellationToken)
        => session.ExecuteScalar<int>(session.Dialect.NextDocumentNumberSql, new { agency = agencyCode, kind = kind.ToString(), year }, cancellationToken);

    /// <summary>Stores the issued document (fields and DOCX sealed). A second replacement of the same document fails on its unique index.</summary>
    public Task Add(NewIssuedDocument document, CancellationToken cancellationToken)
        => session.Execute("""
            INSERT INTO issued_documents (id, case_id, agency_code, kind, year, sequence, number, title, issued_on, event_sequence,
                fields_sealed, docx_sealed, sha256, lookup_code_hash, replaces_document_id, issued_by_id, issued_by_name, created_at)
            VALUES (@id, @caseId, @agencyCode, @kind, @year, @sequence, @number, @title, @issuedOn, @eventSequence,
                @fieldsSealed, @docxSealed, @sha256, @lookupCodeHash, @replaces, @issuedById, @issuedByName, @createdAt)
            """, new
        {
            id = document.Id.ToString(),
            caseId = document.CaseId.ToString(),
            agencyCode = document.AgencyCode,
            kind = document.Draft.Kind.ToString(),
            year = document.Year,
            sequence = document.Sequence,
            number = document.Number,
            title = document.Draft.Title,
            issuedOn = document.IssuedOn,
            eventSequence = document.Draft.EventSequence,
            fieldsSealed = Convert.ToBase64String(personalData.SealDocument(JsonSerializer.SerializeToUtf8Bytes(document.Draft, Json))),
            docxSealed = personalData.SealDocument(document.Docx),
            sha256 = document.Sha256,
            lookupCodeHash = document.LookupCodeHash,
            replaces = document.ReplacesDocumentId?.ToString(),
            issuedById = document.IssuedBy.UserId,
            issuedByName = document.IssuedBy.Name,
            createdAt = document.CreatedAt,
        }, cancellationToken);

    /// <summary>
    /// The applicant of <paramref name="caseId"/> with the personal data the register keeps sealed (phone, e-mail, address)
    /// in full: a delivery record (送达回证) prints the address it was served at, and the paper is sealed at rest like every
    /// issued document. <paramref name="masked"/> is the applicant as the case holds it (masked); returned as is when nothing is sealed.
    /// </summary>
    public async Task<Applicant> ApplicantInFull(Guid caseId, Applicant masked, CancellationToken cancellationToken)
    {
        var @sealed = await session.QuerySingleOrDefault<string?>("SELECT applicant_sealed FROM cases WHERE id = @id", new { id = caseId.ToString() },
            cancellationToken);
        if (@sealed is null) return masked;
        var secrets = personalData.Unseal(@sealed);
        return masked with { IdNumber = secrets.IdNumber, Phone = secrets.Phone, Email = secrets.Email, Address = secrets.Address };
    }

    /// <summary>The case's issued documents, oldest first, each with the void that superseded it, if any.</summary>
    public async Task<IReadOnlyList<IssuedDocumentRow>> List(Guid caseId, CancellationToken cancellationToken)
    {
        var rows = await session.Query<IssuedDocumentRow>($"SELECT {Columns} {From} WHERE d.case_id = @caseId ORDER BY d.created_at, d.number",
            new { caseId = caseId.ToString() }, cancellationToken);
        if (rows.Count > 0) await MarkSuperseded(caseId, rows, cancellationToken);
        return rows;
    }

    /// <summary>One issued document of the case (with the void that superseded it, if any), or null (also when it belongs to another case).</summary>
    public async Task<IssuedDocumentRow?> Find(Guid caseId, Guid documentId, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefault<IssuedDocumentRow>($"SELECT {Columns} {From} WHERE d.id = @id AND d.case_id = @caseId",
            new { id = documentId.ToString(), caseId = caseId.ToString() }, cancellationToken);
        if (row is not null) await MarkSuperseded(caseId, [row], cancellationToken);
        return row;
    }

    private sealed class VoidRow
    {
        public int Seq { get; init; }
        public DateOnly ActingOn { get; init; }
        public string? Payload { get; init; }
        public string Kind { get; init; } = "StepVoided";
    }

    // A void, or an amendment of the decision, names the documents it superseded in its history entry (supersededDocumentIds);
    // an issued row is never updated.
    private async Task MarkSuperseded(Guid caseId, IReadOnlyList<IssuedDocumentRow> rows, CancellationToken cancellationToken)
    {
        var voids = await session.Query<VoidRow>(
            "SELECT seq, acting_on, payload, kind FROM case_history WHERE case_id = @caseId AND kind IN ('StepVoided', 'DecisionAmended') ORDER BY seq",
            new { caseId = caseId.ToString() }, cancellationToken);
        foreach (var v in voids)
        {
            if (v.Payload is null || System.Text.Json.Nodes.JsonNode.Parse(v.Payload) is not { } details) continue;
            if (details["supersededDocumentIds"] is not System.Text.Json.Nodes.JsonArray ids) continue;
            var supersession = new DocumentSupersession(v.Seq, v.ActingOn, details["reason"]?.GetValue<string>() ?? "", v.Kind);
            foreach (var id in ids.Select(i => i?.GetValue<string>()))
            foreach (var row in rows.Where(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase)))
                row.SupersededBy ??= supersession;
        }
    }

    private sealed class ContentRow
    {
        public string? FieldsSealed { get; init; }
        public byte[]? DocxSealed { get; init; }
    }

    /// <summary>The issued document with its DOCX and draft unsealed; null when the case has no such document.</summary>
    public async Task<IssuedDocumentContent?> Content(Guid caseId, Guid documentId, CancellationToken cancellationToken)
    {
        var document = await Find(caseId, documentId, cancellationToken);
        if (document is null) return null;
        var content = await session.QuerySingleOrDefault<ContentRow>("SELECT fields_sealed, docx_sealed FROM issued_documents WHERE id = @id",
            new { id = documentId.ToString() }, cancellationToken);
        var draft = content?.FieldsSealed is { } fields
            ? JsonSerializer.Deserialize<DocumentDraft>(personalData.UnsealDocument(Convert.FromBase64String(fields)), Json)
            : null;
        return new IssuedDocumentContent(document, content?.DocxSealed is { } docx ? personalData.UnsealDocument(docx) : null, draft);
    }

    /// <summary>
    /// The case a receipt's 查询码 opens: the case numbered <paramref name="caseNumber"/> with a receipt, not replaced, whose
    /// code hashes to <paramref name="codeHash"/>; null otherwise (unknown number and wrong code alike).
    /// </summary>
    public Task<CaseStatusRow?> StatusByLookupCode(string caseNumber, string codeHash, CancellationToken cancellationToken)
        => session.QuerySingleOrDefault<CaseStatusRow>("""
            SELECT c.case_number, c.status, c.received_on, c.due_on, c.decided_on, c.closed_on
            FROM cases c JOIN issued_documents d ON d.case_id = c.id
            WHERE c.case_number = @caseNumber AND d.kind = 'Receipt' AND d.lookup_code_hash = @codeHash
              AND NOT EXISTS (SELECT 1 FROM issued_documents r WHERE r.replaces_document_id = d.id)
            """, new { caseNumber, codeHash }, cancellationToken);

    /// <summary>Erases the sealed fields and DOCX of the case's documents (retention); the rows, numbers and SHA-256 stay. Returns how many.</summary>
    public Task<int> EraseContent(Guid caseId, CancellationToken cancellationToken)
        => session.Execute("UPDATE issued_documents SET fields_sealed = NULL, docx_sealed = NULL WHERE case_id = @caseId AND fields_sealed IS NOT NULL",
            new { caseId = caseId.ToString() }, cancellationToken);

    /// <summary>The lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
