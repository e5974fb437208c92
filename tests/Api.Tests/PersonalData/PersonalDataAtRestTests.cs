using System.Text;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using CaseTracker.Infrastructure.PersonalData;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.PersonalData;

/// <summary>security.md "Personal data": encrypted at rest in every table, keyed-hash search, rotation, files readable by the service's user only.</summary>
public class PersonalDataAtRestTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    // issue 14 "Done when": a grep of the database files for a registered ID number finds nothing.
    [Fact]
    public async Task Register_WithIdNumberAndPhone_NeitherIsInTheDatabaseFiles()
    {
        var s = await Create(factory);
        var id = (string)(await ShowApplicantTests.RegisterWithPersonalData(s))["id"]!;
        await Ok(s.Handler.GetAsync($"/api/cases/{id}/applicant?reason=check"));
        using var connection = factory.Database.Open();
        // Every engine: no column of the register's tables that a case writes holds the values.
        foreach (var (table, column) in new[] { ("cases", "applicant_id_number"), ("cases", "applicant_key"), ("cases", "applicant_sealed"),
                     ("case_history", "payload"), ("idempotent_requests", "response"), ("personal_data_log", "reason") })
            Assert.Equal(0, connection.ExecuteScalar<int>($"SELECT COUNT(*) FROM {table} WHERE {column} LIKE @id OR {column} LIKE @phone",
                new { id = "%" + ShowApplicantTests.IdNumber + "%", phone = "%" + ShowApplicantTests.Phone + "%" }));
        if (factory.Database.Provider == DatabaseProvider.Sqlite) AssertNotInFiles(factory.Database.Name);

        // The case is there all the same, sealed and masked.
        var row = connection.QuerySingle<(string? Sealed, string? Hash, string? Masked, string Key)>(
            "SELECT applicant_sealed, applicant_id_hash, applicant_id_number, applicant_key FROM cases WHERE id = @id", new { id });
        Assert.NotNull(row.Sealed);
        Assert.Equal(64, row.Hash!.Length);
        Assert.Equal("5301**********1235", row.Masked);
        Assert.Equal("idh:" + row.Hash, row.Key);
    }

    // The raw bytes of the SQLite database and its write-ahead log, as `grep` of the files reads them.
    private static void AssertNotInFiles(string database)
    {

        var files = new[] { "", "-wal", "-shm" }.Select(suffix => database + suffix).Where(File.Exists).ToList();
        Assert.Contains(database + "-wal", files);
        foreach (var file in files)
        {
            var bytes = ReadShared(file);
            Assert.False(Contains(bytes, ShowApplicantTests.IdNumber), $"{Path.GetFileName(file)} holds the ID number");
            Assert.False(Contains(bytes, ShowApplicantTests.Phone), $"{Path.GetFileName(file)} holds the phone");
            Assert.False(Contains(bytes, ShowApplicantTests.Email), $"{Path.GetFileName(file)} holds the e-mail");
            Assert.False(Contains(bytes, ShowApplicantTests.Address), $"{Path.GetFileName(file)} holds the address");
        }
    }

    [Fact]
    public async Task StartUpStep_OldPlainTextRow_IsSealedMaskedAndStillReadable()
    {
        var s = await Create(factory);
        var id = (string)(await ShowApplicantTests.RegisterWithPersonalData(s))["id"]!;
        using (var connection = factory.Database.Open())
            connection.Execute("""
                UPDATE cases SET applicant_sealed = NULL, applicant_id_hash = NULL, applicant_key = @key,
                    applicant_id_number = @idNumber, applicant_phone = @phone, applicant_email = @email, applicant_address = @address
                WHERE id = @id
                """, new
            {
                id, key = "id:" + ShowApplicantTests.IdNumber, idNumber = ShowApplicantTests.IdNumber, phone = ShowApplicantTests.Phone,
                email = ShowApplicantTests.Email, address = ShowApplicantTests.Address,
            });

        using (var scope = factory.Services.CreateScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<PersonalDataSealing>().SealPlainRows(CancellationToken.None) >= 1);

        using (var connection = factory.Database.Open())
        {
            var row = connection.QuerySingle<(string? Sealed, string? Hash, string? IdNumber, string? Phone, string? Email, string? Address, string Key)>(
                "SELECT applicant_sealed, applicant_id_hash, applicant_id_number, applicant_phone, applicant_email, applicant_address, applicant_key FROM cases WHERE id = @id",
                new { id });
            Assert.NotNull(row.Sealed);
            Assert.Equal(("5301**********1235", "139****1111", "z***@example.cn", "云南省昆明市***"), (row.IdNumber, row.Phone, row.Email, row.Address));
            Assert.Equal("idh:" + row.Hash, row.Key);
        }

        var full = await Ok(s.Handler.GetAsync($"/api/cases/{id}/applicant?reason=check"));
        Assert.Equal(ShowApplicantTests.IdNumber, (string?)full["idNumber"]);
        Assert.Equal(ShowApplicantTests.Address, (string?)full["address"]);
        using (var scope = factory.Services.CreateScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<PersonalDataSealing>().SealPlainRows(CancellationToken.None));
    }

    [Fact]
    public async Task SearchByIdNumber_IsAnsweredThroughTheKeyedHash()
    {
        var s = await Create(factory);
        await ShowApplicantTests.RegisterWithPersonalData(s);
        var found = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&idNumber={ShowApplicantTests.IdNumber}"));
        Assert.Equal(1, (int)found["total"]!);
        Assert.Equal(0, (int)(await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&idNumber=11010519491231002X")))["total"]!);
        var protector = factory.Services.GetRequiredService<PersonalDataProtector>();
        Assert.Equal(protector.IdHash(ShowApplicantTests.IdNumber), protector.IdHash(" " + ShowApplicantTests.IdNumber.ToLowerInvariant() + " "));
        Assert.NotEqual(protector.IdHash(ShowApplicantTests.IdNumber), protector.IdHash("11010519491231002X"));
        using var connection = factory.Database.Open();
        Assert.Equal(1, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM cases WHERE agency_code = @agency AND applicant_id_hash = @hash",
            new { agency = s.Child, hash = protector.IdHash(ShowApplicantTests.IdNumber) }));
    }

    // bench/README.md "Intake with personal data encrypted at rest": a registration seals before its transaction, and the
    // repository uses that sealed text (Data Protection output is randomised, so the same text proves it was reused).
    [Fact]
    public void PreparedSeals_ReturnThePreparedTextOnceThenSealAnew()
    {
        using var scope = factory.Services.CreateScope();
        var seals = scope.ServiceProvider.GetRequiredService<PreparedSeals>();
        var protector = factory.Services.GetRequiredService<PersonalDataProtector>();
        var secrets = new ApplicantSecrets(ShowApplicantTests.IdNumber, ShowApplicantTests.Phone, null, null);
        seals.Prepare(secrets);
        var first = seals.Seal(secrets with { });
        var second = seals.Seal(secrets);
        Assert.NotNull(first);
        Assert.NotEqual(first, second);
        Assert.Equal(secrets, protector.Unseal(first));
        Assert.Equal(secrets, protector.Unseal(second));
        Assert.Equal(protector.IdHash(ShowApplicantTests.IdNumber), seals.IdHash(ShowApplicantTests.IdNumber));
        Assert.Null(seals.Seal(new ApplicantSecrets(null, null, null, null)));
    }

    // Sealing writes the values' JSON straight to bytes (source-generated): the payload is byte for byte the text the reflection
    // serializer wrote before, so what was sealed before opens now and what is sealed now opens as the text it always was.
    [Fact]
    public void Seal_PayloadIsTheJsonTextSealedBefore_AndBothFormsOpen()
    {
        var provider = factory.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>();
        var purpose = Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.CreateProtector(provider, "CaseTracker.PersonalData.Applicant.v1");
        var protector = factory.Services.GetRequiredService<PersonalDataProtector>();
        foreach (var secrets in new[]
                 {
                     new ApplicantSecrets(ShowApplicantTests.IdNumber, ShowApplicantTests.Phone, null, null),
                     new ApplicantSecrets(null, null, "a\"b@例子.cn", "云南省昆明市五华区 <1> & '2'"),
                 })
        {
            var sealedNow = protector.Seal(secrets)!;
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(secrets), Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.Unprotect(purpose, sealedNow));
            var sealedBefore = Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.Protect(purpose, System.Text.Json.JsonSerializer.Serialize(secrets));
            Assert.Equal(secrets, protector.Unseal(sealedBefore));
            Assert.Equal(secrets, protector.Unseal(sealedNow));
        }
    }

    [Fact]
    public void DatabaseAndKeyFiles_AreCreatedReadableByTheServiceUserOnly()
    {
        if (OperatingSystem.IsWindows()) return; // Unix file modes; Windows files take the folder's access list
        var folder = Directory.CreateTempSubdirectory("ct-keys-").FullName;
        try
        {
            var signingKey = Path.Combine(folder, "signing-key");
            CaseTracker.Api.Identity.SigningKeys.Resolve(new CaseTracker.Api.Identity.IdentityOptions { KeyFile = signingKey }, folder);
            Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(signingKey));

            var ring = Path.Combine(folder, "key-ring");
            PrivateFiles.Restrict(ring);
            Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(ring));
            var db = Path.Combine(folder, "register.db");
            var dialect = new SqliteDialect($"Data Source={db};Pooling=False", folder);
            dialect.Migrate();
            using (var connection = dialect.CreateConnection())
            {
                connection.Open();
                connection.Execute("INSERT INTO calendar_notices (year, notice, loaded_at, loaded_by) VALUES (2099, 'x', 'now', 'test')");
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                    Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(db + suffix));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
