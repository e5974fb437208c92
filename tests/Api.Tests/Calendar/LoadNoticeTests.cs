using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Calendar;

/// <summary>
/// Its own service and database: loading a notice changes the calendar in force for the whole process, and
/// the clock stands at 2026-12-20 (China) so that a case received in December runs into the unloaded year 2027.
/// </summary>
public sealed class CalendarFactory : CaseTrackerFactory
{
    public CalendarFactory() => Time.SetUtcNow(new DateTimeOffset(2026, 12, 20, 2, 0, 0, TimeSpan.Zero));
}

/// <summary>law.md §2: yearly State Council notices are data; a year without one is provisional until an administrator loads it.</summary>
public class LoadNoticeTests(CalendarFactory factory) : IClassFixture<CalendarFactory>
{
    private const string Notice2027 = """{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}""";

    private static Task<HttpResponseMessage> Put(HttpClient client, string url, string json)
        => client.SendAsync(new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    [Fact]
    public async Task PutCalendar_LoadsNoticeAndRecomputesOpenCasesOnly()
    {
        // law.md §2: when the notice for a provisional year is loaded, every open case's due date is recomputed
        // and the change (old date, new date, why) written to its history; closed cases keep theirs.
        var s = await Create(factory);
        var before2027 = await Ok(s.Handler.GetAsync("/api/calendar/2027"));
        Assert.True((bool)before2027["provisional"]!);
        Assert.Empty(before2027["namedDays"]!.AsArray());

        var open = await s.Register("InPerson", "2026-12-15");
        Assert.Equal("2027-01-12", (string?)open["dueOn"]);
        Assert.True((bool)open["dueOnProvisional"]!);
        var openId = (string)open["id"]!;

        var closedId = (string)(await s.Register("InPerson", "2026-12-15"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{closedId}/decision", new { decidedOn = "2026-12-17", outcome = "Disclosed" }));
        var closed = await Ok(s.Handler.Post($"/api/cases/{closedId}/delivery", new { deliveredOn = "2026-12-18", method = "Post" }));
        Assert.Equal("Closed", (string?)closed["status"]);
        var closedHistoryBefore = await Ok(s.Handler.GetAsync($"/api/cases/{closedId}/history"));

        var loaded = await Ok(Put(s.Admin, "/api/calendar/2027", Notice2027));
        Assert.Equal(2027, (int)loaded["year"]!);
        var change = Assert.Single(loaded["changes"]!.AsArray(), c => (string?)c!["caseId"] == openId)!;
        Assert.Equal("2027-01-12", (string?)change["dueBefore"]);
        Assert.Equal("2027-01-13", (string?)change["dueAfter"]);
        Assert.DoesNotContain(loaded["changes"]!.AsArray(), c => (string?)c!["caseId"] == closedId);

        var after = await Ok(s.Handler.GetAsync($"/api/cases/{openId}"));
        Assert.Equal("2027-01-13", (string?)after["dueOn"]);
        Assert.False((bool)after["dueOnProvisional"]!);
        Assert.Equal((int)open["version"]! + 1, (int)after["version"]!);

        var history = (await Ok(s.Handler.GetAsync($"/api/cases/{openId}/history")))["items"]!.AsArray();
        var recomputed = Assert.Single(history, h => (string?)h!["kind"] == "CalendarRecomputed")!;
        Assert.Equal("2027-01-12", (string?)recomputed["dueBefore"]);
        Assert.Equal("2027-01-13", (string?)recomputed["dueAfter"]);
        Assert.Equal("2026-12-20", (string?)recomputed["actingOn"]);
        Assert.Contains("2027", recomputed["details"]!.ToJsonString());

        var closedAfter = await Ok(s.Handler.GetAsync($"/api/cases/{closedId}"));
        Assert.Equal(closed.ToJsonString(), closedAfter.ToJsonString());
        var closedHistoryAfter = await Ok(s.Handler.GetAsync($"/api/cases/{closedId}/history"));
        Assert.Equal(closedHistoryBefore.ToJsonString(), closedHistoryAfter.ToJsonString());

        var year = await Ok(s.Handler.GetAsync("/api/calendar/2027"));
        Assert.False((bool)year["provisional"]!);
        Assert.Contains(year["namedDays"]!.AsArray(), d => (string?)d!["date"] == "2027-01-01" && (string?)d["name"] == "元旦");

        // A case registered after the load counts with the notice straight away.
        var fresh = await s.Register("InPerson", "2026-12-15");
        Assert.Equal("2027-01-13", (string?)fresh["dueOn"]);
        Assert.False((bool)fresh["dueOnProvisional"]!);
    }

    [Fact]
    public async Task PutCalendar_YearMismatch_Is400AndChangesNothing()
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        var problem = await Refused(Put(s.Admin, "/api/calendar/2028", Notice2027), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["year"]);
        Assert.Equal(before, factory.Snapshot());
        Assert.True((bool)(await Ok(s.Handler.GetAsync("/api/calendar/2028")))["provisional"]!);
    }

    public static TheoryData<string, string?> InvalidNotices => new()
    {
        { """{"year":2028,"days":[{"name":"元旦","date":"2028-13-01","isOffDay":true}]}""", "days[0].date" },
        { """{"year":2028,"days":[{"name":"","date":"2028-01-01","isOffDay":true}]}""", "days[0].name" },
        { """{"year":2028,"days":[{"name":"元旦","date":"2028-01-01","isOffDay":"yes"}]}""", "days[0].isOffDay" },
        { """{"year":2028,"days":[{"name":"元旦","date":"2030-01-01","isOffDay":true}]}""", "days[0].date" },
        { """{"year":2028,"days":{}}""", "days" },
        { """{"year":2028}""", "days" },
        { """{"year":"2028","days":[]}""", "year" },
        { """{"year":2028,"papers":[1],"days":[]}""", "papers" },
        { """[2028]""", "notice" },
        { """{"year":2028,"days":[""", null },
    };

    [Theory]
    [MemberData(nameof(InvalidNotices))]
    public async Task PutCalendar_InvalidNotice_Is400WithFieldErrors(string json, string? field)
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        var problem = await Refused(Put(s.Admin, "/api/calendar/2028", json), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.NotEmpty(errors);
        if (field is not null) Assert.True(errors.ContainsKey(field), $"errors has no '{field}': {problem.ToJsonString()}");
        Assert.Equal(before, factory.Snapshot());
        Assert.True((bool)(await Ok(s.Handler.GetAsync("/api/calendar/2028")))["provisional"]!);
    }

    [Fact]
    public async Task PutCalendar_ByNonAdministrator_Is403AndChangesNothing()
    {
        // api.md Calendar: PUT is Administrator only.
        var s = await Create(factory);
        var before = factory.Snapshot();
        foreach (var client in new[] { s.Supervisor, s.Handler, s.Approver, s.Intake })
            await Refused(Put(client, "/api/calendar/2028", """{"year":2028,"papers":[],"days":[{"name":"元旦","date":"2028-01-01","isOffDay":true}]}"""),
                HttpStatusCode.Forbidden);
        Assert.Equal(before, factory.Snapshot());
        Assert.True((bool)(await Ok(s.Handler.GetAsync("/api/calendar/2028")))["provisional"]!);
    }
}

/// <summary>
/// law.md §2 "A notice is checked before it is loaded" (issue 10 item 3): its own service, so that 2027 is still
/// provisional for every example.
/// </summary>
public class CalendarNoticeCheckTests(CalendarFactory factory) : IClassFixture<CalendarFactory>
{
    private static Task<HttpResponseMessage> Put(HttpClient client, string url, string json)
        => client.SendAsync(new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    public static TheoryData<string, string[]> RefusedNotices => new()
    {
        // holiday-cn's empty placeholder: answered 200 and made 2027 "final" with New Year's Day a working day.
        { """{"year":2027,"papers":[],"days":[]}""", ["days"] },
        // only days of the neighbouring years
        { """{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2026-12-31","isOffDay":true}]}""", ["days"] },
        // a day outside the year and its neighbours
        { """{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true},{"name":"春节","date":"2029-02-08","isOffDay":true}]}""", ["days[1].date"] },
        // the same date twice
        { """{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true},{"name":"元旦","date":"2027-01-01","isOffDay":false}]}""", ["days[1].date"] },
        // a day off without a name, and one with no name at all
        { """{"year":2027,"days":[{"name":"  ","date":"2027-01-01","isOffDay":true},{"date":"2027-02-08","isOffDay":true}]}""", ["days[0].name", "days[1].name"] },
        // a holiday name with nothing visible (the register's text rule, issue 10 item 6)
        { """{"year":2027,"days":[{"name":"\u200B","date":"2027-01-01","isOffDay":true}]}""", ["days[0].name"] },
        // invalid dates
        { """{"year":2027,"days":[{"name":"春节","date":"2027-02-30","isOffDay":true},{"name":"春节","date":"27-2-8","isOffDay":true}]}""", ["days[0].date", "days[1].date"] },
        // the year in the path differs from the body
        { """{"year":2028,"days":[{"name":"元旦","date":"2028-01-01","isOffDay":true}]}""", ["year"] },
        // several faults at once: each field named
        { """{"year":2027,"papers":[7],"days":[{"name":"","date":"2027-01-01","isOffDay":true},{"name":"元旦","date":"2027-01-01","isOffDay":1}]}""",
            ["papers", "days[0].name", "days[1].date", "days[1].isOffDay"] },
    };

    [Theory]
    [MemberData(nameof(RefusedNotices))]
    public async Task PutCalendar_WhenNoticeFailsItsCheck_Is400PerFieldAndChangesNothing(string json, string[] fields)
    {
        // law.md §2: year, at least one day of that year, valid dates, a name for every day off, no date listed twice;
        // refused → nothing changes and the year stays provisional.
        var s = await Create(factory);
        var before = factory.Snapshot();
        var problem = await Refused(Put(s.Admin, "/api/calendar/2027", json), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in fields) Assert.True(errors.ContainsKey(field), $"errors has no '{field}': {problem.ToJsonString()}");
        Assert.Equal(before, factory.Snapshot());
        var year = await Ok(s.Handler.GetAsync("/api/calendar/2027"));
        Assert.True((bool)year["provisional"]!);
    }
}

/// <summary>law.md §2 "The calendar is national" (issue 10 item 3): only an administrator of a root agency loads a notice.</summary>
public class CalendarNoticeAccessTests(CalendarFactory factory) : IClassFixture<CalendarFactory>
{
    private const string Notice2027 = """{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}""";

    private static Task<HttpResponseMessage> Put(HttpClient client, string url, string json)
        => client.SendAsync(new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    [Fact]
    public async Task PutCalendar_ByLeafAdministratorThenByRootAdministrator_OnlyRootLoadsAndSeesOnlyItsCases()
    {
        var mine = await Create(factory);
        var theirs = await Create(factory);
        var theirCase = await theirs.Register("InPerson", "2026-12-15");
        Assert.Equal("2027-01-12", (string?)theirCase["dueOn"]);

        // An administrator of a leaf agency used to move every agency's due dates: now 403, saying who may, and nothing changes.
        var leafAdmin = factory.As("leaf-admin-" + theirs.Child, theirs.Child, CaseTracker.Api.Identity.Roles.Administrator);
        var before = factory.Snapshot();
        var problem = await Refused(Put(leafAdmin, "/api/calendar/2027", Notice2027), HttpStatusCode.Forbidden);
        Assert.Contains("Administrator of a root agency", (string?)problem["detail"]);
        Assert.Equal(before, factory.Snapshot());
        Assert.True((bool)(await Ok(theirs.Handler.GetAsync("/api/calendar/2027")))["provisional"]!);

        // A root administrator loads it; every open case is recomputed, but the answer lists only the cases that administrator sees.
        var myCase = await mine.Register("InPerson", "2026-12-15");
        var loaded = await Ok(Put(mine.Admin, "/api/calendar/2027", Notice2027));
        var changes = loaded["changes"]!.AsArray();
        Assert.Contains(changes, c => (string?)c!["caseId"] == (string?)myCase["id"]);
        Assert.DoesNotContain(changes, c => (string?)c!["caseId"] == (string?)theirCase["id"]);
        Assert.Equal("2027-01-13", (string?)(await Ok(theirs.Handler.GetAsync($"/api/cases/{theirCase["id"]}")))["dueOn"]);
    }
}

/// <summary>A CaseTracker at 2026-12-31 (China), its own database: loading the 2027 notice changes the process's calendar.</summary>
public sealed class NoticeMovesAlertsFactory : CaseTrackerFactory
{
    public NoticeMovesAlertsFactory() => Time.SetUtcNow(new DateTimeOffset(2026, 12, 31, 2, 0, 0, TimeSpan.Zero));
}

/// <summary>Issue 10 item 5 for the calendar: loading a holiday notice moves due dates, and the alerts follow in the same command.</summary>
public class NoticeMovesAlertsTests(NoticeMovesAlertsFactory factory) : IClassFixture<NoticeMovesAlertsFactory>
{
    [Fact]
    public async Task LoadNotice_WhenItMovesADueDate_ReplacesTheCasesDueSoonAlertInTheSameCommand()
    {
        // law.md §2: 2027 is provisional until its notice is loaded; received 2026-12-04, 20 working days end on 2027-01-01
        // (a weekday while provisional). The notice makes 2027-01-01 元旦: due 2027-01-04, and the DueSoon alert moves with it.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-12-04"))["id"]!;
        Assert.Equal([("DueSoon", "2027-01-01", true)], factory.Database.AlertsOf(id));
        await Ok(s.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/calendar/2027")
        {
            Content = new StringContent("""{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}""",
                System.Text.Encoding.UTF8, "application/json"),
        }));
        Assert.Equal([("DueSoon", "2027-01-01", false), ("DueSoon", "2027-01-04", true)], factory.Database.AlertsOf(id));
    }

}
