using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;

// Several instances on one PostgreSQL database: sends a fixed number of registrations spread over two API
// instances, each with its own Idempotency-Key and retried (on the other instance) until acknowledged;
// kills one instance with SIGKILL half-way; then checks the database: every acknowledged case exactly
// once, unique case numbers, no missing history event, every recurring-job tick run exactly once.
string Arg(string name, string fallback = "") => CaseTracker.Bench.CommandLine.Arg(args, name, fallback);

var urls = Arg("urls").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToArray();
if (urls.Length < 2 || urls.Any(u => !u.IsLoopback)) throw new InvalidOperationException("--urls needs two loopback base addresses.");
var token = Arg("token");
var agency = Arg("agency", "MULTI");
var requests = int.Parse(Arg("requests", "1000"));
var concurrency = int.Parse(Arg("concurrency", "8"));
var killPid = int.Parse(Arg("kill-pid", "0"));
var database = Arg("database");
var settleSeconds = int.Parse(Arg("settle-seconds", "40"));

using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
var acknowledged = new ConcurrentDictionary<string, (string Id, string Number)>();
var attempts = 0;
var failedAttempts = 0;
var killed = false;
var sent = 0;
var clock = Stopwatch.StartNew();

async Task Register(int i)
{
    var key = $"multi-{i:D6}";
    var body = $$"""
        {"agencyCode":"{{agency}}","channel":"InPerson","submittedOn":"2026-11-02",
         "applicant":{"kind":"NaturalPerson","name":"申请人{{i}}"},"description":"several instances #{{i}}"}
        """;
    for (var attempt = 0; attempt < 50; attempt++)
    {
        var url = new Uri(urls[(i + attempt) % urls.Length], "/api/cases");
        Interlocked.Increment(ref attempts);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.SendAsync(request);
            if ((int)response.StatusCode == 201)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var id = json.RootElement.GetProperty("id").GetString()!;
                var number = json.RootElement.GetProperty("caseNumber").GetString()!;
                if (acknowledged.TryGetValue(key, out var first) && first.Id != id)
                    throw new InvalidOperationException($"{key} was acknowledged as {first.Id} and then as {id}");
                acknowledged[key] = (id, number);
                return;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
        }

        Interlocked.Increment(ref failedAttempts);
        await Task.Delay(50);
    }

    throw new InvalidOperationException($"{key} was never acknowledged");
}

await Parallel.ForAsync(0, requests, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
{
    if (Interlocked.Increment(ref sent) == requests / 2 && killPid > 0 && !killed)
    {
        killed = true;
        Process.GetProcessById(killPid).Kill(); // SIGKILL on Linux: no graceful shutdown
        Console.Error.WriteLine($"killed instance pid {killPid} after {requests / 2} requests");
    }

    await Register(i);
});
var loadSeconds = clock.Elapsed.TotalSeconds;

// Let the recurring job tick a few more times on the surviving servers.
await Task.Delay(TimeSpan.FromSeconds(settleSeconds));

await using var db = new NpgsqlConnection(database);
await db.OpenAsync();
var cases = (await db.QueryAsync<(string Id, string Number, int Version)>(
    "SELECT id, case_number, version FROM cases WHERE agency_code = @agency", new { agency })).ToList();
var missingAcknowledged = acknowledged.Values.Count(a => cases.All(c => c.Id != a.Id));
var notAcknowledged = cases.Count(c => acknowledged.Values.All(a => a.Id != c.Id));
var duplicateNumbers = cases.Count - cases.Select(c => c.Number).Distinct().Count();
var historyGaps = await db.ExecuteScalarAsync<long>("""
    SELECT COUNT(*) FROM cases c
    WHERE c.agency_code = @agency AND (SELECT COUNT(*) FROM case_history h WHERE h.case_id = c.id) <> c.version
    """, new { agency });
var ticks = (await db.QueryAsync<(DateTime Tick, int Attempts, string Instance)>(
    "SELECT tick, attempts, instance FROM job_runs WHERE job = 'calendar-watch' ORDER BY tick")).ToList();
var duplicateTicks = ticks.Count(t => t.Attempts != 1);
var gaps = ticks.Zip(ticks.Skip(1), (a, b) => b.Tick - a.Tick).Where(d => d > TimeSpan.FromSeconds(16)).Count();
var instances = ticks.Select(t => t.Instance).Distinct().Count();

var ok = missingAcknowledged == 0 && notAcknowledged == 0 && duplicateNumbers == 0 && historyGaps == 0 && cases.Count == requests
    && duplicateTicks == 0 && ticks.Count >= 2 && gaps == 0;
Console.WriteLine(JsonSerializer.Serialize(new
{
    requests,
    acknowledged = acknowledged.Count,
    casesInDatabase = cases.Count,
    acknowledgedButMissing = missingAcknowledged,
    inDatabaseButNotAcknowledged = notAcknowledged,
    duplicateCaseNumbers = duplicateNumbers,
    casesWithMissingHistory = historyGaps,
    httpAttempts = attempts,
    failedAttempts,
    killedInstancePid = killPid,
    loadSeconds = Math.Round(loadSeconds, 2),
    registrationsPerSecond = Math.Round(requests / loadSeconds, 1),
    recurringTicks = ticks.Count,
    ticksRunMoreThanOnce = duplicateTicks,
    ticksMissed = gaps,
    instancesThatRanTicks = instances,
    verdict = ok ? "nothing lost or doubled" : "FAILED",
}));
return ok ? 0 : 1;
