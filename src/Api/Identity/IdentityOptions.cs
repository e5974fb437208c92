namespace CaseTracker.Api.Identity;

/// <summary>
/// <c>Auth:Authority</c> (an OIDC provider) or <c>Auth:SigningKey</c> (a shared key, base64 or text of at
/// least 32 bytes). With neither, the embedded default generates a key into <c>data/signing-key</c>; in
/// Production the service refuses to start without one of them.
/// </summary>
public sealed class IdentityOptions
{
    public const string Section = "Auth";

    public string? Authority { get; set; }
    public string? SigningKey { get; set; }
    public string Issuer { get; set; } = "casetracker";
    public string Audience { get; set; } = "casetracker";
    public string? KeyFile { get; set; }

    /// <summary>The claim holding the user's agency code.</summary>
    public string AgencyClaim { get; set; } = "agency";

    /// <summary>The longest a bearer token may live (from its issue or not-before time to its expiry), in hours.</summary>
    public double TokenMaxLifetimeHours { get; set; } = 8;

    /// <summary>Whether local passwords may sign in (switch off where everyone signs in at the identity provider).</summary>
    public bool LocalPasswords { get; set; } = true;

    /// <summary>A signed-in screen session ends after this many minutes without a request.</summary>
    public double IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>Sign-in attempts allowed per minute from one address, and for one login.</summary>
    public int SignInPerAddressPerMinute { get; set; } = 20;
    public int SignInPerLoginPerMinute { get; set; } = 10;

    /// <summary>OpenID Connect sign-in for the screens (the deployment's identity provider, 政务统一身份认证).</summary>
    public OidcOptions Oidc { get; set; } = new();

    public TimeSpan TokenMaxLifetime => TimeSpan.FromHours(TokenMaxLifetimeHours);
}

/// <summary>
/// The provider (<c>Auth:Oidc:Authority</c>, <c>ClientId</c>, <c>ClientSecret</c>) and how its claims map to a
/// CaseTracker user: <c>LoginClaim</c>, <c>NameClaim</c>, <c>AgencyClaim</c>, <c>RoleClaim</c>, and <c>Roles</c>
/// (the provider's value → a CaseTracker role; empty: the values are taken as role names).
/// </summary>
public sealed class OidcOptions
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public bool RequireHttpsMetadata { get; set; } = true;
    public string LoginClaim { get; set; } = "preferred_username";
    public string NameClaim { get; set; } = "name";
    public string AgencyClaim { get; set; } = "agency";
    public string RoleClaim { get; set; } = "roles";
    public Dictionary<string, string> Roles { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
