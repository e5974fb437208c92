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

namespace CaseTracker.Api.Tests.Alerts;

/// <summary>The webhook receives the alerts signed, and a failed delivery is retried.</summary>
public class DeliverWebhookTests(WebhookDevelopmentFactory factory) : IClassFixture<WebhookDevelopmentFactory>
{
    private static Task<ScanResult> Scan(CaseTrackerFactory on) => Alerting.Scan(on);

    private static void At(CaseTrackerFactory on, DateOnly day) => Alerting.At(on, day);

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
            Assert.Equal(WebhookJobs.Sign(body, secret, factory.Time.GetUtcNow().ToUnixTimeSeconds()), signature);
            Assert.Equal((string?)alert["id"], (string?)JsonNode.Parse(body)!["id"]);
        }

        // The morning digest reaches the same webhook, signed.
        await jobs.DeliverDigest(s.Child, new DateOnly(2026, 11, 25), CancellationToken.None);
        var (digestBody, digestSignature) = received.Last();
        Assert.Equal(WebhookJobs.Sign(digestBody, secret, factory.Time.GetUtcNow().ToUnixTimeSeconds()), digestSignature);
        var digest = JsonNode.Parse(digestBody)!;
        Assert.Equal("digest", (string?)digest["type"]);
        Assert.Equal(1, (int)digest["overdue"]!);
        Assert.Equal(1, (int)digest["openAlerts"]!["Overdue"]!);

        Assert.Equal([(1L, 500L, false), (2L, 200L, true)], factory.Database.Deliveries(alertId));
    }
}
