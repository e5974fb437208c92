using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CaseTracker.Infrastructure.PersonalData;

/// <summary>
/// The certificate whose RSA key encrypts the Data Protection keys at rest (security.md "Personal data"): the key ring lives in
/// the register's database, so without it a copy of the database files would carry the master keys in clear and open every
/// applicant's ID number, phone, e-mail and address. The certificate is kept outside the database and backed up apart from it.
/// </summary>
public static class KeyEncryptionCertificate
{
    /// <summary>Where the embedded default keeps the certificate it generates, beside the token signing key.</summary>
    public static string DefaultPath(string contentRoot) => Path.Combine(contentRoot, "data", "personal-data-keys.pfx");

    /// <summary>
    /// The certificate (with its private key) of <c>PersonalData:KeyCertificatePath</c> (a PKCS#12 file, with
    /// <c>PersonalData:KeyCertificatePassword</c> if it has one). With no path configured: refused in Production when the keys
    /// are kept in the database (a certificate generated on one machine is for the embedded default only); otherwise the
    /// embedded default's <see cref="DefaultPath"/>, generated once (self-signed RSA 3072, 100 years) with mode 0600.
    /// Throws <see cref="StartupRefusal"/> with a sentence naming the setting when the file is missing, cannot be
    /// read with the password given, or holds no RSA private key.
    /// </summary>
    public static X509Certificate2 Resolve(PersonalDataOptions options, string contentRoot, bool production)
    {
        if (!string.IsNullOrWhiteSpace(options.KeyCertificatePath))
            return Load(Path.GetFullPath(options.KeyCertificatePath, contentRoot), options.KeyCertificatePassword);
        if (production && string.IsNullOrWhiteSpace(options.KeyRingPath))
            throw new StartupRefusal(
                "Production keeps the personal-data keys in the database and needs a certificate to encrypt them (PersonalData:KeyCertificatePath, " +
                "a PKCS#12 file kept and backed up apart from the database, with PersonalData:KeyCertificatePassword if it has one); none is configured.");
        var path = DefaultPath(contentRoot);
        if (!File.Exists(path)) Generate(path);
        PrivateFiles.Restrict(path);
        return Load(path, null);
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        if (!File.Exists(path))
            throw new StartupRefusal($"PersonalData:KeyCertificatePath names {path}, which does not exist: the personal-data keys cannot be opened without it.");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new StartupRefusal(
                $"The certificate {path} (PersonalData:KeyCertificatePath) cannot be read: not a PKCS#12 file, or PersonalData:KeyCertificatePassword is wrong.", e);
        }

        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
            throw new StartupRefusal($"The certificate {path} (PersonalData:KeyCertificatePath) holds no RSA private key: it cannot encrypt and decrypt the personal-data keys.");
        return certificate;
    }

    // Written to a temporary file 0600 from the start, then moved into place without overwriting: another process starting at
    // the same moment either sees no file or the whole file, and the first one moved in is the one every process uses.
    private static void Generate(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        PrivateFiles.CreateDirectory(directory);
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=CaseTracker personal-data keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        var bytes = certificate.Export(X509ContentType.Pkcs12);
        var temporary = Path.Combine(directory, $".personal-data-keys-{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temporary, OperatingSystem.IsWindows()
                   ? new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write }
                   : new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFiles.FileMode }))
            stream.Write(bytes);
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process generated it first: use theirs.
            File.Delete(temporary);
        }
    }
}
