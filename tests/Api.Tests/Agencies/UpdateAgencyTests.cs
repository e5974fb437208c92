using System.Net;
using System.Net.Http.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Agencies;

/// <summary>Issue 16 item 5: agencies renamed with history, moved (Administrator of both), deactivated (no new cases); case numbers stay.</summary>
public class UpdateAgencyTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static Task<HttpResponseMessage> Put(HttpClient client, string url, object body, string? ifMatch = null, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (language is not null) request.Headers.TryAddWithoutValidation("Accept-Language", language);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Rename_KeepsHistory_NewReportsShowTheNewNameAndCaseNumbersStay()
    {
        var s = await Create(factory);
        var c = await s.Register("InPerson", "2026-06-01");
        var before = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2026?agency={s.Child}"));
        Assert.Equal("测试州人民政府", (string?)before["agency"]!["name"]);

        var renamed = await Ok(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试自治州人民政府", parentCode = s.Root, active = true, reason = "机构改革更名" }, "\"1\""));
        Assert.Equal(("测试自治州人民政府", 2), ((string?)renamed["name"], (int)renamed["version"]!));
        await Refused(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "又一个名字", parentCode = s.Root, reason = "再次更名" }, "\"1\""), HttpStatusCode.Conflict);

        var after = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2026?agency={s.Child}"));
        Assert.Equal("测试自治州人民政府", (string?)after["agency"]!["name"]);
        var history = (await Ok(s.Supervisor.GetAsync($"/api/agencies/{s.Child}/history"))).AsArray();
        var change = Assert.Single(history)!;
        Assert.Equal(("测试州人民政府", "测试自治州人民政府", "admin-" + s.Root, "机构改革更名"),
            ((string?)change["nameBefore"], (string?)change["nameAfter"], (string?)change["changedById"], (string?)change["reason"]));
        var same = await Ok(s.Handler.GetAsync($"/api/cases/{c["id"]}"));
        Assert.Equal((string?)c["caseNumber"], (string?)same["caseNumber"]);
    }

    [Fact]
    public async Task Move_NeedsAnAdministratorOfBoth_AndNeverUnderItself()
    {
        var s = await Create(factory);
        (await s.Admin.Post("/api/agencies", new { code = s.Child + "X", name = "另一机关", parentCode = s.Root })).EnsureSuccessStatusCode();
        (await s.Admin.Post("/api/agencies", new { code = s.Child + "Y", name = "下级机关", parentCode = s.Child })).EnsureSuccessStatusCode();
        var moved = await Ok(Put(s.Admin, $"/api/agencies/{s.Child}Y", new { name = "下级机关", parentCode = s.Child + "X", reason = "隶属关系调整" }));
        Assert.Equal(s.Child + "X", (string?)moved["parentCode"]);
        await Refused(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试州人民政府", parentCode = s.Child, reason = "隶属关系调整" }), HttpStatusCode.BadRequest);
        await Refused(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试州人民政府", parentCode = "NOSUCH", reason = "隶属关系调整" }), HttpStatusCode.BadRequest);

        // An administrator of the child only cannot move its subordinate under an agency outside its tree.
        var childAdmin = factory.As("admin-" + s.Child, s.Child, Roles.Administrator);
        (await childAdmin.Post("/api/agencies", new { code = s.Child + "Z", name = "再下级", parentCode = s.Child })).EnsureSuccessStatusCode();
        await Refused(Put(childAdmin, $"/api/agencies/{s.Child}Z", new { name = "再下级", parentCode = s.Child + "X", reason = "隶属关系调整" }), HttpStatusCode.Forbidden);
        await Refused(Put(s.Handler, $"/api/agencies/{s.Child}Z", new { name = "再下级", parentCode = s.Child, reason = "隶属关系调整" }), HttpStatusCode.Forbidden);
        await Refused(Put(s.Admin, "/api/agencies/NOSUCH", new { name = "x", parentCode = s.Root, reason = "更名" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deactivate_TakesNoNewCase_ExistingCasesGoOn()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-06-01"))["id"]!;
        await Ok(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试州人民政府", parentCode = s.Root, active = false, reason = "机构撤并，停止受理" }));
        var refused = await Refused(s.Intake.Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-06-02",
            applicant = new { kind = "NaturalPerson", name = "王五" }, description = "某项预算",
        }), HttpStatusCode.Conflict);
        Assert.Contains("deactivated", (string?)refused["detail"]);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-06-05", outcome = "Disclosed" }));

        await Ok(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试州人民政府", parentCode = s.Root, active = true, reason = "恢复受理" }));
        await s.Register("InPerson", "2026-06-02");
    }

    // Trial of issue 16: the If-Match of PUT comes from GET /api/agencies/{code} (version and ETag); stale is 409 like every
    // If-Match of the API (api.md), in Chinese; without If-Match the change is made on the version in force.
    [Fact]
    public async Task Get_GivesVersionAndETag_ForIfMatch_StaleIs409InChinese()
    {
        var s = await Create(factory);
        var read = await s.Admin.GetAsync($"/api/agencies/{s.Child}");
        var agency = await Ok(Task.FromResult(read));
        Assert.Equal((1, true), ((int)agency["version"]!, (bool)agency["active"]!));
        var etag = read.Headers.ETag!.ToString();
        Assert.Equal("\"1\"", etag);

        var renamed = await s.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/agencies/{s.Child}")
        {
            Content = JsonContent.Create(new { name = "测试自治州人民政府", parentCode = s.Root, reason = "机构改革更名" }),
            Headers = { { "If-Match", etag } },
        });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("\"2\"", renamed.Headers.ETag!.ToString());
        var again = await s.Admin.GetAsync($"/api/agencies/{s.Child}");
        Assert.Equal(("\"2\"", 2), (again.Headers.ETag!.ToString(), (int)(await Ok(Task.FromResult(again)))["version"]!));

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/agencies/{s.Child}")
        {
            Content = JsonContent.Create(new { name = "又一个名字", parentCode = s.Root, reason = "再次更名" }),
            Headers = { { "If-Match", etag }, { "Accept-Language", "zh-CN" } },
        };
        var refused = await Refused(s.Admin.SendAsync(stale), HttpStatusCode.Conflict);
        Assert.Contains("请重新载入", (string?)refused["detail"]);
        Assert.Equal("测试自治州人民政府", (string?)(await Ok(s.Admin.GetAsync($"/api/agencies/{s.Child}")))["name"]); // nothing changed
        await Ok(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试州人民政府", parentCode = s.Root, reason = "恢复原名" })); // no If-Match
    }

    // Trial of issue 16: a rename, move or deactivation says why, like every other reason (≥ 2 letters, digits or 汉字).
    [Fact]
    public async Task Change_NeedsAReason_KeptInTheHistory()
    {
        var s = await Create(factory);
        var missing = await Refused(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试自治州人民政府", parentCode = s.Root }, language: "zh-CN"),
            HttpStatusCode.BadRequest);
        Assert.Contains("理由", (string?)missing["errors"]!["reason"]![0]);
        Assert.DoesNotMatch("[A-Za-z]{4,}", ((string?)missing["errors"]!["reason"]![0])!.Replace(s.Child, "", StringComparison.Ordinal)); // Chinese but the code
        var empty = await Refused(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试自治州人民政府", parentCode = s.Root, reason = "。。 - " },
            language: "zh-CN"), HttpStatusCode.BadRequest);
        Assert.Contains("至少2个", (string?)empty["errors"]!["reason"]![0]);
        Assert.Empty((await Ok(s.Admin.GetAsync($"/api/agencies/{s.Child}/history"))).AsArray()); // nothing changed
        // Nothing to change: no reason needed, no history entry, the version stays.
        var same = await Ok(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试州人民政府", parentCode = s.Root }));
        Assert.Equal(1, (int)same["version"]!);

        await Ok(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = "测试州人民政府", parentCode = s.Root, active = false, reason = "机构撤并，停止受理" }));
        var change = Assert.Single((await Ok(s.Supervisor.GetAsync($"/api/agencies/{s.Child}/history"))).AsArray())!;
        Assert.Equal(("机构撤并，停止受理", true, false), ((string?)change["reason"], (bool)change["activeBefore"]!, (bool)change["activeAfter"]!));
    }

    // Issue 16 item 5: "rename (history kept; reports show the name in force at generation)". A report computed after a
    // rename — any year, as JSON, printable page, XLSX or DOCX — names the agency by its name at that moment; a stored
    // snapshot, generated or published, keeps the name it was generated with. (The CSV names no agency: its file name
    // carries the code, which never changes.)
    [Fact]
    public async Task Report_AfterARename_NamesTheAgencyInForceAtGeneration_SnapshotsKeepTheirOwn()
    {
        var s = await Create(factory);
        await s.Register("InPerson", "2025-06-02");
        await s.Register("InPerson", "2026-06-01");
        const string first = "测试州人民政府", second = "测试自治州人民政府", third = "测试自治州人民政府办公室";
        var published = await Ok(s.Supervisor.Post("/api/reports/snapshots", new { year = 2025, agency = s.Child }));
        await Ok(s.Supervisor.Post($"/api/reports/snapshots/{published["id"]}/publication", new { }));

        await Ok(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = second, parentCode = s.Root, reason = "2026年机构改革更名" }));
        var betweenRenames = await Ok(s.Supervisor.Post("/api/reports/snapshots", new { year = 2025, agency = s.Child }));
        await Ok(Put(s.Admin, $"/api/agencies/{s.Child}", new { name = third, parentCode = s.Root, reason = "再次更名" }));

        // Computed now: the name in force now, for a past year as for the year in course, in every representation.
        var past = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Child}"));
        Assert.Equal((third, 1), ((string?)past["agency"]!["name"], (int)past["table3"]!["new_received"]!["natural_person"]!));
        Assert.Equal(third, (string?)(await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2026?agency={s.Child}")))["agency"]!["name"]);
        var html = await Representation(s.Supervisor, $"/api/reports/annual/2025?agency={s.Child}&as=html");
        Assert.Contains($"<h1>{third}2025年政府信息公开工作年度报告</h1>", html, StringComparison.Ordinal);
        foreach (var kind in new[] { "xlsx", "docx" })
        {
            var text = await Representation(s.Supervisor, $"/api/reports/annual/2025?agency={s.Child}&as={kind}");
            Assert.Contains($"{third}2025年政府信息公开工作年度报告", text, StringComparison.Ordinal);
            Assert.DoesNotContain(first, text, StringComparison.Ordinal);
            Assert.DoesNotContain($"{second}2025年", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(first, html, StringComparison.Ordinal);
        var csv = await s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Child}&as=csv");
        Assert.Equal($"{s.Child}-2025-", csv.Content.Headers.ContentDisposition!.FileName!.Trim('"')[..(s.Child.Length + 6)]);

        // Stored: each snapshot keeps the name it was generated with; a new one takes the name in force now.
        Assert.Equal(first, (string?)(await Ok(s.Supervisor.GetAsync($"/api/reports/snapshots/{published["id"]}")))["agency"]!["name"]);
        Assert.Equal(second, (string?)(await Ok(s.Supervisor.GetAsync($"/api/reports/snapshots/{betweenRenames["id"]}")))["agency"]!["name"]);
        var generatedAfter = await Ok(s.Supervisor.Post("/api/reports/snapshots", new { year = 2025, agency = s.Child }));
        Assert.Equal(third, (string?)(await Ok(s.Supervisor.GetAsync($"/api/reports/snapshots/{generatedAfter["id"]}")))["agency"]!["name"]);
    }

    /// <summary>The text of a report representation: the body for HTML, every XML part of the package for XLSX and DOCX.</summary>
    private static async Task<string> Representation(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!url.EndsWith("xlsx", StringComparison.Ordinal) && !url.EndsWith("docx", StringComparison.Ordinal)) return System.Text.Encoding.UTF8.GetString(bytes);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        var text = new System.Text.StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }
}
