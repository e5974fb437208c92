using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CaseTracker.Api.Hosting;
using CaseTracker.Api.Tests.Support;

namespace CaseTracker.Api.Tests;

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

    private static (int Exit, string Out, string Error) RunTokenVerb(params string[] args)
    {
        var previousKey = Environment.GetEnvironmentVariable("Auth__SigningKey");
        var (previousOut, previousError) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        try
        {
            Environment.SetEnvironmentVariable("Auth__SigningKey", CaseTrackerFactory.SigningKey);
            Console.SetOut(stdout);
            Console.SetError(stderr);
            var exit = Verbs.Token(args);
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
            Environment.SetEnvironmentVariable("Auth__SigningKey", previousKey);
        }
    }

    [Fact]
    public async Task TokenVerb_PrintsAJwtTheServiceAccepts()
    {
        // api.md Identity: `token --user … --roles …` prints the token alone as the last line on stdout.
        var (exit, stdout, _) = RunTokenVerb("--user", "u1", "--name", "N", "--agency", "CX", "--roles", "CaseHandler", "--hours", "2");
        Assert.Equal(0, exit);
        var token = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        Assert.Matches(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$", token);

        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.GetAsync("/api/agencies");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The token carries what was asked: a CaseHandler may not create agencies.
        var create = await client.PostAsync("/api/agencies", new StringContent("""{"code":"CX","name":"楚雄州"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Theory]
    [InlineData("--user", "u1", "--agency", "CX", "--roles", "Janitor")]
    [InlineData("--user", "u1", "--agency", "CX", "--roles", "CaseHandler,Janitor")]
    [InlineData("--user", "u1", "--agency", "CX")]
    [InlineData("--agency", "CX", "--roles", "CaseHandler")]
    [InlineData("--user", "u1", "--agency", "CX", "--roles", "CaseHandler", "--hours", "0")]
    [InlineData("--user", "u1", "--agency", "CX", "--roles", "CaseHandler", "--hours", "two")]
    public void TokenVerb_WithBadArguments_Exits2WithUsageAndNoToken(params string[] args)
    {
        var (exit, stdout, stderr) = RunTokenVerb(args);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("usage: token", stderr);
        if (args.Contains("Janitor")) Assert.Contains("unknown role(s): Janitor", stderr);
    }
}
