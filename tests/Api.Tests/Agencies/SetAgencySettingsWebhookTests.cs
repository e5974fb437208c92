using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Agencies;

/// <summary>
/// security.md "Outbound calls", when the webhook URL is saved: https only, no credentials, and no host that is or resolves
/// to a loopback, link-local, private, shared, multicast or unspecified address (decimal, hex, octal, short and IPv4-in-IPv6
/// forms included) unless the deployment allows it by name; each refusal is a 400 with a Chinese detail that changes nothing.
/// </summary>
public class SetAgencySettingsWebhookTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private const string Secret = "webhook-secret-of-the-agency";

    private static Task<HttpResponseMessage> Put(HttpClient client, string agency, string url, bool chinese = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/agencies/{agency}/settings")
        {
            Content = JsonContent.Create(new { closeLapsedCases = false, webhookUrl = url, webhookSecret = Secret }),
        };
        if (chinese) request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN");
        return client.SendAsync(request);
    }

    private void Names()
    {
        factory.Hosts.Set("public.example.test", "203.0.113.7");
        factory.Hosts.Set("private.example.test", "10.1.2.3");
        factory.Hosts.Set("metadata.example.test", "169.254.169.254");
        factory.Hosts.Set("mixed.example.test", "203.0.113.7", "192.168.0.5");
        factory.Hosts.Set("mapped.example.test", "::ffff:127.0.0.1");
        factory.Hosts.Set(WebhookFactory.InternalHost, "127.0.0.1");
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "须为 https 地址：仅开发环境可用 http 连接本机")] // http to loopback outside Development
    [InlineData("https://127.0.0.1/hook", "（本机回环地址）")]
    [InlineData("https://127.8.9.10/hook", "（本机回环地址）")]
    [InlineData("https://localhost/hook", "（本机回环地址）")]
    [InlineData("https://[::1]/hook", "（本机回环地址）")]
    [InlineData("https://[::ffff:127.0.0.1]/hook", "（本机回环地址）")] // IPv4-mapped
    [InlineData("https://[::127.0.0.1]/hook", "（本机回环地址）")] // IPv4-compatible
    [InlineData("https://mapped.example.test/hook", "（本机回环地址）")] // a name whose AAAA is IPv4-mapped loopback
    [InlineData("https://2130706433/hook", "采用了整数、十六进制、八进制或省略写法")] // decimal
    [InlineData("https://0x7f000001/hook", "采用了整数、十六进制、八进制或省略写法")] // hex
    [InlineData("https://0177.0.0.1/hook", "采用了整数、十六进制、八进制或省略写法")] // octal
    [InlineData("https://127.1/hook", "采用了整数、十六进制、八进制或省略写法")] // short
    [InlineData("https://169.254.169.254/latest/meta-data/", "（链路本地地址）")]
    [InlineData("https://metadata.example.test/hook", "（链路本地地址）")]
    [InlineData("https://[fe80::1]/hook", "（链路本地地址）")]
    [InlineData("https://10.0.0.8/hook", "（内网地址）")]
    [InlineData("https://172.16.5.4/hook", "（内网地址）")]
    [InlineData("https://192.168.1.10/hook", "（内网地址）")]
    [InlineData("https://[fc00::1]/hook", "（内网地址）")]
    [InlineData("https://private.example.test/hook", "（内网地址）")]
    [InlineData("https://mixed.example.test/hook", "（内网地址）")] // one private answer among public ones
    [InlineData("https://100.64.0.1/hook", "（运营商共享地址）")]
    [InlineData("https://224.0.0.1/hook", "（组播地址）")]
    [InlineData("https://0.0.0.0/hook", "（未指定地址）")]
    [InlineData("https://[::]/hook", "（未指定地址）")]
    [InlineData("https://user:pass@public.example.test/hook", "不得包含用户名或密码")]
    [InlineData("http://public.example.test/hook", "须为 https 地址：仅开发环境可用 http 连接本机")]
    [InlineData("ftp://public.example.test/hook", "须为完整的 https 地址")]
    [InlineData("https://nowhere.example.test/hook", "无法解析")]
    [InlineData("http://hooks.internal.test/hook", "须为 https 地址：仅开发环境可用 http 连接本机")] // allowed by name, but still https only
    public async Task SaveWebhook_RefusedForm_Is400WithAChineseDetail_AndChangesNothing(string url, string chinese)
    {
        Names();
        var s = await Create(factory);
        var before = factory.Snapshot();
        var problem = await Refused(Put(s.Admin, s.Child, url, chinese: true), HttpStatusCode.BadRequest);
        Assert.Contains(chinese, (string?)problem["detail"]);
        Assert.Contains(chinese, (string?)problem["errors"]!["webhookUrl"]![0]);
        // Trial B: the sentence names the field as the screen's Chinese does (推送地址), never by its API key.
        Assert.Contains("推送地址", (string?)problem["errors"]!["webhookUrl"]![0]);
        Assert.DoesNotContain("webhook", problem.ToJsonString().Replace("\"webhookUrl\"", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, factory.Snapshot());
        var english = await Refused(Put(s.Admin, s.Child, url), HttpStatusCode.BadRequest);
        Assert.StartsWith("webhookUrl", (string?)english["errors"]!["webhookUrl"]![0]);
    }

    [Theory]
    [InlineData("https://public.example.test/hook")]
    [InlineData("https://public.example.test:8443/alerts?agency=x")]
    [InlineData("https://203.0.113.7/hook")]
    [InlineData("https://hooks.internal.test/hook")] // Webhooks:AllowedHosts names it: its loopback address is not refused
    public async Task SaveWebhook_PublicHttpsOrAllowedHost_IsSaved(string url)
    {
        Names();
        var s = await Create(factory);
        var saved = await Ok(Put(s.Admin, s.Child, url));
        Assert.Equal(url, (string?)saved["webhookUrl"]);
    }

    [Fact]
    public async Task SaveWebhook_ResolvesTheNameWhenSaving()
    {
        Names();
        var s = await Create(factory);
        factory.Hosts.Set("moving.example.test", "203.0.113.9");
        await Ok(Put(s.Admin, s.Child, "https://moving.example.test/hook"));
        factory.Hosts.Set("moving.example.test", "10.20.30.40");
        var problem = await Refused(Put(s.Admin, s.Child, "https://moving.example.test/hook"), HttpStatusCode.BadRequest);
        Assert.Contains("10.20.30.40 (PrivateNetwork)", (string?)problem["detail"]);
    }

    [Fact]
    public async Task SaveSettings_KeepWebhookSecretWithoutANewOne_KeepsTheStoredSecretAndChangesTheRest()
    {
        // The 机构与用户 screen changes the alert e-mail without ever reading the secret back.
        Names();
        var s = await Create(factory);
        await Ok(Put(s.Admin, s.Child, "https://public.example.test/hook"));
        var saved = await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", JsonContent.Create(new
        {
            closeLapsedCases = true, webhookUrl = "https://public.example.test/other", alertEmail = "duban@agency.gov.cn", keepWebhookSecret = true,
        })));
        Assert.True((bool)saved["webhookSecretSet"]!);
        var read = await Ok(s.Admin.GetAsync($"/api/agencies/{s.Child}/settings"));
        Assert.Equal("https://public.example.test/other", (string?)read["webhookUrl"]);
        Assert.True((bool)read["webhookSecretSet"]!);
        Assert.True((bool)read["closeLapsedCases"]!);
        Assert.Equal("duban@agency.gov.cn", (string?)read["alertEmail"]);
        Assert.DoesNotContain(Secret, read.ToJsonString());
    }

    [Fact]
    public async Task SaveSettings_KeepWebhookSecretWhenNoneIsStored_Is400InChinese_AndChangesNothing()
    {
        Names();
        var s = await Create(factory);
        var before = factory.Snapshot();
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/agencies/{s.Child}/settings")
        {
            Content = JsonContent.Create(new { webhookUrl = "https://public.example.test/hook", keepWebhookSecret = true }),
        };
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN");
        var problem = await Refused(s.Admin.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Contains("密钥", (string?)problem["errors"]!["webhookSecret"]![0]);
        Assert.Equal(before, factory.Snapshot());
    }
}

/// <summary>In the Development environment a webhook may reach this machine, over http too; nothing else is opened.</summary>
public class SetAgencySettingsWebhookInDevelopmentTests(WebhookDevelopmentFactory factory) : IClassFixture<WebhookDevelopmentFactory>
{
    private static Task<HttpResponseMessage> Put(HttpClient client, string agency, string url)
        => client.PutAsync($"/api/agencies/{agency}/settings",
            JsonContent.Create(new { closeLapsedCases = false, webhookUrl = url, webhookSecret = "webhook-secret-of-the-agency" }));

    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://localhost:9/hook")]
    [InlineData("https://[::1]:9/hook")]
    public async Task SaveWebhook_Loopback_IsSavedInDevelopment(string url)
    {
        var s = await Create(factory);
        Assert.Equal(url, (string?)(await Ok(Put(s.Admin, s.Child, url)))["webhookUrl"]);
    }

    [Theory]
    [InlineData("http://10.0.0.8/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://2130706433/hook")]
    public async Task SaveWebhook_OtherNonPublicAddressOrForm_IsRefusedInDevelopmentToo(string url)
    {
        var s = await Create(factory);
        var problem = await Refused(Put(s.Admin, s.Child, url), HttpStatusCode.BadRequest);
        Assert.NotNull((JsonNode?)problem["errors"]!["webhookUrl"]);
    }
}
