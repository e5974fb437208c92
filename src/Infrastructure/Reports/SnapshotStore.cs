using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Reports;

/// <summary>
/// Rows of report_snapshots: the stored, immutable versions of a year's report (the JSON of reports.md §6), their
/// publication and the result of the last drift check. Each call runs inside the command's transaction.
/// </summary>
public sealed class SnapshotStore(DbSession session)
{
    /// <summary>One stored version; <see cref="Difference"/> is the JSON of the cells that differed at the last drift check.</summary>
    public sealed class Row
    {
        public string Id { get; init; } = "";
        public string AgencyCode { get; init; } = "";
        public int Year { get; init; }
        public string Format { get; init; } = "";
        public bool Subtree { get; init; }
        public int Version { get; init; }
        public string Source { get; init; } = "";
        public DateTimeOffset GeneratedAt { get; init; }
        public string GeneratedBy { get; init; } = "";
        public string Content { get; init; } = "";
        public DateTimeOffset? PublishedAt { get; init; }
        public string? PublishedBy { get; init; }
        public bool ChangedSincePublished { get; init; }
        public string? Difference { get; init; }

        /// <summary>When the drift was last compared with the register (at publication, by a list, or by the daily watch).</summary>
        public DateTimeOffset? CheckedAt { get; init; }
    }

    /// <summary>The columns of <see cref="Row"/>, for a SELECT.</summary>
    public const string Columns = """
        id, agency_code, year, format, subtree, version, source, generated_at, generated_by, content, published_at, published_by,
        changed_since_published, difference, checked_at
        """;

    /// <summary>
    /// The latest change, per agency of <paramref name="agencies"/>, of what the annual report counts: a case written
    /// (cases.updated_at), a complaint or a proceeding recorded (created_at). A published report whose drift was checked
    /// after it needs no new comparison. Agencies with nothing recorded are absent.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> LatestChanges(IReadOnlyCollection<string> agencies, CancellationToken cancellationToken)
    {
        if (agencies.Count == 0) return new Dictionary<string, DateTimeOffset>();
        var inList = session.Dialect.InList("agency_code", "agencies");
        var rows = await session.Query<(string AgencyCode, DateTimeOffset ChangedAt)>($"""
            SELECT agency_code, MAX(updated_at) AS changed_at FROM cases WHERE {inList} GROUP BY agency_code
            UNION ALL
            SELECT agency_code, MAX(created_at) AS changed_at FROM complaints WHERE {inList} GROUP BY agency_code
            UNION ALL
            SELECT agency_code, MAX(created_at) AS changed_at FROM proceedings WHERE {inList} GROUP BY agency_code
            """, new { agencies = agencies.ToArray() }, cancellationToken);
        return rows.GroupBy(r => r.AgencyCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(r => r.ChangedAt), StringComparer.Ordinal);
    }

    /// <summary>The version with this id, or null.</summary>
    public async Task<Row?> Find(Guid id, CancellationToken cancellationToken)
        => await session.QuerySingleOrDefault<Row>($"SELECT {Columns} FROM report_snapshots WHERE id = @id", new { id = id.ToString() }, cancellationToken);

    /// <summary>The highest version stored for the agency, year, format and scope; 0 when there is none.</summary>
    public Task<int> LatestVersion(string agencyCode, int year, string format, bool subtree, CancellationToken cancellationToken)
        => session.ExecuteScalar<int>(
            "SELECT COALESCE(MAX(version), 0) FROM report_snapshots WHERE agency_code = @agency AND year = @year AND format = @format AND subtree = @subtree",
            new { agency = agencyCode, year, format, subtree }, cancellationToken);

    /// <summary>Stores a new version, not published and not changed; earlier versions are kept.</summary>
    public async Task Insert(Row row, CancellationToken cancellationToken)
        => await session.Execute("""
            INSERT INTO report_snapshots (id, agency_code, year, format, subtree, version, source, generated_at, generated_by, content, changed_since_published)
            VALUES (@id, @agency, @year, @format, @subtree, @version, @source, @now, @by, @content, @unchanged)
            """, new
        {
            id = row.Id, agency = row.AgencyCode, year = row.Year, format = row.Format, subtree = row.Subtree, version = row.Version, source = row.Source,
            now = row.GeneratedAt, by = row.GeneratedBy, content = row.Content, unchanged = false,
        }, cancellationToken);

    /// <summary>The versions of these agencies (of one year when given), newest year first; none for no agency.</summary>
    public async Task<IReadOnlyList<Row>> List(IReadOnlyCollection<string> agencies, int? year, CancellationToken cancellationToken)
        => agencies.Count == 0 ? [] : await session.Query<Row>(
            $"SELECT {Columns} FROM report_snapshots WHERE {session.Dialect.InList("agency_code", "agencies")}"
            + (year is null ? "" : " AND year = @year") + " ORDER BY year DESC, agency_code, format, subtree, version",
            new { agencies = agencies.ToArray(), year }, cancellationToken);

    /// <summary>Every published version.</summary>
    public Task<IReadOnlyList<Row>> Published(CancellationToken cancellationToken)
        => session.Query<Row>($"SELECT {Columns} FROM report_snapshots WHERE published_at IS NOT NULL", null, cancellationToken);

    /// <summary>Whether the 1 January job already stored this report.</summary>
    public async Task<bool> ScheduledExists(string agencyCode, int year, string format, bool subtree, CancellationToken cancellationToken)
        => await session.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM report_snapshots
            WHERE agency_code = @agency AND year = @year AND format = @format AND subtree = @subtree AND source = 'scheduled'
            """, new { agency = agencyCode, year, format, subtree }, cancellationToken) > 0;

    /// <summary>Whether a version of the agency's report for the year (alone, or with its subordinates) is published, in any format.</summary>
    public async Task<bool> AnyPublished(string agencyCode, int year, bool subtree, CancellationToken cancellationToken)
        => await session.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM report_snapshots
            WHERE agency_code = @agency AND year = @year AND subtree = @subtree AND published_at IS NOT NULL
            """, new { agency = agencyCode, year, subtree }, cancellationToken) > 0;

    /// <summary>Stores a drift check's result: changed since published when <paramref name="difference"/> (JSON) is not null.</summary>
    public async Task RecordDrift(string id, string? difference, DateTimeOffset checkedAt, CancellationToken cancellationToken)
        => await session.Execute("""
            UPDATE report_snapshots SET changed_since_published = @changed, difference = @difference, checked_at = @now WHERE id = @id
            """, new { id, changed = difference is not null, now = checkedAt, difference }, cancellationToken);

    /// <summary>Marks the version published; a version already published is left as it is.</summary>
    public async Task Publish(string id, DateTimeOffset publishedAt, string publishedBy, CancellationToken cancellationToken)
        => await session.Execute("UPDATE report_snapshots SET published_at = @now, published_by = @by WHERE id = @id AND published_at IS NULL",
            new { now = publishedAt, by = publishedBy, id }, cancellationToken);
}
