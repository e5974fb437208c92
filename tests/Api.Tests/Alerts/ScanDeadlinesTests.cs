using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using CaseTracker.Api.Features.Alerts.ScanDeadlines;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Features.Reports.WatchAnnualReports;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Alerts;

public sealed class AlertKindsFactory : CaseTrackerFactory
{
    protected override DateTimeOffset StartTime => new(2026, 10, 26, 2, 0, 0, TimeSpan.Zero);
}

/// <summary>The other alert kinds: 补正 window, consultation and supplement/fee deadlines (warn, or close per agency setting), calendar, annual report.</summary>
public class ScanDeadlinesTests(AlertKindsFactory factory) : IClassFixture<AlertKindsFactory>
{
    private async Task<T> Send<T>(Mediator.ICommand<T> command)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(command);
    }

    private void At(string chinaDate) => factory.Time.SetUtcNow(DateTimeOffset.Parse(chinaDate + "T10:00:00+08:00"));

    private async Task<List<(string Kind, string? Case, string? Due)>> Open(Scenario s)
    {
        var list = await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Root}&subtree=true&pageSize=200"));
        return list["items"]!.AsArray().Where(a => a!["resolvedAt"] is null)
            .Select(a => ((string)a!["kind"]!, (string?)a["caseId"], (string?)a["dueOn"])).ToList();
    }

    [Fact]
    public async Task EachKind_IsRaisedWhenItsRuleSaysSo()
    {
        var s = await Create(factory);
        var window = (string)(await s.Register("InPerson", "2026-10-26"))["id"]!;          // 补正 window ends 2026-11-04
        var lapsed = (string)(await s.Register("InPerson", "2026-10-12"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{lapsed}/supplement-request", new { requestedOn = "2026-10-13", items = "年份", supplyBy = "2026-10-20" }));
        var consulting = (string)(await s.Register("InPerson", "2026-09-14"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{consulting}/consultations", new { kind = "OtherAgency", party = "州财政局", sentOn = "2026-09-15" }));
        var fee = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{fee}/fee-notice", new { issuedOn = "2026-09-02", method = "PerPage", pages = 50 }));

        await Send(new ScanDeadlinesCommand());
        var alerts = await Open(s);
        Assert.Contains(("SupplementLapsed", lapsed, "2026-10-20"), alerts);
        Assert.Contains(("ConsultationOverdue", consulting, "2026-10-12"), alerts); // 15 working days after 09-15, across 国庆节
        Assert.Contains(alerts, a => a.Kind == "FeeLapsed" && a.Case == fee);
        Assert.DoesNotContain(alerts, a => a.Kind is "SupplementNoticeWindow" or "CalendarMissing");

        // Two working days before the 补正 window closes; from 1 November the missing 2027 notice.
        At("2026-11-02");
        await Send(new ScanDeadlinesCommand());
        alerts = await Open(s);
        Assert.Contains(("SupplementNoticeWindow", window, "2026-11-04"), alerts);
        Assert.Contains(alerts, a => a.Kind == "CalendarMissing" && a.Due == "2026-12-31");

        // The agency chooses to close lapsed cases: the scan closes them and their alerts resolve.
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", System.Net.Http.Json.JsonContent.Create(new { closeLapsedCases = true })));
        var result = await Send(new ScanDeadlinesCommand());
        Assert.Equal(2, result.CasesClosedAsLapsed);
        Assert.Equal("Other.SupplementOverdue", (string?)(await Ok(s.Handler.GetAsync($"/api/cases/{lapsed}")))["outcome"]);
        Assert.Equal("Other.FeeUnpaid", (string?)(await Ok(s.Handler.GetAsync($"/api/cases/{fee}")))["outcome"]);
        alerts = await Open(s);
        Assert.DoesNotContain(alerts, a => a.Kind is "SupplementLapsed" or "FeeLapsed");
        Assert.DoesNotContain(alerts, a => a.Case == lapsed || a.Case == fee); // closed in this scan: none of their alerts stays open
        var history = await Ok(s.Handler.GetAsync($"/api/cases/{lapsed}/history"));
        Assert.Equal("system", (string?)history["items"]!.AsArray().Last()!["actor"]!["userId"]);

        // Loading the notice resolves the calendar alert; a report not published as 31 January nears raises one.
        await Ok(s.Admin.PutAsync("/api/calendar/2027", System.Net.Http.Json.JsonContent.Create(new
        {
            year = 2027, papers = Array.Empty<string>(), days = new[] { new { name = "元旦", date = "2027-01-01", isOffDay = true } },
        })));
        await Send(new ScanDeadlinesCommand());
        Assert.DoesNotContain(await Open(s), a => a.Kind == "CalendarMissing");
        At("2027-01-25");
        await Send(new WatchAnnualReportsCommand());
        await Send(new ScanDeadlinesCommand());
        Assert.Equal(2, (await Open(s)).Count(a => a.Kind == "AnnualReportDue" && a.Due == "2027-01-31"));
    }
}

public sealed class AlertsWalkFactory : CaseTrackerFactory
{
    protected override DateTimeOffset StartTime => new(2026, 9, 1, 1, 0, 0, TimeSpan.Zero);
}

/// <summary>The day-by-day walk has its own instance: its clock starts in September.</summary>
public class AlertsWalkTests(AlertsWalkFactory factory) : IClassFixture<AlertsWalkFactory>
{
    private static Task<ScanResult> Scan(CaseTrackerFactory on) => Alerting.Scan(on);

    private static void At(CaseTrackerFactory on, DateOnly day) => Alerting.At(on, day);

    private static Task<List<(string Kind, string? Case, string? Due)>> OpenAlerts(HttpClient client, string agency) => Alerting.OpenAlerts(client, agency);

    [Fact]
    public async Task DayByDay_ThroughHolidaysAndAMakeUpSunday_RaisesEachAlertOnceAndResolvesIt()
    {
        At(factory, new DateOnly(2026, 9, 1));
        var s = await Create(factory);
        var a = await s.Register("InPerson", "2026-09-01");                 // due 2026-09-29 (Art. 33)
        Assert.Equal("2026-09-29", (string?)a["dueOn"]);
        var aNumber = (string)a["caseNumber"]!;
        factory.EnsureUser("handler-1", s.Child, "CaseHandler");
        await Ok(s.Supervisor.Post($"/api/cases/{a["id"]}/assignment", new { userId = "handler-1", name = "李四" }));
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", System.Net.Http.Json.JsonContent.Create(new
        {
            closeLapsedCases = false, webhookUrl = "https://203.0.113.7/unused", webhookSecret = "walk-secret-0123456789",
        })));

        string? bNumber = null;
        var restarted = (CaseTrackerFactory?)null;
        var expected = new Dictionary<DateOnly, (string, string?, string?)[]>();
        for (var day = new DateOnly(2026, 9, 18); day <= new DateOnly(2026, 10, 12); day = day.AddDays(1))
        {
            // Restart half-way: a new instance on the same database, with its own clock, carries on.
            var on = day >= new DateOnly(2026, 10, 3) ? restarted ??= new CaseTrackerFactory(factory.Database, ownsDatabase: false, factory.Time.GetUtcNow()) : factory;
            At(on, day);
            if (day == new DateOnly(2026, 9, 30))
                bNumber = (string)(await s.Register("Online", "2026-09-30"))["caseNumber"]!; // unconfirmed over the 国庆节 week
            await Scan(on);
            await Scan(on); // twice: nothing doubles
            if (day == new DateOnly(2026, 10, 1) || day == new DateOnly(2026, 10, 10) || day == new DateOnly(2026, 10, 11))
            {
                // The 08:00 digest goes out on working days only: not on 国庆节 or a Sunday, but on the 调休 Saturday 2026-10-10.
                using var scope = on.Services.CreateScope();
                var digest = await scope.ServiceProvider.GetRequiredService<DeadlineJobs>().RunDigest(CancellationToken.None);
                Assert.Equal(day == new DateOnly(2026, 10, 10) ? [s.Child] : [], digest);
            }

            var client = on.As("supervisor", s.Root, "Supervisor");
            var alerts = await OpenAlerts(client, s.Root);

            var want = new List<(string, string?, string?)>();
            if (day >= new DateOnly(2026, 9, 21) && day < new DateOnly(2026, 9, 29)) want.Add(("DueSoon", aNumber, "2026-09-29"));
            if (day == new DateOnly(2026, 9, 29)) want.Add(("DueToday", aNumber, "2026-09-29"));
            if (day > new DateOnly(2026, 9, 29)) want.Add(("Overdue", aNumber, "2026-09-29"));
            if (day > new DateOnly(2026, 10, 8)) want.Add(("ReceiptUnconfirmed", bNumber, "2026-10-08")); // next working day after 09-30
            want = want.OrderBy(w => w.Item2).ThenBy(w => w.Item1).ToList();
            Assert.True(want.SequenceEqual(alerts), $"{day:yyyy-MM-dd}: expected [{string.Join(", ", want)}], got [{string.Join(", ", alerts)}]");
        }

        var live = restarted!;
        var liveHandler = live.As("handler-x", s.Child, "CaseHandler");
        // Each alert raised exactly once over the month; the superseded ones resolved by themselves.
        var all = (await Ok(live.As("s", s.Root, "Supervisor").GetAsync($"/api/alerts?agency={s.Root}&subtree=true")))["items"]!.AsArray();
        // DueSoon once per band: 5 working days left (09-21), 3 (09-23), 1 (09-28).
        Assert.Equal(["DueSoon", "DueSoon", "DueSoon", "DueToday", "Overdue", "ReceiptUnconfirmed"], all.Select(x => (string)x!["kind"]!).Order());
        Assert.Equal(["1 working days or fewer left.", "3 working days or fewer left.", "5 working days or fewer left."],
            all.Where(x => (string)x!["kind"]! == "DueSoon").Select(x => (string)x!["details"]!).Order());
        Assert.All(all.Where(x => (string)x!["kind"]! is "DueSoon" or "DueToday"), x => Assert.NotNull(x!["resolvedAt"]));
        var overdue = all.Single(x => (string)x!["kind"]! == "Overdue")!;
        Assert.Equal(["user:handler-1", $"supervisors:{s.Child}"], overdue["recipients"]!.AsArray().Select(r => (string)r!));

        // "mine" and acknowledgement.
        var myCases = await Ok(live.As("handler-1", s.Child, "CaseHandler").GetAsync("/api/cases?mine=true"));
        Assert.Equal([aNumber], myCases["items"]!.AsArray().Select(c => (string)c!["caseNumber"]!));
        var mine = await Ok(live.As("handler-1", s.Child, "CaseHandler").GetAsync("/api/alerts?mine=true&status=open"));
        Assert.Equal(["Overdue"], mine["items"]!.AsArray().Select(x => (string)x!["kind"]!));
        var acknowledged = await Ok(live.As("handler-1", s.Child, "CaseHandler").Post($"/api/alerts/{overdue["id"]}/acknowledgement", new { }));
        Assert.NotNull(acknowledged["acknowledgedAt"]);
        var stillOpen = await Ok(live.As("handler-1", s.Child, "CaseHandler").GetAsync("/api/alerts?mine=true&status=open"));
        Assert.Empty(stillOpen["items"]!.AsArray());
        await Refused(live.As("x", "NOWHERE", "CaseHandler").Post($"/api/alerts/{overdue["id"]}/acknowledgement", new { }), HttpStatusCode.NotFound);
        await Refused(liveHandler.GetAsync("/api/alerts?status=closed"), HttpStatusCode.BadRequest);

        // Delivering the case resolves its alert.
        await Ok(liveHandler.Post($"/api/cases/{a["id"]}/decision", new { decidedOn = "2026-10-12", outcome = "Disclosed" }));
        await Ok(liveHandler.Post($"/api/cases/{a["id"]}/delivery", new { deliveredOn = "2026-10-12", method = "Post" }));
        await Scan(live);
        Assert.DoesNotContain(await OpenAlerts(live.As("supervisor", s.Root, "Supervisor"), s.Root), x => x.Case == aNumber);
        await live.DisposeAsync();
    }
}

public sealed class AlertsAgreementFactory : CaseTrackerFactory
{
    protected override DateTimeOffset StartTime => new(2026, 10, 26, 2, 0, 0, TimeSpan.Zero);
}

/// <summary>
/// The deadline scan decides the due-date and 补正-window alerts in SQL, set-based; the commands decide a case's alerts with
/// <see cref="CaseAlerts"/>. Walked day by day over a mixed register, the two agree on every case, so they cannot drift.
/// </summary>
public class ScanAgreesWithCaseAlertsTests(AlertsAgreementFactory factory) : IClassFixture<AlertsAgreementFactory>
{
    private HashSet<string> OpenCaseAlertKeys()
    {
        using var connection = factory.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT dedupe_key FROM alerts WHERE resolved_at IS NULL AND case_id IS NOT NULL";
        using var reader = command.ExecuteReader();
        var keys = new HashSet<string>();
        while (reader.Read()) keys.Add(reader.GetString(0));
        return keys;
    }

    private async Task<HashSet<string>> ExpectedKeys(IEnumerable<string> caseIds)
    {
        using var scope = factory.Services.CreateScope();
        var cases = scope.ServiceProvider.GetRequiredService<ICaseRepository>();
        var clock = scope.ServiceProvider.GetRequiredService<RegisterClock>();
        var rules = scope.ServiceProvider.GetRequiredService<AlertOptions>().Rules;
        var keys = new HashSet<string>();
        foreach (var id in caseIds)
        {
            var c = (await cases.Find(new CaseId(Guid.Parse(id)), CancellationToken.None))!;
            foreach (var alert in CaseAlerts.For(CaseAlertFacts.Of(c, c.Clock(clock.Calendar, clock.Settings)), clock.Today, clock.Calendar, clock.Settings, rules))
                keys.Add(alert.Key);
        }

        return keys;
    }

    private void Wipe()
    {
        using var connection = factory.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM alerts";
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task ScanSql_AndCaseAlerts_AgreeOnEveryCaseOnEveryDay()
    {
        var s = await Create(factory);
        async Task<string> Case(string channel, string submitted, params Func<string, Task>[] steps)
        {
            var id = (string)(await s.Register(channel, submitted))["id"]!;
            foreach (var step in steps) await step(id);
            return id;
        }

        Func<string, Task> Do(string route, object body, HttpClient? by = null) => id => Ok((by ?? s.Handler).Post($"/api/cases/{id}/{route}", body));
        var ids = new List<string>
        {
            await Case("InPerson", "2026-09-28"),
            await Case("InPerson", "2026-10-09"),
            await Case("InPerson", "2026-10-19"),
            await Case("InPerson", "2026-10-22"),
            await Case("InPerson", "2026-10-26"),
            await Case("InPerson", "2018-03-05"),
            await Case("Online", "2026-10-23"),
            await Case("InPerson", "2026-10-12", Do("supplement-request", new { requestedOn = "2026-10-13", items = "年份", supplyBy = "2026-10-20" })),
            await Case("InPerson", "2026-10-15", Do("supplement-request", new { requestedOn = "2026-10-16", items = "年份", supplyBy = "2026-11-06" })),
            await Case("InPerson", "2026-09-14", Do("consultations", new { kind = "OtherAgency", party = "州财政局", sentOn = "2026-09-15" })),
            await Case("InPerson", "2026-10-20", Do("consultations", new { kind = "ThirdParty", party = "某公司", sentOn = "2026-10-21" })),
            await Case("InPerson", "2026-09-01", Do("fee-notice", new { issuedOn = "2026-09-02", method = "PerPage", pages = 50 })),
            await Case("InPerson", "2026-10-13", Do("fee-notice", new { issuedOn = "2026-10-14", method = "PerPage", pages = 40 })),
            await Case("InPerson", "2026-09-01", Do("decision", new { decidedOn = "2026-10-09", outcome = "Disclosed" })),
            await Case("InPerson", "2026-09-01", Do("decision", new { decidedOn = "2026-09-10", outcome = "Disclosed" }),
                Do("delivery", new { deliveredOn = "2026-09-11", method = "Post" })),
        };
        var confirmLater = ids[6];
        var payLater = ids[12];
        var extendLater = ids[2];

        var seen = new HashSet<string>();
        for (var day = new DateOnly(2026, 10, 26); day <= new DateOnly(2026, 11, 24); day = day.AddDays(1))
        {
            Alerting.At(factory, day);
            if (day == new DateOnly(2026, 11, 3)) await Do("receipt-confirmation", new { confirmedOn = "2026-11-03" }, s.Intake)(confirmLater);
            if (day == new DateOnly(2026, 11, 5)) await Do("fee-payment", new { paidOn = "2026-11-05" })(payLater);
            if (day == new DateOnly(2026, 11, 13))
                await Do("extension", new { approvedOn = "2026-11-13", workingDays = 3, reason = "复杂", applicantNotifiedOn = "2026-11-13" }, s.Approver)(extendLater);
            if (day.Day % 3 == 0) Wipe(); // then the scan raises every alert from nothing
            await Alerting.Scan(factory);
            var expected = await ExpectedKeys(ids);
            var actual = OpenCaseAlertKeys();
            Assert.True(expected.SetEquals(actual),
                $"{day:yyyy-MM-dd}: C# only [{string.Join(", ", expected.Except(actual))}], scan only [{string.Join(", ", actual.Except(expected))}]");
            seen.UnionWith(actual.Select(k => k[..k.IndexOf('|', StringComparison.Ordinal)]));
        }

        // The walk met every kind a case can have.
        Assert.Equal(
            ["ConsultationOverdue", "DueSoon", "DueToday", "FeeLapsed", "Overdue", "ReceiptUnconfirmed", "SupplementLapsed", "SupplementNoticeWindow"],
            seen.Order(StringComparer.Ordinal));
    }
}
