using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace CaseTracker.Domain.Alerts;

/// <summary>
/// What a deployment allows a webhook to reach beyond public addresses (security.md "Outbound calls"):
/// <see cref="Development"/> lets a webhook reach this machine (loopback, over http or https);
/// <see cref="AllowedHosts"/> names internal hosts (by the host name written in the URL, or an IP literal) whose
/// addresses are not checked. https is still required for them.
/// </summary>
public sealed record WebhookAddressRules
{
    public bool Development { get; init; }

    public IReadOnlyCollection<string> AllowedHosts { get; init; } = [];

    /// <summary>Whether <paramref name="host"/> is named in <see cref="AllowedHosts"/> (case-insensitive, a trailing dot ignored).</summary>
    public bool Allows(string host)
        => AllowedHosts.Any(h => string.Equals(h.Trim().TrimEnd('.').Trim('[', ']'), host.TrimEnd('.').Trim('[', ']'), StringComparison.OrdinalIgnoreCase));
}

/// <summary>The range an address falls in, as far as a webhook is concerned; each but <see cref="Public"/> is refused.</summary>
public enum AddressRange
{
    Public,
    Loopback,
    LinkLocal,
    PrivateNetwork,
    CarrierGradeNat,
    Multicast,
    Unspecified,
    Reserved,
}

/// <summary>
/// The rule of security.md "Outbound calls" for a webhook URL: https only (http only to this machine in development), no
/// user name or password in the URL, an IPv4 literal only as four decimal numbers, and every address the host resolves
/// to public — not loopback, link-local, private, shared (100.64.0.0/10), multicast, unspecified or reserved, including
/// the IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address — unless the deployment names the
/// host. Applied when the URL is saved and again, after DNS, when it is called (DNS may have changed).
/// </summary>
public static partial class WebhookAddress
{
    /// <summary>
    /// The refusal of the URL's form, before any DNS: not an absolute http(s) URL, a user name or password in it, or an
    /// IPv4 host written in a decimal, hex, octal or shortened form; an IP literal host is also checked by
    /// <see cref="AddressProblem"/>. Null when the form is acceptable.
    /// </summary>
    public static string? UrlProblem(string url, WebhookAddressRules rules)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host)
            || RawAuthority(url) is not { } authority)
            return "webhookUrl must be an absolute https address (http only to this machine, in development).";
        if (authority.Contains('@') || uri.UserInfo.Length > 0)
            return "webhookUrl must not carry a user name or password; the webhook secret signs the deliveries instead.";
        var host = RawHost(authority);
        if (uri.HostNameType == UriHostNameType.IPv4 && !DottedDecimal().IsMatch(host))
            return $"webhookUrl writes the address {host} in a decimal, hex, octal or shortened form; write it as four decimal numbers, such as 203.0.113.7.";
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal))
            return AddressProblem(uri.Host, literal, uri.Scheme == "http", rules);
        return null;
    }

    /// <summary>
    /// The refusal of one address <paramref name="host"/> resolved to (or is): http to anything but this machine in
    /// development, or an address outside the public ranges unless the deployment allows the host by name. Null when allowed.
    /// </summary>
    public static string? AddressProblem(string host, IPAddress address, bool http, WebhookAddressRules rules)
    {
        var range = RangeOf(address);
        if (range == AddressRange.Loopback && rules.Development) return null;
        if (http) return "webhookUrl must be an https address: http goes only to this machine, in development.";
        if (range == AddressRange.Public || rules.Allows(host)) return null;
        return $"webhookUrl's host {host} is at {address} ({range}): a webhook goes only to a public address, unless the deployment allows the host by name.";
    }

    /// <summary>The refusal of a host that did not resolve to any address.</summary>
    public static string Unresolved(string host) => $"webhookUrl's host {host} could not be resolved; check the address.";

    /// <summary>The range of <paramref name="address"/>; an IPv6 address that carries an IPv4 address has the IPv4 address's range.</summary>
    public static AddressRange RangeOf(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6) return RangeOfV6(address.GetAddressBytes());
        return address.GetAddressBytes() switch
        {
            [0, 0, 0, 0] => AddressRange.Unspecified,
            [0, ..] => AddressRange.Reserved, // "this network" 0.0.0.0/8
            [127, ..] => AddressRange.Loopback,
            [10, ..] => AddressRange.PrivateNetwork,
            [172, >= 16 and <= 31, ..] => AddressRange.PrivateNetwork,
            [192, 168, ..] => AddressRange.PrivateNetwork,
            [169, 254, ..] => AddressRange.LinkLocal,
            [100, >= 64 and <= 127, ..] => AddressRange.CarrierGradeNat,
            [>= 224 and <= 239, ..] => AddressRange.Multicast,
            [>= 240, ..] => AddressRange.Reserved, // 240.0.0.0/4 and the broadcast address
            _ => AddressRange.Public,
        };
    }

    private static AddressRange RangeOfV6(byte[] b)
    {
        if (b.All(x => x == 0)) return AddressRange.Unspecified;
        if (b[..15].All(x => x == 0) && b[15] == 1) return AddressRange.Loopback;
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) reach a.b.c.d; so do NAT64 64:ff9b::a.b.c.d and 6to4 2002:abcd::.
        if (b[..10].All(x => x == 0) && ((b[10] == 0xff && b[11] == 0xff) || (b[10] == 0 && b[11] == 0))) return RangeOf(new IPAddress(b[12..]));
        if (b is [0x00, 0x64, 0xff, 0x9b, ..] && b[4..12].All(x => x == 0)) return RangeOf(new IPAddress(b[12..]));
        if (b is [0x20, 0x02, ..] && RangeOf(new IPAddress(b[2..6])) is var embedded and not AddressRange.Public) return embedded;
        if (b[0] == 0xff) return AddressRange.Multicast;
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressRange.LinkLocal;
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressRange.PrivateNetwork; // site-local fec0::/10, deprecated
        if ((b[0] & 0xfe) == 0xfc) return AddressRange.PrivateNetwork; // unique local fc00::/7
        return AddressRange.Public;
    }

    /// <summary>The authority as written (user info, host, port), or null when the URL has none.</summary>
    private static string? RawAuthority(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0) return null;
        var rest = url[(start + 3)..];
        var end = rest.IndexOfAny(['/', '?', '#', '\\']);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>The host as written in an authority without user info: the port taken off.</summary>
    private static string RawHost(string authority)
    {
        if (authority.StartsWith('[')) return authority[..(authority.IndexOf(']') + 1)];
        var colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }

    [GeneratedRegex(@"^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$")]
    private static partial Regex DottedDecimal();
}
