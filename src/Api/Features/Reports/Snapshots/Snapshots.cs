using System.Text.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Features.Reports.GetAnnualReport;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Reports.Snapshots;

public sealed record CellDifference(string Table, string Row, string Column, decimal Published, decimal Now);

public sealed record SnapshotSummary(
    Guid Id, string AgencyCode, int Year, string Format, bool Subtree, int Version, string Source, DateTimeOffset GeneratedAt,
    string GeneratedBy, DateTimeOffset? PublishedAt, string? PublishedBy, bool ChangedSincePublished, IReadOnlyList<CellDifference> Difference);

/// <summary>Rows of report_snapshots, and the operations every snapshot use case shares.</summary>
public sealed class SnapshotStore(DbSession session, AnnualReports reports, RegisterClock clock)
{
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
    }

    public const string Columns = """
        id, agency_code, year, format, subtree, version, source, generated_at, generated_by, content, published_at, published_by,
        changed_since_published, difference
        """;

    public async Task<Row?> Find(Guid id, CancellationToken cancellationToken)
        => await session.QuerySingleOrDefault<Row>($"SELECT {Columns} FROM report_snapshots WHERE id = @id", new { id = id.ToString() }, cancellationToken);

    /// <summary>Stores a new immutable version; earlier versions are kept.</summary>
    public async Task<Row> Generate(int year, string agencyCode, bool subtree, ReportFormat format, string source, Actor actor, CancellationToken cancellationToken)
    {
        var document = await reports.Compute(year, agencyCode, subtree, format, cancellationToken);
        var key = new { agency = agencyCode, year, format = format.Id(), subtree };
        var version = 1 + await session.ExecuteScalar<int>(
            "SELECT COALESCE(MAX(version), 0) FROM report_snapshots WHERE agency_code = @agency AND year = @year AND format = @format AND subtree = @subtree",
            key, cancellationToken);
        var id = Guid.CreateVersion7();
        await session.Execute($"""
            INSERT INTO report_snapshots (id, agency_code, year, format, subtree, version, source, generated_at, generated_by, content, changed_since_published)
            VALUES (@id, @agency, @year, @format, @subtree, @version, @source, @now, @by, @content, @unchanged)
            """, new
        {
            id = id.ToString(), key.agency, key.year, key.format, key.subtree, version, source, now = clock.Now, by = actor.Name,
            content = JsonSerializer.Serialize(document.ToJson(), ApiJson.Options), unchanged = false,
        }, cancellationToken);
        return (await Find(id, cancellationToken))!;
    }

    /// <summary>The cells where the register today differs from what was published.</summary>
    public async Task<IReadOnlyList<CellDifference>> Drift(Row row, CancellationToken cancellationToken)
    {
        if (row.PublishedAt is null) return [];
        var now = (await reports.Compute(row.Year, row.AgencyCode, row.Subtree, ReportFormats.Parse(row.Format), cancellationToken)).ToJson();
        var live = JsonNode.Parse(JsonSerializer.Serialize(now, ApiJson.Options))!;
        var published = JsonNode.Parse(row.Content)!;
        var differences = new List<CellDifference>();
        foreach (var table in ReportFormats.Parse(row.Format).Definition().Tables)
        foreach (var reportRow in table.Rows)
        {
            if (table.Columns.Count == 0)
            {
                Compare(table.Key, reportRow.Key, "", published[table.Key]?[reportRow.Key], live[table.Key]?[reportRow.Key]);
                continue;
            }

            foreach (var column in table.Columns)
                Compare(table.Key, reportRow.Key, column.Key, published[table.Key]?[reportRow.Key]?[column.Key], live[table.Key]?[reportRow.Key]?[column.Key]);
        }

        return differences;

        void Compare(string table, string r, string c, JsonNode? before, JsonNode? after)
        {
            var b = before?.GetValue<decimal>() ?? 0;
            var a = after?.GetValue<decimal>() ?? 0;
            if (a != b) differences.Add(new CellDifference(table, r, c, b, a));
        }
    }

    /// <summary>Stores the drift check's result on the snapshot ("changed since published", with the difference).</summary>
    public async Task<IReadOnlyList<CellDifference>> RecordDrift(Row row, CancellationToken cancellationToken)
    {
        var difference = await Drift(row, cancellationToken);
        await session.Execute("""
            UPDATE report_snapshots SET changed_since_published = @changed, difference = @difference, checked_at = @now WHERE id = @id
            """, new
        {
            id = row.Id, changed = difference.Count > 0, now = clock.Now,
            difference = difference.Count > 0 ? JsonSerializer.Serialize(difference, ApiJson.Options) : null,
        }, cancellationToken);
        return difference;
    }

    public static SnapshotSummary Summary(Row row, IReadOnlyList<CellDifference>? drift = null)
    {
        var difference = drift ?? (row.Difference is null ? [] : JsonSerializer.Deserialize<List<CellDifference>>(row.Difference, ApiJson.Options)!);
        return new SnapshotSummary(Guid.Parse(row.Id), row.AgencyCode, row.Year, row.Format, row.Subtree, row.Version, row.Source, row.GeneratedAt,
            row.GeneratedBy, row.PublishedAt, row.PublishedBy, difference.Count > 0, difference);
    }
}

public sealed record GenerateSnapshotRequest(int? Year, string? Agency, bool? Subtree, string? Format);

public sealed record GenerateSnapshotCommand : ICommand<SnapshotSummary>, IValidatable, IRetryOnConflict
{
    public int? Year { get; init; }
    public string? Agency { get; init; }
    public bool Subtree { get; init; }
    public string? Format { get; init; }

    public void Validate(Validator v)
    {
        v.Required("year", Year).Range("year", Year, 2008, 2099).Code("agency", Agency, required: true);
        if (Format is not null && !ReportFormats.TryParse(Format, out _))
            v.Error("format", $"format must be one of {string.Join(", ", ReportFormats.All.Select(d => d.Id))}.");
    }
}

internal sealed class GenerateSnapshotHandler(SnapshotStore store, CurrentUser user) : ICommandHandler<GenerateSnapshotCommand, SnapshotSummary>
{
    public async ValueTask<SnapshotSummary> Handle(GenerateSnapshotCommand command, CancellationToken cancellationToken)
    {
        var year = command.Year!.Value;
        var format = command.Format is null ? ReportFormats.DefaultFor(year) : ReportFormats.Parse(command.Format);
        return SnapshotStore.Summary(await store.Generate(year, command.Agency!, command.Subtree, format, "manual", user.Actor, cancellationToken));
    }
}

public sealed record ListSnapshotsQuery(string? Agency, int? Year) : IQuery<IReadOnlyList<SnapshotSummary>>;

/// <summary>Snapshots of the agencies the caller sees; a published one is compared with the register as it is now.</summary>
internal sealed class ListSnapshotsHandler(DbSession session, SnapshotStore store, AgencyAccess access) : IQueryHandler<ListSnapshotsQuery, IReadOnlyList<SnapshotSummary>>
{
    public async ValueTask<IReadOnlyList<SnapshotSummary>> Handle(ListSnapshotsQuery query, CancellationToken cancellationToken)
    {
        var agencies = await access.Scope(query.Agency, subtree: query.Agency is null, cancellationToken);
        var rows = agencies.Count == 0 ? [] : await session.Query<SnapshotStore.Row>(
            $"SELECT {SnapshotStore.Columns} FROM report_snapshots WHERE {session.Dialect.InList("agency_code", "agencies")}"
            + (query.Year is null ? "" : " AND year = @year") + " ORDER BY year DESC, agency_code, format, subtree, version",
            new { agencies = agencies.ToArray(), year = query.Year }, cancellationToken);
        var result = new List<SnapshotSummary>();
        foreach (var row in rows) result.Add(SnapshotStore.Summary(row, row.PublishedAt is null ? null : await store.Drift(row, cancellationToken)));
        return result;
    }
}

public sealed record GetSnapshotQuery(Guid Id) : IQuery<SnapshotStore.Row>;

internal sealed class GetSnapshotHandler(SnapshotStore store, AgencyAccess access) : IQueryHandler<GetSnapshotQuery, SnapshotStore.Row>
{
    public async ValueTask<SnapshotStore.Row> Handle(GetSnapshotQuery query, CancellationToken cancellationToken)
    {
        var row = await store.Find(query.Id, cancellationToken);
        if (row is null || !(await access.Visible(cancellationToken)).Contains(row.AgencyCode))
            throw new NotFoundException("snapshot", $"There is no report snapshot {query.Id}.");
        return row;
    }
}

public sealed record PublishSnapshotCommand(Guid Id) : ICommand<SnapshotSummary>;

/// <summary>Marks a stored version as the published report.</summary>
internal sealed class PublishSnapshotHandler(DbSession session, SnapshotStore store, AgencyAccess access, CurrentUser user, RegisterClock clock)
    : ICommandHandler<PublishSnapshotCommand, SnapshotSummary>
{
    public async ValueTask<SnapshotSummary> Handle(PublishSnapshotCommand command, CancellationToken cancellationToken)
    {
        var row = await store.Find(command.Id, cancellationToken);
        if (row is null || !(await access.Visible(cancellationToken)).Contains(row.AgencyCode))
            throw new NotFoundException("snapshot", $"There is no report snapshot {command.Id}.");
        Domain.Reports.AnnualReport.EnsurePublishable(row.Year, clock.Today);
        if (row.PublishedAt is { } at)
            throw new DomainRuleException($"Version {row.Version} was already published on {at:yyyy-MM-dd} by {row.PublishedBy}.");
        await session.Execute("UPDATE report_snapshots SET published_at = @now, published_by = @by WHERE id = @id AND published_at IS NULL",
            new { now = clock.Now, by = user.Actor.Name, id = row.Id }, cancellationToken);
        return SnapshotStore.Summary((await store.Find(command.Id, cancellationToken))!);
    }
}

public static class SnapshotEndpoints
{
    public static void MapSnapshots(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports/snapshots").WithTags("Reports").RequireAuthorization(Policies.Reports);
        group.MapPost("/", async (GenerateSnapshotRequest body, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(new GenerateSnapshotCommand { Year = body.Year, Agency = body.Agency, Subtree = body.Subtree ?? false, Format = body.Format }, ct);
                return TypedResults.Created($"/api/reports/snapshots/{created.Id}", created);
            })
            .WithName("GenerateReportSnapshot")
            .WithSummary("Store a new immutable version of a year's report (regenerate = a new version; the old ones are kept).");
        group.MapGet("/", async (string? agency, int? year, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListSnapshotsQuery(agency, year), ct)))
            .WithName("ListReportSnapshots")
            .WithSummary("Stored reports; a published one shows whether the register has changed its figures since (with the cells that differ).");
        group.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Text((await sender.Send(new GetSnapshotQuery(id), ct)).Content, "application/json"))
            .WithName("DownloadReportSnapshot")
            .WithSummary("The stored report exactly as generated (the JSON of reports.md §6).");
        group.MapPost("/{id:guid}/publication", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new PublishSnapshotCommand(id), ct)))
            .WithName("PublishReportSnapshot");
    }
}
