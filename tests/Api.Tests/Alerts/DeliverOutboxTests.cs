using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Features.Alerts.DeliverOutbox;
using CaseTracker.Api.Features.Alerts.SendDigest;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Alerts;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Alerts;

/// <summary>
/// Issue 14 item 3 (security.md "Outbound calls"): alert deliveries are rows of the delivery outbox, written with the alerts,
/// drained by <see cref="OutboxJobs"/>: one signed webhook call carries up to 100 alerts of an agency as a JSON array, each
/// with its delivery id; a failed call is retried with back-off; a claim left by a killed drain lapses and the same ids are
/// sent again; two drains at once send nothing twice; the morning digest goes through the outbox once a day.
/// </summary>
public class DeliverOutboxTests(AlertsFactory factory) : IClassFixture<AlertsFactory>
{
    private const string Secret = "webhook-secret-of-the-agency";

    private Task<OutboxDrained> Drain() => factory.Services.GetRequiredService<OutboxJobs>().Drain(CancellationToken.None);

    private async Task<Scenario> AgencyWithWebhook(WebhookReceiver receiver)
    {
        Alerting.At(factory, new DateOnly(2026, 11, 25));
        var s = await Create(factory);
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", JsonContent.Create(new { webhookUrl = receiver.Url, webhookSecret = Secret })));
        return s;
    }

    private List<(string State, long Attempts)> Outbox(string agency)
        => factory.Database.Rows("SELECT state, attempts FROM delivery_outbox WHERE agency_code = @agency ORDER BY id", ("agency", agency))
            .Select(r => ((string)r[0]!, Convert.ToInt64(r[1]))).ToList();

    [Fact]
    public async Task Webhook_ReceivesTheAgencysAlertsInOneSignedCall_AndAFailedCallIsRetriedAfterItsBackoff()
    {
        await using var receiver = await WebhookReceiver.Start();
        receiver.FailFirst = 1;
        var s = await AgencyWithWebhook(receiver);
        var first = await s.Register("InPerson", "2026-10-12"); // due 2026-11-09: overdue on registration
        var second = await s.Register("InPerson", "2026-10-13");
        // Queued by the registrations themselves, in their transactions; nothing is sent inside them.
        Assert.Equal([("Pending", 0L), ("Pending", 0L)], Outbox(s.Child));
        Assert.Empty(receiver.Calls);

        await Drain(); // 500: both put back, due again in 10 s
        Assert.Equal([("Pending", 1L), ("Pending", 1L)], Outbox(s.Child));
        await Drain(); // not due yet: nothing sent
        Assert.Single(receiver.Calls);
        factory.Time.Advance(TimeSpan.FromSeconds(11));
        await Drain();
        Assert.Equal([("Delivered", 2L), ("Delivered", 2L)], Outbox(s.Child));

        var calls = receiver.Calls.ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(calls[0].DeliveryIds, calls[1].DeliveryIds); // the re-send carries the same idempotency keys
        foreach (var call in calls)
        {
            Assert.Equal(WebhookJobs.Sign(call.Body, Secret), call.Signature);
            var alerts = call.Json.AsArray();
            Assert.Equal([(string?)first["id"], (string?)second["id"]], alerts.Select(a => (string?)a!["caseId"]).Order().ToList()!);
            Assert.All(alerts, a => Assert.Equal("Overdue", (string?)a!["kind"]));
        }

        foreach (var id in calls[1].Json.AsArray().Select(a => Guid.Parse((string)a!["id"]!)))
            Assert.Equal([(1L, 500L, false), (2L, 200L, true)], factory.Database.Deliveries(id, receiver.Url));
    }

    [Fact]
    public async Task Import_Of250OverdueRows_IsDeliveredIn3CallsOfAtMost100Alerts_EachDeliveryOnce()
    {
        // security.md: one webhook call carries up to 100 alerts of an agency (an import once made one POST per alert).
        await using var receiver = await WebhookReceiver.Start();
        var s = await AgencyWithWebhook(receiver);
        var rows = Enumerable.Range(0, 250).Select(_ => RegisterFile.Row(s.Child, "InPerson", "2026-10-12")).ToArray();
        await Ok(s.Intake.Import(RegisterFile.Csv(rows)));
        Assert.Equal(250, Outbox(s.Child).Count(r => r.State == "Pending"));

        await Drain();
        var sizes = receiver.Calls.Select(c => c.Json.AsArray().Count).ToList();
        Assert.Equal([100, 100, 50], sizes);
        var ids = receiver.Calls.SelectMany(c => c.DeliveryIds).ToList();
        Assert.Equal(250, ids.Distinct().Count());
        Assert.All(Outbox(s.Child), r => Assert.Equal(("Delivered", 1L), r));
    }

    [Fact]
    public async Task TwoDrainsAtOnce_SendEachDeliveryOnce()
    {
        // Hangfire may run a job twice, and several instances drain the same outbox: claims are state-guarded.
        await using var receiver = await WebhookReceiver.Start();
        var s = await AgencyWithWebhook(receiver);
        await Ok(s.Intake.Import(RegisterFile.Csv(Enumerable.Range(0, 120).Select(_ => RegisterFile.Row(s.Child, "InPerson", "2026-10-12")).ToArray())));

        await Task.WhenAll(Task.Run(Drain), Task.Run(Drain));
        var ids = receiver.Calls.SelectMany(c => c.DeliveryIds).ToList();
        Assert.Equal(120, ids.Count);
        Assert.Equal(120, ids.Distinct().Count());
    }

    [Fact]
    public async Task AClaimLeftByAKilledDrain_LapsesAndTheSameDeliveryIdsAreSentAgain()
    {
        await using var receiver = await WebhookReceiver.Start();
        var s = await AgencyWithWebhook(receiver);
        await s.Register("InPerson", "2026-10-12");
        await Drain();
        var delivered = Assert.Single(receiver.Calls).DeliveryIds;

        // A drain that claimed a batch and died (kill -9) before it marked it delivered: the rows stay claimed.
        await s.Register("InPerson", "2026-10-12");
        await s.Register("InPerson", "2026-10-12");
        using (var scope = factory.Services.CreateScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<DeliveryOutbox>();
            var now = factory.Time.GetUtcNow();
            var claimed = await outbox.ClaimNext(now, now.AddSeconds(120), CancellationToken.None);
            Assert.Equal(2, claimed!.Deliveries.Count);
        }

        await Drain(); // still claimed by the dead drain: not sent
        Assert.Single(receiver.Calls);
        factory.Time.Advance(TimeSpan.FromSeconds(121));
        await Drain();
        var resent = receiver.Calls.Last().DeliveryIds;
        Assert.Equal(2, resent.Count);
        Assert.Empty(resent.Intersect(delivered));
        Assert.All(Outbox(s.Child), r => Assert.Equal("Delivered", r.State));
    }

    [Fact]
    public async Task Digest_GoesThroughTheOutboxOnceADay_Signed_AndAMissedOneIsSeenAtStartUp()
    {
        await using var receiver = await WebhookReceiver.Start();
        var s = await AgencyWithWebhook(receiver); // Wednesday 2026-11-25, 10:00 China time: after the 08:00 digest
        await s.Register("InPerson", "2026-10-12");
        await Drain();
        var missed = new DigestMissedQuery(new TimeOnly(8, 0));
        using (var scope = factory.Services.CreateScope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            Assert.True(await sender.Send(missed)); // the service was down at 08:00: start-up sends it
            Assert.False(await sender.Send(new DigestMissedQuery(new TimeOnly(23, 0)))); // not yet its time
            Assert.Contains(s.Child, await scope.ServiceProvider.GetRequiredService<DeadlineJobs>().RunDigest(CancellationToken.None));
            Assert.False(await sender.Send(missed)); // queued: not missed any more
            await scope.ServiceProvider.GetRequiredService<DeadlineJobs>().RunDigest(CancellationToken.None); // run twice: queued once
        }

        await Drain();
        var digests = receiver.Calls.Where(c => c.Json is JsonObject).ToList();
        var digest = Assert.Single(digests);
        Assert.Equal(WebhookJobs.Sign(digest.Body, Secret), digest.Signature);
        Assert.Equal("digest", (string?)digest.Json["type"]);
        Assert.Equal(1, (int)digest.Json["overdue"]!);
        Assert.Equal(1, (int)digest.Json["openAlerts"]!["Overdue"]!);
    }

    [Fact]
    public async Task AnAlertOfAnAgencyThatRemovedItsWebhook_IsDroppedNotSent()
    {
        await using var receiver = await WebhookReceiver.Start();
        var s = await AgencyWithWebhook(receiver);
        await s.Register("InPerson", "2026-10-12");
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", JsonContent.Create(new { closeLapsedCases = false })));
        await Drain();
        Assert.Empty(receiver.Calls);
        Assert.Equal([("Dropped", 1L)], Outbox(s.Child));
    }

    [Fact]
    public async Task AJobQueuedInHangfireBeforeTheOutbox_PutsItsAlertInTheOutboxOnce()
    {
        await using var receiver = await WebhookReceiver.Start();
        var s = await AgencyWithWebhook(receiver);
        await s.Register("InPerson", "2026-10-12");
        await Drain();
        var alertId = Guid.Parse((string)(await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Child}&kind=Overdue")))["items"]![0]!["id"]!);
        await factory.Services.GetRequiredService<WebhookJobs>().Deliver(alertId, CancellationToken.None); // already queued: nothing more
        Assert.Equal([("Delivered", 1L)], Outbox(s.Child));
        await Drain();
        Assert.Single(receiver.Calls);
    }
}
