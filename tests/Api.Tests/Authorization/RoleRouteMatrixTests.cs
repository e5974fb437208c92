using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Api.Tests.Authorization;

/// <summary>
/// Issue 12: every role × every API route, once with a bearer token and once signed in with the cookie (antiforgery
/// header sent): a role outside the route's policy is 403, a role inside it is never 401 nor the policy's 403.
/// </summary>
public class RoleRouteMatrixTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private sealed record Route(string Method, string Pattern, IReadOnlyList<string> Policies);

    private IReadOnlyList<Route> Routes() => factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
        .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
        .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new Route(m, e.RoutePattern.RawText!,
            e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList())))
        .ToList();

    private static string Url(string pattern, string agency, string login) => Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", m => m.Groups[1].Value switch
    {
        "code" => agency,
        "login" => login,
        "year" => "2026",
        "caseNumber" => "X-2026-00001",
        _ => Guid.NewGuid().ToString(),
    });

    [Fact]
    public void TheOnlyAnonymousApiRoute_IsTheStatusLookup()
    {
        var anonymous = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true && e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => e.RoutePattern.RawText).ToList();
        Assert.Equal(["/api/status"], anonymous);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryRole_OnEveryRoute_IsAllowedExactlyByItsPolicy(bool cookie)
    {
        var s = await Scenario.Create(factory);
        var routes = Routes();
        Assert.True(routes.Count >= 40, $"only {routes.Count} API routes found");
        Assert.All(routes, r => Assert.NotEmpty(r.Policies)); // every API route names its policy
        var failures = new List<string>();
        foreach (var role in Roles.All)
        {
            var agency = role is Roles.Administrator or Roles.Supervisor ? s.Root : s.Child;
            var login = $"matrix-{role}-{cookie}-{s.Child}";
            var client = cookie ? factory.SignedIn(login, agency, role) : factory.As(login, agency, role);
            foreach (var route in routes)
            {
                var allowed = route.Policies.All(p => Policies.RolesByPolicy.TryGetValue(p, out var roles) && roles.Contains(role));
                var request = new HttpRequestMessage(new HttpMethod(route.Method), Url(route.Pattern, agency, login));
                if (route.Method is "POST" or "PUT")
                    request.Content = route.Pattern.EndsWith("/import", StringComparison.Ordinal)
                        ? new StringContent("agencyCode\n", Encoding.UTF8, "text/csv") // the import takes CSV (415 before any policy otherwise)
                        : new StringContent("{}", Encoding.UTF8, "application/json");
                var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var policyRefusal = response.StatusCode == HttpStatusCode.Forbidden && (JsonNode.Parse(text.Length > 0 ? text : "{}")?["detail"] is null);
                var ok = allowed
                    ? response.StatusCode != HttpStatusCode.Unauthorized && !policyRefusal && (int)response.StatusCode < 500
                    : response.StatusCode == HttpStatusCode.Forbidden;
                if (!ok) failures.Add($"{role} {route.Method} {route.Pattern}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
