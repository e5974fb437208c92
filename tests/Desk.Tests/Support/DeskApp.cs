using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Identity;
using CaseTracker.Infrastructure.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Desk.Tests.Support;

/// <summary>
/// The real service on a loopback Kestrel port (the browser needs a socket) and a real SQLite file under
/// tests/Desk.Tests/testdata (ignored by git), with a fake clock standing at 2026-11-25 10:00 in China.
/// </summary>
public sealed class DeskApp : WebApplicationFactory<Program>
{
    public const string SigningKey = "casetracker-desk-tests-signing-key-of-32-bytes-or-more";

    /// <summary>The password every test user is created with.</summary>
    public const string Password = "Test-password-2026";

    private static readonly CaseTracker.Api.Identity.IdentityOptions Identity = new() { SigningKey = SigningKey };

    private readonly string databaseFile;

    public DeskApp() : this(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>A service whose fake clock starts at <paramref name="start"/> (a test that walks a case through weeks advances it).</summary>
    public DeskApp(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        databaseFile = Path.Combine(Folder("testdata"), $"desk_{Guid.NewGuid():N}.db");
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().TrimEnd('/');
    }

    /// <summary>http://127.0.0.1:port, where the browser goes.</summary>
    public string BaseUrl { get; }

    /// <summary>The service's clock: 2026-11-25 10:00 in China unless the test chose another start.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Moves the clock forward to 10:00 in China on <paramref name="day"/> (a working morning at the office).</summary>
    public void SetToday(DateOnly day) => Time.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", $"Data Source={databaseFile}");
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Jobs:Server", "false");
        builder.UseSetting("Auth:SignInPerAddressPerMinute", "100000");
        builder.UseSetting("Auth:SignInPerLoginPerMinute", "100000");
        // The 机构与用户 test saves a webhook to this machine, as a deployment allows an internal host.
        builder.UseSetting("Webhooks:AllowedHosts:0", "127.0.0.1");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    /// <summary>The user <paramref name="login"/> (display name <paramref name="name"/>) of an agency with these roles, made if missing.</summary>
    public UserAccount EnsureUser(string login, string agency, string[] roles, string? name = null)
        => Task.Run(async () =>
        {
            await using var scope = Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            if (await users.FindByNameAsync(login) is { } existing) return existing;
            var user = new UserAccount { Login = login, Name = name ?? login, AgencyCode = agency, Roles = [.. roles], CreatedBy = "tests", ChangedBy = "tests" };
            var created = await users.CreateAsync(user, Password);
            return created.Succeeded ? user : throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }).GetAwaiter().GetResult();

    /// <summary>An HTTP client of the API on the same port, with a bearer token of the user (made first): test data goes in as a script would.</summary>
    public HttpClient Api(string login, string agency, params string[] roles)
    {
        var user = EnsureUser(login, agency, roles);
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var token = TokenIssuer.Issue(Identity, new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), user, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>tests/Desk.Tests/<paramref name="name"/>, made if missing.</summary>
    public static string Folder(string name) => Directory.CreateDirectory(Path.Combine(ProjectFolder, name)).FullName;

    private static string ProjectFolder { get; } = FindProject();

    private static string FindProject()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CaseTracker.sln"))) directory = directory.Parent;
        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("CaseTracker.sln not found above the test binaries."), "tests", "Desk.Tests");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { databaseFile, databaseFile + "-wal", databaseFile + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}

public static class Json
{
    public static async Task<JsonNode> Ok(this Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static Task<HttpResponseMessage> Post(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body);
}
