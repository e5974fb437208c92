using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using CaseTracker.Infrastructure.PersonalData;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.PersonalData;

/// <summary>
/// security.md "Personal data": the Data Protection keys kept in the register's database are encrypted by a certificate kept
/// outside it (PersonalData:KeyCertificatePath; the embedded default generates data/personal-data-keys.pfx), so a copy of the
/// database alone opens nothing; keys written before the certificate still open, and one in force is replaced.
/// </summary>
public class KeyEncryptionTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private const string ApplicantPurpose = "CaseTracker.PersonalData.Applicant.v1";
    private const string HashKeyPurpose = "CaseTracker.PersonalData.IdHashKey.v1";

    private static string HashKeySealed(System.Data.Common.DbConnection connection)
        => connection.QuerySingle<string>("SELECT protected FROM register_secrets WHERE name = 'id-number-hash-key'");

    // A Data Protection payload carries the id of its key in bytes 4–19.
    private static Guid KeyOf(byte[] payload) => new(payload.AsSpan(4, 16));

    // A Data Protection provider of the application "CaseTracker" over the key rows of the database, as someone holding a copy
    // of the database would build it: with the certificate, or without it.
    private static IDataProtector Protector(SqlDialect dialect, X509Certificate2? certificate)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddDataProtection().SetApplicationName("CaseTracker").DisableAutomaticKeyGeneration();
        if (certificate is not null) builder.UnprotectKeysWithAnyCertificate(certificate);
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(dialect, TimeProvider.System));
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector(ApplicantPurpose);
    }

    // The certificate every test host is given (PersonalData:KeyCertificatePath).
    private static X509Certificate2 DefaultCertificate(CaseTrackerFactory f)
        => X509CertificateLoader.LoadPkcs12FromFile(f.Services.GetRequiredService<PersonalDataOptions>().KeyCertificatePath!, null, X509KeyStorageFlags.EphemeralKeySet);

    [Fact]
    public async Task Register_KeyRowsHoldNoMasterKeyInClear_AndTheDatabaseWithoutTheCertificateCannotUnseal()
    {
        var s = await Create(factory);
        var id = (string)(await ShowApplicantTests.RegisterWithPersonalData(s))["id"]!;
        using var connection = factory.Database.Open();
        var rows = connection.Query<string>("SELECT xml FROM data_protection_keys").ToList();
        Assert.NotEmpty(rows);
        foreach (var xml in rows)
        {
            Assert.DoesNotContain("<value>", xml);
            Assert.Contains("encryptedSecret", xml);
            Assert.Contains("EncryptedData", xml);
        }

        var @sealed = connection.QuerySingle<string>("SELECT applicant_sealed FROM cases WHERE id = @id", new { id });
        var dialect = factory.Services.GetRequiredService<SqlDialect>();
        Assert.ThrowsAny<CryptographicException>(() => Protector(dialect, null).Unprotect(@sealed));
        // The same rows with the certificate do open it: what is missing above is the certificate alone.
        var opened = JsonSerializer.Deserialize<ApplicantSecrets>(Protector(dialect, DefaultCertificate(factory)).Unprotect(@sealed))!;
        Assert.Equal(ShowApplicantTests.IdNumber, opened.IdNumber);
    }

    [Fact]
    public void EmbeddedDefault_GeneratesTheCertificateOnceIntoData_Mode0600()
    {
        var root = Directory.CreateTempSubdirectory("casetracker-root-");
        try
        {
            using var first = KeyEncryptionCertificate.Resolve(new PersonalDataOptions(), root.FullName, production: false);
            var path = KeyEncryptionCertificate.DefaultPath(root.FullName);
            Assert.Equal(Path.Combine(root.FullName, "data", "personal-data-keys.pfx"), path);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.NotNull(first.GetRSAPrivateKey());
            // The next start uses the same file, not a new one.
            var before = File.ReadAllBytes(path);
            using var second = KeyEncryptionCertificate.Resolve(new PersonalDataOptions(), root.FullName, production: false);
            Assert.Equal(first.Thumbprint, second.Thumbprint);
            Assert.Equal(before, File.ReadAllBytes(path));
            // Production generates none: it refuses while the keys are in the database.
            Assert.Contains("PersonalData:KeyCertificatePath", Assert.Throws<CaseTracker.Infrastructure.StartupRefusal>(
                () => KeyEncryptionCertificate.Resolve(new PersonalDataOptions(), root.FullName, production: true)).Message);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void ConfiguredCertificate_MissingOrWrongPassword_IsRefusedWithASentence()
    {
        var root = Directory.CreateTempSubdirectory("casetracker-root-");
        try
        {
            Assert.Contains("does not exist", Assert.Throws<CaseTracker.Infrastructure.StartupRefusal>(() => KeyEncryptionCertificate.Resolve(
                new PersonalDataOptions { KeyCertificatePath = "missing.pfx" }, root.FullName, production: true)).Message);
            Assert.Contains("PersonalData:KeyCertificatePassword is wrong", Assert.Throws<CaseTracker.Infrastructure.StartupRefusal>(() => KeyEncryptionCertificate.Resolve(
                new PersonalDataOptions { KeyCertificatePath = TestData.KeyCertificate, KeyCertificatePassword = "not-the-password" }, root.FullName, production: true)).Message);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Restart_WithTheSameCertificate_ReadsTheCasesSealedBefore()
    {
        var s = await Create(factory);
        var id = (string)(await ShowApplicantTests.RegisterWithPersonalData(s))["id"]!;
        await using var next = new CaseTrackerFactory(factory.Database, ownsDatabase: false);
        var handler = next.As("handler-" + s.Child, s.Child, Roles.CaseHandler);
        Assert.Equal(ShowApplicantTests.IdNumber, (string?)(await Ok(handler.GetAsync($"/api/cases/{id}/applicant?reason=check")))["idNumber"]);
    }

    [Fact]
    public async Task KeysWrittenBeforeTheCertificate_StillOpen_AreCounted_AndTheKeyInForceIsReplacedByAnEncryptedOne()
    {
        await using var own = new CaseTrackerFactory();
        var s = await Create(own);
        var id = (string)(await ShowApplicantTests.RegisterWithPersonalData(s))["id"]!;
        var dialect = own.Services.GetRequiredService<SqlDialect>();
        Guid unencrypted;
        byte[] hashKey;
        using (var connection = own.Database.Open())
        {
            // The register as an earlier version left it: the key in force was written with no XML encryptor, and the case was
            // sealed under it. (The encrypted key of this start-up is made to have run out.)
            foreach (var (name, xml) in connection.Query<(string, string)>("SELECT friendly_name, xml FROM data_protection_keys").ToList())
                connection.Execute("UPDATE data_protection_keys SET xml = @xml WHERE friendly_name = @name", new
                {
                    name,
                    xml = Regex.Replace(xml, "<expirationDate>[^<]*</expirationDate>", $"<expirationDate>{DateTimeOffset.UtcNow.AddMinutes(-1):O}</expirationDate>"),
                });
            // An earlier version's key ring: no XML encryptor (it reads the certificate's keys here only to move the hash key over).
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddDataProtection().SetApplicationName("CaseTracker").DisableAutomaticKeyGeneration().UnprotectKeysWithAnyCertificate(DefaultCertificate(own));
            services.Configure<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(dialect, TimeProvider.System));
            var provider = services.BuildServiceProvider();
            unencrypted = provider.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(90)).KeyId;
            var hashSealer = provider.GetRequiredService<IDataProtectionProvider>().CreateProtector(HashKeyPurpose);
            hashKey = hashSealer.Unprotect(Convert.FromBase64String(HashKeySealed(connection)));
            var old = provider.GetRequiredService<IDataProtectionProvider>().CreateProtector(ApplicantPurpose)
                .Protect(JsonSerializer.Serialize(new ApplicantSecrets("11010519491231002X", "13800002222", null, null)));
            connection.Execute("UPDATE cases SET applicant_sealed = @old WHERE id = @id", new { old, id });
            connection.Execute("UPDATE register_secrets SET protected = @resealed WHERE name = 'id-number-hash-key'",
                new { resealed = Convert.ToBase64String(hashSealer.Protect(hashKey)) });
            Assert.Equal(unencrypted, KeyOf(Convert.FromBase64String(HashKeySealed(connection))));
            Assert.Contains("<value>", connection.QuerySingle<string>("SELECT xml FROM data_protection_keys WHERE friendly_name = @name",
                new { name = $"key-{unencrypted:D}" }));
        }

        var log = new CollectedLog();
        await using var restarted = new CaseTrackerFactory(own.Database, ownsDatabase: false);
        using var next = restarted.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(log)));
        var handler = next.CreateClient();
        handler.DefaultRequestHeaders.Authorization = new("Bearer", restarted.Token("handler-" + s.Child, s.Child, Roles.CaseHandler));
        Assert.Equal("11010519491231002X", (string?)(await Ok(handler.GetAsync($"/api/cases/{id}/applicant?reason=check")))["idNumber"]);
        Assert.Contains(log.Messages, m => m.StartsWith("1 personal-data key(s) in the key ring were written before the key-encryption certificate"));

        // A new key took over, encrypted: what is sealed from now on is under it.
        var intake = next.CreateClient();
        intake.DefaultRequestHeaders.Authorization = new("Bearer", restarted.Token("intake-" + s.Child, s.Child, Roles.IntakeOfficer));
        var after = (string)(await Ok(intake.Post("/api/cases", new
        {
            agencyCode = s.Child,
            channel = "InPerson",
            submittedOn = "2026-11-02",
            applicant = new { kind = "NaturalPerson", name = "李四", idNumber = "11010519491231002X", phone = "13800002222" },
            description = "2025年城市道路维修预算及执行情况",
        })))["id"]!;
        using (var connection = own.Database.Open())
        {
            var key = new Guid(WebEncoders.Base64UrlDecode(connection.QuerySingle<string>("SELECT applicant_sealed FROM cases WHERE id = @after", new { after }))[4..20]);
            Assert.NotEqual(unencrypted, key);
            Assert.Contains("encryptedSecret", connection.QuerySingle<string>("SELECT xml FROM data_protection_keys WHERE friendly_name = @name",
                new { name = $"key-{key:D}" }));
        }

        Assert.Equal([unencrypted], next.Services.GetRequiredService<PersonalDataProtector>().UnencryptedKeyIds());
        // The ID-number hash key, sealed under the unencrypted key, was sealed again under the new one: the same key, and a copy
        // of the database without the certificate no longer gives it away.
        using (var connection = own.Database.Open())
        {
            var hashSealed = Convert.FromBase64String(HashKeySealed(connection));
            Assert.NotEqual(unencrypted, KeyOf(hashSealed));
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddDataProtection().SetApplicationName("CaseTracker").DisableAutomaticKeyGeneration().UnprotectKeysWithAnyCertificate(DefaultCertificate(own));
            services.Configure<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(dialect, TimeProvider.System));
            Assert.Equal(hashKey, services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector(HashKeyPurpose).Unprotect(hashSealed));
        }
    }

    [Fact]
    public void Production_WithoutACertificate_RefusesToStart()
    {
        using var production = new ProductionFactory("");
        var refusal = Assert.ThrowsAny<Exception>(() => production.Server);
        Assert.Contains(Chain(refusal), m => m.Contains("needs a certificate to encrypt them (PersonalData:KeyCertificatePath"));
    }

    [Fact]
    public async Task Production_WithAConfiguredCertificateAndPassword_StartsAndEncryptsTheKeysWithIt()
    {
        var directory = Directory.CreateTempSubdirectory("casetracker-kek-");
        try
        {
            var path = Path.Combine(directory.FullName, "office-keys.pfx");
            using (var rsa = RSA.Create(2048))
            using (var certificate = new CertificateRequest("CN=office", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                       .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1)))
                File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, "office-password"));
            await using var production = new ProductionFactory(path);
            var s = await Create(production);
            var id = (string)(await ShowApplicantTests.RegisterWithPersonalData(s))["id"]!;
            using var connection = production.Database.Open();
            var @sealed = connection.QuerySingle<string>("SELECT applicant_sealed FROM cases WHERE id = @id", new { id });
            var dialect = production.Services.GetRequiredService<SqlDialect>();
            using var office = X509CertificateLoader.LoadPkcs12FromFile(path, "office-password", X509KeyStorageFlags.EphemeralKeySet);
            Assert.Equal(ShowApplicantTests.IdNumber, JsonSerializer.Deserialize<ApplicantSecrets>(Protector(dialect, office).Unprotect(@sealed))!.IdNumber);
            // The embedded default's certificate does not open it.
            Assert.ThrowsAny<CryptographicException>(() => Protector(dialect, DefaultCertificate(factory)).Unprotect(@sealed));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static IEnumerable<string> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e.Message;
    }

    private sealed class ProductionFactory(string certificate) : CaseTrackerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("PersonalData:KeyCertificatePath", certificate);
            if (certificate.Length == 0) return;
            builder.UseSetting("PersonalData:KeyCertificatePassword", "office-password");
        }
    }

}
