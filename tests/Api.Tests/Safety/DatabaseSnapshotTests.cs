using System.Text.RegularExpressions;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Api.Tests.Safety;

/// <summary>
/// The "nothing changed" snapshot of the malformed-input sweep reads its tables from the database's catalog, so a table
/// a new migration creates is covered without anyone listing it.
/// </summary>
public partial class DatabaseSnapshotTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public void Snapshot_WhenTheMigrationsHaveRun_CountsEveryTableTheyCreate()
    {
        var engine = factory.Database.Provider switch
        {
            DatabaseProvider.PostgreSql => "postgresql",
            DatabaseProvider.SqlServer => "sqlserver",
            _ => "sqlite",
        };
        var created = Directory.GetFiles(Path.Combine(TestData.RepositoryRoot, "db", "migrations", engine), "*.sql")
            .SelectMany(f => CreateTable().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.ToLowerInvariant()))
            .ToHashSet();
        Assert.Contains("users", created);
        Assert.Contains("webhook_deliveries", created);

        _ = factory.CreateClient(); // the host migrates the database at start-up
        var snapshotted = factory.Database.SnapshottedTables().Select(t => t.ToLowerInvariant()).ToList();
        Assert.Empty(created.Except(snapshotted));
        Assert.DoesNotContain(snapshotted, t => t is "schemaversions" || t.StartsWith("hangfire.", StringComparison.Ordinal));
        var snapshot = factory.Snapshot();
        Assert.All(snapshotted, t => Assert.Contains(" " + t + "=", " " + snapshot.ToLowerInvariant()));
    }

    [GeneratedRegex("""CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:\[?dbo\]?\.)?["\[]?(\w+)""", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();
}
