using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Users;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Api.Tests.Users;

/// <summary>
/// A small identity provider in the test process (discovery, JWKS and token endpoint served to the OIDC handler's
/// back channel), signing id_tokens with its own RSA key; the user's claims are set by each test.
/// </summary>
public sealed class TestIdentityProvider : HttpMessageHandler
{
    public const string Issuer = "https://idp.test";
    private readonly RSA rsa = RSA.Create(2048);

    /// <summary>The claims of the next sign-in (the nonce is the one the authorize request carried).</summary>
    public Dictionary<string, object> Claims { get; set; } = [];

    public string? Nonce { get; set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        object body = path switch
        {
            "/.well-known/openid-configuration" => new Dictionary<string, object>
            {
                ["issuer"] = Issuer, ["authorization_endpoint"] = $"{Issuer}/authorize", ["token_endpoint"] = $"{Issuer}/token",
                ["jwks_uri"] = $"{Issuer}/jwks", ["response_types_supported"] = new[] { "code" }, ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            },
            "/jwks" => new { keys = new[] { Jwk() } },
            "/token" => new { id_token = IdToken(), access_token = "opaque", token_type = "Bearer", expires_in = 300 },
            _ => new { error = "not_found" },
        };
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        });
    }

    private object Jwk()
    {
        var p = rsa.ExportParameters(false);
        return new { kty = "RSA", kid = "test-key", use = "sig", alg = "RS256", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) };
    }

    private string IdToken()
    {
        var claims = new Dictionary<string, object>(Claims) { ["nonce"] = Nonce! };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "casetracker-desk",
            Claims = claims,
            IssuedAt = DateTime.UtcNow,
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
        });
    }
}

/// <summary>The service with OIDC sign-in at <see cref="TestIdentityProvider"/>; provider roles gov-admin and gov-clerk mapped.</summary>
public sealed class OidcFactory : CaseTrackerFactory
{
    public TestIdentityProvider Provider { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:Oidc:Authority", TestIdentityProvider.Issuer);
        builder.UseSetting("Auth:Oidc:ClientId", "casetracker-desk");
        builder.UseSetting("Auth:Oidc:ClientSecret", "desk-secret");
        builder.UseSetting("Auth:Oidc:AgencyClaim", "org_code");
        builder.UseSetting("Auth:Oidc:RoleClaim", "groups");
        builder.UseSetting("Auth:Oidc:Roles:gov-admin", "Administrator");
        builder.UseSetting("Auth:Oidc:Roles:gov-clerk", "IntakeOfficer");
        builder.ConfigureServices(services =>
            services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
            {
                o.BackchannelHttpHandler = Provider;
                // The correlation and nonce cookies expire by the real clock in the test's cookie jar, not by the test's frozen one.
                o.TimeProvider = TimeProvider.System;
            }));
    }
}

/// <summary>Issue 12: OpenID Connect sign-in, the provider's claims mapped to agency and roles by configuration.</summary>
public class OidcSignInTests(OidcFactory factory) : IClassFixture<OidcFactory>
{
    /// <summary>The browser's round trip: to the provider's authorize URL, and back to /signin-oidc with a code.</summary>
    private async Task<HttpResponseMessage> SignInAtProvider(HttpClient browser)
    {
        var challenge = await browser.GetAsync("/account/oidc");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith($"{TestIdentityProvider.Issuer}/authorize", authorize.ToString());
        var query = HttpUtility.ParseQueryString(authorize.Query);
        factory.Provider.Nonce = query["nonce"];
        return await browser.PostAsync("/signin-oidc", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = "a-code", ["state"] = query["state"]!,
        }));
    }

    [Fact]
    public async Task OidcSignIn_MapsTheProvidersClaimsToAUserAndSignsIn()
    {
        factory.Provider.Claims = new()
        {
            ["sub"] = "idp-123", ["preferred_username"] = "zhang.wei", ["name"] = "张伟", ["org_code"] = "YN-OIDC",
            ["groups"] = new[] { "gov-clerk", "gov-admin", "some-other-group" },
        };
        var browser = factory.Browser();
        var back = await SignInAtProvider(browser);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/", back.Headers.Location?.OriginalString);

        var page = await browser.GetStringAsync("/");
        Assert.Contains("张伟", page);
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>().FindByNameAsync("zhang.wei");
        Assert.NotNull(user);
        Assert.Equal("YN-OIDC", user.AgencyCode);
        Assert.Equal(["Administrator", "IntakeOfficer"], user.Roles.Order());
        Assert.Null(user.PasswordHash);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task OidcSignIn_WithoutAMappedRole_OrOfADisabledUser_IsRefused()
    {
        factory.Provider.Claims = new() { ["sub"] = "idp-9", ["preferred_username"] = "no.role", ["name"] = "某", ["org_code"] = "YN", ["groups"] = "visitors" };
        var refused = await SignInAtProvider(factory.Browser());
        Assert.Equal("/?error=oidc", refused.Headers.Location?.OriginalString);

        var leaver = factory.EnsureUser("left.office", "YN", Roles.IntakeOfficer);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            var account = (await users.FindByNameAsync("left.office"))!;
            account.Active = false;
            await users.UpdateSecurityStampAsync(account);
        }

        factory.Provider.Claims = new() { ["sub"] = "idp-10", ["preferred_username"] = leaver.Login, ["name"] = "某", ["org_code"] = "YN", ["groups"] = "gov-clerk" };
        var disabled = await SignInAtProvider(factory.Browser());
        Assert.Equal("/?error=oidc", disabled.Headers.Location?.OriginalString);
    }

    [Fact]
    public void Map_TakesTheConfiguredClaimsAndDropsUnmappedRoles()
    {
        var options = new OidcOptions { AgencyClaim = "org", RoleClaim = "groups", Roles = new() { ["g-sup"] = "Supervisor" } };
        var principal = new ClaimsPrincipal(new ClaimsIdentity([
            new Claim("preferred_username", "li.na"), new Claim("name", "李娜"), new Claim("org", "CX"), new Claim("groups", "g-sup"), new Claim("groups", "g-x"),
        ]));
        var (person, refusal) = OidcSignIn.Map(principal, options);
        Assert.Null(refusal);
        Assert.Equal(("li.na", "李娜", "CX"), (person!.Login, person.Name, person.AgencyCode));
        Assert.Equal(["Supervisor"], person.Roles);
    }
}
