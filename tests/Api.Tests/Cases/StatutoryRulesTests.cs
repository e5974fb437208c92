using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Features.Alerts.ScanDeadlines;
using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// Issue 10 items 1–2 over HTTP: a receipt on a rest day counts from the next working day (law.md §3), and a Regime 2008
/// case follows the 2008 text (law.md §4, 2008 Art. 24), in live entry and in import alike.
/// </summary>
public class StatutoryRulesTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static async Task<string[]> Lines(Scenario s, string id)
        => (await Ok(s.Handler.GetAsync($"/api/cases/{id}/deadline")))["explanation"]!["lines"]!.AsArray().Select(l => (string)l!).ToArray();

    private static void ShiftedFrom20170618(JsonNode c)
    {
        Assert.Equal("2017-06-18", (string?)c["receivedOn"]); // the recorded date is kept and shown
        Assert.Equal("2017-06-19", (string?)c["countedReceiptDate"]);
        Assert.True((bool)c["receiptShifted"]!);
        Assert.Equal("2017-07-10", (string?)c["dueOn"]);
        Assert.Equal("Regime2008", (string?)c["regime"]);
    }

    [Fact]
    public async Task ConfirmReceipt_WhenOnlineConfirmedOnSunday20170618_IsDue20170710()
    {
        // law.md §3: confirmed Sunday 2017-06-18 → received Monday 2017-06-19 → due 2017-07-10 (a court held 07-10 on time).
        var s = await Create(factory);
        var id = (string)(await s.Register("Online", "2017-06-16"))["id"]!;
        var c = await Ok(s.Intake.Post($"/api/cases/{id}/receipt-confirmation", new { confirmedOn = "2017-06-18" }));
        ShiftedFrom20170618(c);
        ShiftedFrom20170618(await Ok(s.Handler.GetAsync($"/api/cases/{id}"))); // read back from the register
        var deadline = await Ok(s.Handler.GetAsync($"/api/cases/{id}/deadline"));
        Assert.Equal("2017-06-18", (string?)deadline["explanation"]!["receiptDate"]);
        Assert.Equal("2017-06-19", (string?)deadline["explanation"]!["countedReceiptDate"]);
        Assert.Contains(await Lines(s, id), l => l.Contains("收到日为休息日，顺延至下一工作日"));
        var history = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/history")))["items"]!.AsArray();
        Assert.Equal("2017-06-18", (string?)history.Last()!["details"]!["confirmedOn"]);
    }

    [Fact]
    public async Task Import_WhenOnlineConfirmedOnSunday20170618_AgreesWithLiveEntry()
    {
        // law.md §3, README "Importing": a replayed row is counted as live entry counts it.
        var s = await Create(factory);
        var imported = await Ok(s.Intake.Import(RegisterFile.Csv(
            RegisterFile.Row(s.Child, "Online", "2017-06-16", ("confirmedOn", "2017-06-18")))));
        var id = (string)imported["cases"]![0]!["id"]!;
        ShiftedFrom20170618(await Ok(s.Handler.GetAsync($"/api/cases/{id}")));
        Assert.Contains(await Lines(s, id), l => l.Contains("收到日为休息日，顺延至下一工作日"));
    }

    [Fact]
    public async Task Consultation_WhenRegime2008ThirdPartyRepliesLate_PausesUntilTheReplyWithoutCap()
    {
        // law.md §4 (2008 Art. 24 ¶3): received 2018-03-05, consulted 2018-03-07, reply 2018-04-04 → due 2018-04-24.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2018-03-05"))["id"]!;
        var sent = await Ok(s.Handler.Post($"/api/cases/{id}/consultations", new { kind = "ThirdParty", party = "某公司", sentOn = "2018-03-07" }));
        var c = await Ok(s.Handler.GetAsync($"/api/cases/{id}"));
        Assert.Equal("Consulting", (string?)c["status"]);
        Assert.Null(c["dueOn"]); // paused until the reply, however long it takes
        c = await Ok(s.Handler.Post($"/api/cases/{id}/consultations/{sent["consultationId"]}/reply", new { receivedOn = "2018-04-04", consents = false }));
        Assert.Equal("2018-04-24", (string?)c["dueOn"]);
        Assert.DoesNotContain(await Lines(s, id), l => System.Text.RegularExpressions.Regex.IsMatch(l, @"(?<!2008 )Art\. \d"));
    }

    [Fact]
    public async Task Consultation_WhenRegime2008OtherAgency_IsRecordedWithoutPause()
    {
        // law.md §4: no other-agency pause in Regime 2008; recorded, and the explanation says it did not pause.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2018-03-05"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/consultations", new { kind = "OtherAgency", party = "市财政局", sentOn = "2018-03-07" }));
        var c = await Ok(s.Handler.GetAsync($"/api/cases/{id}"));
        Assert.Equal("InProgress", (string?)c["status"]);
        Assert.Equal("2018-03-26", (string?)c["dueOn"]);
        Assert.Contains(await Lines(s, id), l => l.Contains("市财政局") && l.Contains("not paused"));
    }

    [Fact]
    public async Task Deferral_WhenRegime2008_Is409AndTheDueDateStays()
    {
        // law.md §4: no 延迟答复 (Art. 35) in Regime 2008.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2018-03-05"))["id"]!;
        var problem = await Refused(s.Approver.Post($"/api/cases/{id}/deferral", new { approvedOn = "2018-03-20", dueOn = "2018-05-31", reason = "大量申请" }),
            HttpStatusCode.Conflict);
        Assert.Contains("Regime 2008 has no deferred answer", (string)problem["detail"]!);
        Assert.Equal("2018-03-26", (string?)(await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["dueOn"]);
    }

    [Fact]
    public async Task SupplementAndFee_WhenRegime2008_Are409SayingWhy()
    {
        // law.md §4: no 补正 restart (2008 Art. 21(4)) and no 信息处理费 in Regime 2008 (its fees are cost fees, method Cost).
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2018-03-05"))["id"]!;
        var supplement = await Refused(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2018-03-06", items = "年份" }), HttpStatusCode.Conflict);
        Assert.Contains("Regime 2008 has no 补正", (string)supplement["detail"]!);
        var fee = await Refused(s.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2018-03-06", method = "PerPage", pages = 150 }), HttpStatusCode.Conflict);
        Assert.Contains("use method Cost with its items (2008 Art. 27)", (string)fee["detail"]!);
    }
}

/// <summary>A CaseTracker with <c>Clock:ShiftRestDayReceipt</c> off.</summary>
public sealed class NoReceiptShiftFactory : CaseTrackerFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Clock:ShiftRestDayReceipt", "false");
    }
}

public class NoReceiptShiftTests(NoReceiptShiftFactory factory) : IClassFixture<NoReceiptShiftFactory>
{
    [Fact]
    public async Task ConfirmReceipt_WhenShiftSwitchedOff_CountsFromTheRecordedSunday()
    {
        // law.md §3: the shift is a setting (Clock:ShiftRestDayReceipt); off, 2017-06-18 counts as recorded: due 2017-07-07.
        var s = await Create(factory);
        var id = (string)(await s.Register("Online", "2017-06-16"))["id"]!;
        var c = await Ok(s.Intake.Post($"/api/cases/{id}/receipt-confirmation", new { confirmedOn = "2017-06-18" }));
        Assert.Equal("2017-07-07", (string?)c["dueOn"]);
        Assert.False((bool)c["receiptShifted"]!);
        Assert.False((bool)(await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["receiptShifted"]!);
    }
}

public sealed class RestDayWindowFactory : CaseTrackerFactory
{
    protected override DateTimeOffset StartTime => new(2026, 10, 26, 2, 0, 0, TimeSpan.Zero);
}

public class RestDayWindowTests(RestDayWindowFactory factory) : IClassFixture<RestDayWindowFactory>
{
    [Fact]
    public async Task SupplementNoticeWindow_WhenLetterSignedForOnSaturday_CountsFromMonday()
    {
        // Art. 30 + law.md §3: signed for on Saturday 2026-10-24 by weekend duty staff, received Monday 10-26; the 7-working-day
        // window ends 2026-11-04 (not 11-03), so the warning comes 2 working days before that, on 11-02, not on 10-30.
        var s = await Create(factory);
        var id = (string)(await s.Register("Letter", "2026-10-23", "2026-10-24", "Signed"))["id"]!;
        async Task<List<(string Kind, string? Due)>> Scan(string chinaDate)
        {
            factory.Time.SetUtcNow(DateTimeOffset.Parse(chinaDate + "T10:00:00+08:00"));
            using (var scope = factory.Services.CreateScope())
                await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new ScanDeadlinesCommand());
            var list = await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Root}&subtree=true&pageSize=200"));
            return list["items"]!.AsArray().Where(a => a!["resolvedAt"] is null && (string?)a["caseId"] == id)
                .Select(a => ((string)a!["kind"]!, (string?)a["dueOn"])).ToList();
        }

        Assert.DoesNotContain(await Scan("2026-10-30"), a => a.Kind == "SupplementNoticeWindow");
        Assert.Contains(("SupplementNoticeWindow", "2026-11-04"), await Scan("2026-11-02"));
    }

    [Fact]
    public async Task ConsultationOverdue_WhenRegime2008_SaysTheClockStaysStoppedAndIgnoresOtherAgencies()
    {
        // 2008 Art. 24 ¶3: a third party's silence does not restart a Regime 2008 clock; an other-agency consultation never paused it.
        var s = await Create(factory);
        var third = (string)(await s.Register("InPerson", "2018-03-05"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{third}/consultations", new { kind = "ThirdParty", party = "某公司", sentOn = "2018-03-07" }));
        var agency = (string)(await s.Register("InPerson", "2018-03-05"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{agency}/consultations", new { kind = "OtherAgency", party = "市财政局", sentOn = "2018-03-07" }));
        using (var scope = factory.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new ScanDeadlinesCommand());
        var alerts = (await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Root}&subtree=true&kind=ConsultationOverdue&pageSize=200")))["items"]!.AsArray();
        var alert = Assert.Single(alerts)!;
        Assert.Equal(third, (string?)alert["caseId"]);
        Assert.Contains("stays stopped until the reply (2008 Art. 24 ¶3)", (string)alert["details"]!);
    }
}
