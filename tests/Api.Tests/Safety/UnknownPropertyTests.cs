using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Documents.DocumentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Safety;

/// <summary>
/// Trial D findings 1, 2, 11: a JSON body member that no field of the route takes (a typo, a field of another route) is
/// refused with 400 naming it by its JSON path and the members accepted at that level, on every route and at every level,
/// and nothing is changed or numbered; the refusal sentences of findings 12 and 15.
/// </summary>
public class UnknownPropertyTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, string json, bool chinese = true)
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (chinese) request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN");
        return client.SendAsync(request);
    }

    private static string Only(JsonNode problem, string path)
    {
        var errors = problem["errors"]!.AsObject();
        Assert.Equal([path], errors.Select(e => e.Key));
        return (string)errors[path]![0]!;
    }

    [Fact]
    public async Task Registration_WithAMemberTheApplicantDoesNotHave_IsRefusedNamingItsPath_AndNoCaseIsRegistered()
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        var body = $$$"""
            {"agencyCode":"{{{s.Child}}}","channel":"InPerson","submittedOn":"2026-09-01","description":"2025年城市道路维修预算",
             "applicant":{"kind":"NaturalPerson","name":"张三","mobile":"13900000000"}}
            """;
        var refused = await Refused(Send(s.Intake, HttpMethod.Post, "/api/cases", body), HttpStatusCode.BadRequest);
        Assert.Equal("没有参数applicant.mobile；可用参数为kind, name, idNumber, phone, email, address, idKind。", Only(refused, "applicant.mobile"));
        Assert.Equal("没有参数applicant.mobile；可用参数为kind, name, idNumber, phone, email, address, idKind。", (string)refused["detail"]!);

        // A top-level member, in English: named with the body's own members.
        var top = body.Replace("\"channel\":\"InPerson\"", "\"channel\":\"InPerson\",\"colour\":\"red\"").Replace(",\"mobile\":\"13900000000\"", "");
        var english = Only(await Refused(Send(s.Intake, HttpMethod.Post, "/api/cases", top, chinese: false), HttpStatusCode.BadRequest), "colour");
        Assert.StartsWith("There is no property colour; the accepted properties are ", english);
        Assert.Contains("agencyCode", english);
        Assert.Contains("applicant", english);
        Assert.Equal(before, factory.Snapshot());

        // The same body without the unknown member registers the case: the refusal was the member, nothing else.
        var registered = await Ok(Send(s.Intake, HttpMethod.Post, "/api/cases", top.Replace(",\"colour\":\"red\"", "")));
        Assert.NotNull((string?)registered["caseNumber"]);
    }

    [Fact]
    public async Task AStep_WithAnExtraMember_IsRefused_AndTheCaseIsNotExtended()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        var dueBefore = (string)(await Ok(s.Approver.GetAsync($"/api/cases/{id}")))["dueOn"]!;
        var before = factory.Snapshot();
        var refused = await Refused(Send(s.Approver, HttpMethod.Post, $"/api/cases/{id}/extension",
            """{"approvedOn":"2026-09-10","workingDays":10,"reason":"需要调取档案","applicantNotifiedOn":"2026-09-11","extra":1}"""), HttpStatusCode.BadRequest);
        Assert.Equal("没有参数extra；可用参数为approvedOn, workingDays, reason, applicantNotifiedOn。", Only(refused, "extra"));
        Assert.Equal(before, factory.Snapshot());
        Assert.Equal(dueBefore, (string)(await Ok(s.Approver.GetAsync($"/api/cases/{id}")))["dueOn"]!);
    }

    [Fact]
    public async Task AnArrayOfObjects_NamesTheItemByItsIndex()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        var before = factory.Snapshot();
        var refused = await Refused(Send(s.Handler, HttpMethod.Post, $"/api/cases/{id}/fee-notice",
            """{"issuedOn":"2026-09-03","method":"Cost","items":[{"kind":"Search","amountYuan":30},{"kind":"Copy","amountYuan":5,"perDisk":3}]}"""),
            HttpStatusCode.BadRequest);
        Assert.Equal("没有参数items[1].perDisk；可用参数为kind, amountYuan, pages, count。", Only(refused, "items[1].perDisk"));
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task SettingsPuts_WithAMisspeltMember_AreRefused_AndTheSettingsAreKept()
    {
        var s = await Create(factory);
        var settings = $"/api/agencies/{s.Child}/document-settings";
        await Ok(s.Admin.Put(settings, new { prefixes = new Dictionary<string, string> { ["Answer"] = "测政信答" }, reviewBody = "测试州人民政府" }));
        var prices = $"/api/agencies/{s.Child}/cost-prices";
        await Ok(s.Admin.Put(prices, new { perPageYuan = 0.2m, perSearchYuan = 30m, perItemPostedYuan = 12m }));
        var pricesBefore = (await Ok(s.Admin.GetAsync(prices))).ToJsonString();
        var before = factory.Snapshot();

        // Trial D finding 1: "prefix" for "prefixes" used to reset every prefix to the defaults.
        var prefix = await Refused(Send(s.Admin, HttpMethod.Put, settings, """{"prefix":{"Answer":"测政信复"},"reviewBody":"测试州人民政府"}"""),
            HttpStatusCode.BadRequest);
        Assert.StartsWith("没有参数prefix；可用参数为prefixes, reviewBody, reviewCourt, statusPageUrl", Only(prefix, "prefix"));
        var perDisk = await Refused(Send(s.Admin, HttpMethod.Put, prices, """{"perPageYuan":0.3,"perSearchYuan":30,"perItemPostedYuan":12,"perDisk":3}"""),
            HttpStatusCode.BadRequest);
        Assert.Equal("没有参数perDisk；可用参数为perPageYuan, perSearchYuan, perItemPostedYuan。", Only(perDisk, "perDisk"));
        var mapping = await Refused(Send(s.Admin, HttpMethod.Put, $"/api/agencies/{s.Child}/import-mapping", """{"column":{"来件登记日":"submittedOn"}}"""),
            HttpStatusCode.BadRequest);
        Assert.Equal("没有参数column；可用参数为columns。", Only(mapping, "column"));

        Assert.Equal(before, factory.Snapshot());
        var kept = await Ok(s.Admin.GetAsync(settings));
        Assert.Equal("测政信答", (string)kept["prefixes"]!["Answer"]!);
        Assert.Equal(pricesBefore, (await Ok(s.Admin.GetAsync(prices))).ToJsonString());
    }

    [Fact]
    public async Task Archival_AndUserCreation_WithAnUnknownMember_AreRefused()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        var before = factory.Snapshot();
        Assert.Equal("没有参数x；可用参数为archivedOn。",
            Only(await Refused(Send(s.Admin, HttpMethod.Post, $"/api/cases/{id}/archival", """{"x":1}"""), HttpStatusCode.BadRequest), "x"));
        var user = await Refused(Send(s.Admin, HttpMethod.Post, "/api/users",
            $$"""{"login":"new-{{s.Child}}","name":"某","agencyCode":"{{s.Child}}","roles":["CaseHandler"],"role":"Approver"}"""), HttpStatusCode.BadRequest);
        Assert.Equal("没有参数role；可用参数为login, name, agencyCode, roles, password。", Only(user, "role"));
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task TheDocumentsRoutes_StillNameEveryUnknownMemberAtOnce()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        var refused = await Refused(Send(s.Intake, HttpMethod.Post, $"/api/cases/{id}/documents", """{"kind":"Receipt","edit":{"body":"x"},"colour":"red"}"""),
            HttpStatusCode.BadRequest);
        Assert.Equal(["colour", "edit"], refused["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnUnknownRole_IsRefusedListingEachCodeWithItsLabel()
    {
        // Trial D finding 12: the JSON needs the code (CaseHandler), which the refusal used to leave out.
        var s = await Create(factory);
        var refused = await Refused(Send(s.Admin, HttpMethod.Post, "/api/users",
            $$"""{"login":"boss-{{s.Child}}","name":"某","agencyCode":"{{s.Child}}","roles":["Boss"]}"""), HttpStatusCode.BadRequest);
        var sentence = Only(refused, "roles");
        Assert.StartsWith("“Boss”不是角色；可用的角色为：", sentence);
        Assert.Contains("CaseHandler（承办人）", sentence);
        Assert.Contains("IntakeOfficer（登记员）", sentence);
        var none = await Refused(Send(s.Admin, HttpMethod.Post, "/api/users",
            $$"""{"login":"boss-{{s.Child}}","name":"某","agencyCode":"{{s.Child}}","roles":[]}"""), HttpStatusCode.BadRequest);
        Assert.Contains("Approver（审批人）", Only(none, "roles"));
    }

    [Fact]
    public async Task TheStatusLookup_WithoutACode_AsksForTheQueryCode()
    {
        // Trial D finding 15: the applicant's word is 查询码, not 代码.
        var anonymous = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/status?number=WD-2026-00001");
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN");
        var refused = await Refused(anonymous.SendAsync(request), HttpStatusCode.BadRequest);
        var sentence = Only(refused, "code");
        Assert.StartsWith("查询码为必填项", sentence);
        Assert.DoesNotContain("代码", sentence);
    }
}
