using System.Net;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Hosting;

/// <summary>Issue 14 item 4, security.md "Abuse and faults": security headers and a CSP without inline script on every response.</summary>
public class SecurityHeadersTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static void AssertHeaders(HttpResponseMessage response, string what, bool tool = false)
    {
        string Header(string name)
            => response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
                ? string.Join(",", values)
                : throw new Xunit.Sdk.XunitException($"{what}: no {name} header ({(int)response.StatusCode})");
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.False(string.IsNullOrEmpty(Header("Referrer-Policy")), what);
        var csp = Header("Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp);
        var script = csp.Split(';').Select(d => d.Trim()).FirstOrDefault(d => d.StartsWith("script-src", StringComparison.Ordinal));
        if (tool) return;
        Assert.True(script is null ? csp.Contains("default-src 'none'", StringComparison.Ordinal) : !script.Contains("unsafe-inline", StringComparison.Ordinal),
            $"{what}: inline script allowed by {csp}");
    }

    [Fact]
    public async Task EveryKindOfResponse_CarriesTheSecurityHeaders()
    {
        var s = await Create(factory);
        var anonymous = factory.CreateClient();
        var browser = factory.Browser();
        AssertHeaders(await browser.GetAsync("/"), "sign-in page");
        AssertHeaders(await browser.GetAsync("/desk.css"), "static file");
        AssertHeaders(await anonymous.GetAsync("/api/cases"), "401 of the API");
        AssertHeaders(await s.Handler.GetAsync("/api/cases"), "API JSON");
        AssertHeaders(await s.Handler.GetAsync($"/api/cases/{Guid.NewGuid()}"), "404 problem details");
        AssertHeaders(await s.Handler.Post("/api/cases", new { }), "400 problem details");
        AssertHeaders(await anonymous.GetAsync("/health/ready"), "health");
        var desk = factory.SignedIn("desk-" + s.Child, s.Child, Roles.CaseHandler);
        AssertHeaders(await desk.GetAsync("/cases"), "desk page");
        AssertHeaders(await desk.GetAsync("/no-such-page"), "desk 404");

        // The printable report: its own policy, which lets only its own style block (by hash) apply.
        using var html = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/annual/2025?agency={s.Root}");
        html.Headers.Accept.ParseAdd("text/html");
        var report = await s.Supervisor.SendAsync(html);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        AssertHeaders(report, "HTML report");
        var csp = string.Join(",", report.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("style-src 'sha256-", csp);
        var page = await report.Content.ReadAsStringAsync();
        var style = page[(page.IndexOf("<style>", StringComparison.Ordinal) + "<style>".Length)..page.IndexOf("</style>", StringComparison.Ordinal)];
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(style)));
        Assert.Contains($"'sha256-{hash}'", csp);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);

        // Swagger UI and the Hangfire dashboard run their own inline script: their policy allows it and still forbids framing.
        AssertHeaders(await anonymous.GetAsync("/swagger/index.html"), "Swagger UI", tool: true);
        var admin = factory.SignedIn("admin-desk-" + s.Root, s.Root, Roles.Administrator);
        var hangfire = await admin.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, hangfire.StatusCode);
        AssertHeaders(hangfire, "Hangfire dashboard", tool: true);
    }
}

/// <summary>The service as Production runs it (with a signing key): Swagger only for signed-in users.</summary>
public sealed class ProductionFactory : CaseTrackerFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

/// <summary>Issue 14 item 4, security.md: Swagger UI and swagger.json are served to signed-in users only in Production.</summary>
public class SwaggerInProductionTests(ProductionFactory factory) : IClassFixture<ProductionFactory>
{
    [Fact]
    public async Task Swagger_InProduction_OnlyForSignedInUsers()
    {
        // Anonymous: challenged (the sign-in page for a browser, 401 for a client), never the document or the page.
        var anonymous = factory.Browser();
        foreach (var path in new[] { "/swagger/v1/swagger.json", "/swagger/index.html", "/swagger" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode}");
            Assert.DoesNotContain("swagger", response.Headers.Location?.AbsolutePath ?? "", StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("openapi", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }

        var user = factory.As("swagger-reader", "SWAG", Roles.CaseHandler);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/swagger/v1/swagger.json")).StatusCode);
        var signedIn = factory.SignedIn("swagger-browser", "SWAG", Roles.CaseHandler);
        var ui = await signedIn.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger", await ui.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
