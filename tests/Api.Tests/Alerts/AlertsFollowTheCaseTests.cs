using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Alerts;

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
    private long QueuedForWebhook(Guid alertId) => Convert.ToInt64(factory.Database.Scalar(
        "SELECT COUNT(*) FROM delivery_outbox WHERE alert_id = @id AND channel = 'Webhook'", ("id", alertId.ToString())));

    [Fact]
    public async Task Delivery_OfAnOverdueCase_ResolvesItsOverdueAlertInTheSameCommand()
    {
        // Law.md §4 Overdue: overdue only while not closed; delivery closes the case (送达), so its Overdue alert goes with it.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-10-12"))["id"]!; // due 2026-11-09
        await Alerting.Scan(factory);
        Assert.Equal([("Overdue", "2026-11-09", true)], factory.Database.AlertsOf(id));
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-11-25", outcome = "Disclosed" }));
        Assert.Equal([("Overdue", "2026-11-09", true)], factory.Database.AlertsOf(id)); // decided, not delivered: still overdue
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-11-25", method = "Post" }));
        Assert.Equal([("Overdue", "2026-11-09", false)], factory.Database.AlertsOf(id));
    }

    [Fact]
    public async Task Abandonment_ResolvesItsLapsedAlertInTheSameCommand()
    {
        // Art. 30: a supplement not supplied in time; closing the case as Other.SupplementOverdue ends the warning at once.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-11-02"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-11-03", items = "年份", supplyBy = "2026-11-10" }));
        await Alerting.Scan(factory);
        Assert.Equal([("SupplementLapsed", "2026-11-10", true)], factory.Database.AlertsOf(id).Where(a => a.Open));
        await Ok(s.Handler.Post($"/api/cases/{id}/abandonment", new { closedOn = "2026-11-25", outcome = "Other.SupplementOverdue" }));
        Assert.Contains(("SupplementLapsed", "2026-11-10", false), factory.Database.AlertsOf(id));
        Assert.DoesNotContain(factory.Database.AlertsOf(id), a => a.Open);
    }

    [Fact]
    public async Task Extension_MovingTheDueDate_ReplacesItsDueDateAlertInTheSameCommand()
    {
        // Art. 33 ¶2: an extension approved on the due date moves it 5 working days; DueToday gives way to DueSoon at once.
        var s = await Create(factory);
        var c = await s.Register("InPerson", "2026-10-28");
        var id = (string)c["id"]!;
        Assert.Equal("2026-11-25", (string?)c["dueOn"]);
        await Alerting.Scan(factory);
        Assert.Equal([("DueToday", "2026-11-25", true)], factory.Database.AlertsOf(id));
        c = await Ok(s.Approver.Post($"/api/cases/{id}/extension", new { approvedOn = "2026-11-25", workingDays = 5, reason = "复杂", applicantNotifiedOn = "2026-11-25" }));
        Assert.Equal("2026-12-02", (string?)c["dueOn"]);
        Assert.Equal([("DueSoon", "2026-12-02", true), ("DueToday", "2026-11-25", false)], factory.Database.AlertsOf(id));

        // The next scan finds nothing to do for this case.
        await Alerting.Scan(factory);
        Assert.Equal([("DueSoon", "2026-12-02", true), ("DueToday", "2026-11-25", false)], factory.Database.AlertsOf(id));
    }

    [Fact]
    public async Task Registration_OfAPaperRequestEnteredLate_RaisesItsOverdueAlertAndQueuesItsDelivery()
    {
        // Law.md §4 Overdue: a request handed over on 2026-10-12 and entered on 2026-11-25 was due 2026-11-09.
        var s = await Create(factory);
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", System.Net.Http.Json.JsonContent.Create(new
        {
            webhookUrl = "https://203.0.113.7/unused", webhookSecret = "webhook-secret-0123456789",
        })));
        var id = (string)(await s.Register("InPerson", "2026-10-12"))["id"]!;
        Assert.Equal([("Overdue", "2026-11-09", true)], factory.Database.AlertsOf(id));
        var alert = (await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Child}&kind=Overdue")))["items"]!.AsArray().Single(a => (string?)a!["caseId"] == id)!;
        var alertId = Guid.Parse((string)alert["id"]!);
        Assert.Equal(1L, QueuedForWebhook(alertId)); // in the registration's own transaction

        // The next scan neither raises it again nor delivers it again.
        await Alerting.Scan(factory);
        Assert.Equal([("Overdue", "2026-11-09", true)], factory.Database.AlertsOf(id));
        Assert.Equal(1L, QueuedForWebhook(alertId));
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
        Assert.Equal([("Overdue", "2026-11-09", true)], factory.Database.AlertsOf(ids[0]));
        Assert.Empty(factory.Database.AlertsOf(ids[1]));
    }
}
