using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Infrastructure.Users;
using Microsoft.AspNetCore.Identity;
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
    private static readonly CaseTracker.Api.Identity.IdentityOptions Identity = new() { SigningKey = SigningKey };

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
        builder.UseSetting("PersonalData:KeyCertificatePath", TestData.KeyCertificate);
        builder.UseSetting("Jobs:Server", RunsJobServer ? "true" : "false");
        // Many sign-ins come from the one in-process "address"; the limits have their own tests.
        builder.UseSetting("Auth:SignInPerAddressPerMinute", "100000");
        builder.UseSetting("Auth:SignInPerLoginPerMinute", "100000");
        builder.UseSetting("RateLimits:ReportsPerUser", "100000");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    /// <summary>The password every test user is created with.</summary>
    public const string Password = "Test-password-2026";

    /// <summary>A client with a bearer token of <paramref name="user"/> (made, or set to this agency and these roles, first).</summary>
    public HttpClient As(string user, string agency, params string[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(user, agency, roles));
        return client;
    }

    /// <summary>A token of <paramref name="user"/> as the <c>token</c> verb issues it, for a user that exists with this agency and these roles.</summary>
    public string Token(string user, string agency, params string[] roles)
        => TokenIssuer.Issue(Identity, new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), EnsureUser(user, agency, roles), TimeSpan.FromHours(1),
            DateTimeOffset.UtcNow);

    /// <summary>
    /// The user <paramref name="login"/> of <paramref name="agency"/> with <paramref name="roles"/> (password <see cref="Password"/>),
    /// made if missing. An existing user is moved to this agency and these roles without a new security stamp, so that a
    /// test's earlier clients of the same user keep working (the service itself renews the stamp on such a change).
    /// </summary>
    public UserAccount EnsureUser(string login, string agency, params string[] roles)
        => Task.Run(async () =>
        {
            await using var scope = Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            var user = await users.FindByNameAsync(login);
            if (user is null)
            {
                user = new UserAccount { Login = login, Name = $"{login}-name", AgencyCode = agency, Roles = [.. roles], CreatedBy = "tests", ChangedBy = "tests" };
                var created = await users.CreateAsync(user, Password);
                if (created.Succeeded) return user;
                user = await users.FindByNameAsync(login)
                    ?? throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            if (user.AgencyCode == agency && user.Roles.Order().SequenceEqual(roles.Order()) && user.Active) return user;
            user.AgencyCode = agency;
            user.Roles = [.. roles];
            user.Active = true;
            var updated = await scope.ServiceProvider.GetRequiredService<UserStore>().UpdateAsync(user, CancellationToken.None);
            return updated.Succeeded ? user : throw new InvalidOperationException("The test user could not be updated.");
        }).GetAwaiter().GetResult();

    /// <summary>A browser: cookies kept, redirects not followed, HTTPS (the cookie is Secure outside loopback).</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"), HandleCookies = true, AllowAutoRedirect = false,
    });

    /// <summary>
    /// A browser signed in as <paramref name="user"/> through the sign-in form (made first, like <see cref="As"/>), sending the
    /// antiforgery header on every request as the screens do.
    /// </summary>
    public HttpClient SignedIn(string user, string agency, params string[] roles)
    {
        EnsureUser(user, agency, roles);
        var browser = Browser();
        var signIn = Task.Run(() => SignIn(browser, user, Password)).GetAwaiter().GetResult();
        if (signIn.StatusCode != System.Net.HttpStatusCode.Redirect || signIn.Headers.Location?.OriginalString != "/")
            throw new InvalidOperationException($"Sign-in of {user} failed: {(int)signIn.StatusCode} {signIn.Headers.Location}");
        var token = Task.Run(async () => (await browser.GetFromJsonAsync<JsonObject>("/account/antiforgery"))!["token"]!.GetValue<string>()).GetAwaiter().GetResult();
        browser.DefaultRequestHeaders.Add("X-CSRF-TOKEN", token);
        return browser;
    }

    /// <summary>Posts the sign-in form as a browser does: the page first (its antiforgery field and cookie), then the form.</summary>
    public static async Task<HttpResponseMessage> SignIn(HttpClient browser, string login, string password, string? returnUrl = null)
    {
        var form = new Dictionary<string, string> { ["login"] = login, ["password"] = password, ["__RequestVerificationToken"] = await FormToken(browser) };
        if (returnUrl is not null) form["returnUrl"] = returnUrl;
        return await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(form));
    }

    /// <summary>The antiforgery field of the page at <paramref name="url"/>.</summary>
    public static async Task<string> FormToken(HttpClient browser, string url = "/")
    {
        var page = await browser.GetStringAsync(url);
        var match = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        if (!match.Success) throw new InvalidOperationException($"No antiforgery field on {url}: {page}");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

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

    /// <summary>
    /// The tests' personal-data key certificate (PersonalData:KeyCertificatePath of every test host, as Auth:SigningKey is):
    /// generated once under testdata/data the way the embedded default generates its own.
    /// </summary>
    public static string KeyCertificate { get; } = MakeKeyCertificate();

    private static string MakeKeyCertificate()
    {
        using var _ = CaseTracker.Infrastructure.PersonalData.KeyEncryptionCertificate.Resolve(new(), Folder, production: false);
        return CaseTracker.Infrastructure.PersonalData.KeyEncryptionCertificate.DefaultPath(Folder);
    }

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
