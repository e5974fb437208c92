using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CaseTracker.Infrastructure.Alerts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseTracker.Api.Tests.Support;

/// <summary>Host names the test resolves itself, so no DNS query leaves the machine; <c>localhost</c> is 127.0.0.1 and ::1.</summary>
public sealed class HostTable : IWebhookHostResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> names = new(StringComparer.OrdinalIgnoreCase);
    private int lookups;

    /// <summary>How many times a name was looked up.</summary>
    public int Lookups => lookups;

    /// <summary>From now on <paramref name="host"/> resolves to <paramref name="addresses"/> (as DNS may change between saving and calling).</summary>
    public void Set(string host, params string[] addresses) => names[host] = addresses.Select(IPAddress.Parse).ToArray();

    public Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref lookups);
        if (names.TryGetValue(host, out var addresses)) return Task.FromResult(addresses);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return Task.FromResult<IPAddress[]>([IPAddress.Loopback, IPAddress.IPv6Loopback]);
        throw new SocketException((int)SocketError.HostNotFound);
    }
}

/// <summary>
/// The service outside Development with <c>Webhooks:AllowedHosts</c> = <see cref="InternalHost"/>, names resolved by
/// <see cref="Hosts"/>, and the webhook client trusting <see cref="TestCertificate"/> (the https receivers' own certificate)
/// besides the system's roots; everything else of the webhook client (its connect-time address check) is the service's.
/// </summary>
public class WebhookFactory : CaseTrackerFactory
{
    public const string InternalHost = "hooks.internal.test";

    public HostTable Hosts { get; } = new();

    protected virtual string EnvironmentName => "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Webhooks:AllowedHosts:0", InternalHost);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IWebhookHostResolver>();
            services.AddSingleton<IWebhookHostResolver>(Hosts);
            services.AddHttpClient(WebhookSender.ClientName).ConfigurePrimaryHttpMessageHandler((handler, _) =>
                ((SocketsHttpHandler)handler).SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == System.Net.Security.SslPolicyErrors.None
                    || (certificate is not null && certificate.GetCertHashString() == TestCertificate.Value.GetCertHashString()));
        });
    }

    /// <summary>A self-signed certificate for <see cref="InternalHost"/>, made once per test run.</summary>
    public static readonly Lazy<X509Certificate2> TestCertificate = new(() =>
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={InternalHost}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(InternalHost);
        request.CertificateExtensions.Add(names.Build());
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    });
}

/// <summary>The same service in the Development environment, where a webhook may reach this machine over http.</summary>
public sealed class WebhookDevelopmentFactory : WebhookFactory
{
    protected override string EnvironmentName => "Development";
}

/// <summary>One request a receiver got: its path, body and the signature and delivery headers.</summary>
public sealed record ReceivedCall(string Path, string Body, string? Signature, string? Delivery);

/// <summary>
/// A webhook receiver on 127.0.0.1 (an ephemeral port), over http or, given a certificate, https; it records every request
/// and answers each with <c>answer</c> (by the call's number, from 1), 200 by default.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookReceiver(WebApplication app, int port)
    {
        this.app = app;
        Port = port;
    }

    public int Port { get; }

    public ConcurrentQueue<ReceivedCall> Calls { get; } = new();

    public static async Task<WebhookReceiver> Start(X509Certificate2? certificate = null, Func<int, IResult>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            if (certificate is not null) l.UseHttps(certificate);
        }));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        var count = 0;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            receiver!.Calls.Enqueue(new(context.Request.Path, body, context.Request.Headers[WebhookSender.SignatureHeader],
                context.Request.Headers[WebhookSender.DeliveryHeader]));
            await (answer ?? (_ => Results.Ok())).Invoke(Interlocked.Increment(ref count)).ExecuteAsync(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new WebhookReceiver(app, new Uri(address).Port);
        return receiver;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

/// <summary>A bare TCP listener on 127.0.0.1 that counts the connections made to it: a refused webhook call must make none.</summary>
public sealed class ConnectionCounter : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private int accepted;

    public ConnectionCounter()
    {
        listener.Start();
        _ = Accept();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int Accepted => Volatile.Read(ref accepted);

    private async Task Accept()
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref accepted);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose() => listener.Stop();
}
