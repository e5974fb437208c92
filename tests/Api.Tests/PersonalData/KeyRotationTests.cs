using System.Text.RegularExpressions;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using Dapper;
using Microsoft.AspNetCore.WebUtilities;
using CaseTracker.Api.Features.PersonalData.EnsureKeys;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.PersonalData;

/// <summary>security.md "Personal data": keys in the register's database, rotation supported — what the old key sealed still opens.</summary>
public class KeyRotationTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task KeyExpires_NextInstanceMakesANewKey_CasesSealedUnderEitherOpen()
    {
        var s = await Create(factory);
        var before = (string)(await ShowApplicantTests.RegisterWithPersonalData(s))["id"]!;
        using (var connection = factory.Database.Open())
        {
            // The key in force runs out (as 90 days after it was made): its expiration date moves into the past.
            foreach (var (name, xml) in connection.Query<(string, string)>("SELECT friendly_name, xml FROM data_protection_keys").ToList())
                connection.Execute("UPDATE data_protection_keys SET xml = @xml WHERE friendly_name = @name", new
                {
                    name,
                    xml = Regex.Replace(xml, "<expirationDate>[^<]*</expirationDate>", $"<expirationDate>{DateTimeOffset.UtcNow.AddMinutes(-1):O}</expirationDate>"),
                });
        }

        // Another instance starts on the same database: it finds no key in force and makes one.
        await using var next = new CaseTrackerFactory(factory.Database, ownsDatabase: false);
        var intake = next.As("intake-" + s.Child, s.Child, Roles.IntakeOfficer);
        var handler = next.As("handler-" + s.Child, s.Child, Roles.CaseHandler);
        var after = (string)(await Ok(intake.Post("/api/cases", new
        {
            agencyCode = s.Child,
            channel = "InPerson",
            submittedOn = "2026-11-02",
            applicant = new { kind = "NaturalPerson", name = "李四", idNumber = "11010519491231002X", phone = "13800002222" },
            description = "2025年城市道路维修预算及执行情况",
        })))["id"]!;

        using (var connection = factory.Database.Open())
        {
            Assert.Equal(2, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM data_protection_keys"));
            // A Data Protection payload carries the id of its key in bytes 4–19.
            Guid KeyOf(string caseId) => new(WebEncoders.Base64UrlDecode(
                connection.QuerySingle<string>("SELECT applicant_sealed FROM cases WHERE id = @caseId", new { caseId }))[4..20]);
            Assert.NotEqual(KeyOf(before), KeyOf(after));
        }

        Assert.Equal(ShowApplicantTests.IdNumber, (string?)(await Ok(handler.GetAsync($"/api/cases/{before}/applicant?reason=check")))["idNumber"]);
        Assert.Equal("11010519491231002X", (string?)(await Ok(handler.GetAsync($"/api/cases/{after}/applicant?reason=check")))["idNumber"]);
        // The ID-number hash key is not rotated: the same number still finds its cases.
        Assert.Equal(1, Convert.ToInt32(factory.Database.Scalar("SELECT COUNT(*) FROM register_secrets")));
    }
    [Fact]
    public async Task EnsureKeys_KeyInForceExpiresWithinTwoWeeks_MakesTheNextOneAheadOfTime()
    {
        await using var own = new CaseTrackerFactory();
        _ = own.Server;
        using var scope = own.Services.CreateScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        Assert.False(await sender.Send(new EnsurePersonalDataKeysCommand())); // the start-up made a key for 90 days
        using (var connection = own.Database.Open())
            foreach (var (name, xml) in connection.Query<(string, string)>("SELECT friendly_name, xml FROM data_protection_keys").ToList())
                connection.Execute("UPDATE data_protection_keys SET xml = @xml WHERE friendly_name = @name", new
                {
                    name,
                    xml = Regex.Replace(xml, "<expirationDate>[^<]*</expirationDate>", $"<expirationDate>{DateTimeOffset.UtcNow.AddDays(10):O}</expirationDate>"),
                });
        // The next instance to start (or the daily job's next run) sees the key in force run out within two weeks and makes
        // the next one, active 2 days before the old one expires.
        await using var next = new CaseTrackerFactory(own.Database, ownsDatabase: false);
        _ = next.Server;
        Assert.Equal(2, Convert.ToInt32(own.Database.Scalar("SELECT COUNT(*) FROM data_protection_keys")));
        using var nextScope = next.Services.CreateScope();
        Assert.False(await nextScope.ServiceProvider.GetRequiredService<ISender>().Send(new EnsurePersonalDataKeysCommand()));
    }
}
