using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>api.md: GET /api/cases?agency=&amp;subtree=&amp;status=&amp;overdue=&amp;dueWithin=&amp;q=&amp;page=&amp;pageSize= (today is 2026-11-25).</summary>
public class ListCasesTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static async Task<JsonNode> Register(Scenario s, string receivedOn, string channel = "InPerson", string applicant = "张三",
        string description = "2025年城市道路维修预算及执行情况")
        => await Ok(s.Intake.Post("/api/cases", new
        {
            agencyCode = s.Child,
            channel,
            submittedOn = receivedOn,
            applicant = new { kind = "NaturalPerson", name = applicant, address = DefaultAddress },
            description,
        }));

    private static async Task<List<string>> Numbers(HttpClient client, string query)
    {
        var list = await Ok(client.GetAsync("/api/cases?" + query));
        var items = list["items"]!.AsArray();
        Assert.Equal(items.Count, Math.Min((int)list["total"]!, (int)list["pageSize"]!));
        return items.Select(c => (string)c!["caseNumber"]!).ToList();
    }

    private static string N(JsonNode c) => (string)c["caseNumber"]!;

    /// <summary>Cases of one agency spread around today: overdue, due today, due soon, due later, unconfirmed, closed.</summary>
    private sealed record SpreadCases(JsonNode Overdue, JsonNode DueToday, JsonNode DueIn2, JsonNode DueIn3, JsonNode DueIn4, JsonNode Unconfirmed, JsonNode Closed);

    private static async Task<SpreadCases> Spread(Scenario s)
    {
        var dueIn4 = await Register(s, "2026-11-03");
        var unconfirmed = await Register(s, "2026-11-20", channel: "Online");
        var overdue = await Register(s, "2026-10-12");
        var dueIn3 = await Register(s, "2026-11-02");
        var dueToday = await Register(s, "2026-10-28");
        var dueIn2 = await Register(s, "2026-10-30");
        var closed = await Register(s, "2026-10-12");
        var closedId = (string)closed["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{closedId}/decision", new { decidedOn = "2026-10-20", outcome = "Disclosed" }));
        closed = await Ok(s.Handler.Post($"/api/cases/{closedId}/delivery", new { deliveredOn = "2026-10-21", method = "Post" }));

        // Art. 33: 20 working days after receipt (no holidays in this stretch of November 2026).
        Assert.Equal("2026-11-09", (string?)overdue["dueOn"]);
        Assert.Equal("2026-11-25", (string?)dueToday["dueOn"]);
        Assert.Equal("2026-11-27", (string?)dueIn2["dueOn"]);
        Assert.Equal("2026-11-30", (string?)dueIn3["dueOn"]);
        Assert.Equal("2026-12-01", (string?)dueIn4["dueOn"]);
        Assert.Null(unconfirmed["dueOn"]);
        Assert.Equal("Closed", (string?)closed["status"]);
        return new SpreadCases(overdue, dueToday, dueIn2, dueIn3, dueIn4, unconfirmed, closed);
    }

    [Fact]
    public async Task List_FilteredByStatus_ReturnsOnlyThatStatus()
    {
        var s = await Create(factory);
        var r = await Spread(s);
        Assert.Equal([N(r.Unconfirmed)], await Numbers(s.Handler, $"agency={s.Child}&status=AwaitingConfirmation"));
        Assert.Equal([N(r.Closed)], await Numbers(s.Handler, $"agency={s.Child}&status=Closed"));
        var inProgress = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&status=InProgress"));
        Assert.Equal(5, (int)inProgress["total"]!);
        Assert.All(inProgress["items"]!.AsArray(), c => Assert.Equal("InProgress", (string?)c!["status"]));
        Assert.Empty(await Numbers(s.Handler, $"agency={s.Child}&status=Consulting"));
    }

    [Fact]
    public async Task List_Overdue_IsComputedAgainstTodayAndExcludesClosed()
    {
        // law.md §4: overdue = the day after the due date while not closed; computed, never stored.
        var s = await Create(factory);
        var r = await Spread(s);
        var overdue = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&overdue=true"));
        var only = Assert.Single(overdue["items"]!.AsArray())!;
        Assert.Equal(N(r.Overdue), N(only));
        Assert.True((bool)only["overdue"]!);
        Assert.Equal(1, (int)overdue["total"]!);

        var notOverdue = await Numbers(s.Handler, $"agency={s.Child}&overdue=false");
        Assert.Equal(new[] { r.DueToday, r.DueIn2, r.DueIn3, r.DueIn4, r.Unconfirmed, r.Closed }.Select(N).Order(), notOverdue.Order());
    }

    [Fact]
    public async Task List_DueWithin_CountsWorkingDaysFromToday()
    {
        // dueWithin is in working days: 3 working days after Wednesday 2026-11-25 is Monday 2026-11-30.
        var s = await Create(factory);
        var r = await Spread(s);
        var within3 = await Numbers(s.Handler, $"agency={s.Child}&dueWithin=3");
        Assert.Contains(N(r.DueToday), within3);
        Assert.Contains(N(r.DueIn2), within3);
        Assert.Contains(N(r.DueIn3), within3);
        Assert.DoesNotContain(N(r.DueIn4), within3);
        Assert.DoesNotContain(N(r.Unconfirmed), within3);
        Assert.DoesNotContain(N(r.Closed), within3);

        var within2 = await Numbers(s.Handler, $"agency={s.Child}&dueWithin=2");
        Assert.Contains(N(r.DueIn2), within2);
        Assert.DoesNotContain(N(r.DueIn3), within2);

        var today = await Numbers(s.Handler, $"agency={s.Child}&dueWithin=0");
        Assert.Contains(N(r.DueToday), today);
        Assert.DoesNotContain(N(r.DueIn2), today);

        var within4 = await Numbers(s.Handler, $"agency={s.Child}&dueWithin=4&overdue=false");
        Assert.Equal(new[] { r.DueToday, r.DueIn2, r.DueIn3, r.DueIn4 }.Select(N), within4);
    }

    [Fact]
    public async Task List_Q_MatchesCaseNumberApplicantAndDescription_WithLiteralWildcards()
    {
        var s = await Create(factory);
        var plain = await Register(s, "2026-11-02", applicant: "王五", description: "完成率100及说明");
        var percent = await Register(s, "2026-11-02", applicant: "赵六", description: "完成率100%的说明");
        var underscore = await Register(s, "2026-11-02", applicant: "王_五", description: "路灯维护合同");
        var other = await Register(s, "2026-11-02", applicant: "钱七", description: "学校建设规划");

        Assert.Equal([N(percent)], await Numbers(s.Handler, $"agency={s.Child}&q=%25"));
        Assert.Equal([N(percent)], await Numbers(s.Handler, $"agency={s.Child}&q=100%25"));
        Assert.Equal([N(underscore)], await Numbers(s.Handler, $"agency={s.Child}&q=_"));
        Assert.Equal([N(underscore)], await Numbers(s.Handler, $"agency={s.Child}&q=王_五"));
        Assert.Equal([N(plain), N(underscore)], (await Numbers(s.Handler, $"agency={s.Child}&q=王")).Order());
        Assert.Equal([N(other)], await Numbers(s.Handler, $"agency={s.Child}&q=学校建设"));
        Assert.Equal([N(other)], await Numbers(s.Handler, $"agency={s.Child}&q={Uri.EscapeDataString(N(other))}"));
        Assert.Equal([N(plain), N(percent)], (await Numbers(s.Handler, $"agency={s.Child}&q=完成率")).Order());
        Assert.Empty(await Numbers(s.Handler, $"agency={s.Child}&q=不存在的内容"));
        Assert.Equal(4, (await Numbers(s.Handler, $"agency={s.Child}&q={s.Child}-2026")).Count);
    }

    [Fact]
    public async Task List_Paging_ReturnsPagesOfTheWholeOrderedList()
    {
        var s = await Create(factory);
        for (var day = 2; day <= 6; day++) await Register(s, $"2026-11-0{day}");
        var all = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}"));
        Assert.Equal(1, (int)all["page"]!);
        Assert.Equal(50, (int)all["pageSize"]!);
        Assert.Equal(5, (int)all["total"]!);
        var everything = all["items"]!.AsArray().Select(c => N(c!)).ToList();

        var paged = new List<string>();
        foreach (var (page, count) in new[] { (1, 2), (2, 2), (3, 1), (4, 0) })
        {
            var list = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&page={page}&pageSize=2"));
            Assert.Equal(5, (int)list["total"]!);
            Assert.Equal(page, (int)list["page"]!);
            Assert.Equal(2, (int)list["pageSize"]!);
            Assert.Equal(count, list["items"]!.AsArray().Count);
            paged.AddRange(list["items"]!.AsArray().Select(c => N(c!)));
        }

        Assert.Equal(everything, paged);
        var filtered = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&status=Closed&page=1&pageSize=2"));
        Assert.Equal(0, (int)filtered["total"]!);
    }

    [Fact]
    public async Task List_IsOrderedByDueDate_UnconfirmedLast()
    {
        var s = await Create(factory);
        var r = await Spread(s);
        var list = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}"));
        var items = list["items"]!.AsArray();
        Assert.Equal(new[] { r.Overdue, r.Closed, r.DueToday, r.DueIn2, r.DueIn3, r.DueIn4, r.Unconfirmed }.Select(N), items.Select(c => N(c!)));
        var dues = items.Select(c => (string?)c!["dueOn"]).Where(d => d is not null).ToList();
        Assert.Equal(dues.Order(StringComparer.Ordinal), dues);
    }

    [Fact]
    public async Task List_AgencyAndSubtree_ScopeTheRegister()
    {
        // api.md Identity: Supervisor sees subordinate agencies; subtree=true widens a list to the agency's tree.
        var s = await Create(factory);
        var rootCase = await Ok(s.Admin.Post("/api/cases", new
        {
            agencyCode = s.Root, channel = "InPerson", submittedOn = "2026-11-02",
            applicant = new { kind = "NaturalPerson", name = "李四" }, description = "省级预算",
        }));
        var childCase = await Register(s, "2026-11-03");

        Assert.Equal([N(rootCase)], await Numbers(s.Supervisor, $"agency={s.Root}"));
        Assert.Equal([N(rootCase), N(childCase)], await Numbers(s.Supervisor, $"agency={s.Root}&subtree=true"));
        Assert.Equal([N(childCase)], await Numbers(s.Supervisor, $"agency={s.Child}"));
        Assert.Equal([N(childCase)], await Numbers(s.Supervisor, $"agency={s.Child}&subtree=true"));
        Assert.Equal([N(rootCase), N(childCase)], await Numbers(s.Supervisor, ""));

        Assert.Equal([N(childCase)], await Numbers(s.Handler, ""));
        Assert.Equal([N(childCase)], await Numbers(s.Handler, $"agency={s.Child}&subtree=true"));
        await Refused(s.Handler.GetAsync($"/api/cases?agency={s.Root}&subtree=true"), HttpStatusCode.Forbidden);
        var unknown = await Refused(s.Handler.GetAsync("/api/cases?agency=NO-SUCH-AGENCY"), HttpStatusCode.BadRequest);
        Assert.NotNull(unknown["errors"]!["agency"]);
    }

    [Fact]
    public async Task List_SortedByDueDateReceiptDateOrNumber_EitherWay()
    {
        var s = await Create(factory);
        var r = await Spread(s);
        var open = $"agency={s.Child}&open=true";
        // Due date (the default): nearest first, the unconfirmed case (no due date) last, whichever way.
        List<string> byDue = [N(r.Overdue), N(r.DueToday), N(r.DueIn2), N(r.DueIn3), N(r.DueIn4), N(r.Unconfirmed)];
        Assert.Equal(byDue, await Numbers(s.Handler, open));
        Assert.Equal(byDue, await Numbers(s.Handler, open + "&sort=dueOn"));
        Assert.Equal([N(r.DueIn4), N(r.DueIn3), N(r.DueIn2), N(r.DueToday), N(r.Overdue), N(r.Unconfirmed)], await Numbers(s.Handler, open + "&sort=dueOn&desc=true"));
        // Receipt date: the unconfirmed case has none and comes last.
        Assert.Equal([N(r.Overdue), N(r.DueToday), N(r.DueIn2), N(r.DueIn3), N(r.DueIn4), N(r.Unconfirmed)], await Numbers(s.Handler, open + "&sort=receivedOn"));
        Assert.Equal([N(r.DueIn4), N(r.DueIn3), N(r.DueIn2), N(r.DueToday), N(r.Overdue), N(r.Unconfirmed)], await Numbers(s.Handler, open + "&sort=receivedOn&desc=true"));
        // Case number: the order of registration.
        List<string> byNumber = [N(r.DueIn4), N(r.Unconfirmed), N(r.Overdue), N(r.DueIn3), N(r.DueToday), N(r.DueIn2)];
        Assert.Equal(byNumber, await Numbers(s.Handler, open + "&sort=number"));
        byNumber.Reverse();
        Assert.Equal(byNumber, await Numbers(s.Handler, open + "&sort=number&desc=true"));
    }

    [Fact]
    public async Task List_UnknownSort_Is400WithAChineseDetail()
    {
        var s = await Create(factory);
        var english = await Refused(s.Handler.GetAsync($"/api/cases?agency={s.Child}&sort=applicant"), HttpStatusCode.BadRequest);
        Assert.Equal("sort must be one of dueOn, receivedOn, number.", (string?)english["errors"]!["sort"]![0]);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases?agency={s.Child}&sort=applicant");
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN");
        var chinese = await Refused(s.Handler.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Equal("排序方式须为以下之一：dueOn（答复期限）、receivedOn（收到日期）、number（案件编号）。", (string?)chinese["detail"]);
    }
}
