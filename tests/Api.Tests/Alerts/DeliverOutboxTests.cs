using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Features.Alerts.DeliverOutbox;
using CaseTracker.Api.Features.Alerts.SendDigest;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Alerts;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Alerts;

/// <summary>
/// Issue 14 item 3 (security.md "Outbound calls"): alert deliveries are rows of the delivery outbox, written with the alerts,
/// drained by <see cref="OutboxJobs"/>: one signed webhook call carries up to 100 alerts of an agency as a JSON array, each
/// with its delivery id; a failed call is retried with back-off; a claim left by a killed drain lapses and the same ids are
/// sent again; two drains at once send nothing twice; the morning digest goes through the outbox once a day.
/// </summary>
public class DeliverOutboxTests(WebhookDevelopmentFactory factory) : IClassFixture<WebhookDevelopmentFactory>
{
    private const string Secret = "webhook-secret-of-the-agency";

    private Task<OutboxDrained> Drain() => factory.Services.GetRequiredService<OutboxJobs>().Drain(CancellationToken.None);

    /// <summary>A receiver on loopback (the Development environment lets a webhook reach this machine over http) answering 500 to the first <paramref name="failFirst"/> calls.</summary>
    private static Task<WebhookReceiver> Receiver(int failFirst = 0)
        => WebhookReceiver.Start(answer: n => n <= failFirst ? Results.StatusCode(500) : Results.Ok());

    private static string Url(WebhookReceiver receiver) => $"http://127.0.0.1:{receiver.Port}/hook";

    private static JsonNode Json(ReceivedCall call) => JsonNode.Parse(call.Body)!;

    /// <summary>The delivery ids a call carried: each element's of an array of alerts, the digest's own.</summary>
    private static List<string> DeliveryIds(ReceivedCall call) => Json(call) is JsonArray array
        ? array.Select(a => (string)a!["deliveryId"]!).ToList()
        : [(string)Json(call)["deliveryId"]!];

    /// <summary>The signature checked as a receiver would: over the header's own timestamp and the body.</summary>
    private static void AssertSigned(ReceivedCall call)
    {
        var timestamp = long.Parse(call.Signature!.Split(',')[0]["t=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(WebhookJobs.Sign(call.Body, Secret, timestamp), call.Signature);
    }

    private async Task<Scenario> AgencyWithWebhook(WebhookReceiver receiver)
    {
        Alerting.At(factory, new DateOnly(2026, 11, 25));
        var s = await Create(factory);
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", JsonContent.Create(new { webhookUrl = Url(receiver), webhookSecret = Secret })));
        return s;
    }

    private List<(string State, long Attempts)> Outbox(string agency)
        => factory.Database.Rows("SELECT state, attempts FROM delivery_outbox WHERE agency_code = @agency ORDER BY id", ("agency", agency))
            .Select(r => ((string)r[0]!, Convert.ToInt64(r[1]))).ToList();

    [Fact]
    public async Task Webhook_ReceivesTheAgencysAlertsInOneSignedCall_AndAFailedCallIsRetriedAfterItsBackoff()
    {
        await using var receiver = await Receiver(failFirst: 1);
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
        Assert.Equal(DeliveryIds(calls[0]), DeliveryIds(calls[1])); // the re-send carries the same idempotency keys
        foreach (var call in calls)
        {
            AssertSigned(call);
            var alerts = Json(call).AsArray();
            Assert.Equal([(string?)first["id"], (string?)second["id"]], alerts.Select(a => (string?)a!["caseId"]).Order().ToList()!);
            Assert.All(alerts, a => Assert.Equal("Overdue", (string?)a!["kind"]));
        }

        foreach (var id in Json(calls[1]).AsArray().Select(a => Guid.Parse((string)a!["id"]!)))
            Assert.Equal([(1L, 500L, false), (2L, 200L, true)], factory.Database.Deliveries(id, Url(receiver)));
    }

    [Fact]
    public async Task Import_Of250OverdueRows_IsDeliveredIn3CallsOfAtMost100Alerts_EachDeliveryOnce()
    {
        // security.md: one webhook call carries up to 100 alerts of an agency (an import once made one POST per alert).
        await using var receiver = await Receiver();
        var s = await AgencyWithWebhook(receiver);
        var rows = Enumerable.Range(0, 250).Select(_ => RegisterFile.Row(s.Child, "InPerson", "2026-10-12")).ToArray();
        await Ok(s.Intake.Import(RegisterFile.Csv(rows)));
        Assert.Equal(250, Outbox(s.Child).Count(r => r.State == "Pending"));

        await Drain();
        var sizes = receiver.Calls.Select(c => Json(c).AsArray().Count).ToList();
        Assert.Equal([100, 100, 50], sizes);
        var ids = receiver.Calls.SelectMany(DeliveryIds).ToList();
        Assert.Equal(250, ids.Distinct().Count());
        Assert.All(Outbox(s.Child), r => Assert.Equal(("Delivered", 1L), r));
    }

    [Fact]
    public async Task TwoDrainsAtOnce_SendEachDeliveryOnce()
    {
        // Hangfire may run a job twice, and several instances drain the same outbox: claims are state-guarded.
        await using var receiver = await Receiver();
        var s = await AgencyWithWebhook(receiver);
        await Ok(s.Intake.Import(RegisterFile.Csv(Enumerable.Range(0, 120).Select(_ => RegisterFile.Row(s.Child, "InPerson", "2026-10-12")).ToArray())));

        await Task.WhenAll(Task.Run(Drain), Task.Run(Drain));
        var ids = receiver.Calls.SelectMany(DeliveryIds).ToList();
        Assert.Equal(120, ids.Count);
        Assert.Equal(120, ids.Distinct().Count());
    }

    [Fact]
    public async Task AClaimLeftByAKilledDrain_LapsesAndTheSameDeliveryIdsAreSentAgain()
    {
        await using var receiver = await Receiver();
        var s = await AgencyWithWebhook(receiver);
        await s.Register("InPerson", "2026-10-12");
        await Drain();
        var delivered = DeliveryIds(Assert.Single(receiver.Calls));

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
        var resent = DeliveryIds(receiver.Calls.Last());
        Assert.Equal(2, resent.Count);
        Assert.Empty(resent.Intersect(delivered));
        Assert.All(Outbox(s.Child), r => Assert.Equal("Delivered", r.State));
    }

    [Fact]
    public async Task Digest_GoesThroughTheOutboxOnceADay_Signed_AndAMissedOneIsSeenAtStartUp()
    {
        await using var receiver = await Receiver();
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
        var digest = Assert.Single(receiver.Calls, c => Json(c) is JsonObject);
        AssertSigned(digest);
        var body = Json(digest);
        Assert.Equal("digest", (string?)body["type"]);
        Assert.Equal(1, (int)body["overdue"]!);
        Assert.Equal(1, (int)body["openAlerts"]!["Overdue"]!);
    }

    [Fact]
    public async Task AnAlertOfAnAgencyThatRemovedItsWebhook_IsDroppedNotSent()
    {
        await using var receiver = await Receiver();
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
        await using var receiver = await Receiver();
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
