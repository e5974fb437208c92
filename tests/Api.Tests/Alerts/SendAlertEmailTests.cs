using System.Net;
using System.Net.Http.Json;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Alerts;

/// <summary>A CaseTracker whose Smtp:* points at a mail server on loopback run by the test.</summary>
public sealed class EmailFactory : CaseTrackerFactory
{
    public SmtpReceiver Mail { get; } = new();

    public RecordingJobClient Jobs { get; } = new();

    /// <summary>The messages the mail server accepted for one address.</summary>
    public List<MimeKit.MimeMessage> MessagesTo(string address) => Mail.Messages.Where(m => m.To.Contains($"<{address}>"))
        .Select(m => MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)))).ToList();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<Hangfire.IBackgroundJobClient>(Jobs));
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Smtp:From", "CaseTracker <casetracker@test.example>");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
    }
}

/// <summary>A CaseTracker whose mail server does not answer (a loopback port nobody listens on).</summary>
public sealed class DeadSmtpFactory : CaseTrackerFactory
{
    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
    }
}

public class DeadSmtpTests(DeadSmtpFactory factory) : IClassFixture<DeadSmtpFactory>
{
    [Fact]
    public async Task AlertEmail_WhenTheMailServerDoesNotAnswer_IsLoggedAsFailedAndLeftToHangfireToRetry()
    {
        Alerting.At(factory, new DateOnly(2026, 11, 25));
        var s = await Create(factory);
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", JsonContent.Create(new { alertEmail = "nobody-home@agency.example" })));
        await s.Register("InPerson", "2026-10-12");
        await Alerting.Scan(factory);
        var alertId = Guid.Parse((string)(await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Child}&kind=Overdue")))["items"]![0]!["id"]!);
        var drain = factory.Services.GetRequiredService<OutboxJobs>();
        var first = await drain.Drain(CancellationToken.None);
        Assert.Equal((1, 0, 1), (first.Batches, first.Delivered, first.Failed));
        factory.Time.Advance(TimeSpan.FromSeconds(11)); // the first back-off
        await drain.Drain(CancellationToken.None);
        Assert.Equal([(1L, (long?)null, false), (2L, (long?)null, false)], factory.Database.Deliveries(alertId, "mailto:nobody-home@agency.example"));
        // Left in the outbox for the next attempt (1 minute after the second), with the error.
        Assert.Equal("Pending", factory.Database.Scalar("SELECT state FROM delivery_outbox WHERE alert_id = @id", ("id", alertId.ToString())));
        Assert.NotNull(factory.Database.Scalar("SELECT last_error FROM delivery_outbox WHERE alert_id = @id", ("id", alertId.ToString())));
    }
}

/// <summary>Alerts by email: the agency's alert address set through the API, a real SMTP exchange, a retry after 451, the delivery log.</summary>
public class EmailTests(EmailFactory factory) : IClassFixture<EmailFactory>
{
    private static JsonContent Json(object body) => JsonContent.Create(body);

    [Fact]
    public async Task AlertEmail_IsSentBySmtp_AndATemporaryRefusalIsRetried()
    {
        Alerting.At(factory, new DateOnly(2026, 11, 25));
        var s = await Create(factory);
        var view = await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", Json(new { alertEmail = "supervisors@agency.example" })));
        Assert.Equal("supervisors@agency.example", (string?)view["alertEmail"]);
        var c = await s.Register("InPerson", "2026-10-12"); // due 2026-11-09: overdue today
        await Alerting.Scan(factory);
        var alert = (await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Child}&kind=Overdue")))["items"]![0]!;
        var alertId = Guid.Parse((string)alert["id"]!);

        factory.Mail.RefuseNext(1);
        var drain = factory.Services.GetRequiredService<OutboxJobs>();
        await drain.Drain(CancellationToken.None); // 451: back in the outbox for 10 s
        factory.Time.Advance(TimeSpan.FromSeconds(11));
        await drain.Drain(CancellationToken.None);

        var message = Assert.Single(factory.MessagesTo("supervisors@agency.example"));
        Assert.Equal("casetracker@test.example", Assert.Single(message.From.Mailboxes).Address);
        // In Chinese (issue 13), dates yyyy-MM-dd and the case number.
        Assert.Equal($"[CaseTracker] 已逾期：{(string?)c["caseNumber"]}（{s.Child}），期限2026-11-09", message.Subject);
        Assert.Contains($"案件：{(string?)c["caseNumber"]}（/api/cases/{(string?)c["id"]}）", message.TextBody);
        Assert.Contains("提醒：已逾期", message.TextBody);
        Assert.Contains("答复期限已过，案件已逾期。", message.TextBody);
        Assert.Contains($"/api/alerts/{alertId}/acknowledgement", message.TextBody);

        Assert.Equal([(1L, 451L, false), (2L, 250L, true)], factory.Database.Deliveries(alertId, "mailto:supervisors@agency.example"));
    }

    [Fact]
    public async Task Scan_QueuesItsAlertsInTheOutbox_OneEmailForTheAgency_AndTheDigestGoesByEmail()
    {
        // security.md "Outbound calls": e-mail is one message per agency per scan.
        await using var f = new EmailFactory();
        var s = await Create(f); // 2026-11-25
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", Json(new
        {
            alertEmail = "digest@agency.example", webhookUrl = "https://203.0.113.7/unused", webhookSecret = "webhook-secret-0123456789",
        })));
        var first = await s.Register("InPerson", "2026-11-20"); // not due soon yet: no alert
        var second = await s.Register("InPerson", "2026-11-23");
        Alerting.At(f, new DateOnly(2026, 12, 28));
        await Alerting.Scan(f); // both overdue now: raised by this scan
        var raised = (await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Child}&kind=Overdue")))["items"]!.AsArray()
            .Select(a => (string)a!["id"]!).Order().ToList();
        Assert.Equal(2, raised.Count);
        string Queued(string channel) => string.Join(",", f.Database.Rows(
            "SELECT alert_id FROM delivery_outbox WHERE agency_code = @agency AND channel = @channel AND kind = 'Alert' ORDER BY alert_id",
            ("agency", s.Child), ("channel", channel)).Select(r => (string)r[0]!));
        Assert.Equal(string.Join(",", raised), Queued("Email"));
        Assert.Equal(string.Join(",", raised), Queued("Webhook"));

        // The next scan raises nothing, so it queues nothing.
        await Alerting.Scan(f);
        Assert.Equal(string.Join(",", raised), Queued("Email"));

        // No call leaves the machine: the webhook (a documentation address) is removed before the drain, which drops its rows.
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", Json(new { alertEmail = "digest@agency.example" })));
        var drain = f.Services.GetRequiredService<OutboxJobs>();
        await drain.Drain(CancellationToken.None);
        var message = Assert.Single(f.MessagesTo("digest@agency.example"));
        Assert.Equal($"[CaseTracker] {s.Child}：新提醒2条", message.Subject);
        Assert.All(raised, id => Assert.Contains(id, message.TextBody, StringComparison.Ordinal));
        Assert.Contains($"案件：{(string?)first["caseNumber"]}", message.TextBody);
        Assert.Contains($"案件：{(string?)second["caseNumber"]}", message.TextBody);

        // 08:00: the digest job queues the agency's digest for its webhook and its alert address, once.
        using (var scope = f.Services.CreateScope())
        {
            Assert.Contains(s.Child, await scope.ServiceProvider.GetRequiredService<DeadlineJobs>().RunDigest(CancellationToken.None));
            await scope.ServiceProvider.GetRequiredService<DeadlineJobs>().RunDigest(CancellationToken.None);
        }

        await drain.Drain(CancellationToken.None);
        var digest = Assert.Single(f.MessagesTo("digest@agency.example"), m => (m.Subject ?? "").StartsWith("[CaseTracker] 每日提醒", StringComparison.Ordinal));
        Assert.Equal($"[CaseTracker] 每日提醒 {s.Child} 2026-12-28：逾期2件，今日到期0件", digest.Subject);
        Assert.Contains("  已逾期（Overdue）：2", digest.TextBody);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("two@agency.example, three@agency.example")]
    [InlineData("@agency.example")]
    [InlineData("Name <someone@agency.example>")]
    public async Task AlertEmail_ThatIsNotOneAddress_IsRefusedAndChangesNothing(string address)
    {
        var s = await Create(factory);
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", Json(new { alertEmail = "kept@agency.example" })));
        var problem = await Refused(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", Json(new { alertEmail = address })), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["alertEmail"]);

        Assert.Equal("kept@agency.example", factory.Database.Scalar("SELECT alert_email FROM agency_settings WHERE agency_code = @agency", ("agency", s.Child)));
    }

    [Fact]
    public async Task AlertEmail_WithoutAMailServer_IsNotAttempted()
    {
        await using var plain = new CaseTrackerFactory();
        Alerting.At(plain, new DateOnly(2026, 11, 25));
        var s = await Create(plain);
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", Json(new { alertEmail = "supervisors@agency.example" })));
        await s.Register("InPerson", "2026-10-12");
        await Alerting.Scan(plain);
        Assert.Equal(0L, Convert.ToInt64(plain.Database.Scalar("SELECT COUNT(*) FROM delivery_outbox")));
        await plain.Services.GetRequiredService<OutboxJobs>().Drain(CancellationToken.None);

        Assert.Equal(0L, Convert.ToInt64(plain.Database.Scalar("SELECT COUNT(*) FROM webhook_deliveries")));
    }
}
