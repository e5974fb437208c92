using System.Net;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Features.Calendar.RunCalendarWatch;
using CaseTracker.Api.Tests.Support;
using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Api.Tests.Hosting;

public sealed class JobServerFactory : CaseTrackerFactory
{
    protected override bool RunsJobServer => true;

    public SmtpReceiver Mail { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Jobs:ScanAtStartup", "false");
        builder.UseSetting("Jobs:WorkerCount", "4");
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
    }
}

/// <summary>
/// Hangfire keeps its storage in process-wide statics; a test host that runs a job server must not share the
/// process with other hosts configuring their own storage at the same moment.
/// </summary>
[CollectionDefinition("Hangfire server", DisableParallelization = true)]
public sealed class HangfireServerCollection;

/// <summary>Recurring jobs are thin, safe to run twice, and run on Hangfire; the dashboard is for administrators.</summary>
[Collection("Hangfire server")]
public class JobsTests(JobServerFactory factory) : IClassFixture<JobServerFactory>
{
    private sealed class RunRow
    {
        public string Outcome { get; init; } = "";
        public int Attempts { get; init; }
    }

    private IReadOnlyList<RunRow> Runs()
    {
        using var connection = factory.Database.Open();
        return connection.Query<RunRow>("SELECT outcome, attempts FROM job_runs WHERE job = 'calendar-watch'").AsList();
    }

    [Fact]
    public async Task CalendarWatch_RunTwiceForOneTick_DoesTheWorkOnceAndCountsTheRepeat()
    {
        // law.md §2: from 1 November, watch for next year's notice; style.md: jobs are safe to run twice.
        _ = factory.CreateClient();
        var tick = new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero);
        using (var scope = factory.Services.CreateScope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();
            var first = await sender.Send(new RunCalendarWatchCommand(tick, "test-a"));
            Assert.Equal(1, first.Attempts);
            Assert.Contains("2027 holiday notice is not loaded", first.Outcome);
        }

        using (var scope = factory.Services.CreateScope())
        {
            var second = await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new RunCalendarWatchCommand(tick, "test-b"));
            Assert.Equal(2, second.Attempts);
        }
    }

    [Fact]
    public async Task CalendarWatch_TriggeredOnTheJobServer_RunsThroughHangfire()
    {
        _ = factory.CreateClient();
        var before = Runs().Sum(r => r.Attempts);
        factory.Services.GetRequiredService<IRecurringJobManager>().Trigger(RunCalendarWatchCommand.Job);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (Runs().Sum(r => r.Attempts) == before && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.True(Runs().Sum(r => r.Attempts) > before, "the recurring job did not run on the Hangfire server within 120 s");
    }

    [Fact]
    public async Task DeadlineScan_TriggeredOnTheJobServer_MailsTheAlertThroughHangfire()
    {
        var s = await Scenario.Create(factory);
        await Scenario.Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings",
            System.Net.Http.Json.JsonContent.Create(new { alertEmail = "jobs@agency.example" })));
        var c = await s.Register("InPerson", "2026-10-12"); // due 2026-11-09: overdue on 2026-11-25
        factory.Services.GetRequiredService<IRecurringJobManager>().Trigger(DeadlineJobs.Scan);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!factory.Mail.Messages.Any(m => m.To.Contains("<jobs@agency.example>")) && DateTime.UtcNow < deadline) await Task.Delay(200);
        var (_, _, data) = Assert.Single(factory.Mail.Messages, m => m.To.Contains("<jobs@agency.example>"));
        var message = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(data)));
        Assert.StartsWith($"[CaseTracker] 已逾期：{(string?)c["caseNumber"]}", message.Subject); // Chinese (issue 13)
    }

    [Fact]
    public async Task Dashboard_IsForAdministratorsOnly()
    {
        // Anonymous: sent to sign in.
        var anonymous = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/?ReturnUrl=", anonymous.Headers.Location?.PathAndQuery ?? anonymous.Headers.Location?.OriginalString);
        var handler = await factory.As("h", "CX", "CaseHandler").GetAsync("/hangfire");
        Assert.True(handler.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{handler.StatusCode}");
        var admin = await factory.As("a", "CX", "Administrator").GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }
}
