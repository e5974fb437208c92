using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Chinese;

/// <summary>
/// Fresh-office trial A, findings 3, 4 and 12 (issue 14 finding 7 continued): a Chinese refusal never offers a Chinese label the
/// API would refuse (each code is listed with its label) and has no English sentence parts; the English stays for en.
/// </summary>
public class TrialAMessagesTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly (string, string) Zh = ("Accept-Language", "zh-CN,zh;q=0.9");
    private static readonly (string, string) En = ("Accept-Language", "en");

    private static string[] Errors(JsonNode problem, string field) => problem["errors"]![field]!.AsArray().Select(m => (string)m!).ToArray();

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, object? body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return client.SendAsync(request);
    }

    /// <summary>Finding 3: channel "当面" and applicant kind "自然人" are refused with the codes, each with its label (zh), or the bare codes (en).</summary>
    [Fact]
    public async Task EnumRefusal_ListsTheCodesWithTheirChineseLabels_ForZh()
    {
        var s = await Create(factory);
        object Body(string channel, string kind) => new
        {
            agencyCode = s.Child, channel, submittedOn = "2026-09-01", description = "道路维修预算",
            applicant = new { kind, name = "张三" },
        };

        var zhChannel = await Refused(s.Intake.Post("/api/cases", Body("当面", "NaturalPerson"), Zh), HttpStatusCode.BadRequest);
        var channel = Errors(zhChannel, "channel")[0];
        Assert.Contains("InPerson（当面）、Letter（信函）、Online（网络）、Fax（传真）", channel);
        Assert.StartsWith("申请渠道", channel);
        var enChannel = await Refused(s.Intake.Post("/api/cases", Body("当面", "NaturalPerson"), En), HttpStatusCode.BadRequest);
        Assert.Contains("must be one of InPerson, Letter, Online, Fax.", Errors(enChannel, "channel")[0]);

        var zhKind = await Refused(s.Intake.Post("/api/cases", Body("InPerson", "自然人"), Zh), HttpStatusCode.BadRequest);
        var kind = Errors(zhKind, "applicant.kind")[0];
        Assert.Contains("NaturalPerson（自然人）", kind);
        Assert.Contains("Commercial（", kind);

        // The query's enums too (GET /api/cases?channel=当面) and the sort keys with labels (finding 4f).
        var zhQuery = await Refused(Send(s.Intake, HttpMethod.Get, $"/api/cases?agency={s.Child}&channel=%E5%BD%93%E9%9D%A2&sort=foo", null, Zh), HttpStatusCode.BadRequest);
        Assert.Equal("申请渠道须为以下之一：InPerson（当面）、Letter（信函）、Online（网络）、Fax（传真）。", Errors(zhQuery, "channel")[0]);
        Assert.Equal("排序方式须为以下之一：dueOn（答复期限）、receivedOn（收到日期）、number（案件编号）。", Errors(zhQuery, "sort")[0]);
        var enQuery = await Refused(Send(s.Intake, HttpMethod.Get, $"/api/cases?agency={s.Child}&sort=foo", null, En), HttpStatusCode.BadRequest);
        Assert.Equal("sort must be one of dueOn, receivedOn, number.", Errors(enQuery, "sort")[0]);

        // Nothing registered.
        Assert.Equal(0, (int?)(await Ok(s.Intake.GetAsync($"/api/cases?agency={s.Child}")))["total"]);
    }

    /// <summary>Finding 4b: an unknown outcome names the regime in Chinese and lists each code with its Chinese label.</summary>
    [Fact]
    public async Task OutcomeRefusal_NamesTheRegimeAndTheCodesInChinese_ForZh()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        var body = new { decidedOn = "2026-09-05", outcome = "NotHeld", summary = "不掌握" };

        var zh = await Refused(s.Handler.Post($"/api/cases/{id}/decision", body, Zh), HttpStatusCode.BadRequest);
        var message = Errors(zh, "outcome")[0];
        Assert.StartsWith("“NotHeld”不是2019年条例（2019-05-15及以后收到的申请）的办理结果代码。", message);
        Assert.Contains("Unable.NotHeld（本机关不掌握相关政府信息，《条例》第三十六条第（四）项）", message);
        Assert.Contains("Unable.NotHeld.OtherAgency（非本机关，《条例》第三十六条第（五）项）", message);
        Assert.Contains("Disclosed.AlreadyPublished（已主动公开，《条例》第三十六条第（一）项）", message);
        Assert.DoesNotContain("Regime", message);
        var en = await Refused(s.Handler.Post($"/api/cases/{id}/decision", body, En), HttpStatusCode.BadRequest);
        Assert.Contains("is not an outcome code of Regime 2019 (cases received on or after 2019-05-15). Choose one of: Disclosed, ", Errors(en, "outcome")[0]);
    }

    /// <summary>Finding 4a: the in-person receipt rule names the dates in Chinese.</summary>
    [Fact]
    public async Task InPersonReceiptRule_NamesTheDatesInChinese_ForZh()
    {
        var s = await Create(factory);
        var body = new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-09-01", receivedOn = "2026-09-02", description = "道路维修预算",
            applicant = new { kind = "NaturalPerson", name = "张三" },
        };
        var zh = await Refused(s.Intake.Post("/api/cases", body, Zh), HttpStatusCode.BadRequest);
        Assert.Equal("当面提交的申请以提交之日为收到之日（《条例》第三十一条）：收到日期须与提交日期相同。", Errors(zh, "receivedOn")[0]);
        var en = await Refused(s.Intake.Post("/api/cases", body, En), HttpStatusCode.BadRequest);
        Assert.EndsWith("receivedOn must equal submittedOn.", Errors(en, "receivedOn")[0]);
    }

    /// <summary>Finding 4c and 9: a malformed If-Match is refused in Chinese, naming the case version on a case step and the agency version on an agency.</summary>
    [Fact]
    public async Task MalformedIfMatch_IsRefusedInChinese_CaseOrAgency()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        var decision = new { decidedOn = "2026-09-05", outcome = "Disclosed", summary = "予以公开" };

        var zhCase = await Refused(Send(s.Handler, HttpMethod.Post, $"/api/cases/{id}/decision", decision, Zh, ("If-Match", "abc")), HttpStatusCode.BadRequest);
        Assert.Equal("If-Match 请求头须为您读取时的案件版本号，例如 \"3\"。", Errors(zhCase, "If-Match")[0]);
        var enCase = await Refused(Send(s.Handler, HttpMethod.Post, $"/api/cases/{id}/decision", decision, En, ("If-Match", "abc")), HttpStatusCode.BadRequest);
        Assert.Equal("If-Match must hold the case version you read, e.g. \"3\".", Errors(enCase, "If-Match")[0]);

        var rename = new { name = "测试自治州人民政府", parentCode = s.Root, active = true, reason = "机构改革更名" };
        var zhAgency = await Refused(Send(s.Admin, HttpMethod.Put, $"/api/agencies/{s.Child}", rename, Zh, ("If-Match", "abc")), HttpStatusCode.BadRequest);
        var agencyMessage = Errors(zhAgency, "If-Match")[0];
        Assert.StartsWith("If-Match 请求头须为您读取时的机关版本号", agencyMessage);
        Assert.DoesNotContain("案件", agencyMessage);

        // A stale agency version: one sentence about the agency.
        await Ok(Send(s.Admin, HttpMethod.Put, $"/api/agencies/{s.Child}", rename, ("If-Match", "\"1\"")));
        var stale = await Refused(Send(s.Admin, HttpMethod.Put, $"/api/agencies/{s.Child}", rename with { }, Zh, ("If-Match", "\"1\"")), HttpStatusCode.Conflict);
        Assert.Equal($"机关{s.Child}的当前版本为2，不是1：您读取后已有人修改，请重新载入后再试。", (string?)stale["detail"]);
    }

    /// <summary>Finding 12: a date query parameter that does not parse names the field 起始日期 and asks for yyyy-MM-dd.</summary>
    [Fact]
    public async Task DateQueryParameter_ThatDoesNotParse_AsksForYyyyMmDd_InChinese()
    {
        var s = await Create(factory);
        var zh = await Refused(Send(s.Admin, HttpMethod.Get, "/api/audit/personal-data?from=2026-13-01", null, Zh), HttpStatusCode.BadRequest);
        Assert.Equal("起始日期不能为“2026-13-01”：请按 yyyy-MM-dd 填写日期（例如 2026-09-01）。", Errors(zh, "from")[0]);
        var en = await Refused(Send(s.Admin, HttpMethod.Get, "/api/audit/personal-data?to=2026-02-30", null, En), HttpStatusCode.BadRequest);
        Assert.Equal("to cannot be '2026-02-30': write the date as yyyy-MM-dd (e.g. 2026-09-01).", Errors(en, "to")[0]);
    }

    /// <summary>Finding 12: a body that is not JSON (415) says which type is accepted; a JSON array where an object is read says so.</summary>
    [Fact]
    public async Task WrongContentType_And_WrongJsonShape_AreSaidInChinese()
    {
        var s = await Create(factory);
        async Task<JsonNode> Post(string content, string mediaType, (string, string) language, HttpStatusCode status)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = new StringContent(content, System.Text.Encoding.UTF8, mediaType) };
            request.Headers.TryAddWithoutValidation(language.Item1, language.Item2);
            return await Refused(s.Intake.SendAsync(request), status);
        }

        var zh415 = await Post("channel=InPerson", "text/plain", Zh, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("请求正文须为 UTF-8 编码的 JSON，本接口不接受“text/plain; charset=utf-8”类型的内容。", (string?)zh415["detail"]);
        var en415 = await Post("channel=InPerson", "text/plain", En, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("The request body must be sent as application/json (UTF-8), not as \"text/plain; charset=utf-8\".", (string?)en415["detail"]);

        var zhArray = await Post("[{\"channel\":\"InPerson\"}]", "application/json", Zh, HttpStatusCode.BadRequest);
        Assert.Equal("请求正文是有效的 JSON，但不是对象：请发送一个 JSON 对象（{ … }），其中填写本请求的各字段。", Errors(zhArray, "body")[0]);
        Assert.DoesNotContain("不是有效的 JSON", (string?)zhArray["detail"]);
        var enArray = await Post("[1, 2]", "application/json", En, HttpStatusCode.BadRequest);
        Assert.StartsWith("The request body is valid JSON but not an object", Errors(enArray, "body")[0]);
        Assert.Equal(0, (int?)(await Ok(s.Intake.GetAsync($"/api/cases?agency={s.Child}")))["total"]);
    }

    /// <summary>Finding 12: a 10-digit number starting with 1 is a mistyped mobile (11 digits) and is refused; 11 digits and landlines pass.</summary>
    [Fact]
    public async Task TenDigitMobile_IsRefused_ElevenDigitsAndLandlinesAccepted()
    {
        var s = await Create(factory);
        object Body(string phone) => new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-09-01", description = "道路维修预算",
            applicant = new { kind = "NaturalPerson", name = "张三", phone },
        };
        var zh = await Refused(s.Intake.Post("/api/cases", Body("1391234567"), Zh), HttpStatusCode.BadRequest);
        Assert.Equal("电话号码1391234567以1开头，像是手机号码，却有10位数字：手机号码应为11位。", Errors(zh, "applicant.phone")[0]);
        var en = await Refused(s.Intake.Post("/api/cases", Body("139 1234 56789"), En), HttpStatusCode.BadRequest);
        Assert.Equal("The phone number 139 1234 56789 starts with 1 like a mobile number but has 12 digits: a mobile number has 11 digits.", Errors(en, "applicant.phone")[0]);
        Assert.Equal(0, (int?)(await Ok(s.Intake.GetAsync($"/api/cases?agency={s.Child}")))["total"]);

        foreach (var phone in new[] { "13912345678", "139-1234-5678", "+86 13912345678", "0871-12345678", "65123456", "0871-12345678转123" })
            Assert.Equal(HttpStatusCode.Created, (await s.Intake.Post("/api/cases", Body(phone))).StatusCode);
    }
}
