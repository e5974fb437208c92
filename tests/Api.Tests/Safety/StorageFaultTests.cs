using System.Data.Common;
using System.Net;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Safety;

/// <summary>
/// Issue 14 item 4, security.md "Abuse and faults": a database that is read-only or full makes a write answer 503 with
/// problem details, /health/ready Unhealthy, nothing half-written, and the service recovers without a restart. The
/// engine itself refuses the writes: on SQLite <c>PRAGMA query_only</c> (SQLITE_READONLY) and <c>PRAGMA max_page_count</c>
/// (SQLITE_FULL) on the service's one write connection; on PostgreSQL the database's sessions made read-only by default and
/// every open session ended (a restart or failover as the service sees it); on SQL Server the database set READ_ONLY (not run here).
/// </summary>
public class StorageFaultTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly (string, string) Zh = ("Accept-Language", "zh-CN");

    private object NewCase(string agency) => new
    {
        agencyCode = agency,
        channel = "InPerson",
        submittedOn = "2026-11-02",
        applicant = new { kind = "NaturalPerson", name = "张三" },
        description = "2025年城市道路维修预算及执行情况",
    };

    /// <summary>Runs <paramref name="sql"/> on the SQLite service's write connection, inside its write gate.</summary>
    private async Task OnSqliteWriter(string sql)
    {
        var dialect = factory.Services.GetRequiredService<SqlDialect>();
        using var gate = await dialect.EnterWriteGate(CancellationToken.None);
        var writer = (await dialect.SharedWriteConnection(CancellationToken.None))!;
        await writer.ExecuteAsync(sql);
    }

    private async Task ReadOnly(bool on)
    {
        switch (factory.Database.Provider)
        {
            case DatabaseProvider.Sqlite:
                await OnSqliteWriter($"PRAGMA query_only = {(on ? 1 : 0)}");
                break;
            case DatabaseProvider.PostgreSql:
                // Sessions take the database's default at start: the setting, then every open session of the database
                // ended (as a failover to a standby or a restart does), so the service's pooled connections must reconnect.
                using (var connection = factory.Database.Open())
                {
                    await connection.ExecuteAsync($"ALTER DATABASE \"{factory.Database.Name}\" SET default_transaction_read_only = {(on ? "on" : "off")}");
                    await connection.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
                }

                break;
            default:
                using (var connection = factory.Database.Open())
                    await connection.ExecuteAsync($"USE master; ALTER DATABASE [{factory.Database.Name}] SET {(on ? "READ_ONLY" : "READ_WRITE")} WITH ROLLBACK IMMEDIATE");
                Microsoft.Data.SqlClient.SqlConnection.ClearAllPools();
                break;
        }
    }

    private async Task<HttpStatusCode> Ready() => (await factory.CreateClient().GetAsync("/health/ready")).StatusCode;

    [Fact]
    public async Task Write_WhileTheDatabaseIsReadOnly_Is503AndUnready_ThenRecoversWithoutRestart()
    {
        var s = await Create(factory);
        await Ok(s.Intake.Post("/api/cases", NewCase(s.Child)));
        Assert.Equal(HttpStatusCode.OK, await Ready());
        var before = factory.Snapshot();

        await ReadOnly(true);
        try
        {
            if (factory.Database.Provider == DatabaseProvider.PostgreSql)
            {
                // The sessions ended under the service: the request that meets a dead pooled connection is a 503 naming the
                // lost connection (never a 500), and the pool is dropped so the next request reconnects.
                var lost = await s.Intake.Post("/api/cases", NewCase(s.Child), Zh);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
                Assert.Contains("连接已中断", (string?)(await lost.Body())["detail"]);
            }

            var refused = await s.Intake.Post("/api/cases", NewCase(s.Child), Zh);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After");
            var problem = await Refused(Task.FromResult(refused), HttpStatusCode.ServiceUnavailable);
            Assert.Equal("服务暂不可用", (string?)problem["title"]);
            Assert.Contains("只读", (string?)problem["detail"]);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await Ready());
            Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/live")).StatusCode);
            // Reads still answer.
            Assert.Equal(1, (int)(await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}")))["total"]!);
        }
        finally
        {
            await ReadOnly(false);
        }

        Assert.Equal(before, factory.Snapshot());
        if (factory.Database.Provider == DatabaseProvider.PostgreSql)
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await Ready()); // meets the ended session, drops the pool
        Assert.Equal(HttpStatusCode.OK, await Ready());
        await Ok(s.Intake.Post("/api/cases", NewCase(s.Child)));
        Assert.Equal(2, (int)(await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}")))["total"]!);
    }

    [Fact]
    public async Task Import_WhenTheSqliteDatabaseIsFull_Is503AndWritesNothing_ThenRecovers()
    {
        // A full disk is simulated on SQLite, whose max_page_count makes the engine answer SQLITE_FULL as a full disk does.
        if (factory.Database.Provider != DatabaseProvider.Sqlite) return;
        var s = await Create(factory);
        var rows = Enumerable.Range(1, 200).Select(i => RegisterFile.Row(s.Child, "InPerson", "2026-09-01", ("applicantName", $"申请人{i}"))).ToArray();
        var csv = RegisterFile.Csv(rows);
        var before = factory.Snapshot();
        await OnSqliteWriter("PRAGMA wal_checkpoint(TRUNCATE)");
        var dialect = factory.Services.GetRequiredService<SqlDialect>();
        long pages;
        using (var gate = await dialect.EnterWriteGate(CancellationToken.None))
            pages = await (await dialect.SharedWriteConnection(CancellationToken.None))!.ExecuteScalarAsync<long>("PRAGMA page_count");
        await OnSqliteWriter($"PRAGMA max_page_count = {pages}");
        try
        {
            var refused = await Refused(s.Intake.Import(csv), HttpStatusCode.ServiceUnavailable);
            Assert.Contains("full or read-only", (string?)refused["detail"]);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await Ready());
            Assert.Equal(before, factory.Snapshot());
        }
        finally
        {
            await OnSqliteWriter("PRAGMA max_page_count = 4294967294");
        }

        Assert.Equal(HttpStatusCode.OK, await Ready());
        Assert.Equal(200, (int)(await Ok(s.Intake.Import(csv)))["imported"]!);
    }
}
