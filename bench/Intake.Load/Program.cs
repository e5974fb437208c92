using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

// Sends a fixed number of case registrations to one endpoint with a fixed concurrency and prints
// throughput and latency percentiles as one line of JSON. Loopback only.
string Arg(string name, string fallback = "") => CaseTracker.Bench.CommandLine.Arg(args, name, fallback);

var url = new Uri(Arg("url", "http://127.0.0.1:5090/api/cases"));
if (!url.IsLoopback) throw new InvalidOperationException("The load script only targets loopback addresses.");
var token = Arg("token", "");
var agency = Arg("agency", "BENCH");
var requests = int.Parse(Arg("requests", "2000"));
var concurrency = int.Parse(Arg("concurrency", "8"));
var warmup = int.Parse(Arg("warmup", "200"));
var label = Arg("label", url.ToString());
var get = args.Contains("--get");
var bare = args.Contains("--no-personal-data"); // name only: no ID number or phone to check, seal or hash

using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
if (token.Length > 0) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

string Body(int i) => $$"""
    {"agencyCode":"{{agency}}","channel":"InPerson","submittedOn":"2026-11-02",
     "applicant":{"kind":"NaturalPerson","name":"申请人{{i}}"{{(bare ? "" : $",\"idNumber\":\"{IdNumber(i)}\",\"phone\":\"138{i % 100000000:D8}\"")}}},
     "description":"2025年城市道路维修预算及执行情况 #{{i}}","deliveryForm":"Paper"}
    """;

// A valid citizen identity number (GB 11643-1999 check character), a different one for each request, so the register's
// ID-number check passes and each registration seals and hashes its own number.
static string IdNumber(int i)
{
    var first17 = $"5301011990{i / 1000 % 9 + 1:D2}{i % 28 + 1:D2}{i % 1000:D3}";
    int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    var sum = 0;
    for (var k = 0; k < 17; k++) sum += (first17[k] - '0') * weights[k];
    return first17 + "10X98765432"[sum % 11];
}

async Task<double> Send(int i)
{
    var started = Stopwatch.GetTimestamp();
    using var content = new StringContent(Body(i), Encoding.UTF8, "application/json");
    using var response = get ? await client.GetAsync(url) : await client.PostAsync(url, content);
    if ((int)response.StatusCode != (get ? 200 : 201))
        throw new InvalidOperationException($"request {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

async Task<double[]> Run(int offset, int count)
{
    var latencies = new double[count];
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency },
        async (i, _) => latencies[i] = await Send(offset + i));
    return latencies;
}

await Run(0, warmup);
var clock = Stopwatch.StartNew();
var measured = await Run(warmup, requests);
clock.Stop();
Array.Sort(measured);
double Percentile(double p) => measured[Math.Min(measured.Length - 1, (int)Math.Ceiling(p * measured.Length) - 1)];
Console.WriteLine(
    $$"""{"label":"{{label}}","requests":{{requests}},"concurrency":{{concurrency}},"seconds":{{clock.Elapsed.TotalSeconds:F3}},"perSecond":{{requests / clock.Elapsed.TotalSeconds:F1}},"p50ms":{{Percentile(0.50):F2}},"p99ms":{{Percentile(0.99):F2}}}""");
