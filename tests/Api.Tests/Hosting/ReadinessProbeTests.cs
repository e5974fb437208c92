using System.Collections.Concurrent;
using System.Net;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Hosting;

/// <summary>
/// security.md "Abuse and faults": /health/ready reports a full or read-only database, but polling it does not write a 16 KB probe
/// row on every call: one probe per Health:WriteProbeSeconds (default 10 s) while writes go through.
/// </summary>
public class ReadinessProbeTests
{
    private sealed class CountingFactory : CaseTrackerFactory
    {
        public ConcurrentQueue<string> Statements { get; } = new();

        public int Probes => Statements.Count(s => s.Contains("INSERT INTO write_probes", StringComparison.Ordinal));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<ISqlObserver>(new Observer(Statements)));
        }

        private sealed class Observer(ConcurrentQueue<string> statements) : ISqlObserver
        {
            public void Executing(SqlDialect dialect, string sql) => statements.Enqueue(sql);
        }
    }

    private static async Task<HttpStatusCode> Ready(CaseTrackerFactory f) => (await f.CreateClient().GetAsync("/health/ready")).StatusCode;

    [Fact]
    public async Task Ready_PolledWithinTheInterval_WritesOneProbe_AndProbesAgainAfterIt()
    {
        await using var f = new CountingFactory();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, await Ready(f));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ => Assert.Equal(HttpStatusCode.OK, await Ready(f))));
        Assert.Equal(1, f.Probes);

        f.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(HttpStatusCode.OK, await Ready(f));
        Assert.Equal(1, f.Probes);
        f.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await Ready(f));
        Assert.Equal(2, f.Probes);
    }

    [Fact]
    public async Task Ready_DatabaseTurnsReadOnlyWithNoRequestWriting_IsUnreadyWithinTheInterval_AndReadyAtOnceWhenWritableAgain()
    {
        await using var f = new CountingFactory();
        if (f.Database.Provider != DatabaseProvider.Sqlite) return; // a read-only switch that leaves the sessions open: SQLite's query_only
        Assert.Equal(HttpStatusCode.OK, await Ready(f));
        await OnSqliteWriter(f, "PRAGMA query_only = 1");
        try
        {
            // The healthy outcome of a moment ago stands until the interval ends; then the probe meets the read-only database.
            Assert.Equal(HttpStatusCode.OK, await Ready(f));
            f.Time.Advance(TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await Ready(f));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await Ready(f));
        }
        finally
        {
            await OnSqliteWriter(f, "PRAGMA query_only = 0");
        }

        // An unhealthy outcome is not kept: the first call after the database is writable again probes, and is ready.
        Assert.Equal(HttpStatusCode.OK, await Ready(f));
    }

    [Fact]
    public async Task Ready_AfterARequestsWriteIsRefusedByTheStorage_ProbesAgainAtOnce()
    {
        await using var f = new CountingFactory();
        if (f.Database.Provider != DatabaseProvider.Sqlite) return;
        var s = await Create(f);
        Assert.Equal(HttpStatusCode.OK, await Ready(f));
        await OnSqliteWriter(f, "PRAGMA query_only = 1");
        try
        {
            var refused = await s.Intake.Post("/api/cases", new
            {
                agencyCode = s.Child,
                channel = "InPerson",
                submittedOn = "2026-11-02",
                applicant = new { kind = "NaturalPerson", name = "张三" },
                description = "2025年城市道路维修预算及执行情况",
            });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await Ready(f)); // within the interval, yet not the kept outcome
        }
        finally
        {
            await OnSqliteWriter(f, "PRAGMA query_only = 0");
        }

        Assert.Equal(HttpStatusCode.OK, await Ready(f));
    }

    private static async Task OnSqliteWriter(CaseTrackerFactory f, string sql)
    {
        var dialect = f.Services.GetRequiredService<SqlDialect>();
        using var gate = await dialect.EnterWriteGate(CancellationToken.None);
        await (await dialect.SharedWriteConnection(CancellationToken.None))!.ExecuteAsync(sql);
    }
}
