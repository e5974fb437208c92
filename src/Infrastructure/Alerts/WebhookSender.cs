using System.Security.Cryptography;
using System.Text;

namespace CaseTracker.Infrastructure.Alerts;

/// <summary>
/// POSTs JSON to an agency's webhook, signed with HMAC-SHA256 of the body under the agency's secret in
/// <c>X-CaseTracker-Signature: sha256=&lt;hex&gt;</c>, through the named HTTP client <see cref="ClientName"/> (10 s timeout).
/// </summary>
public sealed class WebhookSender(IHttpClientFactory http)
{
    public const string SignatureHeader = "X-CaseTracker-Signature";
    public const string DeliveryHeader = "X-CaseTracker-Delivery";
    public const string ClientName = "webhooks";

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the UTF-8 body under the UTF-8 secret.</summary>
    public static string Sign(string body, string secret)
        => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>
    /// Sends the body once. Returns the HTTP status (none if no response came) and the error, null when the webhook
    /// answered 2xx; a refused or unreachable webhook is an error, not an exception.
    /// </summary>
    public async Task<(int? Status, string? Error)> TryPost(string url, string secret, string body, string delivery, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Post(url, secret, body, delivery, cancellationToken);
            var status = (int)response.StatusCode;
            return (status, response.IsSuccessStatusCode ? null : $"HTTP {status}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Sends the body once and returns the HTTP status of the answer; a connection failure throws.</summary>
    public async Task<int> PostForStatus(string url, string secret, string body, string delivery, CancellationToken cancellationToken)
    {
        using var response = await Post(url, secret, body, delivery, cancellationToken);
        return (int)response.StatusCode;
    }

    private async Task<HttpResponseMessage> Post(string url, string secret, string body, string delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SignatureHeader, Sign(body, secret));
        request.Headers.Add(DeliveryHeader, delivery);
        return await http.CreateClient(ClientName).SendAsync(request, cancellationToken);
    }
}
