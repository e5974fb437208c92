using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Alerts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Api.Tests.Alerts;

/// <summary>
/// security.md "Outbound calls", when a webhook is called: the URL is checked again and every address its host resolves to
/// is checked when the connection is made (so a stored URL of an earlier version, or a name that now resolves to a private
/// address, reaches nothing); redirects are not followed; the signature covers a timestamp and the body.
/// </summary>
public class WebhookCallTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private const string Secret = "webhook-secret-of-the-agency";
    private const string Body = """{"id":"3f0c2b1e-0000-4000-8000-000000000001","kind":"Overdue"}""";

    private WebhookSender Sender => factory.Services.GetRequiredService<WebhookSender>();

    private void Names()
    {
        factory.Hosts.Set(WebhookFactory.InternalHost, "127.0.0.1");
        factory.Hosts.Set("private.example.test", "10.1.2.3");
        factory.Hosts.Set("metadata.example.test", "169.254.169.254");
        factory.Hosts.Set("cgnat.example.test", "100.64.0.1");
        factory.Hosts.Set("mapped.example.test", "::ffff:127.0.0.1");
        factory.Hosts.Set("linklocal6.example.test", "fe80::1");
        factory.Hosts.Set("unique6.example.test", "fd00::1");
        factory.Hosts.Set("multicast.example.test", "224.0.0.1");
        factory.Hosts.Set("zero.example.test", "0.0.0.0");
        factory.Hosts.Set("loopback.example.test", "127.0.0.1");
    }

    /// <summary>
    /// Each form points at a listener on this machine (when it points anywhere): had the check let it through, the
    /// listener would count the connection. {port} is the listener's port.
    /// </summary>
    [Theory]
    [InlineData("http://127.0.0.1:{port}/hook", "http goes only to this machine, in development")]
    [InlineData("https://127.0.0.1:{port}/hook", "(Loopback)")]
    [InlineData("https://localhost:{port}/hook", "(Loopback)")]
    [InlineData("https://loopback.example.test:{port}/hook", "(Loopback)")]
    [InlineData("https://[::1]:{port}/hook", "(Loopback)")]
    [InlineData("https://[::ffff:127.0.0.1]:{port}/hook", "(Loopback)")] // IPv4-mapped
    [InlineData("https://mapped.example.test:{port}/hook", "(Loopback)")]
    [InlineData("https://2130706433:{port}/hook", "in a decimal, hex, octal or shortened form")] // decimal
    [InlineData("https://0x7f000001:{port}/hook", "in a decimal, hex, octal or shortened form")] // hex
    [InlineData("https://0177.0.0.1:{port}/hook", "in a decimal, hex, octal or shortened form")] // octal
    [InlineData("https://127.1:{port}/hook", "in a decimal, hex, octal or shortened form")] // short
    [InlineData("https://user:pass@hooks.internal.test:{port}/hook", "must not carry a user name or password")]
    [InlineData("http://hooks.internal.test:{port}/hook", "http goes only to this machine, in development")]
    [InlineData("https://private.example.test:{port}/hook", "(PrivateNetwork)")]
    [InlineData("https://metadata.example.test:{port}/latest/meta-data/", "(LinkLocal)")]
    [InlineData("https://cgnat.example.test:{port}/hook", "(CarrierGradeNat)")]
    [InlineData("https://linklocal6.example.test:{port}/hook", "(LinkLocal)")]
    [InlineData("https://unique6.example.test:{port}/hook", "(PrivateNetwork)")]
    [InlineData("https://multicast.example.test:{port}/hook", "(Multicast)")]
    [InlineData("https://zero.example.test:{port}/hook", "(Unspecified)")]
    [InlineData("https://nowhere.example.test:{port}/hook", "could not be resolved")]
    public async Task Call_RefusedForm_FailsWithTheRefusal_BeforeAnyConnection(string form, string refusal)
    {
        Names();
        using var listener = new ConnectionCounter();
        var url = form.Replace("{port}", listener.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var (status, error) = await Sender.TryPost(url, Secret, Body, "test/1", CancellationToken.None);
        Assert.Null(status);
        Assert.Contains(refusal, error);
        Assert.StartsWith("webhookUrl", error);
        var thrown = await Assert.ThrowsAsync<WebhookRefusedException>(() => Sender.PostForStatus(url, Secret, Body, "digest/test", CancellationToken.None));
        Assert.Contains(refusal, thrown.Message);
        await Task.Delay(50);
        Assert.Equal(0, listener.Accepted);
    }

    [Fact]
    public async Task Call_NameThatResolvedToAPublicAddressWhenSaved_AndToLoopbackNow_ConnectsNowhere()
    {
        // DNS rebinding: the check when the URL was saved saw a public address; the connection checks again.
        using var listener = new ConnectionCounter();
        var url = $"https://rebind.example.test:{listener.Port}/hook";
        factory.Hosts.Set("rebind.example.test", "203.0.113.7");
        Assert.Null(await factory.Services.GetRequiredService<WebhookAddressPolicy>().Problem(url, CancellationToken.None));
        factory.Hosts.Set("rebind.example.test", "127.0.0.1");
        var (status, error) = await Sender.TryPost(url, Secret, Body, "test/1", CancellationToken.None);
        Assert.Null(status);
        Assert.Equal("webhookUrl's host rebind.example.test is at 127.0.0.1 (Loopback): a webhook goes only to a public address, unless the deployment allows the host by name.",
            error);
        await Task.Delay(50);
        Assert.Equal(0, listener.Accepted);
    }

    [Fact]
    public async Task Call_HostTheDeploymentAllows_IsDeliveredOverHttps_SignedOverTimestampAndBody()
    {
        Names();
        await using var receiver = await WebhookReceiver.Start(WebhookFactory.TestCertificate.Value);
        var (status, error) = await Sender.TryPost($"https://{WebhookFactory.InternalHost}:{receiver.Port}/hook", Secret, Body, "alert/1", CancellationToken.None);
        Assert.Null(error);
        Assert.Equal(200, status);
        var call = Assert.Single(receiver.Calls);
        Assert.Equal(Body, call.Body);
        Assert.Equal("alert/1", call.Delivery);
        var now = factory.Time.GetUtcNow().ToUnixTimeSeconds();
        Assert.True(ReceiverAccepts(call.Signature!, call.Body, Secret, now), call.Signature);
        Assert.StartsWith($"t={now},sha256=", call.Signature);
        // The receiver's side: another body, another secret, or the same delivery replayed 6 minutes later is rejected.
        Assert.False(ReceiverAccepts(call.Signature!, call.Body + " ", Secret, now));
        Assert.False(ReceiverAccepts(call.Signature!, call.Body, Secret + "x", now));
        Assert.False(ReceiverAccepts(call.Signature!, call.Body, Secret, now + 6 * 60));
    }

    /// <summary>The receiver's check of README "Webhook signatures", written from the text, not from the sender's code.</summary>
    private static bool ReceiverAccepts(string header, string body, string secret, long now)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var t = long.Parse(parts["t"], CultureInfo.InvariantCulture);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(t.ToString(CultureInfo.InvariantCulture) + "." + body))).ToLowerInvariant();
        return Math.Abs(now - t) <= 300
               && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts["sha256"]));
    }
}

/// <summary>In Development the webhook may be a loopback receiver over http; a redirect is still not followed.</summary>
public class WebhookCallInDevelopmentTests(WebhookDevelopmentFactory factory) : IClassFixture<WebhookDevelopmentFactory>
{
    private const string Secret = "webhook-secret-of-the-agency";

    private WebhookSender Sender => factory.Services.GetRequiredService<WebhookSender>();

    [Fact]
    public async Task Call_LoopbackOverHttp_InDevelopment_IsDelivered()
    {
        await using var receiver = await WebhookReceiver.Start();
        var (status, error) = await Sender.TryPost($"http://localhost:{receiver.Port}/hook", Secret, "{}", "alert/1", CancellationToken.None);
        Assert.Null(error);
        Assert.Equal(200, status);
        Assert.Equal("/hook", Assert.Single(receiver.Calls).Path);
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    [InlineData(302)]
    public async Task Call_AnsweredWithARedirect_IsAFailedDelivery_AndTheBodyIsNotSentAgain(int redirect)
    {
        await using var receiver = await WebhookReceiver.Start(answer: _ => Results.Redirect("/elsewhere", permanent: redirect == 308, preserveMethod: redirect != 302));
        var url = $"http://127.0.0.1:{receiver.Port}/hook";
        var (status, error) = await Sender.TryPost(url, Secret, "{}", "alert/1", CancellationToken.None);
        Assert.Equal(redirect, status);
        Assert.Equal($"HTTP {redirect}: a redirect, not followed", error);
        Assert.Equal(redirect, await Sender.PostForStatus(url, Secret, "{}", "digest/x", CancellationToken.None));
        Assert.All(receiver.Calls, c => Assert.Equal("/hook", c.Path));
        Assert.Equal(2, receiver.Calls.Count);
    }

    [Fact]
    public async Task Call_PrivateAddress_IsRefusedInDevelopmentToo()
    {
        factory.Hosts.Set("private.example.test", "192.168.7.7");
        var (status, error) = await Sender.TryPost("https://private.example.test/hook", Secret, "{}", "alert/1", CancellationToken.None);
        Assert.Null(status);
        Assert.Contains("(PrivateNetwork)", error);
    }
}
