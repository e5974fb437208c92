using System.Diagnostics;
using System.Text.Json;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Features.Alerts.ScanDeadlines;
using CaseTracker.Api.Hosting;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// The deadline scan over N open cases (201 agencies), as the product runs it (ScanDeadlinesCommand through
// the service's own DI), next to loading every open case with its events into memory and computing each
// clock there, in the same run, on SQLite or PostgreSQL. Prints one JSON line per measurement.
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var engine = Arg("engine", "Sqlite");
var count = int.Parse(Arg("cases", "1000000"));
var connectionString = Arg("connection", "");
var runs = int.Parse(Arg("runs", "2"));
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = engine,
    ["Database:ConnectionString"] = connectionString,
    ["Auth:SigningKey"] = "alerts-benchmark-signing-key-0123456789",
    ["Jobs:Server"] = "false",
}).Build();
var services = new ServiceCollection();
services.AddLogging();
services.AddSingleton<IConfiguration>(configuration);
ApiHost.AddCore(services, configuration, Directory.GetCurrentDirectory());
await using var provider = services.BuildServiceProvider();
ApiHost.Start(provider, configuration, new CaseTracker.Infrastructure.Jobs.JobsOptions { Server = false });
var dialect = provider.GetRequiredService<SqlDialect>();
var today = provider.GetRequiredService<RegisterClock>().Today;

await using (var setup = dialect.CreateConnection())
{
    await setup.OpenAsync();
    if (await setup.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases") != count)
    {
        var loading = Stopwatch.StartNew();
        await Generate(setup, count, today);
        Console.Error.WriteLine($"loaded {count:N0} open cases in {loading.Elapsed.TotalSeconds:F1} s");
    }
}

for (var run = 1; run <= runs; run++)
{
    if (run == 1)
    {
        // The first scan raises every alert; the later ones (every 15 minutes) find them already raised.
        await using var cleanup = dialect.CreateConnection();
        await cleanup.OpenAsync();
        // As on the first day: an empty alerts table (TRUNCATE on PostgreSQL; DELETE would leave 338,716 dead rows
        // and their index entries for the scan to step over; SQLite's unqualified DELETE truncates).
        await cleanup.ExecuteAsync(engine == "PostgreSql" ? "TRUNCATE webhook_deliveries, alerts" : "DELETE FROM webhook_deliveries; DELETE FROM alerts;");
    }

    GC.Collect();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    ScanResult result;
    long peak = 0;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            peak = Math.Max(peak, GC.GetTotalMemory(false));
            await Task.Delay(5);
        }
    });
    await using (var scope = provider.CreateAsyncScope())
        result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ScanDeadlinesCommand());
    var scanSeconds = clock.Elapsed.TotalSeconds;
    sampling.Cancel();
    await sampler;
    var scanBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    var scanPeak = peak;
    GC.Collect();
    peak = GC.GetTotalMemory(true);
    var memoryPeakBase = peak;

    // Baseline: every open case and its events in memory, each clock computed there.
    GC.Collect();
    allocated = GC.GetTotalAllocatedBytes(precise: true);
    clock.Restart();
    int overdue = 0, soon = 0;
    long memoryPeak = 0;
    await using (var connection = dialect.CreateConnection())
    {
        await connection.OpenAsync();
        var rows = (await connection.QueryAsync<CaseRow>("SELECT id, case_number, agency_code, submitted_on, received_on FROM cases WHERE status <> 'Closed'")).AsList();
        var events = (await connection.QueryAsync<EventRow>("SELECT case_id, kind, payload FROM case_history ORDER BY case_id, seq"))
            .GroupBy(e => e.CaseId).ToDictionary(g => g.Key, g => g.Select(e => CaseEventSerializer.Deserialize(e.Kind, e.Payload)).ToList());
        var calendar = provider.GetRequiredService<RegisterClock>().Calendar;
        foreach (var r in rows)
        {
            var list = new List<CaseEvent> { new Registered(r.SubmittedOn, Channel.InPerson, null, r.ReceivedOn) };
            if (events.TryGetValue(r.Id, out var more)) list.AddRange(more);
            var reading = CaseTracker.Domain.Clock.StatutoryClock.Compute(list, calendar);
            if (reading.IsOverdue(today)) overdue++;
            else if (reading.WorkingDaysLeft(today, calendar) <= 5) soon++;
        }

        memoryPeak = GC.GetTotalMemory(false);
    }

    var memorySeconds = clock.Elapsed.TotalSeconds;
    var memoryBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        engine, openCases = count, run, scanSeconds = Math.Round(scanSeconds, 3), scanAllocatedMB = Math.Round(scanBytes / 1048576.0, 1),
        scanPeakHeapMB = Math.Round(scanPeak / 1048576.0, 1), inMemoryHeapMB = Math.Round((memoryPeak - memoryPeakBase) / 1048576.0, 1),
        alertsRaised = result.Raised, inMemorySeconds = Math.Round(memorySeconds, 3), inMemoryAllocatedMB = Math.Round(memoryBytes / 1048576.0, 1),
        inMemoryOverdue = overdue, inMemoryDueSoon = soon, ratio = Math.Round(scanSeconds / memorySeconds, 3),
    }));
}

static async Task Generate(System.Data.Common.DbConnection connection, int count, DateOnly today)
{
    var random = new Random(6);
    await connection.ExecuteAsync("DELETE FROM case_history; DELETE FROM cases; DELETE FROM agencies;");
    var agencies = new List<string> { "P" };
    await connection.ExecuteAsync("INSERT INTO agencies (code, name, parent_code, created_at) VALUES ('P', 'P', NULL, @now)", new { now = DateTimeOffset.UtcNow });
    for (var p = 1; p <= 20; p++)
    {
        await connection.ExecuteAsync("INSERT INTO agencies (code, name, parent_code, created_at) VALUES (@code, @code, 'P', @now)", new { code = $"P{p:D2}", now = DateTimeOffset.UtcNow });
        agencies.Add($"P{p:D2}");
        for (var d = 1; d <= 9; d++)
        {
            await connection.ExecuteAsync("INSERT INTO agencies (code, name, parent_code, created_at) VALUES (@code, @code, @parent, @now)",
                new { code = $"P{p:D2}D{d}", parent = $"P{p:D2}", now = DateTimeOffset.UtcNow });
            agencies.Add($"P{p:D2}D{d}");
        }
    }

    if (connection is NpgsqlConnection npgsql)
    {
        await CopyIntoPostgreSql(npgsql, count, today, agencies, random);
        return;
    }

    await using var transaction = await connection.BeginTransactionAsync();
    for (var i = 0; i < count; i++)
    {
        // An open register: received over the last 27 days (due 28 days later, about 20 working days), 1% older and overdue;
        // 2% consulting, 1% waiting for a supplement, 1% for a fee.
        var received = today.AddDays(random.Next(100) == 0 ? -random.Next(40, 120) : -random.Next(0, 27));
        var roll = random.Next(100);
        var status = roll < 2 ? "Consulting" : roll < 3 ? "AwaitingSupplement" : roll < 4 ? "AwaitingFee" : "InProgress";
        var id = Guid.NewGuid().ToString();
        await connection.ExecuteAsync("""
            INSERT INTO cases (id, case_number, agency_code, channel, submitted_on, received_on, regime, status, due_on, due_on_provisional, extended,
                closed_late, applicant_kind, applicant_name, applicant_key, description, version, created_at, updated_at)
            VALUES (@id, @number, @agency, 'InPerson', @received, @received, 'Regime2019', @status, @due, @no, @no, @no, 'NaturalPerson', '申请人', 'k', 'bench', 1, @now, @now)
            """, new { id, number = $"B-{i:D7}", agency = agencies[random.Next(agencies.Count)], received, status,
            due = status == "AwaitingSupplement" ? (DateOnly?)null : received.AddDays(28), no = false, now = DateTimeOffset.UtcNow }, transaction);
        if (status == "InProgress") continue;
        var e = status switch
        {
            "Consulting" => (CaseEvent)new ConsultationSent(Guid.NewGuid(), ConsultationKind.ThirdParty, "某公司", received.AddDays(1)),
            "AwaitingSupplement" => new SupplementRequested(received.AddDays(1), "年份", received.AddDays(21)),
            _ => new FeeNoticeIssued(received.AddDays(1), FeeMethod.PerPage, 50, 1, 200m),
        };
        await connection.ExecuteAsync("""
            INSERT INTO case_history (case_id, seq, kind, acting_on, payload, recorded_at, actor_id, actor_name)
            VALUES (@id, 2, @kind, @on, @payload, @now, 'bench', 'bench')
            """, new { id, kind = e.Kind, on = e.On, payload = CaseEventSerializer.Serialize(e), now = DateTimeOffset.UtcNow }, transaction);
    }

    await transaction.CommitAsync();
    await connection.ExecuteAsync(connection is NpgsqlConnection ? "VACUUM ANALYZE cases" : "ANALYZE cases;");
}

static async Task CopyIntoPostgreSql(NpgsqlConnection connection, int count, DateOnly today, List<string> agencies, Random random)
{
    var history = new List<(string Id, CaseEvent Event)>();
    await using (var writer = await connection.BeginBinaryImportAsync("""
        COPY cases (id, case_number, agency_code, channel, submitted_on, received_on, regime, status, due_on, due_on_provisional, extended,
            closed_late, applicant_kind, applicant_name, applicant_key, description, version, created_at, updated_at) FROM STDIN (FORMAT BINARY)
        """))
    {
        var now = DateTime.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var received = today.AddDays(random.Next(100) == 0 ? -random.Next(40, 120) : -random.Next(0, 27));
            var roll = random.Next(100);
            var status = roll < 2 ? "Consulting" : roll < 3 ? "AwaitingSupplement" : roll < 4 ? "AwaitingFee" : "InProgress";
            var id = Guid.NewGuid().ToString();
            await writer.StartRowAsync();
            await writer.WriteAsync(id, NpgsqlTypes.NpgsqlDbType.Varchar);
            await writer.WriteAsync($"B-{i:D7}", NpgsqlTypes.NpgsqlDbType.Varchar);
            await writer.WriteAsync(agencies[random.Next(agencies.Count)], NpgsqlTypes.NpgsqlDbType.Varchar);
            await writer.WriteAsync("InPerson", NpgsqlTypes.NpgsqlDbType.Varchar);
            await writer.WriteAsync(received, NpgsqlTypes.NpgsqlDbType.Date);
            await writer.WriteAsync(received, NpgsqlTypes.NpgsqlDbType.Date);
            await writer.WriteAsync("Regime2019", NpgsqlTypes.NpgsqlDbType.Varchar);
            await writer.WriteAsync(status, NpgsqlTypes.NpgsqlDbType.Varchar);
            if (status == "AwaitingSupplement") await writer.WriteNullAsync();
            else await writer.WriteAsync(received.AddDays(28), NpgsqlTypes.NpgsqlDbType.Date);
            await writer.WriteAsync(false, NpgsqlTypes.NpgsqlDbType.Boolean);
            await writer.WriteAsync(false, NpgsqlTypes.NpgsqlDbType.Boolean);
            await writer.WriteAsync(false, NpgsqlTypes.NpgsqlDbType.Boolean);
            await writer.WriteAsync("NaturalPerson", NpgsqlTypes.NpgsqlDbType.Varchar);
            await writer.WriteAsync("申请人", NpgsqlTypes.NpgsqlDbType.Varchar);
            await writer.WriteAsync("k", NpgsqlTypes.NpgsqlDbType.Varchar);
            await writer.WriteAsync("bench", NpgsqlTypes.NpgsqlDbType.Text);
            await writer.WriteAsync(1, NpgsqlTypes.NpgsqlDbType.Integer);
            await writer.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            if (status != "InProgress")
                history.Add((id, status switch
                {
                    "Consulting" => (CaseEvent)new ConsultationSent(Guid.NewGuid(), ConsultationKind.ThirdParty, "某公司", received.AddDays(1)),
                    "AwaitingSupplement" => new SupplementRequested(received.AddDays(1), "年份", received.AddDays(21)),
                    _ => new FeeNoticeIssued(received.AddDays(1), FeeMethod.PerPage, 50, 1, 200m),
                }));
        }

        await writer.CompleteAsync();
    }

    await using (var writer = await connection.BeginBinaryImportAsync(
        "COPY case_history (case_id, seq, kind, acting_on, payload, recorded_at, actor_id, actor_name) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var (id, e) in history)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(id, NpgsqlTypes.NpgsqlDbType.Varchar);
            await writer.WriteAsync(2, NpgsqlTypes.NpgsqlDbType.Integer);
            await writer.WriteAsync(e.Kind, NpgsqlTypes.NpgsqlDbType.Varchar);
            await writer.WriteAsync(e.On, NpgsqlTypes.NpgsqlDbType.Date);
            await writer.WriteAsync(CaseEventSerializer.Serialize(e), NpgsqlTypes.NpgsqlDbType.Text);
            await writer.WriteAsync(DateTime.UtcNow, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            await writer.WriteAsync("bench", NpgsqlTypes.NpgsqlDbType.Varchar);
            await writer.WriteAsync("bench", NpgsqlTypes.NpgsqlDbType.Varchar);
        }

        await writer.CompleteAsync();
    }

    await connection.ExecuteAsync("VACUUM ANALYZE cases");
    await connection.ExecuteAsync("VACUUM ANALYZE case_history");
}

internal sealed class CaseRow
{
    public string Id { get; init; } = "";
    public string CaseNumber { get; init; } = "";
    public string AgencyCode { get; init; } = "";
    public DateOnly SubmittedOn { get; init; }
    public DateOnly? ReceivedOn { get; init; }
}

internal sealed class EventRow
{
    public string CaseId { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Payload { get; init; } = "";
}
