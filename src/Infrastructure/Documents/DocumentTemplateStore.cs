using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Documents;

/// <summary>An agency's own template of a kind: the DOCX and who uploaded it when.</summary>
public sealed class StoredTemplate
{
    public string AgencyCode { get; init; } = default!;
    public string Kind { get; init; } = default!;
    public byte[] Content { get; init; } = default!;
    public string Sha256 { get; init; } = default!;
    public string UploadedById { get; init; } = default!;
    public string UploadedByName { get; init; } = default!;
    public DateTimeOffset UploadedAt { get; init; }
}

/// <summary>Agencies' own DOCX templates per kind (table <c>document_templates</c>); checked for unknown fields before they get here.</summary>
public sealed class DocumentTemplateStore(DbSession session)
{
    private const string Columns = "agency_code, kind, content, sha256, uploaded_by_id, uploaded_by_name, uploaded_at";

    /// <summary>Stores the agency's template of the kind, replacing the one it had.</summary>
    public async Task Save(string agencyCode, DocumentKind kind, byte[] content, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await Delete(agencyCode, kind, cancellationToken);
        await session.Execute($"""
            INSERT INTO document_templates ({Columns})
            VALUES (@agency, @kind, @content, @sha256, @byId, @byName, @now)
            """, new
        {
            agency = agencyCode, kind = kind.ToString(), content, sha256 = IssuedDocumentStore.Sha256Of(content), byId = actor.UserId,
            byName = actor.Name, now,
        }, cancellationToken);
    }

    /// <summary>Removes the agency's own template of the kind; false when it had none.</summary>
    public async Task<bool> Delete(string agencyCode, DocumentKind kind, CancellationToken cancellationToken)
        => await session.Execute("DELETE FROM document_templates WHERE agency_code = @agency AND kind = @kind",
            new { agency = agencyCode, kind = kind.ToString() }, cancellationToken) > 0;

    /// <summary>
    /// The template a document of the agency uses: the first agency of <paramref name="agencyAndAncestors"/> (the agency,
    /// then its parent, up to the root) that has one of the kind; null when none has (the default template applies).
    /// </summary>
    public async Task<StoredTemplate?> Nearest(IReadOnlyList<string> agencyAndAncestors, DocumentKind kind, CancellationToken cancellationToken)
    {
        if (agencyAndAncestors.Count == 0) return null;
        var found = await session.Query<StoredTemplate>(
            $"SELECT {Columns} FROM document_templates WHERE kind = @kind AND {session.Dialect.InList("agency_code", "agencies")}",
            new { kind = kind.ToString(), agencies = agencyAndAncestors.ToArray() }, cancellationToken);
        return agencyAndAncestors.Select(code => found.FirstOrDefault(t => t.AgencyCode == code)).FirstOrDefault(t => t is not null);
    }
}
