using System.Text.Json;
using System.Text.RegularExpressions;
using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseTracker.Api.Tests.Safety;

/// <summary>
/// Every JSON body the README and the operating manual show for a route (a <c>curl … -X POST|PUT url … -d '{…}'</c> example,
/// or <c>`PUT /api/…` (`{…}`)</c> in the text) binds to that route's request type with the API's own request JSON options,
/// which refuse a member the route does not take: an office copying an example is never refused for a member the docs made up.
/// </summary>
public partial class DocumentedBodiesTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly string[] Documents = ["README.md", Path.Combine("docs", "操作手册.md")];

    [Fact]
    public void EveryDocumentedJsonBody_BindsToItsRoute()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is not null).ToList();
        var options = factory.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var checkedBodies = new List<string>();
        foreach (var document in Documents)
        {
            var text = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, document)).Replace("\\\n", " ");
            var examples = Curl().Matches(text).Select(m => (m.Groups["method"].Value, m.Groups["url"].Value, m.Groups["json"].Value))
                .Concat(Inline().Matches(text).Select(m => (m.Groups["method"].Value, m.Groups["url"].Value, m.Groups["json"].Value)));
            foreach (var (method, url, json) in examples)
            {
                var path = Placeholder().Replace(url[url.IndexOf("/api/", StringComparison.Ordinal)..].Split('?')[0], "x");
                var endpoint = endpoints
                    .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) == true && Matches(e, path))
                    .OrderBy(e => e.RoutePattern.Parameters.Count).FirstOrDefault();
                Assert.True(endpoint is not null, $"{document}: no {method} route with a JSON body for {url}");
                var type = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()!.RequestType!;
                var bound = Record.Exception(() => JsonSerializer.Deserialize(json, type, options));
                Assert.True(bound is null, $"{document}: {method} {url} {json} does not bind to {type.Name}: {bound?.Message}");
                checkedBodies.Add($"{method} {path}");
            }
        }

        // The curl walk-through (agencies, a user, a registration, a correction) and the retention setting at least.
        Assert.True(checkedBodies.Count >= 6, string.Join("; ", checkedBodies));
        Assert.Contains("POST /api/cases", checkedBodies);
        Assert.Contains("POST /api/users", checkedBodies);
    }

    private static bool Matches(RouteEndpoint endpoint, string path)
    {
        var pattern = "^" + Regex.Replace(Regex.Escape("/" + endpoint.RoutePattern.RawText!.Trim('/')), @"\\\{[^/]*?\}", "[^/]+") + "/?$";
        return Regex.IsMatch(path, pattern);
    }

    [GeneratedRegex(@"curl\s(?:(?!curl\s).)*?-X\s+(?<method>POST|PUT)\s+(?<url>\S+)(?:(?!curl\s).)*?-d\s+'(?<json>\{[^']*\})'", RegexOptions.Singleline)]
    private static partial Regex Curl();

    [GeneratedRegex(@"`(?<method>POST|PUT) (?<url>/api/[^`\s]+)`\s*\(?`(?<json>\{""[^`]*\})`")]
    private static partial Regex Inline();

    [GeneratedRegex(@"\{[^}/]+\}|\$\{?\w+\}?|<[^>/]+>")]
    private static partial Regex Placeholder();
}
