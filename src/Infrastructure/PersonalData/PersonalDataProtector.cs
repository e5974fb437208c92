using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseTracker.Infrastructure.PersonalData;

/// <summary>
/// Encryption at rest of applicants' ID number, phone, e-mail and address (security.md "Personal data"; 个人信息保护法 Art. 28,
/// 51): ASP.NET Core Data Protection with AES-256-GCM seals the four values as one payload, and an HMAC-SHA256 of the ID
/// number is what search and duplicate detection compare. A payload sealed under an older key still opens after the key ring
/// rotates, as long as that key is in the ring (keys are never deleted, only retired).
/// </summary>
public sealed class PersonalDataProtector
{
    private const string Purpose = "CaseTracker.PersonalData.Applicant.v1";
    private const string HashKeyPurpose = "CaseTracker.PersonalData.IdHashKey.v1";
    private const string HashKeyName = "id-number-hash-key";
    private const string WebhookSecretPurpose = "CaseTracker.AgencySettings.WebhookSecret.v1";

    /// <summary>What a sealed webhook secret starts with in <c>agency_settings.webhook_secret</c>; a value without it is a plain one from before sealing.</summary>
    public const string SealedWebhookSecretPrefix = "dp1:";

    private readonly IDataProtector protector;
    private readonly IDataProtectionProvider provider;
    private readonly IKeyManager keys;
    private readonly SqlDialect dialect;
    private readonly TimeProvider time;
    private readonly Lazy<byte[]> hashKey;
    private readonly IOptions<KeyManagementOptions> keyManagement;
    private readonly ILogger<PersonalDataProtector> logger;

    public PersonalDataProtector(IDataProtectionProvider provider, IKeyManager keys, SqlDialect dialect, PersonalDataOptions options, TimeProvider time,
        IOptions<KeyManagementOptions> keyManagement, ILogger<PersonalDataProtector> logger)
    {
        this.provider = provider;
        this.keys = keys;
        this.keyManagement = keyManagement;
        this.logger = logger;
        this.dialect = dialect;
        this.time = time;
        protector = provider.CreateProtector(Purpose);
        hashKey = new Lazy<byte[]>(() => options.HashKey is { Length: > 0 } configured ? Decode(configured) : StoredHashKey(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The four values as one sealed text (base64url), or null when none is given.</summary>
    public string? Seal(ApplicantSecrets secrets)
        => secrets.IsEmpty ? null : protector.Protect(JsonSerializer.Serialize(secrets));

    /// <summary>
    /// The four values of a sealed text; all null for null (none given, or erased). Throws
    /// <see cref="CryptographicException"/> when the key that sealed it is not in the key ring or the text was altered.
    /// </summary>
    public ApplicantSecrets Unseal(string? @sealed)
        => @sealed is null ? new ApplicantSecrets(null, null, null, null) : JsonSerializer.Deserialize<ApplicantSecrets>(protector.Unprotect(@sealed))!;

    /// <summary>
    /// An agency's webhook secret sealed for <c>agency_settings</c> (<see cref="SealedWebhookSecretPrefix"/> and the Data Protection
    /// payload, under its own purpose), so a copy of the database cannot sign deliveries a receiver would trust; null for null.
    /// </summary>
    public string? SealWebhookSecret(string? secret)
        => secret is null ? null : SealedWebhookSecretPrefix + provider.CreateProtector(WebhookSecretPurpose).Protect(secret);

    /// <summary>
    /// The webhook secret of a stored value: opened when sealed, as it is when stored before sealing (the start-up pass seals
    /// those). Throws <see cref="CryptographicException"/> when the key that sealed it is not in the key ring.
    /// </summary>
    public string? UnsealWebhookSecret(string? stored)
        => stored is not null && stored.StartsWith(SealedWebhookSecretPrefix, StringComparison.Ordinal)
            ? provider.CreateProtector(WebhookSecretPurpose).Unprotect(stored[SealedWebhookSecretPrefix.Length..])
            : stored;

    /// <summary>The HMAC-SHA256 (64 lower-case hex digits) of an ID number, trimmed and upper-cased (x and X alike); null for blank.</summary>
    public string? IdHash(string? idNumber)
        => string.IsNullOrWhiteSpace(idNumber)
            ? null
            : Convert.ToHexStringLower(HMACSHA256.HashData(hashKey.Value, Encoding.UTF8.GetBytes(idNumber.Trim().ToUpperInvariant())));

    /// <summary>
    /// Run at start-up and daily, outside any transaction: makes sure a key is in force now and one is ready before it expires
    /// (a new key activates 2 days before the current one expires, so every instance has read it first), and that the hash
    /// key exists. Request threads then never have to write a key themselves. Returns true when it created a key.
    /// </summary>
    /// <remarks>
    /// Keys written before the key-encryption certificate (<see cref="KeyEncryptionCertificate"/>) hold their master key in clear:
    /// they still open what they sealed, and a warning names how many remain. When the key in force, or the one about to take
    /// over, is such a key, a new key (encrypted by the certificate) is made to take over now, or one second after it, so that
    /// new data is never sealed under a key a copy of the database opens; the stored hash key is then sealed again under it.
    /// </remarks>
    public bool EnsureKeys()
    {
        var now = DateTimeOffset.UtcNow; // the key ring's own clock, not a register clock a test may set
        var created = ReplaceUnencryptedKeys(now);
        var usable = keys.GetAllKeys().Where(k => !k.IsRevoked).ToList();
        if (!usable.Any(k => k.ActivationDate <= now && k.ExpirationDate > now))
        {
            keys.CreateNewKey(now, now.AddDays(90));
            created = true;
        }
        else if (!usable.Any(k => k.ExpirationDate > now.AddDays(14)))
        {
            var current = usable.Where(k => k.ActivationDate <= now).Max(k => k.ExpirationDate);
            var activation = current.AddDays(-2) > now ? current.AddDays(-2) : now;
            keys.CreateNewKey(activation, activation.AddDays(90));
            created = true;
        }

        _ = hashKey.Value;
        return created;
    }

    /// <summary>The ids of the keys in the key ring whose master key is stored without encryption (no <c>encryptedSecret</c>).</summary>
    public IReadOnlySet<Guid> UnencryptedKeyIds()
        => keyManagement.Value.XmlRepository is { } repository
            ? repository.GetAllElements()
                .Where(e => e.Name.LocalName == "key" && Guid.TryParse((string?)e.Attribute("id"), out _))
                .Where(e => !e.Descendants().Any(d => d.Name.LocalName == "encryptedSecret"))
                .Select(e => Guid.Parse((string)e.Attribute("id")!))
                .ToHashSet()
            : new HashSet<Guid>();

    private bool ReplaceUnencryptedKeys(DateTimeOffset now)
    {
        var unencrypted = UnencryptedKeyIds();
        if (unencrypted.Count == 0) return false;
        logger.LogWarning(
            "{Count} personal-data key(s) in the key ring were written before the key-encryption certificate and are stored unencrypted: "
            + "they still open what they sealed, and so does anyone with a copy of the database. New keys are encrypted by the certificate.",
            unencrypted.Count);
        var usable = keys.GetAllKeys().Where(k => !k.IsRevoked && k.ExpirationDate > now).ToList();
        var created = false;
        // The key ring seals with the most recently activated key in force: a new key activating now takes over from an
        // unencrypted key in force, and one activating just after an unencrypted key made ahead of time takes over from that one.
        if (usable.Where(k => k.ActivationDate <= now).MaxBy(k => k.ActivationDate) is { } inForce && unencrypted.Contains(inForce.KeyId))
        {
            keys.CreateNewKey(now, now.AddDays(90));
            created = true;
        }

        if (usable.Where(k => k.ActivationDate > now).MaxBy(k => k.ActivationDate) is { } ahead && unencrypted.Contains(ahead.KeyId))
        {
            var activation = ahead.ActivationDate.AddSeconds(1);
            keys.CreateNewKey(activation, activation.AddDays(90));
            created = true;
        }

        if (created)
        {
            logger.LogWarning("A personal-data key encrypted by the certificate now takes over from the unencrypted key; what is sealed from now on needs the certificate.");
            ResealHashKey(unencrypted);
        }

        return created;
    }

    // The ID-number hash key sealed under an unencrypted key would let a copy of the database compute the hash of any ID number
    // (a small space to search): seal it again under the key now in force. A Data Protection payload carries its key id in bytes 4-19.
    private void ResealHashKey(IReadOnlySet<Guid> unencrypted)
    {
        using var connection = dialect.CreateConnection();
        connection.Open();
        var stored = connection.QuerySingleOrDefault<string>("SELECT protected FROM register_secrets WHERE name = @name", new { name = HashKeyName });
        if (stored is null) return;
        var payload = Convert.FromBase64String(stored);
        if (payload.Length < 20 || !unencrypted.Contains(new Guid(payload.AsSpan(4, 16)))) return;
        var sealer = provider.CreateProtector(HashKeyPurpose);
        connection.Execute("UPDATE register_secrets SET protected = @resealed WHERE name = @name AND protected = @stored",
            new { name = HashKeyName, stored, resealed = Convert.ToBase64String(sealer.Protect(sealer.Unprotect(payload))) });
    }

    private byte[] StoredHashKey()
    {
        var sealer = provider.CreateProtector(HashKeyPurpose);
        using var connection = dialect.CreateConnection();
        connection.Open();
        var stored = connection.QuerySingleOrDefault<string>("SELECT protected FROM register_secrets WHERE name = @name", new { name = HashKeyName });
        if (stored is not null) return sealer.Unprotect(Convert.FromBase64String(stored));
        var fresh = RandomNumberGenerator.GetBytes(32);
        try
        {
            connection.Execute("INSERT INTO register_secrets (name, protected, created_at) VALUES (@name, @protected, @createdAt)",
                new { name = HashKeyName, @protected = Convert.ToBase64String(sealer.Protect(fresh)), createdAt = time.GetUtcNow() });
            return fresh;
        }
        catch (Exception e) when (dialect.IsUniqueViolation(e))
        {
            // Another instance stored one first: use theirs.
            return sealer.Unprotect(Convert.FromBase64String(
                connection.QuerySingle<string>("SELECT protected FROM register_secrets WHERE name = @name", new { name = HashKeyName })));
        }
    }

    private static byte[] Decode(string key)
    {
        var buffer = new byte[key.Length];
        if (!Convert.TryFromBase64String(key, buffer, out var written) || written < 32)
            throw new InvalidOperationException("PersonalData:HashKey must be base64 of at least 32 bytes.");
        return buffer[..written];
    }
}
