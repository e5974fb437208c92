using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>A case from every channel through every path of law.md §4 to its close, the due date checked at each step.</summary>
public class CaseLifecycleTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static string? Due(JsonNode c) => (string?)c["dueOn"];

    [Fact]
    public async Task InPerson_DecidedAndDeliveredOnTime()
    {
        // Art. 31 (in person: received the day handed over), Art. 33 (20 working days), delivery closes (送达).
        var s = await Create(factory);
        var c = await s.Register("InPerson", "2026-09-01");
        Assert.Equal("2026-09-29", Due(c));
        Assert.Equal("Regime2019", (string?)c["regime"]);
        Assert.Matches($"^{s.Child}-2026-00001$", (string)c["caseNumber"]!);
        var id = (string)c["id"]!;
        c = await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed", summary = "已提供" }));
        Assert.Equal("Decided", (string?)c["status"]);
        c = await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "Post" }));
        Assert.Equal("Closed", (string?)c["status"]);
        Assert.Equal("2026-09-11", (string?)c["closedOn"]);
        Assert.False((bool)c["closedLate"]!);
        Assert.False((bool)c["overdue"]!);
        Assert.Null(c["workingDaysLeft"]);
    }

    [Fact]
    public async Task SignedLetter_ThirdPartyPauseAndExtension()
    {
        // Art. 31 (signed-for letter), Art. 32 (consultation days not counted), Art. 33 ¶2 (one extension, approver).
        var s = await Create(factory);
        var c = await s.Register("Letter", "2026-08-28", "2026-09-01", "Signed");
        var id = (string)c["id"]!;
        Assert.Equal("2026-09-29", Due(c));
        var sent = await Ok(s.Handler.Post($"/api/cases/{id}/consultations", new { kind = "ThirdParty", party = "某建筑公司", sentOn = "2026-09-08" }));
        Assert.Equal("Consulting", (string?)sent["case"]!["status"]);
        var cid = (string)sent["consultationId"]!;
        c = await Ok(s.Handler.Post($"/api/cases/{id}/consultations/{cid}/reply", new { receivedOn = "2026-09-15", consents = false }));
        Assert.Equal("2026-10-12", Due(c)); // 5 working days paused, across 国庆节 and the 2026-09-20 make-up Sunday
        await Refused(s.Handler.Post($"/api/cases/{id}/extension", new { approvedOn = "2026-10-09", workingDays = 10, reason = "需调取档案", applicantNotifiedOn = "2026-10-09" }),
            HttpStatusCode.Forbidden);
        c = await Ok(s.Approver.Post($"/api/cases/{id}/extension", new { approvedOn = "2026-10-09", workingDays = 10, reason = "需调取档案", applicantNotifiedOn = "2026-10-09" }));
        Assert.Equal("2026-10-26", Due(c));
        Assert.True((bool)c["extended"]!);
        var refused = await Refused(s.Approver.Post($"/api/cases/{id}/extension", new { approvedOn = "2026-10-10", workingDays = 5, reason = "再延", applicantNotifiedOn = "2026-10-10" }),
            HttpStatusCode.Conflict);
        Assert.Contains("only once", (string)refused["detail"]!);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-10-20", outcome = "Withheld.ThirdPartyRights" }));
        c = await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-10-26", method = "Post" }));
        Assert.False((bool)c["closedLate"]!);
    }

    [Fact]
    public async Task OrdinaryLetter_ConfirmedThenSupplementRestartsClock()
    {
        // Art. 31 (ordinary mail: the day confirmed), Art. 30 (补正 stops the clock, restart from the supplement).
        var s = await Create(factory);
        var c = await s.Register("Letter", "2026-09-01", null, "Ordinary");
        var id = (string)c["id"]!;
        Assert.Equal("AwaitingConfirmation", (string?)c["status"]);
        Assert.Null(Due(c));
        c = await Ok(s.Intake.Post($"/api/cases/{id}/receipt-confirmation", new { confirmedOn = "2026-09-03" }));
        Assert.Equal("2026-10-08", Due(c));
        c = await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-07", items = "请说明具体年份" }));
        Assert.Equal("AwaitingSupplement", (string?)c["status"]);
        Assert.Null(Due(c));
        var deadline = await Ok(s.Handler.GetAsync($"/api/cases/{id}/deadline"));
        Assert.Contains("2026-09-28", (string)deadline["explanation"]!["lines"]![0]!);
        c = await Ok(s.Handler.Post($"/api/cases/{id}/supplement", new { receivedOn = "2026-09-14" }));
        Assert.Equal("2026-10-16", Due(c));
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-10-15", outcome = "Unable.StillUnclear" }));
        c = await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-10-15", method = "Post" }));
        Assert.Equal("Closed", (string?)c["status"]);
    }

    [Fact]
    public async Task Online_FeePausesClockAndLateDeliveryIsClosedLate()
    {
        // 国办函〔2020〕109号: per-page fee computed, notice-to-payment not counted; delivered after the due date = closed late.
        var s = await Create(factory);
        var c = await s.Register("Online", "2026-03-02");
        var id = (string)c["id"]!;
        c = await Ok(s.Intake.Post($"/api/cases/{id}/receipt-confirmation", new { confirmedOn = "2026-03-02" }));
        Assert.Equal("2026-03-30", Due(c));
        var fee = await Ok(s.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2026-03-10", method = "PerPage", pages = 150 }));
        Assert.Equal(1700m, (decimal)fee["amountYuan"]!);
        Assert.Equal("2026-04-08", (string?)fee["payBy"]);
        Assert.Equal("AwaitingFee", (string?)fee["case"]!["status"]);
        await Refused(s.Handler.Post($"/api/cases/{id}/fee-payment", new { paidOn = "2026-03-20", amountYuan = 1000 }), HttpStatusCode.Conflict);
        c = await Ok(s.Handler.Post($"/api/cases/{id}/fee-payment", new { paidOn = "2026-03-20", amountYuan = 1700 }));
        Assert.Equal("2026-04-10", Due(c));
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-04-13", outcome = "Disclosed" }));
        c = await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-04-13", method = "Online" }));
        Assert.True((bool)c["closedLate"]!);
    }

    [Fact]
    public async Task Fax_DeferredAnswer()
    {
        // Art. 35: 延迟答复 to a later working day, approver required.
        var s = await Create(factory);
        var c = await s.Register("Fax", "2026-05-06");
        var id = (string)c["id"]!;
        c = await Ok(s.Intake.Post($"/api/cases/{id}/receipt-confirmation", new { confirmedOn = "2026-05-06" }));
        Assert.Equal("2026-06-02", Due(c));
        await Refused(s.Approver.Post($"/api/cases/{id}/deferral", new { approvedOn = "2026-05-20", dueOn = "2026-06-20", reason = "大量申请" }), HttpStatusCode.BadRequest);
        c = await Ok(s.Approver.Post($"/api/cases/{id}/deferral", new { approvedOn = "2026-05-20", dueOn = "2026-07-31", reason = "大量申请" }));
        Assert.Equal("2026-07-31", Due(c));
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-07-30", outcome = "NotProcessed.Excessive" }));
        c = await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-07-31", method = "Post" }));
        Assert.False((bool)c["closedLate"]!);
    }

    [Fact]
    public async Task PerRequestFee_CountsTheApplicantsRequestsOfTheMonth()
    {
        // 国办函〔2020〕109号: requests 1–10 of an applicant in a month are free; the 11th costs 100 yuan.
        var s = await Create(factory);
        string last = "";
        for (var i = 0; i < 11; i++) last = (string)(await s.Register("InPerson", "2026-06-01", idNumber: "530101199001011235"))["id"]!;
        var fee = await Ok(s.Handler.Post($"/api/cases/{last}/fee-notice", new { issuedOn = "2026-06-02", method = "PerRequest" }));
        Assert.Equal(11, (int)fee["requestOfTheMonth"]!);
        Assert.Equal(100m, (decimal)fee["amountYuan"]!);
    }

    [Fact]
    public async Task Regime2008_ExtensionLimitAndChangeOrSupplementReply()
    {
        // 2008 Art. 24: 15 working days, extension at most 15; 2008 Art. 21(4): unclear request answered 告知作出更改补充.
        var s = await Create(factory);
        var c = await s.Register("InPerson", "2018-03-05");
        var id = (string)c["id"]!;
        Assert.Equal("Regime2008", (string?)c["regime"]);
        Assert.Equal("2018-03-26", Due(c));
        await Refused(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2018-03-06", items = "年份" }), HttpStatusCode.Conflict);
        var refused = await Refused(s.Approver.Post($"/api/cases/{id}/extension", new { approvedOn = "2018-03-20", workingDays = 16, reason = "复杂", applicantNotifiedOn = "2018-03-20" }),
            HttpStatusCode.Conflict);
        Assert.Contains("at most 15 working days under Regime 2008", (string)refused["detail"]!);
        c = await Ok(s.Approver.Post($"/api/cases/{id}/extension", new { approvedOn = "2018-03-20", workingDays = 15, reason = "复杂", applicantNotifiedOn = "2018-03-20" }));
        Assert.Equal("2018-04-17", Due(c));
        await Refused(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2018-04-10", outcome = "Unable.NotHeld" }), HttpStatusCode.BadRequest);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2018-04-10", outcome = "ChangeOrSupplement" }));
        c = await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2018-04-11", method = "InPerson" }));
        Assert.Equal("Closed", (string?)c["status"]);
    }

    [Fact]
    public async Task UnansweredOtherAgencyConsultation_PausesToItsLimitAndOverdueIsComputed()
    {
        // Art. 34: the other agency has 15 working days; overdue is computed against today (2026-11-25), never stored.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-10-12"))["id"]!;
        var sent = await Ok(s.Handler.Post($"/api/cases/{id}/consultations", new { kind = "OtherAgency", party = "州财政局", sentOn = "2026-10-14" }));
        Assert.Equal("2026-11-30", Due(sent["case"]!));
        Assert.False((bool)sent["case"]!["overdue"]!);
        var plain = await s.Register("InPerson", "2026-10-12");
        Assert.Equal("2026-11-09", Due(plain));
        Assert.True((bool)plain["overdue"]!);
        Assert.Equal(-12, (int)plain["workingDaysLeft"]!);
    }
}
