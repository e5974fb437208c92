using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Persistence;
using CaseTracker.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Dashboard;

/// <summary>The service with every statement it sends recorded (the 督办 queries are planned again by the test).</summary>
public sealed class RecordingFactory : CaseTrackerFactory
{
    public ConcurrentQueue<string> Statements { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ISqlObserver>(new Observer(Statements)));
    }

    /// <summary>
    /// The engine's plan of a statement with its values written in, one line per step (SQLite: <c>EXPLAIN QUERY PLAN</c>;
    /// PostgreSQL: <c>EXPLAIN</c> with sequential scans priced out, so a plan shows one only where no index serves).
    /// </summary>
    public List<string> Plan(string sql)
    {
        var postgres = Database.Provider == DatabaseProvider.PostgreSql;
        using var connection = Database.Open();
        if (postgres)
        {
            using var off = connection.CreateCommand();
            off.CommandText = "SET enable_seqscan = off";
            off.ExecuteNonQuery();
        }

        using var command = connection.CreateCommand();
        command.CommandText = (postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read()) lines.Add(reader.GetString(reader.FieldCount - 1));
        return lines;
    }

    private sealed class Observer(ConcurrentQueue<string> statements) : ISqlObserver
    {
        public void Executing(SqlDialect dialect, string sql) => statements.Enqueue(sql);
    }
}

/// <summary>
/// Issue 18 item 7 (bench/README.md, "督办 and trends"): on 1,000,000 cases the 督办 figures answer in time only if every
/// statement of <c>GET /api/dashboard</c>, <c>/api/dashboard/charts</c> and <c>/api/reports/trends</c> reads ranges of an index
/// (migration 0032) and none walks the whole table or a whole index. Each statement the three routes sent is planned again by the
/// engine under test (SQLite: <c>EXPLAIN QUERY PLAN</c>; PostgreSQL: <c>EXPLAIN</c> with sequential scans priced out, so a plan
/// still shows one only where no index serves), with the values of its parameters written in.
/// </summary>
public class DashboardQueryPlanTests(RecordingFactory factory) : IClassFixture<RecordingFactory>
{
    [Fact]
    public async Task DashboardChartsAndTrends_ReadIndexRanges_NeverTheWholeTableOfCases()
    {
        var s = await DashboardRegister.Build(factory);
        var agencies = factory.Database.Rows("SELECT code FROM agencies").Select(r => (string)r[0]!).ToArray();
        factory.Statements.Clear();
        await Ok(s.Supervisor.GetAsync($"/api/dashboard?agency={s.Root}&subtree=true"));
        await Ok(s.Supervisor.GetAsync($"/api/dashboard/charts?agency={s.Root}&subtree=true"));
        await Ok(s.Supervisor.GetAsync($"/api/reports/trends?agency={s.Root}&subtree=true"));
        var statements = factory.Statements.Where(q => Regex.IsMatch(q, @"\b(FROM|JOIN) cases\b")).Distinct().ToList();
        Assert.True(statements.Count >= 8, $"only {statements.Count} statements on cases were recorded");

        var postgres = factory.Database.Provider == DatabaseProvider.PostgreSql;
        var failures = new List<string>();
        foreach (var sql in statements)
        {
            var plan = factory.Plan(WithValues(sql, agencies, postgres));
            var whole = postgres
                ? plan.Where(line => Regex.IsMatch(line, @"Seq Scan on cases\b")).ToList()
                : plan.Where(line => Regex.IsMatch(line, @"^SCAN (cases|c)\b")).ToList();
            if (whole.Count > 0) failures.Add($"{sql}\n  → {string.Join(" | ", plan)}");
            // The cases closed this year are found by the range of their closing date, not by a wider range of another column.
            if (Regex.IsMatch(sql, @"\bclosed_on >= @yearStart") && !plan.Any(l => Regex.IsMatch(l, postgres ? @"Index Cond: .*closed_on >=" : @"closed_on>\?")))
                failures.Add($"{sql}\n  → not by the closing date: {string.Join(" | ", plan)}");
            // The open cases per handler are counted from the index of the open cases alone (migration 0038).
            if (sql.Contains("GROUP BY agency_code, status, assigned_user_id", StringComparison.Ordinal)
                && !plan.Any(l => l.Contains("ix_cases_handler_load_open", StringComparison.Ordinal)))
                failures.Add($"{sql}\n  → not from the index of the open cases: {string.Join(" | ", plan)}");
            // The open cases per (agency, status[, handler]) are counted in the index's own order: no sort of a million entries.
            if (!postgres && sql.Contains("GROUP BY agency_code, status", StringComparison.Ordinal) && plan.Any(l => l.Contains("TEMP B-TREE", StringComparison.Ordinal)))
                failures.Add($"{sql}\n  → sorted: {string.Join(" | ", plan)}");
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>The statement with each parameter as a literal (lists of agencies and statuses, booleans, paging, dates).</summary>
    private static string WithValues(string sql, string[] agencies, bool postgres)
    {
        static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v.Replace("'", "''")}'"));
        var open = Enum.GetNames<CaseTracker.Domain.Cases.CaseStatus>().Where(x => x != "Closed").ToArray();
        string List(string name) => name == "agencies" ? Quoted(agencies) : name == "open" ? Quoted(open) : throw new InvalidOperationException(name);
        sql = Regex.Replace(sql, @"= ANY\(@(\w+)\)", m => $"IN ({List(m.Groups[1].Value)})");
        sql = Regex.Replace(sql, @"\bIN @(\w+)", m => $"IN ({List(m.Groups[1].Value)})");
        return Regex.Replace(sql, @"@(\w+)", m => m.Groups[1].Value switch
        {
            "yes" => postgres ? "TRUE" : "1",
            "no" => postgres ? "FALSE" : "0",
            "limit" => "10",
            "offset" => "0",
            _ => postgres ? "DATE '2026-06-01'" : "'2026-06-01'",
        });
    }
}
