namespace CaseTracker.Infrastructure.PersonalData;

/// <summary>
/// <c>PersonalData:*</c>. With neither setting the Data Protection keys live in the register's database
/// (<c>data_protection_keys</c>) and the hash key is generated once into <c>register_secrets</c>, sealed by those keys.
/// </summary>
public sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>A directory holding the Data Protection key ring instead of the database (for instance a separate mounted volume).</summary>
    public string? KeyRingPath { get; set; }

    /// <summary>
    /// A PKCS#12 file (certificate with its RSA private key) that encrypts the Data Protection keys wherever they are kept; keep it
    /// outside the database and back it up apart from it. Required in Production when the keys are in the database; without it
    /// elsewhere the embedded default generates one into <c>data/personal-data-keys.pfx</c>.
    /// </summary>
    public string? KeyCertificatePath { get; set; }

    /// <summary>The password of <see cref="KeyCertificatePath"/>, if it has one.</summary>
    public string? KeyCertificatePassword { get; set; }

    /// <summary>
    /// How long after the key encrypted by the certificate was made an unencrypted key may be deleted (once no value is sealed
    /// under it): every instance must first have read the new key, and Data Protection re-reads its key ring at least once a
    /// day. Default 2 days; 0 for a single instance.
    /// </summary>
    public TimeSpan RetiredKeyGrace { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The HMAC-SHA256 key of the ID-number hash, base64 of at least 32 bytes; never change it once cases are stored.</summary>
    public string? HashKey { get; set; }
}
