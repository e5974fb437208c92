using System.Net;
using System.Reflection;
using CaseTracker.Api.Features.Agencies.CreateAgency;
using CaseTracker.Api.Features.Cases;
using CaseTracker.Api.Features.Cases.ImportCases;
using CaseTracker.Api.Features.Proceedings;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Tests.Support;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Safety;

/// <summary>
/// Issue 14 item 4, security.md "Who may do what": idempotency records are keyed by user AND agency, hold no personal
/// data, and are purged after 24 hours.
/// </summary>
public class IdempotencyRecordsTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    /// <summary>A valid resident ID number (GB 11643 check digit X).</summary>
    private const string IdNumber = "11010519491231002X";

    private static object NewCase(string agency, string applicant = "王五") => new
    {
        agencyCode = agency,
        channel = "InPerson",
        submittedOn = "2026-11-02",
        applicant = new { kind = "NaturalPerson", name = applicant, idNumber = IdNumber, phone = "13912341111", address = "昆明市五华区某路1号" },
        description = "2025年城市道路维修预算及执行情况",
    };

    private IReadOnlyList<(string AgencyCode, string? Response, string? ResourceRef)> Records(string userId)
    {
        using var connection = factory.Database.Open();
        return connection.Query<(string, string?, string?)>(
            "SELECT agency_code, response, resource_ref FROM idempotent_requests WHERE user_id = @userId", new { userId }).ToList();
    }

    [Fact]
    public async Task Register_ReplayedByTheSameUserActingForAnotherAgency_NeverReturnsTheOtherAgencysCase()
    {
        var first = await Create(factory);
        var second = await Create(factory);
        var login = "roaming-" + first.Child;
        var key = "roaming-key-" + first.Child;
        var inFirst = factory.As(login, first.Child, Roles.IntakeOfficer);
        var created = await Ok(inFirst.Post("/api/cases", NewCase(first.Child), ("Idempotency-Key", key)));

        // The same person, now acting for the other agency, sends the very same request with the same key: it is a new
        // request of that agency (refused: the first agency is outside it), never a replay of the first agency's case.
        var inSecond = factory.As(login, second.Child, Roles.IntakeOfficer);
        var replay = await inSecond.Post("/api/cases", NewCase(first.Child), ("Idempotency-Key", key));
        Assert.Equal(HttpStatusCode.Forbidden, replay.StatusCode);
        Assert.DoesNotContain((string)created["id"]!, await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // For its own agency the key starts its own record; a retry there returns that agency's case.
        var own = await Ok(inSecond.Post("/api/cases", NewCase(second.Child), ("Idempotency-Key", key)));
        Assert.Equal(second.Child, (string?)own["agencyCode"]);
        Assert.NotEqual((string?)created["id"], (string?)own["id"]);
        var again = await Ok(inSecond.Post("/api/cases", NewCase(second.Child), ("Idempotency-Key", key)));
        Assert.Equal((string?)own["id"], (string?)again["id"]);
        Assert.Equal(new[] { first.Child, second.Child }.Order(StringComparer.Ordinal), Records(login).Select(r => r.AgencyCode).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Records_OfRegistrationsAndComplaints_HoldOnlyTheId_AndAReplayReadsTheCaseAgain()
    {
        var s = await Create(factory);
        var clerk = "records-" + s.Child;
        var intake = factory.As(clerk, s.Child, Roles.IntakeOfficer);
        var key = Guid.NewGuid().ToString();
        var first = await intake.Post("/api/cases", NewCase(s.Child), ("Idempotency-Key", key));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.Body();
        var complaint = await Ok(intake.Post("/api/complaints",
            new { agencyCode = s.Child, receivedOn = "2026-11-20", subject = "王五反映某局未按期答复" }, ("Idempotency-Key", key + "-c")));

        var records = Records(clerk);
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Null(r.Response));
        Assert.Contains(records, r => r.ResourceRef == (string?)created["id"]);
        Assert.Contains(records, r => r.ResourceRef == (string?)complaint["id"]);
        using (var connection = factory.Database.Open())
        {
            var everything = string.Join("|", connection.Query<string>(
                "SELECT request_type || request_hash || COALESCE(response, '') || COALESCE(resource_ref, '') FROM idempotent_requests"
                    .Replace("||", TestDatabase.Engine == Infrastructure.Persistence.DatabaseProvider.SqlServer ? "+" : "||", StringComparison.Ordinal)));
            foreach (var personal in new[] { "王五", IdNumber, "13912341111", "五华区", "未按期答复" })
                Assert.DoesNotContain(personal, everything, StringComparison.Ordinal);
        }

        // The replay is the case as it is now, with the same Location, and nothing is written.
        var before = factory.Snapshot();
        var replay = await intake.Post("/api/cases", NewCase(s.Child), ("Idempotency-Key", key));
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        var again = await replay.Body();
        Assert.Equal((string?)created["caseNumber"], (string?)again["caseNumber"]);
        Assert.Equal((string?)created["applicant"]!["name"], (string?)again["applicant"]!["name"]);
        var complaintAgain = await Ok(intake.Post("/api/complaints",
            new { agencyCode = s.Child, receivedOn = "2026-11-20", subject = "王五反映某局未按期答复" }, ("Idempotency-Key", key + "-c")));
        Assert.Equal((string?)complaint["id"], (string?)complaintAgain["id"]);
        Assert.Equal((string?)complaint["subject"], (string?)complaintAgain["subject"]);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public void Commands_ThatStoreTheirResponseBody_ReturnNoPersonalData()
    {
        // A command without a replay reader keeps its response body in the record: that body must carry no personal data.
        var personal = new[] { "Applicant", "IdNumber", "Phone", "Email", "Address", "Subject", "Description", "Party" };
        using var scope = factory.Services.CreateScope();
        var idempotent = typeof(IIdempotent).Assembly.GetTypes().Where(t => typeof(IIdempotent).IsAssignableFrom(t) && !t.IsInterface).ToList();
        Assert.True(idempotent.Count >= 6, "expected the idempotent commands to be found");
        var storingBodies = new List<Type>();
        foreach (var command in idempotent)
        {
            var response = command.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Mediator.ICommand<>)).GetGenericArguments()[0];
            if (scope.ServiceProvider.GetService(typeof(IReplayReader<,>).MakeGenericType(command, response)) is not null) continue;
            storingBodies.Add(command);
            var names = PropertyNames(response, []).ToList();
            Assert.True(!names.Any(n => personal.Contains(n)), $"{command.Name} stores {response.Name}, which has {string.Join(", ", names.Where(personal.Contains))}");
        }

        Assert.Contains(typeof(ImportCasesCommand), storingBodies);
        Assert.Contains(typeof(CreateAgencyCommand), storingBodies);
        Assert.DoesNotContain(typeof(Features.Cases.RegisterCase.RegisterCaseCommand), storingBodies);

        static IEnumerable<string> PropertyNames(Type type, HashSet<Type> seen)
        {
            if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true
                && !type.IsGenericType) yield break;
            var inner = type.IsGenericType ? type.GetGenericArguments() : [];
            foreach (var t in inner)
            foreach (var n in PropertyNames(t, seen))
                yield return n;
            if (type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true) yield break;
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                yield return p.Name;
                foreach (var n in PropertyNames(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType, seen)) yield return n;
            }
        }
    }

    // A stored request hash must not be a plain digest of the body: whoever reads the table knows every field of a registration
    // but the phone or ID number, and would try each candidate. It is an HMAC under a key derived from the register's secret.
    [Fact]
    public async Task RequestHash_IsKeyedByTheRegistersSecret_SoAStoredHashCannotBeTriedAgainstCandidateBodies()
    {
        var s = await Create(factory);
        var intake = factory.As("hash-" + s.Child, s.Child, Roles.IntakeOfficer);
        await Ok(intake.Post("/api/cases", NewCase(s.Child), ("Idempotency-Key", "hash-key-" + s.Child)));
        var stored = (string)factory.Database.Scalar("SELECT request_hash FROM idempotent_requests WHERE user_id = @user", ("user", "hash-" + s.Child))!;
        Assert.Matches("^[0-9A-F]{64}$", stored);

        const string body = """{"applicant":{"phone":"13912341111"}}""";
        var protector = factory.Services.GetRequiredService<Infrastructure.PersonalData.PersonalDataProtector>();
        Assert.Equal(protector.RequestHash(body), protector.RequestHash(body));
        Assert.NotEqual(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body))), protector.RequestHash(body));
        // Its own key, not the ID-number hash's: the same text gives unrelated hashes.
        Assert.NotEqual(protector.IdHash(IdNumber)!.ToUpperInvariant(), protector.RequestHash(IdNumber.ToUpperInvariant()));
        // Another register (another secret) hashes the same body differently.
        await using var other = new CaseTrackerFactory();
        Assert.NotEqual(protector.RequestHash(body), other.Services.GetRequiredService<Infrastructure.PersonalData.PersonalDataProtector>().RequestHash(body));

        // The retry with the same body is still recognised, and a different body under the same key is still refused.
        Assert.Equal(HttpStatusCode.Created, (await intake.Post("/api/cases", NewCase(s.Child), ("Idempotency-Key", "hash-key-" + s.Child))).StatusCode);
        await Refused(intake.Post("/api/cases", NewCase(s.Child, "赵六"), ("Idempotency-Key", "hash-key-" + s.Child)), HttpStatusCode.UnprocessableEntity);
    }
}

/// <summary>The purge of records older than 24 hours (its own factory: it moves the clock a day on).</summary>
public class IdempotencyRecordsPurgeTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task Purge_After24Hours_DeletesTheRecords_AndTheKeyActsAgain()
    {
        var s = await Create(factory);
        var clerk = "purged-" + s.Child;
        var intake = factory.As(clerk, s.Child, Roles.IntakeOfficer);
        var body = new { agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-11-02", applicant = new { kind = "NaturalPerson", name = "赵六" }, description = "某项预算" };
        var first = await Ok(intake.Post("/api/cases", body, ("Idempotency-Key", "day-old")));
        int Count()
        {
            using var connection = factory.Database.Open();
            return connection.ExecuteScalar<int>("SELECT COUNT(*) FROM idempotent_requests WHERE user_id = @clerk", new { clerk });
        }

        async Task<int> Purge()
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PurgeIdempotencyRecordsCommand());
        }

        factory.Time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await Purge());
        Assert.Equal(1, Count());
        Assert.Equal((string?)first["id"], (string?)(await Ok(intake.Post("/api/cases", body, ("Idempotency-Key", "day-old"))))["id"]);

        factory.Time.Advance(TimeSpan.FromHours(2));
        Assert.True(await Purge() >= 1);
        Assert.Equal(0, Count());
        // A day later the key no longer answers a retry: the request acts again.
        var later = await Ok(intake.Post("/api/cases", body, ("Idempotency-Key", "day-old")));
        Assert.NotEqual((string?)first["id"], (string?)later["id"]);
    }
}
