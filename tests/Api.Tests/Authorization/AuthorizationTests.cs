using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using Microsoft.IdentityModel.Tokens;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Authorization;

/// <summary>api.md "Identity" and "Errors": 401 for no or bad token, 403 for a role or agency not allowed, 404 for another agency's case.</summary>
public class AuthorizationTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly IdentityOptions Identity = new() { SigningKey = CaseTrackerFactory.SigningKey };

    private HttpClient WithToken(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private string Issue(string signingKey, DateTimeOffset issuedAt, TimeSpan lifetime, string agency = "X")
        => TokenIssuer.Issue(Identity, new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), "u-401", "Someone", agency,
            [Roles.Administrator], factory.EnsureUser("u-401", agency, Roles.Administrator).SecurityStamp, lifetime, issuedAt);

    public static TheoryData<string, string> ProtectedRoutes => new()
    {
        { "GET", "/api/agencies" },
        { "GET", "/api/cases" },
        { "GET", $"/api/cases/{Guid.NewGuid()}" },
        { "GET", "/api/calendar/2026" },
        { "POST", "/api/cases" },
    };

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Request_WithoutToken_Is401ProblemDetails(string method, string url)
    {
        // api.md Identity: every route except health and the API docs requires a bearer token.
        var client = factory.CreateClient();
        var before = factory.Snapshot();
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        var problem = await Refused(client.SendAsync(request), HttpStatusCode.Unauthorized);
        Assert.Equal(401, (int)problem["status"]!);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Request_WithTokenSignedByAnotherKey_Is401()
    {
        // api.md Errors: 401 for a bad token (signature not from the deployment's key).
        var forged = Issue("an-entirely-different-signing-key-of-32-bytes-or-more", DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        var response = await WithToken(forged).GetAsync("/api/agencies");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Request_WithExpiredToken_Is401()
    {
        // api.md Errors: 401 for a bad token (lifetime over, beyond the one-minute skew).
        var expired = Issue(CaseTrackerFactory.SigningKey, DateTimeOffset.UtcNow.AddDays(-2), TimeSpan.FromHours(1));
        var response = await WithToken(expired).GetAsync("/api/agencies");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Request_WithGarbageToken_Is401()
    {
        var response = await WithToken("not.a.jwt").GetAsync("/api/agencies");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithValidTokenOfTheSameKey_IsAccepted()
    {
        // Control for the 401 tests: the same issuer with the right key and a live lifetime is accepted.
        var good = Issue(CaseTrackerFactory.SigningKey, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        var response = await WithToken(good).GetAsync("/api/agencies");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task IntakeOfficer_ApprovingExtension_Is403AndNothingChanges()
    {
        // api.md Identity: an extension is approved by an Approver (工作机构负责人), Art. 33 ¶2.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-11-02"))["id"]!;
        var before = factory.Snapshot();
        var problem = await Refused(s.Intake.Post($"/api/cases/{id}/extension",
            new { approvedOn = "2026-11-20", workingDays = 10, reason = "复杂", applicantNotifiedOn = "2026-11-20" }), HttpStatusCode.Forbidden);
        Assert.Equal(403, (int)problem["status"]!);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task CaseHandler_CreatingAgency_Is403()
    {
        // api.md Agencies: Administrator only.
        var s = await Create(factory);
        var before = factory.Snapshot();
        await Refused(s.Handler.Post("/api/agencies", new { code = "X" + s.Child, name = "某局", parentCode = s.Child }), HttpStatusCode.Forbidden);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task CaseHandler_PuttingCalendar_Is403()
    {
        // api.md Calendar: PUT is Administrator only.
        var s = await Create(factory);
        var before = factory.Snapshot();
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/calendar/2027")
        {
            Content = new StringContent("""{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}""", Encoding.UTF8, "application/json"),
        };
        await Refused(s.Handler.SendAsync(request), HttpStatusCode.Forbidden);
        Assert.Equal(before, factory.Snapshot());
        var year = await Ok(s.Handler.GetAsync("/api/calendar/2027"));
        Assert.True((bool)year["provisional"]!);
    }

    [Fact]
    public async Task Approver_RegisteringCase_Is403()
    {
        // api.md Identity: IntakeOfficer registers (and Administrator, who may do everything).
        var s = await Create(factory);
        var before = factory.Snapshot();
        await Refused(s.Approver.Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-11-02",
            applicant = new { kind = "NaturalPerson", name = "张三" }, description = "预算",
        }), HttpStatusCode.Forbidden);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task IntakeOfficer_RegisteringForAnotherAgency_Is403()
    {
        // api.md Identity: a user acts inside their own agency.
        var s = await Create(factory);
        var other = await Create(factory);
        var before = factory.Snapshot();
        await Refused(s.Intake.Post("/api/cases", new
        {
            agencyCode = other.Child, channel = "InPerson", submittedOn = "2026-11-02",
            applicant = new { kind = "NaturalPerson", name = "张三" }, description = "预算",
        }), HttpStatusCode.Forbidden);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task SiblingAgencyUser_ReadingOrActingOnCase_Is404()
    {
        // api.md Errors: 404 for an unknown id, also for another agency's case (its existence is not disclosed).
        var s = await Create(factory);
        var sibling = "S" + s.Child[1..];
        await Ok(s.Admin.Post("/api/agencies", new { code = sibling, name = "兄弟州人民政府", parentCode = s.Root }));
        var siblingHandler = factory.As("handler-" + sibling, sibling, Roles.CaseHandler);
        var id = (string)(await s.Register("InPerson", "2026-11-02"))["id"]!;
        var before = factory.Snapshot();

        await Refused(siblingHandler.GetAsync($"/api/cases/{id}"), HttpStatusCode.NotFound);
        await Refused(siblingHandler.GetAsync($"/api/cases/{id}/history"), HttpStatusCode.NotFound);
        await Refused(siblingHandler.GetAsync($"/api/cases/{id}/deadline"), HttpStatusCode.NotFound);
        var step = await Refused(siblingHandler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-11-20", outcome = "Disclosed" }),
            HttpStatusCode.NotFound);

        // The same answer as for an id that does not exist at all.
        var unknown = await Refused(siblingHandler.Post($"/api/cases/{Guid.NewGuid()}/decision", new { decidedOn = "2026-11-20", outcome = "Disclosed" }),
            HttpStatusCode.NotFound);
        Assert.Equal((string?)unknown["title"], (string?)step["title"]);
        Assert.Equal(before, factory.Snapshot());

        // The owner still sees it.
        await Ok(s.Handler.GetAsync($"/api/cases/{id}"));
    }

    [Fact]
    public async Task ListWithAgencyOfAnotherTree_Is403()
    {
        // AgencyAccess: another agency's list is 403 (naming an agency outside the caller's tree).
        var s = await Create(factory);
        var other = await Create(factory);
        await Refused(s.Handler.GetAsync($"/api/cases?agency={other.Child}"), HttpStatusCode.Forbidden);
        await Refused(s.Supervisor.GetAsync($"/api/cases?agency={other.Root}&subtree=true"), HttpStatusCode.Forbidden);
        await Refused(s.Admin.GetAsync($"/api/cases?agency={other.Root}"), HttpStatusCode.Forbidden);
        // A child user may not list the parent agency either.
        await Refused(s.Intake.GetAsync($"/api/cases?agency={s.Root}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SupervisorOfRoot_SeesChildCasesWithSubtree()
    {
        // api.md Identity: Supervisor and Administrator also see every subordinate agency.
        var s = await Create(factory);
        var childCase = (string)(await s.Register("InPerson", "2026-11-02"))["id"]!;
        var list = await Ok(s.Supervisor.GetAsync($"/api/cases?agency={s.Root}&subtree=true"));
        Assert.Contains(list["items"]!.AsArray(), c => (string?)c!["id"] == childCase);
        Assert.Equal(1, (int)list["total"]!);
        var direct = await Ok(s.Supervisor.GetAsync($"/api/cases/{childCase}"));
        Assert.Equal(s.Child, (string?)direct["agencyCode"]);
        await Ok(s.Supervisor.GetAsync($"/api/cases/{childCase}/history"));
        await Ok(s.Supervisor.GetAsync($"/api/cases/{childCase}/deadline"));
    }

    [Fact]
    public async Task IntakeOfficerOfChild_DoesNotSeeRootCases()
    {
        // api.md Identity: a user acts inside their own agency; only Supervisor/Administrator look down, nobody looks up.
        var s = await Create(factory);
        var rootCase = await Ok(s.Admin.Post("/api/cases", new
        {
            agencyCode = s.Root, channel = "InPerson", submittedOn = "2026-11-02",
            applicant = new { kind = "NaturalPerson", name = "李四" }, description = "省级预算",
        }));
        var rootId = (string)rootCase["id"]!;
        var childId = (string)(await s.Register("InPerson", "2026-11-02"))["id"]!;

        var mine = await Ok(s.Intake.GetAsync("/api/cases"));
        var ids = mine["items"]!.AsArray().Select(c => (string?)c!["id"]).ToList();
        Assert.Equal([childId], ids);
        var subtree = await Ok(s.Intake.GetAsync("/api/cases?subtree=true"));
        Assert.DoesNotContain(subtree["items"]!.AsArray(), c => (string?)c!["id"] == rootId);
        await Refused(s.Intake.GetAsync($"/api/cases/{rootId}"), HttpStatusCode.NotFound);
        await Refused(s.Intake.GetAsync($"/api/cases/{rootId}/history"), HttpStatusCode.NotFound);
    }

    private static IEnumerable<string> Codes(JsonArray nodes)
        => nodes.SelectMany(n => Codes(n!["children"]!.AsArray()).Prepend((string)n!["code"]!));

    [Fact]
    public async Task ListAgencies_ReturnsTheCallersTreeOnly()
    {
        // api.md Agencies: GET /api/agencies → the tree the caller may see.
        var s = await Create(factory);
        var other = await Create(factory);

        var adminTree = (await Ok(s.Admin.GetAsync("/api/agencies"))).AsArray();
        var root = Assert.Single(adminTree)!;
        Assert.Equal(s.Root, (string?)root["code"]);
        Assert.Null(root["parentCode"]);
        var child = Assert.Single(root["children"]!.AsArray())!;
        Assert.Equal(s.Child, (string?)child["code"]);
        Assert.Equal([s.Root, s.Child], Codes(adminTree));
        Assert.DoesNotContain(other.Root, adminTree.ToJsonString());
        Assert.DoesNotContain(other.Child, adminTree.ToJsonString());

        // A user of the child agency sees the child only, not its parent nor its sibling tree.
        var handlerTree = (await Ok(s.Handler.GetAsync("/api/agencies"))).AsArray();
        Assert.Equal([s.Child], Codes(handlerTree));

        var supervisorTree = (await Ok(s.Supervisor.GetAsync("/api/agencies"))).AsArray();
        Assert.Equal([s.Root, s.Child], Codes(supervisorTree));
    }

    [Fact]
    public async Task Forbidden_IsProblemDetailsWithStatusAndTitle()
    {
        // api.md Errors: RFC 9457 problem details for 403 as for every error.
        var s = await Create(factory);
        var response = await s.Handler.Post("/api/agencies", new { code = "Z" + s.Child, name = "某局" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(403, (int)body["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["title"]));
    }

    [Fact]
    public async Task Forbidden_ByRolePolicy_DetailNamesTheRolesNeededAndHeld()
    {
        // Issue 10 item 6: a 403 says which role was needed (problem details detail), for every role policy.
        var s = await Create(factory);
        var problem = await Refused(s.Approver.Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-11-02",
            applicant = new { kind = "NaturalPerson", name = "张三" }, description = "预算",
        }), HttpStatusCode.Forbidden);
        var detail = (string?)problem["detail"];
        Assert.Contains("IntakeOfficer or Administrator", detail);
        Assert.Contains("you have Approver", detail);
        var reports = await Refused(s.Handler.Post("/api/reports/snapshots", new { year = 2025, agency = s.Child }), HttpStatusCode.Forbidden);
        Assert.Contains("Supervisor or Administrator", (string?)reports["detail"]);
    }

    [Fact]
    public async Task Forbidden_ByAgencyScope_DetailNamesTheAgencyNeeded()
    {
        // Issue 10 item 6: a 403 of agency scoping says which agency was asked for, which the user acts for, and who may.
        var s = await Create(factory);
        var other = await Create(factory);
        var register = await Refused(s.Intake.Post("/api/cases", new
        {
            agencyCode = other.Child, channel = "InPerson", submittedOn = "2026-11-02",
            applicant = new { kind = "NaturalPerson", name = "张三" }, description = "预算",
        }), HttpStatusCode.Forbidden);
        // Each agency by its code and name, as the office knows it.
        Assert.Contains($"You act for agency {s.Child} 测试州人民政府 only and may not act for {other.Child} 测试州人民政府", (string?)register["detail"]);
        var list = await Refused(s.Supervisor.GetAsync($"/api/cases?agency={other.Root}"), HttpStatusCode.Forbidden);
        Assert.Contains($"Agency {other.Root} 测试省人民政府 is neither {s.Root} 测试省人民政府 nor under it", (string?)list["detail"]);
        Assert.Contains("Supervisor or Administrator of an agency above it", (string?)list["detail"]);
    }

    [Fact]
    public async Task Forbidden_ByAgencyScope_InChinese_NamesEachAgencyByCodeAndName()
    {
        var s = await Create(factory);
        var other = await Create(factory);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases?agency={other.Child}");
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN");
        var refused = await Refused(s.Handler.SendAsync(request), HttpStatusCode.Forbidden);
        Assert.Equal($"您只代表机关{s.Child} 测试州人民政府，不能查看{other.Child} 测试州人民政府：此操作须由{other.Child} 测试州人民政府的用户，或其上级机关的督办人或管理员办理。",
            (string?)refused["detail"]);
    }
}
