using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Proceedings;

/// <summary>law.md §6 (review and litigation, Art. 51) and complaints (legacy report row 六), today being 2026-11-25.</summary>
public class FileProceedingTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static async Task<(Scenario S, string CaseId)> WithCase(CaseTrackerFactory factory)
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        return (s, id);
    }

    [Theory]
    [InlineData("LitigationDirect")]
    [InlineData("LitigationAfterReview")]
    public async Task Litigation_CanBeFiledWithOrWithoutCase(string kind)
    {
        var (s, caseId) = await WithCase(factory);
        var withCase = await Ok(s.Handler.Post("/api/proceedings", new { caseId, agencyCode = s.Child, kind, filedOn = "2026-11-01" }));
        Assert.Equal(kind, (string?)withCase["kind"]);
        var withoutCase = await Ok(s.Handler.Post("/api/proceedings", new { agencyCode = s.Child, kind, filedOn = "2026-11-01" }));
        Assert.Null(withoutCase["caseId"]);
        var concluded = await Ok(s.Handler.Post($"/api/proceedings/{(string)withoutCase["id"]!}/conclusion", new { concludedOn = "2026-11-25", result = "Other" }));
        Assert.Equal("Other", (string?)concluded["result"]);
    }

    [Fact]
    public async Task Filing_BeforeTheRequestWasReceived_Is400()
    {
        var (s, caseId) = await WithCase(factory);
        var before = factory.Snapshot();
        var problem = await Refused(s.Handler.Post("/api/proceedings", new { caseId, agencyCode = s.Child, kind = "Review", filedOn = "2026-08-31" }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["filedOn"]);
        Assert.Equal(before, factory.Snapshot());
    }

    public static TheoryData<string> FutureDates => new() { "filedOn", "concludedOn", "receivedOn" };

    [Theory]
    [MemberData(nameof(FutureDates))]
    public async Task FutureDates_Are400AndChangeNothing(string field)
    {
        // api.md Cases: dates may lie in the past, never in the future (today is 2026-11-25).
        var (s, caseId) = await WithCase(factory);
        var id = (string)(await Ok(s.Handler.Post("/api/proceedings", new { caseId, agencyCode = s.Child, kind = "Review", filedOn = "2026-10-10" })))["id"]!;
        var before = factory.Snapshot();
        var call = field switch
        {
            "filedOn" => s.Handler.Post("/api/proceedings", new { caseId, agencyCode = s.Child, kind = "Review", filedOn = "2026-11-26" }),
            "concludedOn" => s.Handler.Post($"/api/proceedings/{id}/conclusion", new { concludedOn = "2026-11-26", result = "Upheld" }),
            _ => s.Handler.Post("/api/complaints", new { agencyCode = s.Child, receivedOn = "2026-11-26", subject = "答复超期" }),
        };
        var problem = await Refused(call, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Filing_OnAnotherAgencysCase_IsRefusedAndChangesNothing()
    {
        // A case of another agency does not exist for the caller: it cannot be named in their proceeding.
        var (s, _) = await WithCase(factory);
        var (other, otherCase) = await WithCase(factory);
        var before = factory.Snapshot();
        var problem = await Refused(s.Handler.Post("/api/proceedings", new { caseId = otherCase, agencyCode = s.Child, kind = "Review", filedOn = "2026-10-10" }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["caseId"]);
        Assert.DoesNotContain(other.Child, (string)problem["detail"]!);
        // Nor may they file for the other agency itself.
        await Refused(s.Handler.Post("/api/proceedings", new { caseId = otherCase, agencyCode = other.Child, kind = "Review", filedOn = "2026-10-10" }),
            HttpStatusCode.Forbidden);
        // An unknown case id is refused the same way.
        var unknown = await Refused(s.Handler.Post("/api/proceedings", new { caseId = Guid.NewGuid(), agencyCode = s.Child, kind = "Review", filedOn = "2026-10-10" }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(unknown["errors"]!["caseId"]);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Proceedings_InvalidInput_Is400WithFieldErrors()
    {
        var (s, caseId) = await WithCase(factory);
        var before = factory.Snapshot();
        var missing = await Refused(s.Handler.PostRaw("/api/proceedings", "{}"), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "agencyCode", "kind", "filedOn" }) Assert.NotNull(missing["errors"]![field]);
        var kind = await Refused(s.Handler.Post("/api/proceedings", new { caseId, agencyCode = s.Child, kind = "Appeal", filedOn = "2026-10-10" }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(kind["errors"]!["kind"]);
        var id = (string)(await Ok(s.Handler.Post("/api/proceedings", new { caseId, agencyCode = s.Child, kind = "Review", filedOn = "2026-10-10" })))["id"]!;
        var afterFiling = factory.Snapshot();
        var result = await Refused(s.Handler.Post($"/api/proceedings/{id}/conclusion", new { concludedOn = "2026-11-20", result = "Won" }), HttpStatusCode.BadRequest);
        Assert.NotNull(result["errors"]!["result"]);
        var empty = await Refused(s.Handler.PostRaw($"/api/proceedings/{id}/conclusion", "{}"), HttpStatusCode.BadRequest);
        Assert.NotNull(empty["errors"]!["concludedOn"]);
        Assert.NotNull(empty["errors"]!["result"]);
        Assert.Equal(afterFiling, factory.Snapshot());
        Assert.NotEqual(before, afterFiling);
    }

    [Fact]
    public async Task Roles_OnlyAllowedRolesFileProceedingsAndComplaints()
    {
        // Roles.cs Policies: proceedings by CaseHandler (and Administrator); complaints by IntakeOfficer or CaseHandler (and Administrator).
        var (s, caseId) = await WithCase(factory);
        var before = factory.Snapshot();
        object filing = new { caseId, agencyCode = s.Child, kind = "Review", filedOn = "2026-10-10" };
        object complaint = new { agencyCode = s.Child, receivedOn = "2026-11-20", subject = "举报" };
        foreach (var client in new[] { s.Intake, s.Approver, s.Supervisor })
            await Refused(client.Post("/api/proceedings", filing), HttpStatusCode.Forbidden);
        foreach (var client in new[] { s.Approver, s.Supervisor })
            await Refused(client.Post("/api/complaints", complaint), HttpStatusCode.Forbidden);
        await Refused(s.Handler.Post("/api/complaints", new { agencyCode = s.Root, receivedOn = "2026-11-20", subject = "举报" }), HttpStatusCode.Forbidden);
        Assert.Equal(before, factory.Snapshot());

        var id = (string)(await Ok(s.Handler.Post("/api/proceedings", filing)))["id"]!;
        await Refused(s.Approver.Post($"/api/proceedings/{id}/conclusion", new { concludedOn = "2026-11-20", result = "Upheld" }), HttpStatusCode.Forbidden);
        // Administrator of the root may act for the child agency.
        await Ok(s.Admin.Post($"/api/proceedings/{id}/conclusion", new { concludedOn = "2026-11-20", result = "Upheld" }));
        await Ok(s.Admin.Post("/api/complaints", complaint));
        var anonymous = factory.CreateClient();
        await Refused(anonymous.Post("/api/complaints", complaint), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Proceeding_WithSameIdempotencyKey_IsFiledOnce()
    {
        var (s, caseId) = await WithCase(factory);
        var key = Guid.NewGuid().ToString();
        var first = await Ok(s.Handler.Post("/api/proceedings", new { caseId, agencyCode = s.Child, kind = "Review", filedOn = "2026-10-10" }, ("Idempotency-Key", key)));
        var snapshot = factory.Snapshot();
        var second = await Ok(s.Handler.Post("/api/proceedings", new { caseId, agencyCode = s.Child, kind = "Review", filedOn = "2026-10-10" }, ("Idempotency-Key", key)));
        Assert.Equal((string?)first["id"], (string?)second["id"]);
        Assert.Equal(snapshot, factory.Snapshot());
        JsonNode complaint = await Ok(s.Intake.Post("/api/complaints", new { agencyCode = s.Child, receivedOn = "2026-11-20", subject = "举报" }, ("Idempotency-Key", key)));
        var again = await Ok(s.Intake.Post("/api/complaints", new { agencyCode = s.Child, receivedOn = "2026-11-20", subject = "举报" }, ("Idempotency-Key", key)));
        Assert.Equal((string?)complaint["id"], (string?)again["id"]);
    }
}
