using System.Net;
using System.Net.Sockets;
using CaseTracker.Domain.Alerts;

namespace CaseTracker.Infrastructure.Alerts;

/// <summary>Where the webhook sender looks a host name up: DNS, or a test's own table.</summary>
public interface IWebhookHostResolver
{
    /// <summary>The addresses <paramref name="host"/> (a DNS name) resolves to; throws <see cref="SocketException"/> when it does not.</summary>
    Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken);
}

/// <summary>The system's DNS resolver.</summary>
public sealed class DnsWebhookHostResolver : IWebhookHostResolver
{
    public Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>A webhook call refused before any connection was made; the message is the refusal sentence of <see cref="WebhookAddress"/>.</summary>
public sealed class WebhookRefusedException(string message) : Exception(message);

/// <summary>
/// Options of section <c>Webhooks</c>: <c>AllowedHosts</c>, the internal hosts (names as written in a webhook URL, or IP
/// literals) a deployment lets webhooks reach although they resolve to loopback, private or other non-public addresses.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    public string[] AllowedHosts { get; init; } = [];
}

/// <summary>
/// The webhook address rule (<see cref="WebhookAddress"/>, security.md "Outbound calls") with the deployment's
/// <see cref="WebhookAddressRules"/> and a resolver: <see cref="Problem"/> when a URL is saved, <see cref="CheckedAddresses"/>
/// when the sender connects (after DNS, so a name that now resolves to a private address is refused).
/// </summary>
public sealed class WebhookAddressPolicy(WebhookAddressRules rules, IWebhookHostResolver resolver)
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    public WebhookAddressRules Rules => rules;

    /// <summary>The refusal of <paramref name="url"/> (its form, then every address its host resolves to now), or null when a webhook may call it.</summary>
    public async Task<string?> Problem(string url, CancellationToken cancellationToken)
    {
        if (WebhookAddress.UrlProblem(url, rules) is { } problem) return problem;
        var uri = new Uri(url);
        try
        {
            await CheckedAddresses(uri.IdnHost, uri.Scheme == Uri.UriSchemeHttp, cancellationToken);
            return null;
        }
        catch (WebhookRefusedException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// The addresses <paramref name="host"/> (an IP literal or a DNS name) resolves to, each checked; throws
    /// <see cref="WebhookRefusedException"/> when it resolves to none or any of them is refused (a host that answers with a
    /// private address among public ones is refused as a whole).
    /// </summary>
    public async Task<IReadOnlyList<IPAddress>> CheckedAddresses(string host, bool http, CancellationToken cancellationToken)
    {
        var bare = host.Trim('[', ']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(bare, out var literal)) addresses = [literal];
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ResolveTimeout);
            try
            {
                addresses = await resolver.Resolve(bare, timeout.Token);
            }
            catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                addresses = [];
            }
        }

        if (addresses.Length == 0) throw new WebhookRefusedException(WebhookAddress.Unresolved(bare));
        foreach (var address in addresses)
            if (WebhookAddress.AddressProblem(bare, address, http, rules) is { } problem) throw new WebhookRefusedException(problem);
        return addresses;
    }
}
