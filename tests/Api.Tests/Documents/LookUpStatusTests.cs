using System.Text.Json.Nodes;
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

/// <summary>Trial F finding 2: the applicants' status lookup speaks Chinese by default (its own factory: the lookups are rate limited per address).</summary>
public class LookUpStatusLanguageTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task Lookup_AnswersInChinese_WithoutAcceptLanguage_EnglishOnlyWhenAskedFor()
    {
        // Trial F finding 2: the applicants' route answered in English to a plain link or script.
        var anonymous = factory.CreateClient();
        const string url = "/api/status?number=XQ-2026-00003&code=ABCDEFGHJK";
        var plain = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
        Assert.Contains("Accept-Language", plain.Headers.Vary);
        var zh = JsonNode.Parse(await plain.Content.ReadAsStringAsync())!;
        Assert.Contains("查询码", (string)zh["detail"]!);
        Assert.DoesNotContain("There is no case", (string)zh["detail"]!);
        Assert.DoesNotMatch("[A-Za-z]{4,}", (string)zh["title"]!);

        var missing = JsonNode.Parse(await (await anonymous.GetAsync("/api/status?number=XQ-2026-00003")).Content.ReadAsStringAsync())!;
        Assert.StartsWith("查询码为必填项", (string)missing["errors"]!["code"]![0]!);

        foreach (var other in new[] { "fr", "zh-CN,en;q=0.5" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept-Language", other);
            Assert.Contains("查询码", (string)JsonNode.Parse(await (await anonymous.SendAsync(request)).Content.ReadAsStringAsync())!["detail"]!);
        }

        var english = new HttpRequestMessage(HttpMethod.Get, url);
        english.Headers.TryAddWithoutValidation("Accept-Language", "en-US,en;q=0.9");
        var en = JsonNode.Parse(await (await anonymous.SendAsync(english)).Content.ReadAsStringAsync())!;
        Assert.StartsWith("There is no case XQ-2026-00003", (string)en["detail"]!);
    }
}
