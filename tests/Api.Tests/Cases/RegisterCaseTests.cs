using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>Registration that must not go wrong: retried and parallel creates, numbering, text stored verbatim, missing fields named.</summary>
public class RegisterCaseTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static object NewCase(string agency, string applicant = "张三", string description = "2025年城市道路维修预算及执行情况",
        string submittedOn = "2026-11-02") => new
    {
        agencyCode = agency,
        channel = "InPerson",
        submittedOn,
        applicant = new { kind = "NaturalPerson", name = applicant },
        description,
    };

    private static int Count(string snapshot, string table)
        => int.Parse(snapshot.Split(' ').Single(p => p.StartsWith(table + "=", StringComparison.Ordinal))[(table.Length + 1)..]);

    [Fact]
    public async Task Register_TwiceWithSameIdempotencyKey_ReturnsTheFirstCase()
    {
        var s = await Create(factory);
        var key = Guid.NewGuid().ToString();
        var first = await s.Intake.Post("/api/cases", NewCase(s.Child), ("Idempotency-Key", key));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var afterFirst = factory.Snapshot();
        var second = await s.Intake.Post("/api/cases", NewCase(s.Child), ("Idempotency-Key", key));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(afterFirst, factory.Snapshot());

        var a = await first.Body();
        var b = await second.Body();
        Assert.Equal((string?)a["id"], (string?)b["id"]);
        Assert.Equal((string?)a["caseNumber"], (string?)b["caseNumber"]);
        Assert.Equal($"{s.Child}-2026-00001", (string?)b["caseNumber"]);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var list = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}"));
        Assert.Equal(1, (int)list["total"]!);
    }

    [Fact]
    public async Task Register_SameIdempotencyKeyDifferentBody_Is422AndChangesNothing()
    {
        var s = await Create(factory);
        var key = Guid.NewGuid().ToString();
        await Ok(s.Intake.Post("/api/cases", NewCase(s.Child, applicant: "张三"), ("Idempotency-Key", key)));
        var before = factory.Snapshot();
        var problem = await Refused(s.Intake.Post("/api/cases", NewCase(s.Child, applicant: "李四"), ("Idempotency-Key", key)),
            HttpStatusCode.UnprocessableEntity);
        Assert.Contains(key, (string)problem["detail"]!);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Register_SameIdempotencyKeyByDifferentUsers_CreatesOneCaseEach()
    {
        // Keys are scoped to the user: two clerks' retries never collide.
        var s = await Create(factory);
        var otherIntake = factory.As("intake2-" + s.Child, s.Child, Roles.IntakeOfficer);
        var key = "shared-key-" + s.Child;
        var a = await Ok(s.Intake.Post("/api/cases", NewCase(s.Child), ("Idempotency-Key", key)));
        var b = await Ok(otherIntake.Post("/api/cases", NewCase(s.Child), ("Idempotency-Key", key)));
        Assert.NotEqual((string?)a["id"], (string?)b["id"]);
        Assert.NotEqual((string?)a["caseNumber"], (string?)b["caseNumber"]);
        // Each user's retry still returns their own first case.
        var again = await Ok(otherIntake.Post("/api/cases", NewCase(s.Child), ("Idempotency-Key", key)));
        Assert.Equal((string?)b["id"], (string?)again["id"]);
        var list = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}"));
        Assert.Equal(2, (int)list["total"]!);
    }

    [Fact]
    public async Task Register_InParallelWithSameIdempotencyKey_CreatesOneCase()
    {
        // A client that retries before the first answer arrives still gets one case.
        var s = await Create(factory);
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => s.Intake.Post("/api/cases", NewCase(s.Child), ("Idempotency-Key", key))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = new HashSet<string>();
        foreach (var r in responses) ids.Add((string)(await r.Body())["id"]!);
        Assert.Single(ids);
        var list = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}"));
        Assert.Equal(1, (int)list["total"]!);
    }

    [Fact]
    public async Task Register_TwentyInParallel_TakesTwentyConsecutiveNumbers()
    {
        var s = await Create(factory);
        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            s.Intake.Post("/api/cases", NewCase(s.Child, applicant: $"申请人{i}"))));
        foreach (var r in responses) Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var numbers = new List<string>();
        foreach (var r in responses) numbers.Add((string)(await r.Body())["caseNumber"]!);
        var expected = Enumerable.Range(1, 20).Select(i => $"{s.Child}-2026-{i:D5}").ToList();
        Assert.Equal(expected, numbers.Order().ToList());
        var list = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&pageSize=50"));
        Assert.Equal(20, (int)list["total"]!);
    }

    [Fact]
    public async Task Register_TwentyInParallelAroundImportedNumbers_SkipsOnlyTakenNumbersAndNeverFails()
    {
        // Issue 10 item 7: the live sequence skips the numbers an import kept (00003, 00010), under concurrency too.
        var s = await Create(factory);
        await Ok(s.Intake.Import(RegisterFile.Csv(
            RegisterFile.Row(s.Child, "InPerson", "2026-09-01", ("caseNumber", $"{s.Child}-2026-00003")),
            RegisterFile.Row(s.Child, "InPerson", "2026-09-01", ("caseNumber", $"{s.Child}-2026-00010")))));
        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            s.Intake.Post("/api/cases", NewCase(s.Child, applicant: $"申请人{i}"))));
        foreach (var r in responses) Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var numbers = new List<string>();
        foreach (var r in responses) numbers.Add((string)(await r.Body())["caseNumber"]!);
        var expected = Enumerable.Range(1, 22).Where(i => i is not (3 or 10)).Select(i => $"{s.Child}-2026-{i:D5}").ToList();
        Assert.Equal(expected, numbers.Order().ToList());
    }

    // The phone and e-mail rules of registration and import (src/Domain/Applicants/ContactDetails.cs), named in Chinese with the value.
    [Theory]
    [InlineData("applicant.phone", "1' OR '1'='1", "电话号码“1' OR '1'='1”无效")]
    [InlineData("applicant.phone", "139-111", "电话号码“139-111”无效")]
    [InlineData("applicant.email", "zhang.san@example", "电子邮箱“zhang.san@example”无效")]
    [InlineData("applicant.email", "a@b@example.cn", "电子邮箱“a@b@example.cn”无效")]
    public async Task Register_WithAPhoneOrEmailThatIsNotOne_Is400InChineseNamingTheValue(string field, string value, string expected)
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-11-02", description = "2025年城市道路维修预算",
                applicant = new { kind = "NaturalPerson", name = "张三", phone = field == "applicant.phone" ? value : null, email = field == "applicant.email" ? value : null },
            }),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var problem = await Refused(s.Intake.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.StartsWith(expected, (string?)problem["errors"]![field]![0]);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Register_WithSqlAndScriptInText_StoresItVerbatim()
    {
        var s = await Create(factory);
        const string sql = "'; DROP TABLE cases; --";
        const string script = "<script>alert(1)</script>";
        var before = factory.Snapshot();
        var created = await Ok(s.Intake.Post("/api/cases", new
        {
            agencyCode = s.Child,
            channel = "InPerson",
            submittedOn = "2026-11-02",
            applicant = new { kind = "NaturalPerson", name = script, address = sql, phone = "0871-65123456转8" },
            description = sql + " " + script,
        }));
        var id = (string)created["id"]!;
        var read = await Ok(s.Handler.GetAsync($"/api/cases/{id}"));
        Assert.Equal(script, (string?)read["applicant"]!["name"]);
        // Address and phone are personal data: the case shows them masked, the logged full read verbatim (security.md).
        var full = await Ok(s.Handler.GetAsync($"/api/cases/{id}/applicant?reason=check"));
        Assert.Equal(sql, (string?)full["address"]);
        Assert.Equal("0871-65123456转8", (string?)full["phone"]);
        Assert.Equal(sql + " " + script, (string?)read["description"]);

        var found = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&q={Uri.EscapeDataString(sql)}"));
        Assert.Equal(id, (string?)Assert.Single(found["items"]!.AsArray())!["id"]);
        var byScript = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&q={Uri.EscapeDataString(script)}"));
        Assert.Equal(1, (int)byScript["total"]!);

        // Tables intact: exactly one more case and its history row; everything else still answers.
        var after = factory.Snapshot();
        Assert.NotEqual(before, after);
        Assert.Equal(Count(before, "cases") + 1, Count(after, "cases"));
        Assert.Equal(Count(before, "case_history") + 1, Count(after, "case_history"));
        Assert.Equal(Count(before, "agencies"), Count(after, "agencies"));
        await s.Register("InPerson", "2026-11-03");
    }

    [Fact]
    public async Task Register_WithMissingFields_NamesEachMissingField()
    {
        // api.md Errors: 400 with errors per field, all of them at once.
        var s = await Create(factory);
        var before = factory.Snapshot();
        var problem = await Refused(s.Intake.PostRaw("/api/cases", "{}"), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "agencyCode", "channel", "submittedOn", "applicant", "description" })
            Assert.True(errors.ContainsKey(field), $"errors has no '{field}': {problem.ToJsonString()}");
        Assert.Equal(before, factory.Snapshot());

        problem = await Refused(s.Intake.PostRaw("/api/cases", "{\"agencyCode\":\"" + s.Child + "\",\"applicant\":{}}"), HttpStatusCode.BadRequest);
        errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "channel", "submittedOn", "description", "applicant.kind", "applicant.name" })
            Assert.True(errors.ContainsKey(field), $"errors has no '{field}': {problem.ToJsonString()}");
        Assert.False(errors.ContainsKey("agencyCode"));
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Register_ReceiptDateAfterToday_Is400BesideTheField_InChineseForZh_AndWritesNothing()
    {
        // api.md: dates may lie in the past, never in the future (today is 2026-11-25); the desk shows no due date for one.
        var s = await Create(factory);
        var before = factory.Snapshot();
        var english = await Refused(s.Intake.Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "Letter", letterMail = "Signed", submittedOn = "2026-11-24", receivedOn = "2026-11-26",
            applicant = new { kind = "NaturalPerson", name = "张三" }, description = "2025年城市道路维修预算及执行情况",
        }), HttpStatusCode.BadRequest);
        Assert.Equal("2026-11-26 is in the future (today is 2026-11-25).", (string?)english["errors"]!["receivedOn"]![0]);
        var chinese = await Refused(s.Intake.Post("/api/cases", NewCase(s.Child, submittedOn: "2026-11-26"), ("Accept-Language", "zh-CN")), HttpStatusCode.BadRequest);
        Assert.Equal("2026-11-26是将来的日期（今天是2026-11-25）。", (string?)chinese["errors"]!["submittedOn"]![0]);
        Assert.Equal(before, factory.Snapshot());
    }
}
