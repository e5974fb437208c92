using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

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

    private readonly IDataProtector protector;
    private readonly IDataProtectionProvider provider;
    private readonly IKeyManager keys;
    private readonly SqlDialect dialect;
    private readonly TimeProvider time;
    private readonly Lazy<byte[]> hashKey;

    public PersonalDataProtector(IDataProtectionProvider provider, IKeyManager keys, SqlDialect dialect, PersonalDataOptions options, TimeProvider time)
    {
        this.provider = provider;
        this.keys = keys;
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
    public bool EnsureKeys()
    {
        var now = DateTimeOffset.UtcNow; // the key ring's own clock, not a register clock a test may set
        var usable = keys.GetAllKeys().Where(k => !k.IsRevoked).ToList();
        var created = false;
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
