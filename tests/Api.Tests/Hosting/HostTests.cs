using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CaseTracker.Api.Hosting;
using CaseTracker.Api.Tests.Support;

namespace CaseTracker.Api.Tests.Hosting;

/// <summary>
/// The token verb redirects the process-wide Console and sets an environment variable, so this class runs
/// alone, never beside another test that might log to the console meanwhile.
/// </summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>api.md: health and API docs without a token; the <c>token</c> verb of the embedded default.</summary>
[Collection(nameof(ConsoleCollection))]
public class HostTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_WithoutToken_Is200(string url)
    {
        // api.md Identity: every route except health and the API docs requires a token.
        var response = await factory.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Swagger_WithoutToken_DescribesRoutesAndBearerScheme()
    {
        var response = await factory.CreateClient().GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { "/api/cases", "/api/cases/{id}", "/api/cases/{id}/deadline", "/api/cases/{id}/history", "/api/agencies",
                     "/api/calendar/{year}", "/api/proceedings", "/api/complaints" })
            Assert.True(paths.ContainsKey(path), $"swagger.json has no path {path}");
        var scheme = document["components"]!["securitySchemes"]!["bearer"]!;
        Assert.Equal("http", (string?)scheme["type"]);
        Assert.Equal("bearer", (string?)scheme["scheme"]);
        Assert.Equal("JWT", (string?)scheme["bearerFormat"]);
        Assert.NotEmpty(document["security"]!.AsArray());
    }

    [Fact]
    public async Task SwaggerUi_WithoutToken_Is200()
    {
        var response = await factory.CreateClient().GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Runs a verb on the factory's database (the host arguments the verb passes on), with its console captured.</summary>
    private (int Exit, string Out, string Error) RunVerb(Func<string[], Task<int>> verb, string[] args, string? stdin = null)
    {
        var previousKey = Environment.GetEnvironmentVariable("Auth__SigningKey");
        var (previousOut, previousError, previousIn) = (Console.Out, Console.Error, Console.In);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        try
        {
            Environment.SetEnvironmentVariable("Auth__SigningKey", CaseTrackerFactory.SigningKey);
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Console.SetIn(new StringReader(stdin ?? ""));
            string[] host = ["--Database:Provider", factory.Database.Provider.ToString(), "--Database:ConnectionString", factory.Database.ConnectionString,
                "--PersonalData:KeyCertificatePath", TestData.KeyCertificate];
            var exit = Task.Run(() => verb([.. args, .. host])).GetAwaiter().GetResult();
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
            Console.SetIn(previousIn);
            Environment.SetEnvironmentVariable("Auth__SigningKey", previousKey);
        }
    }

    private (int Exit, string Out, string Error) RunTokenVerb(params string[] args) => RunVerb(Verbs.Token, args);

    private (int Exit, string Out, string Error) RunUserVerb(string? stdin, params string[] args) => RunVerb(Verbs.User, args, stdin);

    [Fact]
    public async Task TokenVerb_PrintsAJwtTheServiceAccepts()
    {
        // Issue 12: `token --user <login>` for an existing, active user; the token carries the user's own agency and roles.
        factory.EnsureUser("u1", "CX", "CaseHandler");
        var (exit, stdout, _) = RunTokenVerb("--user", "u1", "--hours", "2");
        Assert.Equal(0, exit);
        var token = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        Assert.Matches(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$", token);

        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.GetAsync("/api/agencies");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The token carries the user's roles: a CaseHandler may not create agencies.
        var create = await client.PostAsync("/api/agencies", new StringContent("""{"code":"CX","name":"楚雄州"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Theory]
    [InlineData("--hours", "2")]
    [InlineData("--user", "u1", "--hours", "0")]
    [InlineData("--user", "u1", "--hours", "two")]
    [InlineData("--user", "u1", "--hours", "9")] // beyond Auth:TokenMaxLifetimeHours (8)
    [InlineData("--user", "u1", "--agency", "CX", "--roles", "CaseHandler")] // the old form: roles come from the account now
    public void TokenVerb_WithBadArguments_Exits2WithUsageAndNoToken(params string[] args)
    {
        var (exit, stdout, stderr) = RunTokenVerb(args);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("usage: token", stderr);
    }

    [Fact]
    public void TokenVerb_ForAMissingOrDisabledUser_Exits1WithoutToken()
    {
        var (exit, stdout, stderr) = RunTokenVerb("--user", "nobody-at-all");
        Assert.Equal((1, ""), (exit, stdout));
        Assert.Contains("no user nobody-at-all", stderr);

        factory.EnsureUser("leaver", "CX", "CaseHandler");
        Assert.Equal(0, RunUserVerb(null, "disable", "--login", "leaver").Exit);
        (exit, stdout, stderr) = RunTokenVerb("--user", "leaver");
        Assert.Equal((1, ""), (exit, stdout));
        Assert.Contains("disabled", stderr);
    }

    [Fact]
    public void UserAndTokenVerbs_InTheDevelopmentEnvironment_Work()
    {
        // `dotnet run --project src/Api` runs in Development (launch profile), where the container is validated when built:
        // the verbs build a host without the web's authentication services and must still run (found by a new office).
        var (exit, _, stderr) = RunUserVerb("Dev-start-2026\n", "add", "--login", "dev-admin", "--name", "管理员", "--agency", "DEVROOT",
            "--roles", "Administrator", "--password-stdin", "--environment", "Development");
        Assert.True(exit == 0, stderr);
        var token = RunTokenVerb("--user", "dev-admin", "--environment", "Development");
        Assert.True(token.Exit == 0, token.Error);
        Assert.Equal(3, token.Out.Trim().Split('\n')[^1].Split('.').Length);
    }

    [Fact]
    public async Task UserAddVerb_FirstAdministratorSignsInWithThePasswordFromStdin()
    {
        // Issue 12: `user add … --password-stdin` makes the first administrator, whose agency need not exist yet.
        var (exit, stdout, stderr) = RunUserVerb("Fresh-start-2026\n", "add", "--login", "first-admin", "--name", "管理员", "--agency", "NEWROOT",
            "--roles", "Administrator,IntakeOfficer", "--password-stdin");
        Assert.True(exit == 0, stderr);
        Assert.Contains("first-admin", stdout);
        Assert.DoesNotContain("Password (shown once)", stdout);

        var browser = factory.Browser();
        var signIn = await CaseTrackerFactory.SignIn(browser, "first-admin", "Fresh-start-2026");
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        Assert.Contains("first-admin", await browser.GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire")).StatusCode);

        // The same login again, an unknown role, or no agency: refused.
        Assert.Equal(1, RunUserVerb("Fresh-start-2026\n", "add", "--login", "FIRST-ADMIN", "--agency", "X", "--roles", "CaseHandler", "--password-stdin").Exit);
        Assert.Equal(2, RunUserVerb(null, "add", "--login", "x2", "--agency", "X", "--roles", "Janitor").Exit);
        Assert.Equal(2, RunUserVerb(null, "add", "--login", "x3", "--roles", "CaseHandler").Exit);
    }

    [Fact]
    public async Task UserResetPasswordVerb_PrintsANewPasswordThatSignsIn()
    {
        factory.EnsureUser("forgetful", "CX", "CaseHandler");
        var (exit, stdout, _) = RunUserVerb(null, "reset-password", "--login", "forgetful");
        Assert.Equal(0, exit);
        var password = stdout.Split('\n').Single(l => l.StartsWith("Password (shown once): ", StringComparison.Ordinal))["Password (shown once): ".Length..].Trim();
        var signIn = await CaseTrackerFactory.SignIn(factory.Browser(), "forgetful", password);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        var old = await CaseTrackerFactory.SignIn(factory.Browser(), "forgetful", CaseTrackerFactory.Password);
        Assert.StartsWith("/?error=failed", old.Headers.Location?.OriginalString);
    }
}
