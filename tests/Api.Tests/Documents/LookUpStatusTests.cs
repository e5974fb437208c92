using System.Net;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Documents.DocumentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Documents;

/// <summary>documents.md "查询码": the case number and the receipt's code open the status and due date, anonymously; nothing else does.</summary>
public class LookUpStatusTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task Lookup_WithTheRightCode_GivesStatusAndDueDateOnly_AWrongCodeIs404LikeAnUnknownNumber()
    {
        var s = await Create(factory);
        var registered = await s.Register("InPerson", "2026-09-01", applicant: "冯查询");
        var id = (string)registered["id"]!;
        var number = (string)registered["caseNumber"]!;
        var code = (string)(await Ok(Issue(s.Intake, id, "Receipt")))["lookupCode"]!;
        var anonymous = factory.CreateClient();

        var found = await Ok(anonymous.GetAsync($"/api/status?number={Uri.EscapeDataString(number)}&code={code.ToLowerInvariant()}"));
        Assert.Equal(number, (string)found["caseNumber"]!);
        Assert.Equal((string)registered["status"]!, (string)found["status"]!);
        Assert.Equal((string)registered["dueOn"]!, (string)found["dueOn"]!);
        Assert.DoesNotContain("冯查询", found.ToJsonString());
        Assert.Equal(["caseNumber", "status", "statusLabel", "dueOn", "closedOn", "receivedOn", "decidedOn"], found.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal("办理中", (string)found["statusLabel"]!);

        var wrong = await Refused(anonymous.GetAsync($"/api/status?number={Uri.EscapeDataString(number)}&code=ABCDEFGHJK"), HttpStatusCode.NotFound);
        var unknown = await Refused(anonymous.GetAsync($"/api/status?number={Uri.EscapeDataString(s.Child)}-2026-99999&code={code}"), HttpStatusCode.NotFound);
        Assert.Equal(((string)wrong["detail"]!).Replace(number, "N"), ((string)unknown["detail"]!).Replace($"{s.Child}-2026-99999", "N"));
        await Refused(anonymous.GetAsync("/api/status"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Lookup_WithTheCodeOfAReplacedReceipt_IsRefused()
    {
        var s = await Create(factory);
        var registered = await s.Register("InPerson", "2026-09-01");
        var id = (string)registered["id"]!;
        var number = Uri.EscapeDataString((string)registered["caseNumber"]!);
        var first = await Ok(Issue(s.Intake, id, "Receipt"));
        var second = await Ok(Issue(s.Intake, id, "Receipt", new { kind = "Receipt", replaces = (string)first["id"]! }));
        var anonymous = factory.CreateClient();
        await Refused(anonymous.GetAsync($"/api/status?number={number}&code={first["lookupCode"]}"), HttpStatusCode.NotFound);
        await Ok(anonymous.GetAsync($"/api/status?number={number}&code={second["lookupCode"]}"));
    }
}

/// <summary>security.md "Abuse and faults": the anonymous lookup is rate limited per address (RateLimits:StatusLookupsPerAddressPerMinute, 10).</summary>
public class LookUpStatusRateLimitTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task Lookups_BeyondTheLimitPerMinute_Are429()
    {
        var anonymous = factory.CreateClient();
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/status?number=X-2026-0000{i}&code=ABCDEFGHJK")).StatusCode);
        var refused = await anonymous.GetAsync("/api/status?number=X-2026-00011&code=ABCDEFGHJK");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }
}
