using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Infrastructure.Alerts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace CaseTracker.Api.Tests.Support;

/// <summary>A webhook on loopback run by a test: keeps every call (body, signature, delivery header); answers 500 to the first <c>failFirst</c>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private int calls;

    public sealed record Call(string Body, string? Signature, string? Delivery)
    {
        public JsonNode Json => JsonNode.Parse(Body)!;

        /// <summary>The delivery ids a call carried: each element's of an array of alerts, the digest's own.</summary>
        public IReadOnlyList<string> DeliveryIds => Json is JsonArray array
            ? array.Select(a => (string)a!["deliveryId"]!).ToList()
            : [(string)Json["deliveryId"]!];
    }

    public ConcurrentQueue<Call> Calls { get; } = new();

    public int FailFirst { get; set; }

    public string Url => app.Urls.First() + "/hook";

    private WebhookReceiver(WebApplication app) => this.app = app;

    public static async Task<WebhookReceiver> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            receiver.Calls.Enqueue(new(await reader.ReadToEndAsync(), request.Headers[WebhookJobs.SignatureHeader], request.Headers[WebhookSender.DeliveryHeader]));
            return Interlocked.Increment(ref receiver.calls) <= receiver.FailFirst ? Results.StatusCode(500) : Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
