using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Documents.DocumentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Documents;

/// <summary>
/// Trial C findings 15, 16, 2 and 19 on the API: one 文号 prefix per kind, what a settings PUT clears (and says it cleared), the
/// public status page address the 登记回执 names, the status lookup's dates, and the due-date explanation in Chinese.
/// </summary>
public partial class DocumentSettingsTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static Task<HttpResponseMessage> PutZh(HttpClient client, string url, object body)
        => client.SendAsync(new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = JsonContent.Create(body, options: Http.Json),
            Headers = { { "Accept-Language", "zh-CN" } },
        });

    [Fact]
    public async Task TwoKindsWithOnePrefix_AreRefusedNamingBoth_InChinese_AndNothingIsSaved()
    {
        var s = await Create(factory);
        var url = $"/api/agencies/{s.Child}/document-settings";
        await Ok(s.Admin.Put(url, new { prefixes = new Dictionary<string, string> { ["Answer"] = "测政信答" }, reviewBody = "测试州人民政府" }));

        // Two own prefixes the same (trial C: Receipt and Answer both 禄政办公开受).
        var same = await Refused(PutZh(s.Admin, url, new { prefixes = new Dictionary<string, string> { ["Receipt"] = "测政信受", ["Answer"] = "测政信受" } }),
            HttpStatusCode.BadRequest);
        var message = (string)same["errors"]!["prefixes.Answer"]![0]!;
        Assert.Contains("登记回执", message);
        Assert.Contains("测政信受", message);
        Assert.StartsWith("各类文书的文号前缀不能相同", message);

        // An own prefix the same as another kind's default.
        var asDefault = await Refused(s.Admin.Put(url, new { prefixes = new Dictionary<string, string> { ["Answer"] = "依申请公开受" } }), HttpStatusCode.BadRequest);
        Assert.Contains("Receipt", (string)asDefault["errors"]!["prefixes.Answer"]![0]!);

        var kept = await Ok(s.Admin.GetAsync(url));
        Assert.Equal("测政信答", (string)kept["prefixes"]!["Answer"]!);
        Assert.Equal("测试州人民政府", (string)kept["reviewBody"]!);
    }

    [Fact]
    public async Task APutWithoutTheReviewBody_ClearsIt_AndTheAnswerSaysWhatItCleared()
    {
        var s = await Create(factory);
        var url = $"/api/agencies/{s.Child}/document-settings";
        var first = await Ok(s.Admin.Put(url, new { reviewBody = "测试州人民政府", reviewCourt = "测试市人民法院", statusPageUrl = "https://www.example.gov.cn/status" }));
        Assert.Empty(first["cleared"]!.AsArray());

        // A PUT replaces: the prefixes alone clear the review body, the court and the address — and the answer names them.
        var second = await Ok(s.Admin.Put(url, new { prefixes = new Dictionary<string, string> { ["Receipt"] = "测政信受" } }));
        Assert.Equal(["reviewBody", "reviewCourt", "statusPageUrl"], second["cleared"]!.AsArray().Select(c => (string)c!).ToArray());
        var now = await Ok(s.Admin.GetAsync(url));
        Assert.Null((string?)now["reviewBody"]);
        Assert.Null((string?)now["statusPageUrl"]);
        Assert.Equal("测政信受", (string)now["prefixes"]!["Receipt"]!);

        // Sending them again clears nothing.
        var third = await Ok(s.Admin.Put(url, new { prefixes = new Dictionary<string, string> { ["Receipt"] = "测政信受" }, reviewBody = "测试州人民政府" }));
        Assert.Empty(third["cleared"]!.AsArray());
    }

    [Theory]
    [InlineData("www.example.gov.cn/status")]
    [InlineData("ftp://example.gov.cn/status")]
    [InlineData("javascript:alert(1)")]
    public async Task AStatusPageAddressThatIsNotAFullWebAddress_IsRefusedByName(string address)
    {
        var s = await Create(factory);
        var bad = await Refused(PutZh(s.Admin, $"/api/agencies/{s.Child}/document-settings", new { statusPageUrl = address }), HttpStatusCode.BadRequest);
        Assert.StartsWith("办理进度查询网址须为完整网址", (string)bad["errors"]!["statusPageUrl"]![0]!);
    }

    [Fact]
    public async Task TheReceipt_NamesTheStatusPageAddress_WhenTheAgencySetOne_AndOtherwiseSaysAsBefore()
    {
        var s = await Create(factory);
        var without = await IssueAndOpen(s.Intake, await Registered(s), "Receipt");
        Assert.Contains("查询办理进度。", without.Text);
        Assert.DoesNotContain("查询网址", without.Text);

        await Ok(s.Admin.Put($"/api/agencies/{s.Child}/document-settings", new { statusPageUrl = "https://xxgk.example.gov.cn/status" }));
        var id = await Registered(s);
        var with = await IssueAndOpen(s.Intake, id, "Receipt");
        Assert.Contains("查询办理进度。查询网址：https://xxgk.example.gov.cn/status", with.Text);
        var page = await (await s.Intake.GetAsync($"/api/cases/{id}/documents/{with.Id}?format=html")).Content.ReadAsStringAsync();
        Assert.Contains("https://xxgk.example.gov.cn/status", page);
    }

    [Fact]
    public async Task StatusLookup_GivesTheReceivedAndAnswerDates_NothingPersonal()
    {
        var s = await Create(factory);
        var registered = await s.Register("InPerson", "2026-09-01", applicant: "褚日期");
        var id = (string)registered["id"]!;
        var number = Uri.EscapeDataString((string)registered["caseNumber"]!);
        var code = (string)(await Ok(Issue(s.Intake, id, "Receipt")))["lookupCode"]!;
        var anonymous = factory.CreateClient();
        var open = await Ok(anonymous.GetAsync($"/api/status?number={number}&code={code}"));
        Assert.Equal("2026-09-01", (string)open["receivedOn"]!);
        Assert.Null((string?)open["decidedOn"]);

        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed", summary = "预算表" }));
        var decided = await Ok(anonymous.GetAsync($"/api/status?number={number}&code={code}"));
        Assert.Equal("2026-09-10", (string)decided["decidedOn"]!);
        Assert.Equal("2026-09-01", (string)decided["receivedOn"]!);
        Assert.DoesNotContain("褚日期", decided.ToJsonString());
        Assert.DoesNotContain("预算表", decided.ToJsonString());
    }

    [Fact]
    public async Task Deadline_InChinese_HasTheArticleBaseReasonAndPausesInChinese_EnglishUnchangedWithoutZh()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2026-09-03", method = "PerPage", pages = 150 }));
        await Ok(s.Handler.Post($"/api/cases/{id}/fee-payment", new { paidOn = "2026-09-08", amountYuan = 1700 }));

        var zh = await Ok(s.Handler.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{id}/deadline") { Headers = { { "Accept-Language", "zh-CN" } } }));
        var explanation = zh["explanation"]!;
        Assert.Equal("《条例》第三十三条：20个工作日", (string)explanation["article"]!);
        Assert.Equal("收到申请之日（《条例》第三十一条）", (string)explanation["baseReason"]!);
        var pause = (string)explanation["pauses"]![0]!["detail"]!;
        Assert.Contains("2026-09-03", pause);
        Assert.DoesNotMatch(LatinWord(), pause);
        Assert.All(explanation["lines"]!.AsArray(), line => Assert.DoesNotMatch(LatinWord(), (string)line!));

        var en = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/deadline")))["explanation"]!;
        Assert.Equal("Art. 33: 20 working days", (string)en["article"]!);
        Assert.Equal("receipt (Art. 31)", (string)en["baseReason"]!);
        Assert.Matches(LatinWord(), (string)en["pauses"]![0]!["detail"]!);
    }

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex LatinWord();
}
