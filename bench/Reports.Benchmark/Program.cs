using System.Data.Common;
using System.Diagnostics;
using CaseTracker.Bench.Register;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Domain.Reports;
using CaseTracker.Infrastructure.Persistence;
using CaseTracker.Infrastructure.Reports;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

// The gov2021 subtree report of one year over N cases in 201 agencies (a province: 1 + 20 prefectures ×
// 10 departments), counted by the product's SQL, next to loading the same cases into memory and counting
// there, in the same run, on SQLite and on PostgreSQL. Prints one JSON line per measurement.
string Arg(string name, string fallback = "") => CaseTracker.Bench.CommandLine.Arg(args, name, fallback);

var engine = Arg("engine", "sqlite");
var cases = int.Parse(Arg("cases", "1000000"));
var connectionString = Arg("connection", "");
var runs = int.Parse(Arg("runs", "3"));
const int Year = 2023;
DapperSetup.Configure();

SqlDialect dialect = engine == "postgresql"
    ? new PostgreSqlDialect(connectionString)
    : new SqliteDialect(connectionString, Directory.GetCurrentDirectory());
dialect.Migrate();

var agencies = new List<(string Code, string? Parent)> { ("P", null) };
for (var p = 1; p <= 20; p++)
{
    agencies.Add(($"P{p:D2}", "P"));
    for (var d = 1; d <= 9; d++) agencies.Add(($"P{p:D2}D{d}", $"P{p:D2}"));
}

await using (var setup = dialect.CreateConnection())
{
    await setup.OpenAsync();
    var existing = await setup.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases");
    if (existing != cases)
    {
        var loading = Stopwatch.StartNew();
        await setup.ExecuteAsync("DELETE FROM case_history; DELETE FROM cases; DELETE FROM agencies;");
        foreach (var (code, parent) in agencies)
            await setup.ExecuteAsync("INSERT INTO agencies (code, name, parent_code, created_at) VALUES (@code, @code, @parent, @now)",
                new { code, parent, now = DateTimeOffset.UtcNow });
        await Load(setup, cases, agencies.Select(a => a.Code).ToArray());
        Console.Error.WriteLine($"loaded {cases:N0} cases in {loading.Elapsed.TotalSeconds:F1} s");
    }
}

var all = agencies.Select(a => a.Code).ToArray();
for (var run = 1; run <= runs; run++)
{
    // The product: seven GROUP BY queries, then the domain assembles table 三 and 四.
    GC.Collect();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    AnnualReport sqlReport;
    await using (var session = new DbSession(dialect, []))
        sqlReport = AnnualReport.Build(ReportFormat.Gov2021, Year, await new ReportCountsQuery(session).Count(all, Year, CancellationToken.None));
    var sqlSeconds = clock.Elapsed.TotalSeconds;
    var sqlBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;

    // The baseline: every case of the subtree loaded into memory and counted there.
    GC.Collect();
    allocated = GC.GetTotalAllocatedBytes(precise: true);
    clock.Restart();
    AnnualReport memoryReport;
    await using (var connection = dialect.CreateConnection())
    {
        await connection.OpenAsync();
        var rows = (await connection.QueryAsync<CaseRow>(
            $"SELECT channel, applicant_kind, received_on, closed_on, outcome, regime, extended, closed_late FROM cases WHERE {dialect.InList("agency_code", "agencies")}",
            new { agencies = all })).AsList();
        memoryReport = AnnualReport.Build(ReportFormat.Gov2021, Year, CountInMemory(rows, Year));
    }

    var memorySeconds = clock.Elapsed.TotalSeconds;
    var memoryBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    var same = sqlReport.Cells["table3"].All(r => r.Value.All(c => memoryReport.Cells["table3"][r.Key][c.Key] == c.Value));
    Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
    {
        engine, cases, agencies = all.Length, run,
        sqlSeconds = Math.Round(sqlSeconds, 3), sqlAllocatedMB = Math.Round(sqlBytes / 1048576.0, 2),
        inMemorySeconds = Math.Round(memorySeconds, 3), inMemoryAllocatedMB = Math.Round(memoryBytes / 1048576.0, 1),
        ratio = Math.Round(sqlSeconds / memorySeconds, 3), sameFigures = same,
        newReceived = sqlReport["table3", "new_received", "total"], outcomeTotal = sqlReport["table3", "outcome.total", "total"],
        checksHold = sqlReport.Checks.All(c => c.Holds),
    }));
}

static ReportCounts CountInMemory(List<CaseRow> rows, int year)
{
    var start = new DateOnly(year, 1, 1);
    var end = new DateOnly(year, 12, 31);
    var received = new Dictionary<(Channel, ApplicantKind), int>();
    var carriedIn = new Dictionary<ApplicantKind, int>();
    var carriedOut = new Dictionary<ApplicantKind, int>();
    var closed = new Dictionary<(ApplicantKind, string, Regime, bool, bool), int>();
    foreach (var r in rows)
    {
        if (r.ReceivedOn is not { } receivedOn) continue;
        var kind = Enum.Parse<ApplicantKind>(r.ApplicantKind);
        if (receivedOn >= start && receivedOn <= end)
            received[(Enum.Parse<Channel>(r.Channel), kind)] = received.GetValueOrDefault((Enum.Parse<Channel>(r.Channel), kind)) + 1;
        if (receivedOn < start && (r.ClosedOn is null || r.ClosedOn >= start)) carriedIn[kind] = carriedIn.GetValueOrDefault(kind) + 1;
        if (receivedOn <= end && (r.ClosedOn is null || r.ClosedOn > end)) carriedOut[kind] = carriedOut.GetValueOrDefault(kind) + 1;
        if (r.ClosedOn >= start && r.ClosedOn <= end)
        {
            var key = (kind, r.Outcome!, Enum.Parse<Regime>(r.Regime!), r.Extended, r.ClosedLate);
            closed[key] = closed.GetValueOrDefault(key) + 1;
        }
    }

    return new ReportCounts
    {
        Received = received.Select(p => new ReceivedCount(p.Key.Item1, p.Key.Item2, p.Value)).ToList(),
        CarriedIn = carriedIn.Select(p => new KindCount(p.Key, p.Value)).ToList(),
        CarriedOut = carriedOut.Select(p => new KindCount(p.Key, p.Value)).ToList(),
        Closed = closed.Select(p => new ClosedCount(p.Key.Item1, p.Key.Item2, p.Key.Item3, p.Key.Item4, p.Key.Item5, p.Value)).ToList(),
    };
}

static async Task Load(DbConnection connection, int count, string[] agencies)
{
    var random = new Random(2023);
    string[] outcomes = [.. Outcome.ForRegime(Regime.Regime2019).Select(o => o.Code).Where(c => c != "Other.Withdrawn")];
    var kinds = Enum.GetNames<ApplicantKind>();
    var channels = Enum.GetNames<Channel>();
    var first = new DateOnly(2020, 1, 1).DayNumber;
    var last = new DateOnly(2024, 6, 30).DayNumber;
    IEnumerable<object[]> Rows()
    {
        for (var i = 0; i < count; i++)
        {
            var received = DateOnly.FromDayNumber(random.Next(first, last));
            var open = random.Next(100) < 8;
            DateOnly? closed = open ? null : received.AddDays(random.Next(1, 60));
            yield return
            [
                Guid.NewGuid().ToString(), $"B-{i:D7}", agencies[random.Next(agencies.Length)], channels[random.Next(4)], received, received,
                open ? "InProgress" : "Closed", received.AddDays(28), random.Next(100) < 5, open ? null! : outcomes[random.Next(outcomes.Length)],
                closed!, random.Next(100) < 3, kinds[random.Next(kinds.Length)],
            ];
        }
    }

    string[] columns =
    [
        "id", "case_number", "agency_code", "channel", "submitted_on", "received_on", "status", "due_on", "extended", "outcome", "closed_on",
        "closed_late", "applicant_kind", "regime", "due_on_provisional", "applicant_name", "applicant_key", "description", "version", "created_at", "updated_at",
    ];
    var created = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    var rows = Rows().Select(r => (object?[])[.. r, "Regime2019", false, "申请人", "k", "bench", 1, created, created]);
    if (connection is NpgsqlConnection npgsql)
    {
        await OpenRegister.Write(npgsql, null, "cases", columns, rows);
        await npgsql.ExecuteAsync("VACUUM ANALYZE cases", commandTimeout: 0); // sets the visibility map: index-only scans
        return;
    }

    var sqlite = (SqliteConnection)connection;
    await using (var transaction = sqlite.BeginTransaction())
    {
        await OpenRegister.Write(sqlite, transaction, "cases", columns, rows);
        await transaction.CommitAsync();
    }

    await sqlite.ExecuteAsync("ANALYZE cases;");
}

internal sealed class CaseRow
{
    public string Channel { get; init; } = "";
    public string ApplicantKind { get; init; } = "";
    public DateOnly? ReceivedOn { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public string? Outcome { get; init; }
    public string? Regime { get; init; }
    public bool Extended { get; init; }
    public bool ClosedLate { get; init; }
}
