using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests;

/// <summary>A CaseTracker at 2026-11-25 whose Hangfire client records the deliveries it is asked to queue.</summary>
public sealed class AlertsFollowFactory : CaseTrackerFactory
{
    public RecordingJobClient Jobs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<Hangfire.IBackgroundJobClient>(Jobs));
    }
}

/// <summary>
/// Issue 10 item 5: a command that closes a case or moves its due date brings the case's alerts in line in its own
/// transaction, and a registration (or import) already overdue gets its alert from the same command, not 15 minutes later.
/// </summary>
public class AlertsFollowTheCaseTests(AlertsFollowFactory factory) : IClassFixture<AlertsFollowFactory>
{
    /// <summary>The case's alerts as (kind, due date, open), straight from the table: no scan runs in between.</summary>
    private List<(string Kind, string Due, bool Open)> AlertsOf(string caseId)
    {
        using var connection = factory.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, due_on, resolved_at FROM alerts WHERE case_id = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "id";
        parameter.Value = caseId;
        command.Parameters.Add(parameter);
        using var reader = command.ExecuteReader();
        var list = new List<(string, string, bool)>();
        while (reader.Read())
            list.Add((reader.GetString(0), (reader[1] is DateOnly d ? d : DateOnly.FromDateTime(Convert.ToDateTime(reader[1], System.Globalization.CultureInfo.InvariantCulture))).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(2)));
        return list.OrderBy(a => a.Item1).ThenBy(a => a.Item2).ToList();
    }

    [Fact]
    public async Task Delivery_OfAnOverdueCase_ResolvesItsOverdueAlertInTheSameCommand()
    {
        // Law.md §4 Overdue: overdue only while not closed; delivery closes the case (送达), so its Overdue alert goes with it.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-10-12"))["id"]!; // due 2026-11-09
        await AlertsTests.Scan(factory);
        Assert.Equal([("Overdue", "2026-11-09", true)], AlertsOf(id));
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-11-25", outcome = "Disclosed" }));
        Assert.Equal([("Overdue", "2026-11-09", true)], AlertsOf(id)); // decided, not delivered: still overdue
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-11-25", method = "Post" }));
        Assert.Equal([("Overdue", "2026-11-09", false)], AlertsOf(id));
    }

    [Fact]
    public async Task Abandonment_ResolvesItsLapsedAlertInTheSameCommand()
    {
        // Art. 30: a supplement not supplied in time; closing the case as Other.SupplementOverdue ends the warning at once.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-11-02"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-11-03", items = "年份", supplyBy = "2026-11-10" }));
        await AlertsTests.Scan(factory);
        Assert.Equal([("SupplementLapsed", "2026-11-10", true)], AlertsOf(id).Where(a => a.Open));
        await Ok(s.Handler.Post($"/api/cases/{id}/abandonment", new { closedOn = "2026-11-25", outcome = "Other.SupplementOverdue" }));
        Assert.Contains(("SupplementLapsed", "2026-11-10", false), AlertsOf(id));
        Assert.DoesNotContain(AlertsOf(id), a => a.Open);
    }

    [Fact]
    public async Task Extension_MovingTheDueDate_ReplacesItsDueDateAlertInTheSameCommand()
    {
        // Art. 33 ¶2: an extension approved on the due date moves it 5 working days; DueToday gives way to DueSoon at once.
        var s = await Create(factory);
        var c = await s.Register("InPerson", "2026-10-28");
        var id = (string)c["id"]!;
        Assert.Equal("2026-11-25", (string?)c["dueOn"]);
        await AlertsTests.Scan(factory);
        Assert.Equal([("DueToday", "2026-11-25", true)], AlertsOf(id));
        c = await Ok(s.Approver.Post($"/api/cases/{id}/extension", new { approvedOn = "2026-11-25", workingDays = 5, reason = "复杂", applicantNotifiedOn = "2026-11-25" }));
        Assert.Equal("2026-12-02", (string?)c["dueOn"]);
        Assert.Equal([("DueSoon", "2026-12-02", true), ("DueToday", "2026-11-25", false)], AlertsOf(id));

        // The next scan finds nothing to do for this case.
        await AlertsTests.Scan(factory);
        Assert.Equal([("DueSoon", "2026-12-02", true), ("DueToday", "2026-11-25", false)], AlertsOf(id));
    }

    [Fact]
    public async Task Registration_OfAPaperRequestEnteredLate_RaisesItsOverdueAlertAndQueuesItsDelivery()
    {
        // Law.md §4 Overdue: a request handed over on 2026-10-12 and entered on 2026-11-25 was due 2026-11-09.
        var s = await Create(factory);
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", System.Net.Http.Json.JsonContent.Create(new
        {
            webhookUrl = "http://127.0.0.1:9/unused", webhookSecret = "webhook-secret-0123456789",
        })));
        var id = (string)(await s.Register("InPerson", "2026-10-12"))["id"]!;
        Assert.Equal([("Overdue", "2026-11-09", true)], AlertsOf(id));
        var alert = (await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Child}&kind=Overdue")))["items"]!.AsArray().Single(a => (string?)a!["caseId"] == id)!;
        var alertId = Guid.Parse((string)alert["id"]!);
        Assert.Single(factory.Jobs.Calls<WebhookJobs>(nameof(WebhookJobs.Deliver)), a => a is Guid g && g == alertId);

        // The next scan neither raises it again nor delivers it again.
        await AlertsTests.Scan(factory);
        Assert.Equal([("Overdue", "2026-11-09", true)], AlertsOf(id));
        Assert.Single(factory.Jobs.Calls<WebhookJobs>(nameof(WebhookJobs.Deliver)), a => a is Guid g && g == alertId);
    }

    [Fact]
    public async Task Import_OfAnOpenOverdueRow_RaisesItsAlertInTheSameCommand()
    {
        // Law.md §4 Overdue on imported history: the open row is overdue on arrival, the delivered one is not.
        var s = await Create(factory);
        var imported = await Ok(s.Intake.Import(RegisterFile.Csv(
            RegisterFile.Row(s.Child, "InPerson", "2026-10-12"),
            RegisterFile.Row(s.Child, "InPerson", "2026-10-12", ("decidedOn", "2026-10-20"), ("outcome", "Disclosed"), ("deliveredOn", "2026-10-21"),
                ("deliveryMethod", "Post")))));
        var ids = imported["cases"]!.AsArray().OrderBy(c => (int)c!["row"]!).Select(c => (string)c!["id"]!).ToList();
        Assert.Equal([("Overdue", "2026-11-09", true)], AlertsOf(ids[0]));
        Assert.Empty(AlertsOf(ids[1]));
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
            AlertsTests.At(factory, day);
            if (day == new DateOnly(2026, 11, 3)) await Do("receipt-confirmation", new { confirmedOn = "2026-11-03" }, s.Intake)(confirmLater);
            if (day == new DateOnly(2026, 11, 5)) await Do("fee-payment", new { paidOn = "2026-11-05" })(payLater);
            if (day == new DateOnly(2026, 11, 13))
                await Do("extension", new { approvedOn = "2026-11-13", workingDays = 3, reason = "复杂", applicantNotifiedOn = "2026-11-13" }, s.Approver)(extendLater);
            if (day.Day % 3 == 0) Wipe(); // then the scan raises every alert from nothing
            await AlertsTests.Scan(factory);
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
        Assert.Equal([("DueSoon", "2027-01-01", true)], Alerts(id));
        await Ok(s.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/calendar/2027")
        {
            Content = new StringContent("""{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}""",
                System.Text.Encoding.UTF8, "application/json"),
        }));
        Assert.Equal([("DueSoon", "2027-01-01", false), ("DueSoon", "2027-01-04", true)], Alerts(id));
    }

    private List<(string Kind, string Due, bool Open)> Alerts(string caseId)
    {
        using var connection = factory.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, due_on, resolved_at FROM alerts WHERE case_id = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "id";
        parameter.Value = caseId;
        command.Parameters.Add(parameter);
        using var reader = command.ExecuteReader();
        var list = new List<(string, string, bool)>();
        while (reader.Read())
            list.Add((reader.GetString(0), (reader[1] is DateOnly d ? d : DateOnly.FromDateTime(Convert.ToDateTime(reader[1], System.Globalization.CultureInfo.InvariantCulture))).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(2)));
        return list.OrderBy(a => a.Item1).ThenBy(a => a.Item2).ToList();
    }
}
