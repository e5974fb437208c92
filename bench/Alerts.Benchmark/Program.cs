using System.Diagnostics;
using System.Text.Json;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Features.Alerts.ScanDeadlines;
using CaseTracker.Api.Hosting;
using CaseTracker.Bench.Register;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// The deadline scan over N open cases (201 agencies), as the product runs it (ScanDeadlinesCommand through
// the service's own DI), next to loading every open case with its events into memory and computing each
// clock there, in the same run, on SQLite or PostgreSQL. Prints one JSON line per measurement.
string Arg(string name, string fallback = "") => CaseTracker.Bench.CommandLine.Arg(args, name, fallback);

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
        await OpenRegister.Generate(setup, count, today);
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
