using System.Text.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Features.Reports.GetAnnualReport;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Reports;

namespace CaseTracker.Api.Features.Reports;

public sealed record CellDifference(string Table, string Row, string Column, decimal Published, decimal Now);

public sealed record SnapshotSummary(
    Guid Id, string AgencyCode, int Year, string Format, bool Subtree, int Version, string Source, DateTimeOffset GeneratedAt,
    string GeneratedBy, DateTimeOffset? PublishedAt, string? PublishedBy, bool ChangedSincePublished, IReadOnlyList<CellDifference> Difference);

/// <summary>What every snapshot use case shares: generate a version, compare a published one with the register, summarise a row.</summary>
public sealed class ReportSnapshots(SnapshotStore store, AnnualReports reports, RegisterClock clock)
{
    /// <summary>Computes the report and stores it as a new immutable version; earlier versions are kept.</summary>
    public async Task<SnapshotStore.Row> Generate(int year, string agencyCode, bool subtree, ReportFormat format, string source, Actor actor, CancellationToken cancellationToken)
    {
        var document = await reports.Compute(year, agencyCode, subtree, format, cancellationToken);
        var version = 1 + await store.LatestVersion(agencyCode, year, format.Id(), subtree, cancellationToken);
        var id = Guid.CreateVersion7();
        await store.Insert(new SnapshotStore.Row
        {
            Id = id.ToString(), AgencyCode = agencyCode, Year = year, Format = format.Id(), Subtree = subtree, Version = version, Source = source,
            GeneratedAt = clock.Now, GeneratedBy = actor.Name, Content = JsonSerializer.Serialize(document.ToJson(), ApiJson.Options),
        }, cancellationToken);
        return (await store.Find(id, cancellationToken))!;
    }

    // The register's figures per report (agency, year, scope, format), computed once per request or job: the versions of
    // one report share them.
    private readonly Dictionary<(string, int, bool, string), JsonNode> computed = [];

    /// <summary>The cells where the register today differs from what was published.</summary>
    public async Task<IReadOnlyList<CellDifference>> Drift(SnapshotStore.Row row, CancellationToken cancellationToken)
    {
        if (row.PublishedAt is null) return [];
        var key = (row.AgencyCode, row.Year, row.Subtree, row.Format);
        if (!computed.TryGetValue(key, out var live))
        {
            var now = (await reports.Compute(row.Year, row.AgencyCode, row.Subtree, ReportFormats.Parse(row.Format), cancellationToken)).ToJson();
            computed[key] = live = JsonNode.Parse(JsonSerializer.Serialize(now, ApiJson.Options))!;
        }

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
    public async Task<IReadOnlyList<CellDifference>> RecordDrift(SnapshotStore.Row row, CancellationToken cancellationToken)
    {
        var difference = await Drift(row, cancellationToken);
        await store.RecordDrift(row.Id, difference.Count > 0 ? JsonSerializer.Serialize(difference, ApiJson.Options) : null, clock.Now, cancellationToken);
        return difference;
    }

    /// <summary>The row as the API shows it, with <paramref name="drift"/> when just computed, else the difference last recorded.</summary>
    public static SnapshotSummary Summary(SnapshotStore.Row row, IReadOnlyList<CellDifference>? drift = null)
    {
        var difference = drift ?? (row.Difference is null ? [] : JsonSerializer.Deserialize<List<CellDifference>>(row.Difference, ApiJson.Options)!);
        return new SnapshotSummary(Guid.Parse(row.Id), row.AgencyCode, row.Year, row.Format, row.Subtree, row.Version, row.Source, row.GeneratedAt,
            row.GeneratedBy, row.PublishedAt, row.PublishedBy, difference.Count > 0, difference);
    }
}
