using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseTracker.Api.Features.PersonalData.ResealPersonalData;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using CaseTracker.Infrastructure.PersonalData;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.PersonalData;

/// <summary>
/// security.md "Personal data" (rotation; keys encrypted at rest): values sealed under a key stored unencrypted (a register older
/// than the key-encryption certificate), revoked or expired are sealed again under the key in force, and the unencrypted keys are
/// deleted once nothing needs them; stopped half-way, every value still opens.
/// </summary>
public class ResealPersonalDataTests
{
    private const string ApplicantPurpose = "CaseTracker.PersonalData.Applicant.v1";
    private const string HashKeyPurpose = "CaseTracker.PersonalData.IdHashKey.v1";
    private static readonly string[] IdNumbers = ["530101199001011235", "11010519491231002X", "440524198001010013"];

    // A Data Protection provider as a register older than the key-encryption certificate had it: no XML encryptor (it reads the
    // certificate's keys only to take the hash key over).
    private static ServiceProvider OldKeyRing(SqlDialect dialect)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("CaseTracker").DisableAutomaticKeyGeneration()
            .UnprotectKeysWithAnyCertificate(X509CertificateLoader.LoadPkcs12FromFile(TestData.KeyCertificate, null, X509KeyStorageFlags.EphemeralKeySet));
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(dialect, TimeProvider.System));
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Registers one case per ID number, then turns the database into one written before keys were encrypted: the key ring holds
    /// one key with its master key in clear, and every case and the ID-number hash key are sealed under it. Returns the case ids
    /// (in the order of <see cref="IdNumbers"/>) and the old key's id and master key.
    /// </summary>
    private static async Task<(List<string> Ids, Guid Key, string MasterKey)> OldWayDatabase(CaseTrackerFactory own, Scenario s)
    {
        var ids = new List<string>();
        foreach (var idNumber in IdNumbers)
            ids.Add((string)(await Ok(s.Intake.Post("/api/cases", new
            {
                agencyCode = s.Child,
                channel = "InPerson",
                submittedOn = "2026-11-02",
                applicant = new { kind = "NaturalPerson", name = "张三" + ids.Count, idNumber, phone = "1390000111" + ids.Count },
                description = "2025年城市道路维修预算及执行情况",
            })))["id"]!);
        var dialect = own.Services.GetRequiredService<SqlDialect>();
        var current = own.Services.GetRequiredService<IDataProtectionProvider>();
        using var connection = own.Database.Open();
        var hashKey = current.CreateProtector(HashKeyPurpose).Unprotect(Convert.FromBase64String(
            connection.QuerySingle<string>("SELECT protected FROM register_secrets WHERE name = 'id-number-hash-key'")));
        var plain = ids.ToDictionary(id => id, id => current.CreateProtector(ApplicantPurpose).Unprotect(
            connection.QuerySingle<string>("SELECT applicant_sealed FROM cases WHERE id = @id", new { id })));

        connection.Execute("DELETE FROM data_protection_keys");
        using var old = OldKeyRing(dialect);
        var key = old.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(60)).KeyId;
        var applicant = old.GetRequiredService<IDataProtectionProvider>().CreateProtector(ApplicantPurpose);
        foreach (var (id, text) in plain)
            connection.Execute("UPDATE cases SET applicant_sealed = @sealed WHERE id = @id", new { id, @sealed = applicant.Protect(text) });
        connection.Execute("UPDATE register_secrets SET protected = @sealed WHERE name = 'id-number-hash-key'",
            new { @sealed = Convert.ToBase64String(old.GetRequiredService<IDataProtectionProvider>().CreateProtector(HashKeyPurpose).Protect(hashKey)) });
        var xml = connection.QuerySingle<string>("SELECT xml FROM data_protection_keys");
        var masterKey = Regex.Match(xml, "<value>([^<]+)</value>").Groups[1].Value;
        Assert.NotEmpty(masterKey);
        foreach (var id in ids) Assert.Equal(key, PersonalDataProtector.KeyOf(connection.QuerySingle<string>("SELECT applicant_sealed FROM cases WHERE id = @id", new { id })));
        return (ids, key, masterKey);
    }

    private static async Task AssertEveryValueOpens(CaseTrackerFactory instance, Scenario s, List<string> ids)
    {
        var handler = instance.As("handler-" + s.Child, s.Child, Roles.CaseHandler);
        for (var i = 0; i < ids.Count; i++)
            Assert.Equal(IdNumbers[i], (string?)(await Ok(handler.GetAsync($"/api/cases/{ids[i]}/applicant?reason=check")))["idNumber"]);
        // The ID-number hash key is the same key: a search by ID number still finds its case.
        Assert.Equal(1, (int)(await Ok(handler.GetAsync($"/api/cases?agency={s.Child}&idNumber={IdNumbers[1]}")))["total"]!);
    }

    private static async Task<ResealReport> Reseal(CaseTrackerFactory instance, int batchSize = PersonalDataResealing.DefaultBatchSize)
    {
        using var scope = instance.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ResealPersonalDataCommand { BatchSize = batchSize });
    }

    [Fact]
    public async Task Reseal_DatabaseWithUnencryptedKeyRows_ResealsEveryValue_DeletesTheKey_AndTheFilesHoldNeitherIdNumberNorMasterKey()
    {
        await using var own = new CaseTrackerFactory();
        var s = await Create(own);
        var (ids, oldKey, masterKey) = await OldWayDatabase(own, s);

        // The next start of the service (the start-up makes a key encrypted by the certificate take over) runs the job.
        await using var restarted = new GraceFactory(own.Database, TimeSpan.Zero);
        _ = restarted.Server;
        var report = await Reseal(restarted, batchSize: 2);
        Assert.Equal(ids.Count, report.Resealed);
        // The hash key was taken over from the old key too (by the start-up's key replacement, or by the job).
        Assert.NotEqual(oldKey, restarted.Services.GetRequiredService<PersonalDataProtector>().HashKeySealedUnder());
        Assert.Equal(1, report.UnencryptedKeysDeleted);
        Assert.Equal(0, report.UnencryptedKeysLeft);

        using (var connection = own.Database.Open())
        {
            var rows = connection.Query<string>("SELECT xml FROM data_protection_keys").ToList();
            Assert.NotEmpty(rows);
            Assert.All(rows, xml => Assert.Contains("encryptedSecret", xml));
            Assert.All(rows, xml => Assert.DoesNotContain("<value>", xml));
            Assert.DoesNotContain(rows, xml => xml.Contains(oldKey.ToString("D")));
            foreach (var id in ids)
                Assert.NotEqual(oldKey, PersonalDataProtector.KeyOf(connection.QuerySingle<string>("SELECT applicant_sealed FROM cases WHERE id = @id", new { id })));
        }

        Assert.Empty(restarted.Services.GetRequiredService<PersonalDataProtector>().UnencryptedKeyIds());
        await AssertEveryValueOpens(restarted, s, ids);
        // Another instance, started afresh, reads them too (the key ring it reads has no trace of the old key).
        await using (var another = new CaseTrackerFactory(own.Database, ownsDatabase: false)) await AssertEveryValueOpens(another, s, ids);

        if (own.Database.Provider == DatabaseProvider.Sqlite)
            foreach (var file in new[] { "", "-wal", "-shm" }.Select(suffix => own.Database.Name + suffix).Where(File.Exists))
            {
                var bytes = ReadShared(file);
                foreach (var idNumber in IdNumbers) Assert.False(Contains(bytes, idNumber), $"{Path.GetFileName(file)} holds an ID number");
                Assert.False(Contains(bytes, masterKey), $"{Path.GetFileName(file)} holds the old key's master key in clear");
            }

        // Run again: nothing left to do.
        var again = await Reseal(restarted);
        Assert.Equal((0, false, 0, 0), (again.Resealed, again.HashKeyResealed, again.UnencryptedKeysDeleted, again.UnencryptedKeysLeft));
    }

    [Fact]
    public async Task Reseal_StoppedAfterOneBatch_EveryValueStillOpens_TheOldKeyIsKept_AndTheNextRunFinishes()
    {
        await using var own = new CaseTrackerFactory();
        var s = await Create(own);
        var (ids, oldKey, _) = await OldWayDatabase(own, s);
        await using var restarted = new GraceFactory(own.Database, TimeSpan.Zero);
        _ = restarted.Server;

        // One committed batch of one case, then the process dies (nothing after the batch runs).
        using (var scope = restarted.Services.CreateScope())
        {
            var protector = scope.ServiceProvider.GetRequiredService<PersonalDataProtector>();
            var batch = await scope.ServiceProvider.GetRequiredService<PersonalDataResealing>()
                .ResealBatch(oldKey, "", 1, protector.RetiredKeyIds(DateTimeOffset.UtcNow), CancellationToken.None);
            Assert.Equal(1, batch.Resealed);
            Assert.NotNull(batch.After);
        }

        using (var connection = own.Database.Open())
        {
            var keys = ids.Select(id => PersonalDataProtector.KeyOf(connection.QuerySingle<string>("SELECT applicant_sealed FROM cases WHERE id = @id", new { id }))).ToList();
            Assert.Equal(1, keys.Count(k => k != oldKey));
            Assert.Contains(connection.Query<string>("SELECT xml FROM data_protection_keys"), xml => xml.Contains(oldKey.ToString("D")));
        }

        await AssertEveryValueOpens(restarted, s, ids);
        var report = await Reseal(restarted);
        Assert.Equal(ids.Count - 1, report.Resealed);
        Assert.Equal(1, report.UnencryptedKeysDeleted);
        await AssertEveryValueOpens(restarted, s, ids);
    }

    [Fact]
    public async Task Reseal_WithinTheGraceAfterTheNewKey_ResealsButKeepsTheUnencryptedKeyForInstancesNotYetRefreshed()
    {
        await using var own = new CaseTrackerFactory();
        var s = await Create(own);
        var (ids, oldKey, _) = await OldWayDatabase(own, s);
        await using var restarted = new CaseTrackerFactory(own.Database, ownsDatabase: false); // the default grace, 2 days
        _ = restarted.Server;
        var report = await Reseal(restarted);
        Assert.Equal(ids.Count, report.Resealed);
        Assert.Equal((0, 1), (report.UnencryptedKeysDeleted, report.UnencryptedKeysLeft));
        Assert.Equal([oldKey], restarted.Services.GetRequiredService<PersonalDataProtector>().UnencryptedKeyIds());
        await AssertEveryValueOpens(restarted, s, ids);
    }

    [Fact]
    public async Task Reseal_KeyInForceRevoked_ItsValuesAreSealedAgainUnderANewKeyAndOpen()
    {
        await using var own = new CaseTrackerFactory();
        var s = await Create(own);
        var id = (string)(await ShowApplicantTests.RegisterWithPersonalData(s))["id"]!;
        string Sealed() => (string)own.Database.Scalar("SELECT applicant_sealed FROM cases WHERE id = @id", ("id", id))!;
        var revoked = PersonalDataProtector.KeyOf(Sealed())!.Value;
        own.Services.GetRequiredService<IKeyManager>().RevokeKey(revoked, "compromised");
        var handler = own.As("handler-" + s.Child, s.Child, Roles.CaseHandler);

        var report = await Reseal(own);
        Assert.Equal(1, report.Resealed);
        var now = PersonalDataProtector.KeyOf(Sealed())!.Value;
        Assert.NotEqual(revoked, now);
        Assert.False(own.Services.GetRequiredService<PersonalDataProtector>().RetiredKeyIds(DateTimeOffset.UtcNow).Contains(now));
        Assert.Equal(ShowApplicantTests.IdNumber, (string?)(await Ok(handler.GetAsync($"/api/cases/{id}/applicant?reason=check")))["idNumber"]);
    }

    [Fact]
    public async Task Reseal_KeyExpired_ItsValuesAreSealedUnderTheKeyInForce()
    {
        await using var own = new CaseTrackerFactory();
        var s = await Create(own);
        var id = (string)(await ShowApplicantTests.RegisterWithPersonalData(s))["id"]!;
        string Sealed() => (string)own.Database.Scalar("SELECT applicant_sealed FROM cases WHERE id = @id", ("id", id))!;
        var expired = PersonalDataProtector.KeyOf(Sealed())!.Value;
        using (var connection = own.Database.Open())
            foreach (var (name, xml) in connection.Query<(string, string)>("SELECT friendly_name, xml FROM data_protection_keys").ToList())
                connection.Execute("UPDATE data_protection_keys SET xml = @xml WHERE friendly_name = @name", new
                {
                    name,
                    xml = Regex.Replace(xml, "<expirationDate>[^<]*</expirationDate>", $"<expirationDate>{DateTimeOffset.UtcNow.AddMinutes(-1):O}</expirationDate>"),
                });
        await using var next = new CaseTrackerFactory(own.Database, ownsDatabase: false);
        var report = await Reseal(next);
        Assert.Equal(1, report.Resealed);
        Assert.NotEqual(expired, PersonalDataProtector.KeyOf(Sealed()));
        Assert.Equal(ShowApplicantTests.IdNumber, (string?)(await Ok(next.As("handler-" + s.Child, s.Child, Roles.CaseHandler)
            .GetAsync($"/api/cases/{id}/applicant?reason=check")))["idNumber"]);
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    private sealed class GraceFactory(TestDatabase database, TimeSpan grace) : CaseTrackerFactory(database, ownsDatabase: false)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("PersonalData:RetiredKeyGrace", grace.ToString("c"));
        }
    }
}
