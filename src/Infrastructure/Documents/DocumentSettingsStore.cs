using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Documents;

/// <summary>
/// An agency's document settings: the 文号 prefix of each kind it set (a kind left out takes
/// <see cref="DocumentNumber.DefaultPrefix"/>), and the review body (复议机关) and court named in an answer's remedies clause.
/// </summary>
public sealed record DocumentSettings(string AgencyCode, string? ReviewBody, string? ReviewCourt, IReadOnlyDictionary<DocumentKind, string> Prefixes,
    string? StatusPageUrl = null)
{
    /// <summary>The prefix the agency's documents of <paramref name="kind"/> are numbered with.</summary>
    public string PrefixOf(DocumentKind kind) => Prefixes.TryGetValue(kind, out var prefix) ? prefix : DocumentNumber.DefaultPrefix(kind);
}

/// <summary>Tables <c>agency_document_settings</c> and <c>agency_document_prefixes</c>.</summary>
public sealed class DocumentSettingsStore(DbSession session)
{
    private sealed class SettingsRow
    {
        public string? ReviewBody { get; init; }
        public string? ReviewCourt { get; init; }
        public string? StatusPageUrl { get; init; }
    }

    private sealed class PrefixRow
    {
        public string Kind { get; init; } = default!;
        public string Prefix { get; init; } = default!;
    }

    /// <summary>The agency's settings; no review body or court and no prefixes when it set none.</summary>
    public async Task<DocumentSettings> Of(string agencyCode, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefault<SettingsRow>(
            "SELECT review_body, review_court, status_page_url FROM agency_document_settings WHERE agency_code = @agency", new { agency = agencyCode }, cancellationToken);
        var prefixes = await session.Query<PrefixRow>(
            "SELECT kind, prefix FROM agency_document_prefixes WHERE agency_code = @agency", new { agency = agencyCode }, cancellationToken);
        return new DocumentSettings(agencyCode, row?.ReviewBody, row?.ReviewCourt,
            prefixes.Where(p => Enum.TryParse<DocumentKind>(p.Kind, out _)).ToDictionary(p => Enum.Parse<DocumentKind>(p.Kind), p => p.Prefix), row?.StatusPageUrl);
    }

    /// <summary>Replaces the agency's settings (a PUT: a prefix left out goes back to the default, a null review body, court or status page address is cleared).</summary>
    public async Task Save(DocumentSettings settings, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var p = new { agency = settings.AgencyCode, body = settings.ReviewBody, court = settings.ReviewCourt, url = settings.StatusPageUrl, by = actor.UserId, now };
        if (await session.Execute("""
                UPDATE agency_document_settings SET review_body = @body, review_court = @court, status_page_url = @url, updated_by = @by, updated_at = @now
                WHERE agency_code = @agency
                """, p, cancellationToken) == 0)
            await session.Execute("""
                INSERT INTO agency_document_settings (agency_code, review_body, review_court, status_page_url, updated_by, updated_at)
                VALUES (@agency, @body, @court, @url, @by, @now)
                """, p, cancellationToken);
        await session.Execute("DELETE FROM agency_document_prefixes WHERE agency_code = @agency", new { agency = settings.AgencyCode }, cancellationToken);
        foreach (var (kind, prefix) in settings.Prefixes.OrderBy(k => k.Key))
            await session.Execute("INSERT INTO agency_document_prefixes (agency_code, kind, prefix) VALUES (@agency, @kind, @prefix)",
                new { agency = settings.AgencyCode, kind = kind.ToString(), prefix }, cancellationToken);
    }
}
