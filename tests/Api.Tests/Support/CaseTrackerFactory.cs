using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Api.Tests.Support;

/// <summary>
/// The real service on a real SQLite file under tests/Api.Tests/testdata (ignored by git), with a fake
/// clock standing at 2026-11-25 10:00 in China unless a test moves it.
/// </summary>
public class CaseTrackerFactory : WebApplicationFactory<Program>
{
    public const string SigningKey = "casetracker-tests-signing-key-of-at-least-32-bytes!";
    private static readonly IdentityOptions Identity = new() { SigningKey = SigningKey };

    private FakeTimeProvider? time;
    private readonly DateTimeOffset? startOverride;

    public FakeTimeProvider Time => time ??= new FakeTimeProvider(StartTime);

    /// <summary>Where the fake clock starts (it only moves forward): 2026-11-25 10:00 in China.</summary>
    protected virtual DateTimeOffset StartTime => startOverride ?? new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    private readonly bool ownsDatabase;

    public CaseTrackerFactory() : this(TestDatabase.Create(), ownsDatabase: true)
    {
    }

    /// <summary>A second instance on another factory's database (several instances, one database).</summary>
    internal CaseTrackerFactory(TestDatabase database, bool ownsDatabase, DateTimeOffset? start = null)
    {
        startOverride = start;
        Database = database;
        this.ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    /// <summary>Whether the test host runs a Hangfire server (off unless a test is about jobs).</summary>
    protected virtual bool RunsJobServer => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Jobs:Server", RunsJobServer ? "true" : "false");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    public HttpClient As(string user, string agency, params string[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(user, agency, roles));
        return client;
    }

    public string Token(string user, string agency, params string[] roles)
        => TokenIssuer.Issue(Identity, new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), user, $"{user}-name", agency, roles,
            TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    /// <summary>Counts rows of every table and fingerprints every case: a request that changes nothing leaves this unchanged.</summary>
    public string Snapshot() => Database.Snapshot();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase) Database.Drop();
    }
}

public static class TestData
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Folder { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot, "tests", "Api.Tests", "testdata")).FullName;

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CaseTracker.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("CaseTracker.sln not found above the test binaries.");
    }
}

public static class Http
{
    public static JsonSerializerOptions Json => ApiJson.Options;

    public static async Task<JsonNode> Body(this HttpResponseMessage response)
        => JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    public static Task<HttpResponseMessage> Post(this HttpClient client, string url, object body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: Json) };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostRaw(this HttpClient client, string url, string body)
        => client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
}
