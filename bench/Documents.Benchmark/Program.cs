using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

// Drafting and issuing a document (issue 15 item 7) next to reading the case alone, in the same run, against a running
// server: registers --cases cases (each with a 补正 request), then for each case in turn, one request at a time, reads
// the case (GET /api/cases/{id}), drafts its SupplementNotice (POST …/documents/drafts) and issues it (POST …/documents,
// the draft's id and an edit of its body sent back). The first --warmup cases are not measured.
// Usage: Documents.Benchmark --url <base> --token <bearer> --agency <code> [--cases N] [--warmup W]
// Prints one JSON line per operation: count, median, p95 and p99 of the time to the last byte on loopback, in ms.
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var url = Arg("url", "http://127.0.0.1:5103");
var agency = Arg("agency", "BENCH");
var count = int.Parse(Arg("cases", "600"));
var warmup = int.Parse(Arg("warmup", "200"));
using var http = new HttpClient { BaseAddress = new Uri(url) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Arg("token", ""));

async Task<JsonNode> Send(HttpMethod method, string path, object? body = null)
{
    using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
    using var response = await http.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
    return JsonNode.Parse(text)!;
}

var ids = new List<string>();
for (var i = 0; i < count; i++)
{
    var created = await Send(HttpMethod.Post, "/api/cases", new
    {
        agencyCode = agency, channel = "InPerson", submittedOn = "2026-09-01",
        applicant = new { kind = "NaturalPerson", name = $"申请人{i:D4}", address = "昆明市五华区东风西路1号" },
        description = "2025年城市道路维修预算及执行情况",
    });
    var id = (string)created["id"]!;
    await Send(HttpMethod.Post, $"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-02", items = "请写明所需信息的年份和范围", supplyBy = "2026-09-16" });
    ids.Add(id);
}

var timings = new Dictionary<string, List<double>> { ["read case"] = [], ["draft"] = [], ["issue"] = [], ["draft + issue"] = [] };
for (var i = 0; i < ids.Count; i++)
{
    var id = ids[i];
    var clock = Stopwatch.StartNew();
    await Send(HttpMethod.Get, $"/api/cases/{id}");
    var read = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    var draft = await Send(HttpMethod.Post, $"/api/cases/{id}/documents/drafts", new { kind = "SupplementNotice" });
    var drafted = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    await Send(HttpMethod.Post, $"/api/cases/{id}/documents", new { kind = "SupplementNotice", draftId = (string)draft["draftId"]!, text = "如有疑问，请致电本机关政府信息公开工作机构。" });
    var issued = clock.Elapsed.TotalMilliseconds;
    if (i < warmup) continue;
    timings["read case"].Add(read);
    timings["draft"].Add(drafted);
    timings["issue"].Add(issued);
    timings["draft + issue"].Add(drafted + issued);
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

foreach (var (operation, values) in timings)
    Console.WriteLine(new JsonObject
    {
        ["operation"] = operation, ["count"] = values.Count, ["medianMs"] = Math.Round(Percentile(values, 0.5), 2),
        ["p95Ms"] = Math.Round(Percentile(values, 0.95), 2), ["p99Ms"] = Math.Round(Percentile(values, 0.99), 2),
    }.ToJsonString());
return 0;
