using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// Issue 16: corrections with an audit trail — a registration corrected, the last step voided, a decision amended — each
/// one history entry with who, why and before → after, the due date before → after, and the case and reports as corrected.
/// Runs on the engine of CASETRACKER_TEST_ENGINE (SQLite by default, PostgreSQL in tools/test.sh).
/// </summary>
public class CorrectionsTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static async Task<JsonNode> LastEntry(HttpClient client, string id)
        => (await Ok(client.GetAsync($"/api/cases/{id}/history")))["items"]!.AsArray()[^1]!;

    private static async Task<JsonArray> History(HttpClient client, string id)
        => (await Ok(client.GetAsync($"/api/cases/{id}/history")))["items"]!.AsArray();

    private static JsonNode Change(JsonNode entry, string field)
        => entry["details"]!["changes"]!.AsArray().Single(c => (string?)c!["field"] == field)!;

    [Fact]
    public async Task CorrectRegistration_SubmittedOnOfAnInPersonRequest_MovesTheReceiptAndTheDueDateWithHistory()
    {
        var s = await Create(factory);
        var c = await s.Register("InPerson", "2026-06-01");
        var id = (string)c["id"]!;
        Assert.Equal("2026-06-30", (string?)c["dueOn"]); // 20 working days, 端午节 2026-06-19 skipped
        var corrected = await Ok(s.Intake.Post($"/api/cases/{id}/correction", new { reason = "登记时误录了提交日期", submittedOn = "2026-06-03" },
            ("If-Match", $"\"{c["version"]}\"")));
        Assert.Equal("2026-06-03", (string?)corrected["submittedOn"]);
        Assert.Equal("2026-06-03", (string?)corrected["receivedOn"]);
        Assert.Equal("2026-07-02", (string?)corrected["dueOn"]);
        Assert.Equal((int)c["version"]! + 1, (int)corrected["version"]!);
        Assert.Equal(c["caseNumber"]!.ToString(), corrected["caseNumber"]!.ToString()); // case numbers never change

        var history = await History(s.Handler, id);
        var entry = history[^1]!;
        Assert.Equal("RegistrationCorrected", (string?)entry["kind"]);
        Assert.Equal("2026-06-30", (string?)entry["dueBefore"]);
        Assert.Equal("2026-07-02", (string?)entry["dueAfter"]);
        Assert.Equal("intake-" + s.Child, (string?)entry["actor"]!["userId"]);
        Assert.Equal("登记时误录了提交日期", (string?)entry["details"]!["reason"]);
        Assert.Equal(("2026-06-01", "2026-06-03"), ((string)Change(entry, "submittedOn")["before"]!, (string)Change(entry, "submittedOn")["after"]!));
        Assert.Equal(("2026-06-01", "2026-06-03"), ((string)Change(entry, "receivedOn")["before"]!, (string)Change(entry, "receivedOn")["after"]!));
        var registered = history[0]!;
        Assert.Equal("2026-06-03", (string?)registered["actingOn"]);
        Assert.Equal("2026-06-01", (string?)registered["originalDetails"]!["submittedOn"]);
        Assert.Equal((int)entry["seq"]!, (int)registered["correctedBySeq"]!);
    }

    [Fact]
    public async Task CorrectRegistration_ApplicantAndChannel_ResealsPersonalDataAndKeepsTheIdHashRight()
    {
        var s = await Create(factory);
        var c = await s.Register("Letter", "2026-06-01", receivedOn: "2026-06-02", letterMail: "Signed", idNumber: "11010519491231002X");
        var id = (string)c["id"]!;
        var corrected = await Ok(s.Handler.Post($"/api/cases/{id}/correction", new
        {
            reason = "身份证号和姓名录错；来件实为传真",
            applicant = new { name = "张叁", idNumber = "110105198001011238", phone = "13900001111" },
            channel = "Fax",
            description = "2025年城市道路维修预算",
            deliveryForm = "Email",
        }));
        Assert.Equal("张叁", (string?)corrected["applicant"]!["name"]);
        Assert.Equal("Fax", (string?)corrected["channel"]);
        Assert.Null(corrected["letterMail"]);
        Assert.Equal("2026-06-02", (string?)corrected["receivedOn"]);
        Assert.DoesNotContain("19800101", (string?)corrected["applicant"]!["idNumber"]); // masked
        var full = await Ok(s.Handler.GetAsync($"/api/cases/{id}/applicant?reason={Uri.EscapeDataString("核对更正")}"));
        Assert.Equal("110105198001011238", (string?)full["idNumber"]);
        Assert.Equal("13900001111", (string?)full["phone"]);

        // The ID number's keyed hash follows the correction: the new number finds the case, the old one no longer does.
        var byNew = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&idNumber=110105198001011238"));
        Assert.Equal(id, (string?)byNew["items"]!.AsArray().Single()!["id"]);
        var byOld = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&idNumber=11010519491231002X"));
        Assert.Empty(byOld["items"]!.AsArray());

        var entry = await LastEntry(s.Handler, id);
        Assert.Equal(("张三", "张叁"), ((string)Change(entry, "applicant.name")["before"]!, (string)Change(entry, "applicant.name")["after"]!));
        Assert.Equal(("Letter", "Fax"), ((string)Change(entry, "channel")["before"]!, (string)Change(entry, "channel")["after"]!));
        Assert.DoesNotContain("110105198001011238", entry.ToJsonString()); // the history never holds personal data in clear
        Assert.DoesNotContain("13900001111", entry.ToJsonString());
        Assert.Equal((string?)entry["dueBefore"], (string?)entry["dueAfter"]);
    }

    [Fact]
    public async Task CorrectRegistration_BadDatesAndEmptyCorrections_AreRefusedAndChangeNothing()
    {
        var s = await Create(factory);
        var c = await s.Register("InPerson", "2026-06-01");
        var id = (string)c["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/consultations", new { kind = "ThirdParty", party = "某公司", sentOn = "2026-06-05" }));

        var future = await Refused(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "x", submittedOn = "2026-12-30" }), HttpStatusCode.BadRequest);
        Assert.Contains("future", future.ToJsonString());
        var after = await Refused(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "x", submittedOn = "2026-06-08" }), HttpStatusCode.BadRequest);
        Assert.Contains("ConsultationSent", after.ToJsonString());
        await Refused(s.Handler.Post($"/api/cases/{id}/correction", new { submittedOn = "2026-06-02" }), HttpStatusCode.BadRequest); // no reason
        await Refused(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "x", submittedOn = "2026-06-01" }), HttpStatusCode.BadRequest); // nothing changes
        await Refused(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "x", applicant = new { idNumber = "110105198001011239" } }), HttpStatusCode.BadRequest);
        await Refused(s.Supervisor.Post($"/api/cases/{id}/correction", new { reason = "x", submittedOn = "2026-06-02" }), HttpStatusCode.Forbidden);
        var zh = await Refused(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "x", submittedOn = "2026-06-08" }, ("Accept-Language", "zh-CN")),
            HttpStatusCode.BadRequest);
        Assert.DoesNotContain("is after the case's later step", zh.ToJsonString());

        var now = await Ok(s.Handler.GetAsync($"/api/cases/{id}"));
        Assert.Equal(((string?)c["submittedOn"], (int)c["version"]! + 1), ((string?)now["submittedOn"], (int)now["version"]!));
        Assert.Equal(2, (await History(s.Handler, id)).Count);
    }

    [Fact]
    public async Task CorrectRegistration_ValuesEqualToTheCurrentOnes_AreNotRecorded_AndNothingChangedIs400InChinese()
    {
        var s = await Create(factory);
        var c = await s.Register("Letter", "2026-06-01", receivedOn: "2026-06-02", letterMail: "Signed", idNumber: "11010519491231002X");
        var id = (string)c["id"]!;
        var before = factory.Snapshot();

        // The same ID number (compared on the full value, not the mask), the same channel and date: nothing to correct.
        var zh = await Refused(s.Handler.Post($"/api/cases/{id}/correction",
            new { reason = "核对", applicant = new { idNumber = " 11010519491231002x " }, channel = "Letter", submittedOn = "2026-06-01" },
            ("Accept-Language", "zh-CN")), HttpStatusCode.BadRequest);
        Assert.Contains("没有需要更正的内容", (string?)zh["detail"]);
        Assert.Equal(before, factory.Snapshot());

        // The same ID number beside a real change: only the real change is recorded.
        await Ok(s.Handler.Post($"/api/cases/{id}/correction",
            new { reason = "姓名录错", applicant = new { name = "张叁", idNumber = "11010519491231002X" } }));
        var changes = (await LastEntry(s.Handler, id))["details"]!["changes"]!.AsArray().Select(x => (string?)x!["field"]).ToList();
        Assert.Equal(["applicant.name"], changes);
        var full = await Ok(s.Handler.GetAsync($"/api/cases/{id}/applicant?reason={Uri.EscapeDataString("核对更正")}"));
        Assert.Equal("11010519491231002X", (string?)full["idNumber"]);
    }

    // Stop note of session 4: the comparison of an unchanged ID number unsealed the stored personal data without an access-log
    // entry. It now compares the keyed hash the register already keeps (applicant_id_hash): with the sealed value made
    // unreadable, an unchanged ID number is still told unchanged (nothing unsealed), and the access log stays empty.
    [Fact]
    public async Task CorrectRegistration_AnUnchangedIdNumber_IsComparedByItsKeyedHash_UnsealingNothing()
    {
        var s = await Create(factory);
        var c = await s.Register("InPerson", "2026-06-01", idNumber: "11010519491231002X");
        var id = (string)c["id"]!;
        var sealedValue = (string)factory.Database.Scalar("SELECT applicant_sealed FROM cases WHERE id = @id", ("id", id))!;
        factory.Database.Scalar("UPDATE cases SET applicant_sealed = @broken WHERE id = @id", ("broken", "CfDJ8-not-a-sealed-payload"), ("id", id));
        try
        {
            var before = factory.Snapshot();
            var zh = await Refused(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "核对证件号码", applicant = new { idNumber = " 11010519491231002x " } },
                ("Accept-Language", "zh-CN")), HttpStatusCode.BadRequest);
            Assert.Contains("没有需要更正的内容", (string?)zh["detail"]);
            Assert.Equal(before, factory.Snapshot());
            Assert.Equal(0L, Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM personal_data_log WHERE case_id = @id", ("id", id))));
        }
        finally
        {
            factory.Database.Scalar("UPDATE cases SET applicant_sealed = @sealedValue WHERE id = @id", ("sealedValue", sealedValue), ("id", id));
        }

        // A different number is a correction (the hash differs), recorded masked; the full value reads back only with a reason.
        await Ok(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "证件号码录错", applicant = new { idNumber = "110105198001011238" } }));
        var change = Change(await LastEntry(s.Handler, id), "applicant.idNumber");
        Assert.DoesNotContain("110105198001011238", change.ToJsonString());
        Assert.Equal(0L, Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM personal_data_log WHERE case_id = @id", ("id", id))));
        // Clearing it ("") on a case that has one is a correction; clearing it again is none.
        await Ok(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "申请人不愿提供证件号码", applicant = new { idNumber = "" } }));
        Assert.Null(factory.Database.Scalar("SELECT applicant_id_hash FROM cases WHERE id = @id", ("id", id)));
        await Refused(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "再次清除", applicant = new { idNumber = "" } }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CorrectRegistration_ReceiptAcross20190515_ChangesTheRegimeOnlyWithoutStepsOfTheOtherRegime()
    {
        // law.md §1: a receipt on or after 2019-05-15 is Regime 2019 (20 working days), before it Regime 2008 (15).
        var s = await Create(factory);
        var plain = await s.Register("InPerson", "2019-05-16");
        var id = (string)plain["id"]!;
        Assert.Equal("Regime2019", (string?)plain["regime"]);
        var moved = await Ok(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "收件日期录错", submittedOn = "2019-05-14" }));
        Assert.Equal("Regime2008", (string?)moved["regime"]);
        Assert.Equal("2019-06-04", (string?)moved["dueOn"]); // 15 working days (2008 Art. 24)
        var entry = await LastEntry(s.Handler, id);
        Assert.Equal("2019-06-14", (string?)entry["dueBefore"]); // 20 working days, 端午节 2019-06-07 skipped
        Assert.Equal("2019-06-04", (string?)entry["dueAfter"]);

        var withSupplement = (string)(await s.Register("InPerson", "2019-05-16"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{withSupplement}/supplement-request", new { requestedOn = "2019-05-17", items = "请写明年份" }));
        var refused = await Refused(s.Handler.Post($"/api/cases/{withSupplement}/correction", new { reason = "x", submittedOn = "2019-05-14" }),
            HttpStatusCode.Conflict);
        Assert.Contains("Regime 2008", (string?)refused["detail"]);
        Assert.Equal("Regime2019", (string?)(await Ok(s.Handler.GetAsync($"/api/cases/{withSupplement}")))["regime"]);
    }

    public static TheoryData<string> VoidableSteps => new()
    {
        "receipt-confirmation", "supplement-request", "supplement", "consultations", "consultations/reply", "extension", "deferral",
        "fee-notice", "fee-payment", "decision", "delivery", "withdrawal",
    };

    [Theory]
    [MemberData(nameof(VoidableSteps))]
    public async Task VoidLastStep_EachStep_LeavesTheCaseAsBeforeItAndMarksTheStepVoid(string step)
    {
        var s = await Create(factory);
        var id = (string)(step == "receipt-confirmation" ? await s.Register("Online", "2026-06-01") : await s.Register("InPerson", "2026-06-01"))["id"]!;
        async Task Post(string route, object body) => await Ok(s.Handler.Post($"/api/cases/{id}/{route}", body));
        async Task Approve(string route, object body) => await Ok(s.Approver.Post($"/api/cases/{id}/{route}", body));
        string? consultation = null;
        // What the step needs before it.
        switch (step)
        {
            case "supplement":
                await Post("supplement-request", new { requestedOn = "2026-06-02", items = "请写明年份" });
                break;
            case "consultations/reply":
                consultation = (string?)(await Ok(s.Handler.Post($"/api/cases/{id}/consultations", new { kind = "ThirdParty", party = "某公司", sentOn = "2026-06-02" })))["consultationId"];
                break;
            case "fee-payment":
                await Post("fee-notice", new { issuedOn = "2026-06-02", method = "PerPage", pages = 50 });
                break;
            case "delivery":
                await Post("decision", new { decidedOn = "2026-06-02", outcome = "Disclosed" });
                break;
        }

        var before = await Ok(s.Handler.GetAsync($"/api/cases/{id}"));
        switch (step)
        {
            case "receipt-confirmation": await Post(step, new { confirmedOn = "2026-06-03" }); break;
            case "supplement-request": await Post(step, new { requestedOn = "2026-06-03", items = "请写明年份" }); break;
            case "supplement": await Post(step, new { receivedOn = "2026-06-05" }); break;
            case "consultations": await Post(step, new { kind = "ThirdParty", party = "某公司", sentOn = "2026-06-03" }); break;
            case "consultations/reply": await Post($"consultations/{consultation}/reply", new { receivedOn = "2026-06-10", consents = true }); break;
            case "extension": await Approve(step, new { approvedOn = "2026-06-10", workingDays = 10, reason = "需调取档案", applicantNotifiedOn = "2026-06-10" }); break;
            case "deferral": await Approve(step, new { approvedOn = "2026-06-10", dueOn = "2026-08-31", reason = "申请数量明显超过合理范围" }); break;
            case "fee-notice": await Post(step, new { issuedOn = "2026-06-03", method = "PerPage", pages = 50 }); break;
            case "fee-payment": await Post(step, new { paidOn = "2026-06-05" }); break;
            case "decision": await Post(step, new { decidedOn = "2026-06-03", outcome = "Withheld.StateSecret" }); break;
            case "delivery": await Post(step, new { deliveredOn = "2026-06-03", method = "Post" }); break;
            case "withdrawal": await Post(step, new { withdrawnOn = "2026-06-03" }); break;
        }

        var stepped = await Ok(s.Handler.GetAsync($"/api/cases/{id}"));
        await Refused(s.Handler.Post($"/api/cases/{id}/void-last-step", new { reason = "误录" }), HttpStatusCode.Forbidden); // Approver or Administrator
        var voided = await Ok(s.Approver.Post($"/api/cases/{id}/void-last-step", new { reason = "误录了这一步" }, ("If-Match", $"\"{stepped["version"]}\"")));
        foreach (var field in new[] { "status", "dueOn", "receivedOn", "outcome", "decidedOn", "closedOn", "extended", "regime" })
            Assert.True(before[field]?.ToJsonString() == voided[field]?.ToJsonString(), $"{step}: {field} {before[field]} before the step, {voided[field]} after the void");

        var history = await History(s.Handler, id);
        var entry = history[^1]!;
        Assert.Equal("StepVoided", (string?)entry["kind"]);
        Assert.Equal("误录了这一步", (string?)entry["details"]!["reason"]);
        Assert.Equal((string?)stepped["dueOn"], (string?)entry["dueBefore"]);
        Assert.Equal((string?)before["dueOn"], (string?)entry["dueAfter"]);
        Assert.Equal("approver-" + s.Child, (string?)entry["actor"]!["userId"]);
        var target = history.Single(h => (int?)h!["seq"] == (int)entry["details"]!["voidedSeq"]!)!;
        Assert.Equal((int)entry["seq"]!, (int)target["voided"]!["bySeq"]!);
        Assert.Equal("误录了这一步", (string?)target["voided"]!["reason"]);

        // Voiding twice in a row is refused: the step before stays.
        var twice = await Refused(s.Approver.Post($"/api/cases/{id}/void-last-step", new { reason = "再撤销" }), HttpStatusCode.Conflict);
        Assert.Contains("voided", (string?)twice["detail"]);
        Assert.Equal((int)voided["version"]!, (int)(await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["version"]!);
    }

    [Fact]
    public async Task VoidLastStep_OnlyTheRegistration_IsRefused()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-06-01"))["id"]!;
        var refused = await Refused(s.Approver.Post($"/api/cases/{id}/void-last-step", new { reason = "x" }), HttpStatusCode.Conflict);
        Assert.Contains("registration", (string?)refused["detail"]);
        await Refused(s.Approver.Post($"/api/cases/{id}/void-last-step", new { }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task VoidLastStep_ADeliveryOfAnOverdueCase_ReopensItAndItsOverdueAlertComesBack()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-06-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-07-06", outcome = "Disclosed" }));
        var closed = await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-07-06", method = "Post" }));
        Assert.Equal("Closed", (string?)closed["status"]);
        Assert.DoesNotContain(factory.Database.AlertsOf(id), a => a.Open);

        var reopened = await Ok(s.Approver.Post($"/api/cases/{id}/void-last-step", new { reason = "送达回证写错，实际尚未送达" }));
        Assert.Equal("Decided", (string?)reopened["status"]);
        Assert.True((bool)reopened["overdue"]!);
        Assert.Null(reopened["closedOn"]);
        Assert.Contains(("Overdue", "2026-06-30", true), factory.Database.AlertsOf(id)); // back in the same command, not at the next scan
    }

    [Fact]
    public async Task AmendDecision_BeforeDelivery_ChangesTheOutcomeWithHistory_AndIsRefusedOnceDelivered()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-06-01"))["id"]!;
        await Refused(s.Handler.Post($"/api/cases/{id}/decision-amendment", new { reason = "x", outcome = "Disclosed" }), HttpStatusCode.Conflict); // no decision
        var decided = await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-06-05", outcome = "Withheld.StateSecret", summary = "涉密" }));
        await Refused(s.Handler.Post($"/api/cases/{id}/decision-amendment", new { reason = "x", outcome = "Nonsense.Code" }), HttpStatusCode.BadRequest);
        await Refused(s.Handler.Post($"/api/cases/{id}/decision-amendment", new { outcome = "Disclosed" }), HttpStatusCode.BadRequest); // no reason
        await Refused(s.Intake.Post($"/api/cases/{id}/decision-amendment", new { reason = "x", outcome = "Disclosed" }), HttpStatusCode.Forbidden);
        var amended = await Ok(s.Handler.Post($"/api/cases/{id}/decision-amendment",
            new { reason = "结论选错，实为予以公开", outcome = "Disclosed", summary = "予以公开" }, ("If-Match", $"\"{decided["version"]}\"")));
        Assert.Equal(("Disclosed", "2026-06-05"), ((string?)amended["outcome"], (string?)amended["decidedOn"]));
        var entry = await LastEntry(s.Handler, id);
        Assert.Equal("DecisionAmended", (string?)entry["kind"]);
        Assert.Equal(("Withheld.StateSecret", "Disclosed"), ((string)Change(entry, "outcome")["before"]!, (string)Change(entry, "outcome")["after"]!));
        Assert.Equal(("涉密", "予以公开"), ((string)Change(entry, "summary")["before"]!, (string)Change(entry, "summary")["after"]!));
        await Refused(s.Handler.Post($"/api/cases/{id}/decision-amendment", new { reason = "x", outcome = "Disclosed", summary = "予以公开" }),
            HttpStatusCode.BadRequest); // nothing changes

        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-06-08", method = "Post" }));
        var delivered = await Refused(s.Handler.Post($"/api/cases/{id}/decision-amendment", new { reason = "x", outcome = "Withheld.StateSecret" }),
            HttpStatusCode.Conflict);
        Assert.Contains("void the delivery", (string?)delivered["detail"]);
    }

    // Trial of issue 16: amending only the summary (the reasons and withheld articles are written there) keeps the outcome.
    [Fact]
    public async Task AmendDecision_OnlyTheSummary_KeepsTheOutcome_WithoutRestatingIt()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-06-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-06-05", outcome = "Withheld.StateSecret", summary = "涉密" }));

        var amended = await Ok(s.Handler.Post($"/api/cases/{id}/decision-amendment",
            new { reason = "补写不予公开的依据", summary = "依据《条例》第十四条，属于国家秘密，不予公开" }));
        Assert.Equal(("Withheld.StateSecret", "2026-06-05", "Decided"), ((string?)amended["outcome"], (string?)amended["decidedOn"], (string?)amended["status"]));
        var entry = await LastEntry(s.Handler, id);
        Assert.Equal(("DecisionAmended", "补写不予公开的依据"), ((string?)entry["kind"], (string?)entry["details"]!["reason"]));
        var change = Assert.Single(entry["details"]!["changes"]!.AsArray())!;
        Assert.Equal(("summary", "涉密", "依据《条例》第十四条，属于国家秘密，不予公开"),
            ((string?)change["field"], (string?)change["before"], (string?)change["after"]));

        // An empty outcome is "keep it" too; the same summary again changes nothing and is refused, naming the summary.
        var same = await Refused(s.Handler.Post($"/api/cases/{id}/decision-amendment",
            new { reason = "再次提交", outcome = "", summary = "依据《条例》第十四条，属于国家秘密，不予公开" }, ("Accept-Language", "zh-CN")), HttpStatusCode.BadRequest);
        Assert.NotNull(same["errors"]!["summary"]);
        Assert.DoesNotMatch("[A-Za-z]{4,}", (string?)same["errors"]!["summary"]![0]);
        var cleared = await Ok(s.Handler.Post($"/api/cases/{id}/decision-amendment", new { reason = "摘要误填，清空", summary = "" }));
        Assert.Equal("Withheld.StateSecret", (string?)cleared["outcome"]);
        Assert.Null((string?)Change(await LastEntry(s.Handler, id), "summary")["after"]);
    }

    [Fact]
    public async Task ConcurrentCorrectionAndStep_WithTheSameVersion_ExactlyOneIs409()
    {
        var s = await Create(factory);
        var c = await s.Register("InPerson", "2026-06-01");
        var id = (string)c["id"]!;
        var version = ("If-Match", $"\"{c["version"]}\"");
        for (var round = 0; round < 3; round++)
        {
            var current = await Ok(s.Handler.GetAsync($"/api/cases/{id}"));
            version = ("If-Match", $"\"{current["version"]}\"");
            var correction = s.Intake.Post($"/api/cases/{id}/correction", new { reason = "描述补全", description = $"2025年城市道路维修预算（第{round}次）" }, version);
            var step = s.Handler.Post($"/api/cases/{id}/consultations", new { kind = "OtherAgency", party = $"某局{round}", sentOn = "2026-06-02" }, version);
            var responses = await Task.WhenAll(correction, step);
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
            Assert.Single(responses, r => r.IsSuccessStatusCode);
        }
    }
}
