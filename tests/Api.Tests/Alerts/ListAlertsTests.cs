using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Features.Alerts.ScanDeadlines;
using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests;

public sealed class AlertsFactory : CaseTrackerFactory;

/// <summary>
/// The deadline watch under a fake clock: walked day by day through 中秋节, the 2026-09-20 调休 Sunday and the
/// 国庆节 week, the alerts that exist each day are exactly those the rules call for, each raised once; a restart
/// in the middle changes nothing; the webhook receives them signed, and a failed delivery is retried.
/// </summary>
public class AlertsTests(AlertsFactory factory) : IClassFixture<AlertsFactory>
{
    internal static async Task<ScanResult> Scan(CaseTrackerFactory on)
    {
        using var scope = on.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new ScanDeadlinesCommand());
    }

    internal static void At(CaseTrackerFactory on, DateOnly day)
    {
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
        if (at > on.Time.GetUtcNow()) on.Time.SetUtcNow(at);
    }

    internal static async Task<List<(string Kind, string? Case, string? Due)>> OpenAlerts(HttpClient client, string agency)
    {
        var list = await Ok(client.GetAsync($"/api/alerts?agency={agency}&subtree=true&pageSize=200"));
        return list["items"]!.AsArray().Where(a => a!["resolvedAt"] is null)
            .Select(a => ((string)a!["kind"]!, (string?)a["caseNumber"], (string?)a["dueOn"])).OrderBy(a => a.Item2).ThenBy(a => a.Item1).ToList();
    }

    [Fact]
    public async Task Webhook_ReceivesTheAlertSigned_AndAFailedDeliveryIsRetried()
    {
        var received = new ConcurrentQueue<(string Body, string? Signature)>();
        var calls = 0;
        var receiver = WebApplication.CreateSlimBuilder();
        receiver.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = receiver.Build();
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            received.Enqueue((await reader.ReadToEndAsync(), request.Headers[WebhookJobs.SignatureHeader]));
            return Interlocked.Increment(ref calls) == 1 ? Results.StatusCode(500) : Results.Ok();
        });
        await app.StartAsync();
        var url = app.Urls.First() + "/hook";

        At(factory, new DateOnly(2026, 11, 25));
        var s = await Create(factory);
        const string secret = "webhook-secret-of-the-agency";
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings",
            System.Net.Http.Json.JsonContent.Create(new { closeLapsedCases = false, webhookUrl = url, webhookSecret = secret })));
        await Refused(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings",
            System.Net.Http.Json.JsonContent.Create(new { webhookUrl = "ftp://x", webhookSecret = "short" })), HttpStatusCode.BadRequest);
        var c = await s.Register("InPerson", "2026-10-12"); // due 2026-11-09: overdue today
        await Scan(factory);
        var alert = (await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Child}&kind=Overdue")))["items"]![0]!;
        Assert.Equal((string?)c["id"], (string?)alert["caseId"]);

        var jobs = factory.Services.GetRequiredService<WebhookJobs>();
        var alertId = Guid.Parse((string)alert["id"]!);
        await Assert.ThrowsAsync<InvalidOperationException>(() => jobs.Deliver(alertId, CancellationToken.None)); // 500: Hangfire retries
        await jobs.Deliver(alertId, CancellationToken.None);
        Assert.Equal(2, received.Count);
        foreach (var (body, signature) in received.ToList())
        {
            Assert.Equal(WebhookJobs.Sign(body, secret), signature);
            Assert.Equal((string?)alert["id"], (string?)JsonNode.Parse(body)!["id"]);
        }

        // The morning digest reaches the same webhook, signed.
        await jobs.DeliverDigest(s.Child, new DateOnly(2026, 11, 25), CancellationToken.None);
        var (digestBody, digestSignature) = received.Last();
        Assert.Equal(WebhookJobs.Sign(digestBody, secret), digestSignature);
        var digest = JsonNode.Parse(digestBody)!;
        Assert.Equal("digest", (string?)digest["type"]);
        Assert.Equal(1, (int)digest["overdue"]!);
        Assert.Equal(1, (int)digest["openAlerts"]!["Overdue"]!);

        Assert.Equal([(1L, 500L, false), (2L, 200L, true)], factory.Database.Deliveries(alertId));
    }

    [Fact]
    public async Task AlertList_IsPagedDueDateFirst_AndMineIsFilteredBeforePaging()
    {
        At(factory, new DateOnly(2026, 11, 25));
        var s = await Create(factory);
        var ids = new List<string>();
        foreach (var submitted in new[] { "2026-10-14", "2026-10-05", "2026-10-13", "2026-10-08", "2026-10-12" })
            ids.Add((string)(await s.Register("InPerson", submitted))["id"]!); // all overdue on 2026-11-25
        factory.EnsureUser("pager-1", s.Child, "CaseHandler"); // assignment names an existing user of the case's agency
        foreach (var id in ids.Take(2)) await Ok(s.Supervisor.Post($"/api/cases/{id}/assignment", new { userId = "pager-1", name = "赵六" }));
        await Scan(factory);

        var seen = new List<JsonNode>();
        for (var page = 1; page <= 3; page++)
        {
            var list = await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Child}&pageSize=2&page={page}"));
            Assert.Equal(5, (int)list["total"]!);
            Assert.Equal(page, (int)list["page"]!);
            Assert.Equal(2, (int)list["pageSize"]!);
            seen.AddRange(list["items"]!.AsArray().Select(a => a!));
        }

        Assert.Equal(ids.Order(), seen.Select(a => (string)a["caseId"]!).Order());
        var dues = seen.Select(a => (string)a["dueOn"]!).ToList();
        Assert.Equal(dues.Order(StringComparer.Ordinal), dues);

        var handler = factory.As("pager-1", s.Child, "CaseHandler");
        var mine = await Ok(handler.GetAsync("/api/alerts?mine=true&pageSize=1"));
        Assert.Equal(2, (int)mine["total"]!);
        Assert.Single(mine["items"]!.AsArray());
        Assert.Contains((string)mine["items"]![0]!["caseId"]!, ids.Take(2));
        Assert.Equal(5, (int)(await Ok(factory.As("sup", s.Child, "Supervisor").GetAsync($"/api/alerts?agency={s.Child}&mine=true")))["total"]!);
        Assert.Equal(0, (int)(await Ok(factory.As("nobody", s.Child, "CaseHandler").GetAsync("/api/alerts?mine=true")))["total"]!);

        foreach (var bad in new[] { "pageSize=0", "pageSize=201", "page=0", "page=-1" })
            await Refused(s.Supervisor.GetAsync($"/api/alerts?agency={s.Child}&{bad}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Dashboard_FiguresMatchTheCaseListsTheyPointTo()
    {
        At(factory, new DateOnly(2026, 11, 25));
        var s = await Create(factory);
        var overdue = await s.Register("InPerson", "2026-10-12");
        factory.EnsureUser("h1", s.Child, "CaseHandler");
        await Ok(s.Supervisor.Post($"/api/cases/{overdue["id"]}/assignment", new { userId = "h1", name = "王五" }));
        await s.Register("InPerson", "2026-11-02"); // due 2026-11-30: within 3 working days
        await s.Register("Online", "2026-11-24");    // awaiting confirmation
        var done = await s.Register("InPerson", "2026-03-02");
        await Ok(s.Approver.Post($"/api/cases/{done["id"]}/extension", new { approvedOn = "2026-03-20", workingDays = 5, reason = "复杂", applicantNotifiedOn = "2026-03-20" }));
        await Ok(s.Handler.Post($"/api/cases/{done["id"]}/decision", new { decidedOn = "2026-04-10", outcome = "Disclosed" }));
        await Ok(s.Handler.Post($"/api/cases/{done["id"]}/delivery", new { deliveredOn = "2026-04-10", method = "Post" }));
        var quick = await s.Register("InPerson", "2026-06-01");
        await Ok(s.Handler.Post($"/api/cases/{quick["id"]}/decision", new { decidedOn = "2026-06-05", outcome = "Disclosed" }));
        await Ok(s.Handler.Post($"/api/cases/{quick["id"]}/delivery", new { deliveredOn = "2026-06-05", method = "Post" }));

        var d = await Ok(s.Supervisor.GetAsync($"/api/dashboard?agency={s.Root}&subtree=true"));
        Assert.Equal(3, (int)d["open"]!);
        Assert.Equal(1, (int)d["overdue"]!);
        Assert.Equal(1, (int)d["awaitingConfirmation"]!);
        Assert.Equal(1, (int)d["dueWithin3"]!);
        Assert.Equal(4, (int)d["year"]!["received"]!); // the online request is not received until confirmed
        Assert.Equal(2, (int)d["year"]!["closed"]!);
        Assert.Equal(1, (int)d["year"]!["closedExtended"]!);
        // 2026-03-02 → 2026-04-10: 28 working days (清明节 2026-04-06 skipped); 2026-06-01 → 06-05: 4; the median of two is their mean.
        Assert.Equal(16m, (decimal)d["year"]!["medianWorkingDays"]!);
        Assert.Equal("h1-name", (string?)d["worstOverdue"]![0]!["assignedTo"]);
        Assert.Contains(d["byHandler"]!.AsArray(), h => (string?)h!["userId"] == "h1" && (int)h["overdue"]! == 1);

        var figures = new Dictionary<string, int>
        {
            ["open"] = (int)d["open"]!, ["awaitingConfirmation"] = (int)d["awaitingConfirmation"]!, ["dueWithin3"] = (int)d["dueWithin3"]!,
            ["dueToday"] = (int)d["dueToday"]!, ["overdue"] = (int)d["overdue"]!,
            ["year.received"] = (int)d["year"]!["received"]!, ["year.closed"] = (int)d["year"]!["closed"]!,
            ["year.closedOnTime"] = (int)d["year"]!["closedOnTime"]!, ["year.closedExtended"] = (int)d["year"]!["closedExtended"]!,
            ["year.closedLate"] = (int)d["year"]!["closedLate"]!, ["year.extensions"] = (int)d["year"]!["extensions"]!,
        };
        foreach (var (figure, value) in figures)
        {
            var list = await Ok(s.Supervisor.GetAsync((string)d["links"]![figure]!));
            Assert.True(value == (int)list["total"]!, $"{figure}: dashboard {value}, list {(int)list["total"]!}");
        }

        foreach (var (status, count) in d["byStatus"]!.AsObject())
            Assert.Equal((int)count!, (int)(await Ok(s.Supervisor.GetAsync((string)d["links"]![$"byStatus.{status}"]!)))["total"]!);
    }
}

public sealed class AlertsWalkFactory : CaseTrackerFactory
{
    protected override DateTimeOffset StartTime => new(2026, 9, 1, 1, 0, 0, TimeSpan.Zero);
}

/// <summary>The day-by-day walk has its own instance: its clock starts in September.</summary>
public class AlertsWalkTests(AlertsWalkFactory factory) : IClassFixture<AlertsWalkFactory>
{
    private static Task<ScanResult> Scan(CaseTrackerFactory on) => AlertsTests.Scan(on);

    private static void At(CaseTrackerFactory on, DateOnly day) => AlertsTests.At(on, day);

    private static Task<List<(string Kind, string? Case, string? Due)>> OpenAlerts(HttpClient client, string agency) => AlertsTests.OpenAlerts(client, agency);

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
            closeLapsedCases = false, webhookUrl = "http://127.0.0.1:9/unused", webhookSecret = "walk-secret-0123456789",
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
