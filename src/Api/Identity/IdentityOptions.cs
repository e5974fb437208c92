namespace CaseTracker.Api.Identity;

/// <summary>
/// <c>Auth:Authority</c> (an OIDC provider) or <c>Auth:SigningKey</c> (a shared key, base64 or text of at
/// least 32 bytes). With neither, the embedded default generates a key into <c>data/signing-key</c>.
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
}
