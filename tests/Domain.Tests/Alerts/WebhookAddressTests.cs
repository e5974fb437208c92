using System.Net;
using CaseTracker.Domain.Alerts;

namespace CaseTracker.Domain.Tests.Alerts;

/// <summary>The webhook URL rule of security.md "Outbound calls": which forms and which addresses a webhook may reach.</summary>
public class WebhookAddressTests
{
    private static readonly WebhookAddressRules Production = new();
    private static readonly WebhookAddressRules Development = new() { Development = true };

    [Theory]
    [InlineData("127.0.0.1", AddressRange.Loopback)]
    [InlineData("127.255.0.9", AddressRange.Loopback)]
    [InlineData("::1", AddressRange.Loopback)]
    [InlineData("10.0.0.8", AddressRange.PrivateNetwork)]
    [InlineData("172.16.5.4", AddressRange.PrivateNetwork)]
    [InlineData("172.31.255.255", AddressRange.PrivateNetwork)]
    [InlineData("192.168.1.10", AddressRange.PrivateNetwork)]
    [InlineData("fc00::1", AddressRange.PrivateNetwork)]
    [InlineData("fd12:3456::1", AddressRange.PrivateNetwork)]
    [InlineData("169.254.169.254", AddressRange.LinkLocal)]
    [InlineData("fe80::1", AddressRange.LinkLocal)]
    [InlineData("100.64.0.1", AddressRange.CarrierGradeNat)]
    [InlineData("100.127.255.254", AddressRange.CarrierGradeNat)]
    [InlineData("224.0.0.1", AddressRange.Multicast)]
    [InlineData("239.255.255.250", AddressRange.Multicast)]
    [InlineData("ff02::1", AddressRange.Multicast)]
    [InlineData("0.0.0.0", AddressRange.Unspecified)]
    [InlineData("::", AddressRange.Unspecified)]
    [InlineData("0.1.2.3", AddressRange.Reserved)]
    [InlineData("255.255.255.255", AddressRange.Reserved)]
    [InlineData("::ffff:127.0.0.1", AddressRange.Loopback)] // IPv4-mapped
    [InlineData("::ffff:10.1.2.3", AddressRange.PrivateNetwork)]
    [InlineData("::127.0.0.1", AddressRange.Loopback)] // IPv4-compatible (deprecated)
    [InlineData("::ffff:169.254.169.254", AddressRange.LinkLocal)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressRange.LinkLocal)] // NAT64 of 169.254.169.254
    [InlineData("2002:c0a8:0101::1", AddressRange.PrivateNetwork)] // 6to4 of 192.168.1.1
    [InlineData("203.0.113.7", AddressRange.Public)]
    [InlineData("172.32.0.1", AddressRange.Public)]
    [InlineData("100.128.0.1", AddressRange.Public)]
    [InlineData("2001:db8::1", AddressRange.Public)]
    [InlineData("::ffff:203.0.113.7", AddressRange.Public)]
    public void RangeOf_ClassifiesTheAddress_IPv4InsideIPv6Included(string address, AddressRange range)
        => Assert.Equal(range, WebhookAddress.RangeOf(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://2130706433/hook")] // decimal
    [InlineData("https://0x7f000001/hook")] // hex
    [InlineData("https://0x7f.0.0.1/hook")]
    [InlineData("https://0177.0.0.1/hook")] // octal
    [InlineData("https://127.1/hook")] // short
    [InlineData("https://127.0.1/hook")]
    [InlineData("https://3405803783/hook")] // decimal of a public address (203.0.113.7): refused for its form
    public void UrlProblem_IPv4NotWrittenAsFourDecimalNumbers_IsRefusedForItsForm(string url)
        => Assert.StartsWith("webhookUrl writes the address ", WebhookAddress.UrlProblem(url, Development));

    [Theory]
    [InlineData("ftp://hooks.example.test/hook")]
    [InlineData("hooks.example.test/hook")]
    [InlineData("/hook")]
    [InlineData("file:///etc/passwd")]
    public void UrlProblem_NotAnAbsoluteHttpsUrl_IsRefused(string url)
        => Assert.Equal("webhookUrl must be an absolute https address (http only to this machine, in development).", WebhookAddress.UrlProblem(url, Production));

    [Theory]
    [InlineData("https://user:secret@hooks.example.test/hook")]
    [InlineData("https://user@hooks.example.test/hook")]
    [InlineData("https://@hooks.example.test/hook")]
    public void UrlProblem_UserNameOrPassword_IsRefused(string url)
        => Assert.Equal("webhookUrl must not carry a user name or password; the webhook secret signs the deliveries instead.",
            WebhookAddress.UrlProblem(url, Production));

    [Theory]
    [InlineData("https://127.0.0.1/hook", "Loopback")]
    [InlineData("https://[::1]/hook", "Loopback")]
    [InlineData("https://[::ffff:127.0.0.1]/hook", "Loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data", "LinkLocal")]
    [InlineData("https://10.0.0.8/hook", "PrivateNetwork")]
    [InlineData("https://100.64.0.1/hook", "CarrierGradeNat")]
    [InlineData("https://[fe80::1]/hook", "LinkLocal")]
    [InlineData("https://[fc00::1]/hook", "PrivateNetwork")]
    [InlineData("https://224.0.0.1/hook", "Multicast")]
    [InlineData("https://0.0.0.0/hook", "Unspecified")]
    [InlineData("https://[::]/hook", "Unspecified")]
    public void UrlProblem_IPLiteralOutsideThePublicRanges_IsRefusedNamingTheRange(string url, string range)
    {
        var problem = WebhookAddress.UrlProblem(url, Production);
        Assert.NotNull(problem);
        Assert.Contains($"({range}): a webhook goes only to a public address", problem);
    }

    [Fact]
    public void AddressProblem_Loopback_IsAllowedInDevelopmentOnly_OverHttpOrHttps()
    {
        var loopback = IPAddress.Loopback;
        Assert.Null(WebhookAddress.AddressProblem("localhost", loopback, http: true, Development));
        Assert.Null(WebhookAddress.AddressProblem("localhost", loopback, http: false, Development));
        Assert.NotNull(WebhookAddress.AddressProblem("localhost", loopback, http: false, Production));
        // Development opens loopback only: a private address stays refused, and http to it too.
        Assert.NotNull(WebhookAddress.AddressProblem("nas.lan", IPAddress.Parse("192.168.1.10"), http: false, Development));
        Assert.Equal("webhookUrl must be an https address: http goes only to this machine, in development.",
            WebhookAddress.AddressProblem("nas.lan", IPAddress.Parse("192.168.1.10"), http: true, Development));
    }

    [Fact]
    public void AddressProblem_HostTheDeploymentAllows_ReachesAnyAddress_ButOnlyOverHttps()
    {
        var rules = new WebhookAddressRules { AllowedHosts = ["Alerts.Intranet.gov.cn", "10.9.8.7"] };
        Assert.Null(WebhookAddress.AddressProblem("alerts.intranet.gov.cn.", IPAddress.Parse("10.1.2.3"), http: false, rules));
        Assert.Null(WebhookAddress.AddressProblem("10.9.8.7", IPAddress.Parse("10.9.8.7"), http: false, rules));
        Assert.NotNull(WebhookAddress.AddressProblem("alerts.intranet.gov.cn", IPAddress.Parse("10.1.2.3"), http: true, rules));
        Assert.NotNull(WebhookAddress.AddressProblem("other.intranet.gov.cn", IPAddress.Parse("10.1.2.3"), http: false, rules));
    }

    [Theory]
    [InlineData("https://hooks.example.test/hook")]
    [InlineData("https://hooks.example.test:8443/alerts?agency=CX")]
    [InlineData("https://203.0.113.7/hook")]
    [InlineData("https://[2001:db8::1]/hook")]
    public void UrlProblem_PublicHttpsUrl_IsAccepted(string url) => Assert.Null(WebhookAddress.UrlProblem(url, Production));

    [Fact]
    public void UrlProblem_HttpToAPublicAddress_IsRefused_EvenInDevelopment()
        => Assert.Equal("webhookUrl must be an https address: http goes only to this machine, in development.",
            WebhookAddress.UrlProblem("http://203.0.113.7/hook", Development));
}
