using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseTracker.Api.Features.Alerts.ScanDeadlines;
using CaseTracker.Api.Hosting;
using CaseTracker.Bench.Register;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// The desk's pages (issue 13 item 9) next to the API calls that read the same data, in the same run, against a
// running server. Two verbs:
//   load    --engine Sqlite|PostgreSql --connection <cs> --cases N   the open register of the deadline-scan benchmark,
//           shaped for the desk (channels, handlers, Registered events), then one deadline scan so the alerts exist.
//   index   --engine E --connection CS --drop|--create   before/after in the same run: drops the index of migration 0013,
//           or creates it again with the migration's own statement.
//   measure --url <base> --token <bearer> --login <l> --agency <code> [--approver <login> --approver-token <bearer>] [--warmup W] [--runs R] [--label L]
//           (the password, the same for both users, on standard input)
//   dashboard --url <base> --token <bearer> --login <l> --agency <code> [--warmup W] [--runs R] [--label L]   (issue 18)
//           the 督办 page of a supervisor for the agency and its tree, next to the three API calls it sends the queries of
//           (GET /api/dashboard, /api/dashboard/charts, /api/reports/trends) and the trends call alone; password on standard input.
// Prints one JSON line per measurement: median and p95 of the time to the last byte of the response on loopback.
string Arg(string name, string fallback = "") => CaseTracker.Bench.CommandLine.Arg(args, name, fallback);

return args.FirstOrDefault() switch
{
    "load" => await Load(),
    "measure" => await Measure(),
    "index" => await Index(),
    "dashboard" => await Dashboard(),
    _ => Usage(),
};

// The before/after switch of the desk benchmark: the index of migration 0013 (a handler's own cases) dropped, or created
// again from the migration's own text (the migration journal keeps it applied either way).
async Task<int> Index()
{
    var engine = Arg("engine", "Sqlite");
    DapperSetup.Configure();
    var dialect = DependencyInjection.CreateDialect(new DatabaseOptions { Provider = Enum.Parse<DatabaseProvider>(engine), ConnectionString = Arg("connection", "") }, Directory.GetCurrentDirectory());
    await using var connection = dialect.CreateConnection();
    await connection.OpenAsync();
    var exists = await connection.ExecuteScalarAsync<long>(engine == "PostgreSql"
        ? "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'ix_cases_assigned'"
        : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_cases_assigned'") > 0;
    if (args.Contains("--drop") && exists) await connection.ExecuteAsync("DROP INDEX ix_cases_assigned");
    if (args.Contains("--create") && !exists)
    {
        var clock = Stopwatch.StartNew();
        await connection.ExecuteAsync(File.ReadAllText($"db/migrations/{engine.ToLowerInvariant()}/0013_add_cases_assignee_index.sql"), commandTimeout: 0);
        await connection.ExecuteAsync("ANALYZE cases", commandTimeout: 0);
        Console.Error.WriteLine($"created ix_cases_assigned in {clock.Elapsed.TotalSeconds:F1} s");
    }

    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Desk.Benchmark load --engine E --connection CS --cases N | measure --url U --token T --login L --agency A [--approver L] [--warmup W] [--runs R] < password");
    return 2;
}

async Task<int> Load()
{
    var engine = Arg("engine", "Sqlite");
    var count = int.Parse(Arg("cases", "1000000"));
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = engine,
        ["Database:ConnectionString"] = Arg("connection", ""),
        ["Auth:SigningKey"] = "desk-benchmark-signing-key-0123456789",
        ["Jobs:Server"] = "false",
        // The key certificate bench/server.sh exports for the service: the key ring the load creates must open in the service.
        ["PersonalData:KeyCertificatePath"] = Environment.GetEnvironmentVariable("PersonalData__KeyCertificatePath"),
    }).Build();
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddSingleton<IConfiguration>(configuration);
    ApiHost.AddCore(services, configuration, Directory.GetCurrentDirectory());
    await using var provider = services.BuildServiceProvider();
    ApiHost.Start(provider, configuration, new CaseTracker.Infrastructure.Jobs.JobsOptions { Server = false });
    var dialect = provider.GetRequiredService<SqlDialect>();
    await using var setup = dialect.CreateConnection();
    await setup.OpenAsync();
    if (await setup.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases") != count
        || await setup.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM case_history WHERE seq = 1") != count)
    {
        var clock = Stopwatch.StartNew();
        await setup.ExecuteAsync("DELETE FROM webhook_deliveries; DELETE FROM alerts;");
        await OpenRegister.Generate(setup, count, provider.GetRequiredService<RegisterClock>().Today, new DeskShape());
        Console.Error.WriteLine($"loaded {count:N0} open cases in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        await using var scope = provider.CreateAsyncScope();
        var scan = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ScanDeadlinesCommand());
        Console.Error.WriteLine($"deadline scan raised {scan.Raised:N0} alerts in {clock.Elapsed.TotalSeconds:F1} s");
    }

    // As production's autovacuum would leave a bulk-loaded table: statistics for the planner and the visibility map that
    // index-only scans need (the deadline scan above wrote alerts and the outbox after the load's own VACUUM ANALYZE).
    if (engine == "PostgreSql")
    {
        var clock = Stopwatch.StartNew();
        await setup.ExecuteAsync("VACUUM (ANALYZE)", commandTimeout: 0);
        Console.Error.WriteLine($"VACUUM (ANALYZE) in {clock.Elapsed.TotalSeconds:F1} s");
    }

    Console.Error.WriteLine($"cases in the register: {await setup.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases"):N0}");

    return 0;
}

async Task<int> Measure()
{
    var url = Arg("url", "http://127.0.0.1:5101").TrimEnd('/');
    var token = Arg("token", "");
    var login = Arg("login", "");
    var agency = Arg("agency", "");
    var warmup = int.Parse(Arg("warmup", "20"));
    var runs = int.Parse(Arg("runs", "50"));
    var label = Arg("label", "");
    var password = Console.In.ReadLine() ?? "";

    using var api = new HttpClient { BaseAddress = new Uri(url) };
    api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
    var cookies = new CookieContainer();
    using var desk = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
    desk.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
    await SignIn(desk, login, password);
    // An approver of the same agency: their 工作台 and 审批 read the approval queues (GET /api/cases/extension-requests and
    // /deferral-requests), measured with the approver's own token.
    var approverLogin = Arg("approver", "");
    using var approver = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
    if (approverLogin.Length > 0) await SignIn(approver, approverLogin, password);
    using var approverApi = new HttpClient { BaseAddress = new Uri(url) };
    approverApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Arg("approver-token", token));
    approverApi.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

    // The cases the desk user works on: their open cases, nearest due date first (what 工作台 lists).
    var mine = JsonDocument.Parse(await api.GetStringAsync("/api/cases?mine=true&open=true&pageSize=20")).RootElement;
    var myTotal = mine.GetProperty("total").GetInt32();
    var ids = mine.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray();
    if (ids.Length == 0) throw new InvalidOperationException($"{login} has no open case assigned.");
    const string filter = "channel=Letter&dueWithin=5";
    var listed = JsonDocument.Parse(await api.GetStringAsync($"/api/cases?open=true&{filter}&pageSize=50")).RootElement.GetProperty("total").GetInt32();

    // Each desk page and the API calls that read the same data; {case} is one of the user's cases, a different one each round.
    var targets = new (string Name, HttpClient Client, string Page, string[] Api, HttpClient ApiClient)[]
    {
        ("工作台 /", desk, "/", [
            "/api/cases?mine=true&open=true&pageSize=20",
            "/api/alerts?mine=true&status=open&pageSize=10",
            $"/api/cases?agency={agency}&status=AwaitingConfirmation&pageSize=10",
        ], api),
        ("案件列表 /cases (open, Letter, due within 5 working days)", desk, $"/cases?status=open&{filter}", [$"/api/cases?open=true&{filter}&pageSize=50", "/api/handlers"], api),
        ("案件 /cases/{id}", desk, "/cases/{case}", ["/api/cases/{case}", "/api/cases/{case}/history", "/api/cases/{case}/deadline"], api),
    };
    if (approverLogin.Length > 0)
        targets = [.. targets,
            ("工作台 / (approver)", approver, "/", [
                "/api/cases/extension-requests", "/api/cases/deferral-requests",
                "/api/cases?mine=true&open=true&pageSize=20", "/api/alerts?mine=true&status=open&pageSize=10",
            ], approverApi),
            ("审批 /approvals (approver)", approver, "/approvals", ["/api/cases/extension-requests", "/api/cases/deferral-requests"], approverApi)];

    var samples = targets.Select(_ => (Page: new List<double>(), Api: new List<double>(), First: new List<double>())).ToArray();
    for (var round = 0; round < warmup + runs; round++)
    {
        var id = ids[round % ids.Length];
        for (var t = 0; t < targets.Length; t++)
        {
            var (_, client, page, calls, apiClient) = targets[t];
            var pageTime = await Time(client, page.Replace("{case}", id), html: true);
            double apiTime = 0, firstTime = 0;
            for (var c = 0; c < calls.Length; c++)
            {
                var time = await Time(apiClient, calls[c].Replace("{case}", id), html: false);
                apiTime += time;
                if (c == 0) firstTime = time;
            }

            if (round < warmup) continue;
            samples[t].Page.Add(pageTime);
            samples[t].Api.Add(apiTime);
            samples[t].First.Add(firstTime);
        }
    }

    for (var t = 0; t < targets.Length; t++)
    {
        var (page, all, first) = samples[t];
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            label, page = targets[t].Name, runs, warmup, myOpenCases = myTotal, listedTotal = listed,
            pageMedianMs = Median(page), pageP95Ms = P95(page),
            apiCallsMedianMs = Median(all), apiCallsP95Ms = P95(all), apiCalls = targets[t].Api,
            firstApiCallMedianMs = Median(first), firstApiCallP95Ms = P95(first),
            ratioToApiCalls = all.Sum() > 0 ? Math.Round(Median(page) / Median(all), 2) : (double?)null,
            ratioToFirstApiCall = first.Sum() > 0 ? Math.Round(Median(page) / Median(first), 2) : (double?)null,
        }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    return 0;
}

// The 督办 page (issue 18 item 7) and its API calls, interleaved in the same rounds: median and p95 of each, on loopback.
async Task<int> Dashboard()
{
    var url = Arg("url", "http://127.0.0.1:5101").TrimEnd('/');
    var agency = Arg("agency", "P");
    var warmup = int.Parse(Arg("warmup", "3"));
    var runs = int.Parse(Arg("runs", "10"));
    var label = Arg("label", "");
    var password = Console.In.ReadLine() ?? "";
    using var api = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
    api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Arg("token", ""));
    api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
    using var desk = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
    desk.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
    await SignIn(desk, Arg("login", ""), password);

    var scope = $"agency={agency}&subtree=true";
    var targets = new (string Name, HttpClient Client, string Path, bool Html)[]
    {
        ("督办 /dashboard", desk, $"/dashboard?{scope}", true),
        ("GET /api/dashboard", api, $"/api/dashboard?{scope}", false),
        ("GET /api/dashboard/charts", api, $"/api/dashboard/charts?{scope}", false),
        ("GET /api/reports/trends", api, $"/api/reports/trends?{scope}", false),
    };
    var samples = targets.Select(_ => new List<double>()).ToArray();
    var cold = new double[targets.Length];
    for (var round = 0; round < warmup + runs; round++)
    {
        for (var t = 0; t < targets.Length; t++)
        {
            var time = await Time(targets[t].Client, targets[t].Path, targets[t].Html);
            if (round == 0) cold[t] = Math.Round(time, 2);
            if (round >= warmup) samples[t].Add(time);
        }
    }

    var open = JsonDocument.Parse(await api.GetStringAsync($"/api/dashboard?{scope}")).RootElement.GetProperty("open").GetInt32();
    var apiSum = Enumerable.Range(0, runs).Select(i => samples[1][i] + samples[2][i] + samples[3][i]).ToList();
    for (var t = 0; t < targets.Length; t++)
    {
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            label, request = targets[t].Name, path = targets[t].Path, runs, warmup, openCases = open, firstMs = cold[t],
            medianMs = Median(samples[t]), p95Ms = P95(samples[t]),
            pageToApiCalls = t == 0 ? Math.Round(Median(samples[0]) / Median(apiSum), 2) : (double?)null,
            apiCallsMedianMs = t == 0 ? Median(apiSum) : (double?)null,
        }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    return 0;
}

// The time from sending the request to the last byte of the body; 200 required, and a page must be the signed-in one.
static async Task<double> Time(HttpClient client, string path, bool html)
{
    var clock = Stopwatch.StartNew();
    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
    var body = await response.Content.ReadAsStringAsync();
    var elapsed = clock.Elapsed.TotalMilliseconds;
    if (response.StatusCode != HttpStatusCode.OK || (html && body.Contains("action=\"/account/sign-in\"", StringComparison.Ordinal)))
        throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
    return elapsed;
}

// The sign-in form of the desk: its antiforgery token, then the form post; the cookie stays in the container.
static async Task SignIn(HttpClient desk, string login, string password)
{
    var form = await desk.GetStringAsync("/");
    var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
    using var response = await desk.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["login"] = login, ["password"] = password, ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
    }));
    if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("error", StringComparison.Ordinal) != false)
        throw new InvalidOperationException($"sign-in as {login}: {(int)response.StatusCode} {response.Headers.Location}");
}

static double Median(List<double> values) => Percentile(values, 0.5);

static double P95(List<double> values) => Percentile(values, 0.95);

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    var rank = p * (sorted.Count - 1);
    var low = (int)Math.Floor(rank);
    var high = Math.Min(low + 1, sorted.Count - 1);
    return Math.Round(sorted[low] + (sorted[high] - sorted[low]) * (rank - low), 2);
}
