using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.WebUtilities;
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
    private const string DocumentPurpose = "CaseTracker.PersonalData.IssuedDocument.v1";
    private const string RequestHashLabel = "CaseTracker.Idempotency.RequestHash.v1";
    private const string WebhookSecretPurpose = "CaseTracker.AgencySettings.WebhookSecret.v1";

    /// <summary>What a sealed webhook secret starts with in <c>agency_settings.webhook_secret</c>; a value without it is a plain one from before sealing.</summary>
    public const string SealedWebhookSecretPrefix = "dp1:";

    private readonly IDataProtector protector;
    private readonly IDataProtector documents;
    private readonly IDataProtectionProvider provider;
    private readonly IKeyManager keys;
    private readonly SqlDialect dialect;
    private readonly TimeProvider time;
    private readonly Lazy<byte[]> hashKey;
    private readonly Lazy<byte[]> requestHashKey;
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
        documents = provider.CreateProtector(DocumentPurpose);
        hashKey = new Lazy<byte[]>(() => options.HashKey is { Length: > 0 } configured ? Decode(configured) : StoredHashKey(), LazyThreadSafetyMode.ExecutionAndPublication);
        requestHashKey = new Lazy<byte[]>(() => HKDF.DeriveKey(HashAlgorithmName.SHA256, hashKey.Value, 32, info: Encoding.UTF8.GetBytes(RequestHashLabel)),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// The four values as one sealed text (base64url), or null when none is given. The payload is the values' JSON
    /// (<c>{"IdNumber":…,"Phone":…,"Email":…,"Address":…}</c>, UTF-8) written straight to bytes by source-generated code
    /// (<see cref="ApplicantSecretsJson"/>): the same bytes and the same sealed form as sealing the JSON text, without the
    /// reflection serializer and the text's round trip through UTF-16 on every registration.
    /// </summary>
    public string? Seal(ApplicantSecrets secrets)
        => secrets.IsEmpty ? null : WebEncoders.Base64UrlEncode(protector.Protect(JsonSerializer.SerializeToUtf8Bytes(secrets, ApplicantSecretsJson.Default.ApplicantSecrets)));

    /// <summary>
    /// The four values of a sealed text; all null for null (none given, or erased). Throws
    /// <see cref="CryptographicException"/> when the key that sealed it is not in the key ring or the text was altered.
    /// </summary>
    public ApplicantSecrets Unseal(string? @sealed)
        => @sealed is null
            ? new ApplicantSecrets(null, null, null, null)
            : JsonSerializer.Deserialize(protector.Unprotect(WebEncoders.Base64UrlDecode(@sealed)), ApplicantSecretsJson.Default.ApplicantSecrets)!;

    /// <summary>
    /// An issued document's bytes (its DOCX, or its fields as UTF-8 JSON) sealed (AES-256-GCM): an issued document carries the
    /// applicant's name and address, so it is kept at rest as the applicant's other personal data is.
    /// </summary>
    public byte[] SealDocument(byte[] content) => documents.Protect(content);

    /// <summary>The bytes <see cref="SealDocument"/> sealed; throws <see cref="CryptographicException"/> when the key is gone or the bytes were altered.</summary>
    public byte[] UnsealDocument(byte[] @sealed) => documents.Unprotect(@sealed);

    /// <summary>
    /// The keyed hash (HMAC-SHA256 under the register's hash key, 64 lower-case hex digits) of a receipt's 查询码 for the case
    /// numbered <paramref name="caseNumber"/>: what is stored and compared, never the code itself. The code is upper-cased
    /// and trimmed first, so the applicant may type it in either case.
    /// </summary>
    public string LookupCodeHash(string caseNumber, string code)
        => Convert.ToHexStringLower(HMACSHA256.HashData(hashKey.Value,
            Encoding.UTF8.GetBytes("lookup-code\n" + caseNumber.Trim() + "\n" + code.Trim().ToUpperInvariant())));
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

    /// <summary>
    /// The HMAC-SHA256 (64 lower-case hex digits) of an ID number in the form the register keeps it
    /// (<see cref="CaseTracker.Domain.Applicants.IdDocument.Normalize"/>: full-width characters as ASCII, trimmed, upper case, so
    /// x and X alike); null for blank.
    /// </summary>
    public string? IdHash(string? idNumber)
        => CaseTracker.Domain.Applicants.IdDocument.Normalize(idNumber) is { } number
            ? Convert.ToHexStringLower(HMACSHA256.HashData(hashKey.Value, Encoding.UTF8.GetBytes(number)))
            : null;

    /// <summary>
    /// The keyed hash (HMAC-SHA256, 64 upper-case hex digits) of a request body, as an idempotency record keeps it to tell a
    /// retry from a different request under the same key (security.md "Who may do what"). Keyed, so that a stored hash cannot be
    /// tried against every phone or ID number a body might hold: the key is derived (HKDF) from the ID-number hash key, kept
    /// sealed in <c>register_secrets</c> (or <c>PersonalData:HashKey</c>), under a label of its own so the two hashes never meet.
    /// </summary>
    public string RequestHash(string body)
        => Convert.ToHexString(HMACSHA256.HashData(requestHashKey.Value, Encoding.UTF8.GetBytes(body)));

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

    /// <summary>
    /// The keys whose sealed values are to be sealed again under the key in force: those stored unencrypted
    /// (<see cref="UnencryptedKeyIds"/>), revoked, or expired at <paramref name="now"/>. Keys not yet active are not among them.
    /// </summary>
    public IReadOnlySet<Guid> RetiredKeyIds(DateTimeOffset now)
    {
        var retired = UnencryptedKeyIds().ToHashSet();
        foreach (var key in keys.GetAllKeys().Where(k => k.IsRevoked || k.ExpirationDate <= now)) retired.Add(key.KeyId);
        return retired;
    }

    /// <summary>The key a sealed applicant text (<see cref="Seal"/>) was sealed under; null when it is not a Data Protection payload.</summary>
    public static Guid? KeyOf(string @sealed)
    {
        // A payload is the magic header 09 F0 C9 F0, then the key id (16 bytes); base64url, so 28 characters hold both.
        if (@sealed.Length < 28) return null;
        var head = WebEncoders.Base64UrlDecode(@sealed[..28]);
        return head.AsSpan(0, 4).SequenceEqual(PayloadMagic) ? new Guid(head.AsSpan(4, 16)) : null;
    }

    /// <summary>
    /// The first <see cref="KeyPrefixLength"/> characters every applicant text sealed under <paramref name="keyId"/> begins with
    /// (they encode the header and all but the last 4 bits of the key id): what a query compares to find a key's values without
    /// reading them.
    /// </summary>
    public static string KeyPrefix(Guid keyId)
    {
        var head = new byte[21];
        PayloadMagic.CopyTo(head, 0);
        keyId.TryWriteBytes(head.AsSpan(4, 16));
        return WebEncoders.Base64UrlEncode(head)[..KeyPrefixLength];
    }

    /// <summary>How many leading characters of a sealed applicant text depend on its key alone (<see cref="KeyPrefix"/>).</summary>
    public const int KeyPrefixLength = 26;

    private static readonly byte[] PayloadMagic = [0x09, 0xF0, 0xC9, 0xF0];

    /// <summary>
    /// The same four values of <paramref name="sealed"/> sealed again under the key in force (opened even when its key is revoked:
    /// re-sealing is how a revoked key's values are kept readable). Throws <see cref="CryptographicException"/> when the key is
    /// not in the key ring or the text was altered, and <see cref="InvalidOperationException"/> when the key in force is still
    /// one of <paramref name="retired"/> after 10 s.
    /// </summary>
    public string Reseal(string @sealed, IReadOnlySet<Guid> retired)
    {
        var plain = ((IPersistedDataProtector)protector).DangerousUnprotect(WebEncoders.Base64UrlDecode(@sealed), ignoreRevocationErrors: true, out _, out _);
        return WebEncoders.Base64UrlEncode(ProtectUnderKeyInForce(protector, plain, retired));
    }

    // Data Protection serves its cached key ring while it reads a new one in the background, so just after a key is made (here or
    // by another instance) a value may still be sealed under the key it replaces: wait for the new ring (at most 10 s).
    private static byte[] ProtectUnderKeyInForce(IDataProtector sealer, byte[] plain, IReadOnlySet<Guid> retired)
    {
        for (var attempt = 0; ; attempt++)
        {
            var payload = sealer.Protect(plain);
            var key = new Guid(payload.AsSpan(4, 16));
            if (!retired.Contains(key)) return payload;
            if (attempt == 100)
                throw new InvalidOperationException($"The personal-data key in force ({key}) is itself unencrypted, revoked or expired: nothing can be sealed again under it.");
            Thread.Sleep(100);
        }
    }

    /// <summary>The key the stored ID-number hash key is sealed under; null when none is stored (or it is configured instead).</summary>
    public Guid? HashKeySealedUnder()
    {
        using var connection = dialect.CreateConnection();
        connection.Open();
        var stored = connection.QuerySingleOrDefault<string>("SELECT protected FROM register_secrets WHERE name = @name", new { name = HashKeyName });
        if (stored is null) return null;
        var payload = Convert.FromBase64String(stored);
        return payload.Length < 20 ? null : new Guid(payload.AsSpan(4, 16));
    }

    /// <summary>
    /// Seals the stored ID-number hash key again under the key in force when the key it is sealed under is one of
    /// <paramref name="retired"/> (the same hash key: every stored hash still matches). Returns true when it did.
    /// </summary>
    /// <remarks>
    /// The hash key sealed under an unencrypted key would let a copy of the database compute the hash of any ID number (a small
    /// space to search). A Data Protection payload carries its key id in bytes 4-19.
    /// </remarks>
    public bool ResealHashKey(IReadOnlySet<Guid> retired)
    {
        using var connection = dialect.CreateConnection();
        connection.Open();
        var stored = connection.QuerySingleOrDefault<string>("SELECT protected FROM register_secrets WHERE name = @name", new { name = HashKeyName });
        if (stored is null) return false;
        var payload = Convert.FromBase64String(stored);
        if (payload.Length < 20 || !retired.Contains(new Guid(payload.AsSpan(4, 16)))) return false;
        var sealer = (IPersistedDataProtector)provider.CreateProtector(HashKeyPurpose);
        var plain = sealer.DangerousUnprotect(payload, ignoreRevocationErrors: true, out _, out _);
        return connection.Execute("UPDATE register_secrets SET protected = @resealed WHERE name = @name AND protected = @stored",
            new { name = HashKeyName, stored, resealed = Convert.ToBase64String(ProtectUnderKeyInForce(sealer, plain, retired)) }) == 1;
    }

    /// <summary>
    /// Deletes the given keys from the key ring (their XML and any revocation of them); only for keys no stored value is sealed
    /// under any more. Returns false when the key ring's store cannot delete (it then keeps them).
    /// </summary>
    public bool DeleteKeys(IReadOnlySet<Guid> ids)
    {
        if (keyManagement.Value.XmlRepository is not IDeletableXmlRepository repository) return false;
        // Keys before their revocations: a deletion stopped half-way never leaves a key un-revoked.
        return repository.DeleteElements(elements =>
        {
            foreach (var element in elements)
            {
                var name = element.Element.Name.LocalName;
                var id = (string?)(name == "revocation" ? element.Element.Element("key") : element.Element)?.Attribute("id");
                if (name is "key" or "revocation" && Guid.TryParse(id, out var keyId) && ids.Contains(keyId))
                    element.DeletionOrder = name == "key" ? 1 : 2;
            }
        });
    }

    /// <summary>The keys of the key ring (for when each was made, activates and expires).</summary>
    public IReadOnlyCollection<IKey> AllKeys() => keys.GetAllKeys();

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
