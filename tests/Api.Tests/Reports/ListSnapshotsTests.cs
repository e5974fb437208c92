using System.Collections.Concurrent;
using System.Diagnostics;
using CaseTracker.Api.Features.Reports;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Persistence;
using CaseTracker.Infrastructure.Reports;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Reports;

/// <summary>The service with a count of the report-counting statements it sends (the annual report's counts read complaints).</summary>
public sealed class CountingReportsFactory : CaseTrackerFactory
{
    public ConcurrentBag<string> Statements { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ISqlObserver>(new Observer(Statements)));
    }

    private sealed class Observer(ConcurrentBag<string> statements) : ISqlObserver
    {
        public void Executing(SqlDialect dialect, string sql) => statements.Add(sql);
    }

    /// <summary>How many annual-report computations were sent since the bag was last cleared (each counts the complaints once).</summary>
    public int ReportComputations => Statements.Count(s => s.Contains("SELECT COUNT(*) FROM complaints", StringComparison.Ordinal));
}

/// <summary>Issue 14 item 4: the snapshot list reads the stored drift instead of recomputing every published report.</summary>
public class ListSnapshotsTests(CountingReportsFactory factory, ITestOutputHelper output) : IClassFixture<CountingReportsFactory>
{
    private const int Snapshots = 100;

    [Fact]
    public async Task List_OfAHundredPublishedSnapshots_ReadsStoredDrift_AndComparesAgainOnlyAfterAChange()
    {
        var s = await Create(factory);
        await s.Register("InPerson", "2025-06-02");
        await s.Register("Online", "2025-07-01");
        var ids = new List<string>();
        for (var i = 0; i < Snapshots; i++)
            ids.Add((string)(await Ok(s.Supervisor.Post("/api/reports/snapshots", new { year = 2025, agency = s.Child, subtree = i % 2 == 1 })))["id"]!);
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        foreach (var id in ids) await Ok(s.Supervisor.Post($"/api/reports/snapshots/{id}/publication", new { }));
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        var url = $"/api/reports/snapshots?agency={s.Child}&year=2025";

        // What the list did for every published report before: compare it with the register (one report computed each).
        var watch = Stopwatch.StartNew();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<SnapshotStore>();
            foreach (var id in ids)
            {
                var uncached = scope.ServiceProvider.GetRequiredService<IServiceScopeFactory>().CreateScope();
                await uncached.ServiceProvider.GetRequiredService<ReportSnapshots>().Drift((await store.Find(Guid.Parse(id), CancellationToken.None))!, CancellationToken.None);
                uncached.Dispose();
            }
        }

        var recomputingEach = watch.Elapsed;

        // Nothing changed since publication: the list computes no report.
        factory.Statements.Clear();
        watch.Restart();
        var unchanged = (await Ok(s.Supervisor.GetAsync(url))).AsArray();
        var stored = watch.Elapsed;
        Assert.Equal(Snapshots, unchanged.Count);
        Assert.All(unchanged, x => Assert.False((bool)x!["changedSincePublished"]!));
        Assert.Equal(0, factory.ReportComputations);

        // A 2025 request registered late changes the figures: the next list compares again, once per report (own, roll-up).
        await s.Register("Letter", "2025-08-01", letterMail: "Ordinary", receivedOn: "2025-08-04");
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        factory.Statements.Clear();
        watch.Restart();
        var changed = (await Ok(s.Supervisor.GetAsync(url))).AsArray();
        var afterChange = watch.Elapsed;
        Assert.All(changed, x => Assert.True((bool)x!["changedSincePublished"]!));
        Assert.All(changed, x => Assert.NotEmpty(x!["difference"]!.AsArray()));
        Assert.Equal(2, factory.ReportComputations);

        // And the list after that reads what it stored.
        factory.Statements.Clear();
        watch.Restart();
        var again = (await Ok(s.Supervisor.GetAsync(url))).AsArray();
        var storedAgain = watch.Elapsed;
        Assert.All(again, x => Assert.True((bool)x!["changedSincePublished"]!));
        Assert.Equal(0, factory.ReportComputations);

        output.WriteLine($"{Snapshots} published snapshots ({TestDatabase.Engine}): comparing each with the register {recomputingEach.TotalMilliseconds:F0} ms; "
            + $"list with stored drift {stored.TotalMilliseconds:F0} ms; list after a change {afterChange.TotalMilliseconds:F0} ms; then {storedAgain.TotalMilliseconds:F0} ms.");
    }
}
