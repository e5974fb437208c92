using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using CaseTracker.Domain.Alerts;

namespace CaseTracker.Infrastructure.Alerts;

/// <summary>
/// POSTs JSON to an agency's webhook through the named HTTP client <see cref="ClientName"/> (10 s timeout), signed in
/// <c>X-CaseTracker-Signature: t=&lt;unix seconds&gt;,sha256=&lt;hex&gt;</c> (<see cref="Sign"/>). The URL is checked again at
/// call time (security.md "Outbound calls"): its form before anything is sent, and every address its host resolves to
/// when the connection is made (<see cref="CreateHandler"/>), so a name that now resolves to a private address is never
/// connected to. Redirects are not followed: a 3xx is a failed delivery, and the body is never re-sent elsewhere.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory http, WebhookAddressPolicy policy, TimeProvider time)
{
    public const string SignatureHeader = "X-CaseTracker-Signature";
    public const string DeliveryHeader = "X-CaseTracker-Delivery";
    public const string ClientName = "webhooks";

    /// <summary>
    /// <c>t=&lt;timestamp&gt;,sha256=&lt;hex&gt;</c>: the lower-case hex HMAC-SHA256, under the UTF-8 secret, of the UTF-8 text
    /// <c>&lt;timestamp&gt;.&lt;body&gt;</c>; <paramref name="timestamp"/> is in Unix seconds. A receiver recomputes it and
    /// rejects a timestamp older than 5 minutes, so a captured delivery cannot be replayed later.
    /// </summary>
    public static string Sign(string body, string secret, long timestamp)
        => $"t={timestamp},sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>
    /// The primary handler of the webhook client: no redirects, no proxy (a proxy would connect in our place, unchecked),
    /// and a connect step that resolves the host, checks every address (<see cref="WebhookAddressPolicy.CheckedAddresses"/>)
    /// and connects only to the checked ones; a refusal fails the call with a <see cref="WebhookRefusedException"/> inside.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(WebhookAddressPolicy policy) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var http = context.InitialRequestMessage.RequestUri?.Scheme != Uri.UriSchemeHttps;
            var addresses = await policy.CheckedAddresses(context.DnsEndPoint.Host, http, cancellationToken);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses.ToArray(), context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>
    /// Sends the body once. Returns the HTTP status (none if no response came) and the error, null when the webhook
    /// answered 2xx; a refused URL (its form or an address, with the refusal's sentence), a redirect (3xx, not followed)
    /// or an unreachable webhook is an error, not an exception.
    /// </summary>
    public async Task<(int? Status, string? Error)> TryPost(string url, string secret, string body, string delivery, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Post(url, secret, body, delivery, cancellationToken);
            var status = (int)response.StatusCode;
            return (status, response.IsSuccessStatusCode ? null : status is >= 300 and < 400 ? $"HTTP {status}: a redirect, not followed" : $"HTTP {status}");
        }
        catch (WebhookRefusedException e)
        {
            return (null, e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, Refusal(e)?.Message ?? e.Message);
        }
    }

    /// <summary>
    /// Sends the body once and returns the HTTP status of the answer (a 3xx is returned, not followed); a connection
    /// failure throws, a refused URL throws <see cref="WebhookRefusedException"/>.
    /// </summary>
    public async Task<int> PostForStatus(string url, string secret, string body, string delivery, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Post(url, secret, body, delivery, cancellationToken);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refusal)
        {
            throw refusal;
        }
    }

    private async Task<HttpResponseMessage> Post(string url, string secret, string body, string delivery, CancellationToken cancellationToken)
    {
        if (WebhookAddress.UrlProblem(url, policy.Rules) is { } problem) throw new WebhookRefusedException(problem);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SignatureHeader, Sign(body, secret, time.GetUtcNow().ToUnixTimeSeconds()));
        request.Headers.Add(DeliveryHeader, delivery);
        return await http.CreateClient(ClientName).SendAsync(request, cancellationToken);
    }

    private static WebhookRefusedException? Refusal(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is WebhookRefusedException refused) return refused;
        return null;
    }
}
