using System.Net;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Documents.DocumentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Documents;

/// <summary>
/// documents.md "The set": for each kind, a case driven through the API to its step, the document issued, and the DOCX
/// opened with OpenXml: the number, the applicant and the dates the clock computed are in it.
/// </summary>
public class IssueDocumentTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private RegisterClock Clock => factory.Services.GetRequiredService<RegisterClock>();

    [Fact]
    public async Task Receipt_Art31_CarriesReceivedAndDueDatesNumberAndLookupCode()
    {
        var s = await Create(factory);
        var id = await Registered(s, applicant: "李回执");
        var due = (string)(await Case(s.Intake, id))["dueOn"]!;
        var docx = await IssueAndOpen(s.Intake, id, "Receipt");
        var code = (string)docx.Issued["lookupCode"]!;
        Assert.Matches("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$", code);
        Assert.Matches(@"〔2026〕1号$", docx.Number);
        Assert.Contains(docx.Number, docx.Text);
        Assert.Contains("李回执", docx.Text);
        Assert.Contains(ChinaDate("2026-09-01"), docx.Text);
        Assert.Contains(ChinaDate(due), docx.Text);
        Assert.Contains(code, docx.Text);
        Assert.Contains("第三十三条", docx.Text);
    }

    [Fact]
    public async Task SupplementNotice_Art30_CarriesItemsAndSupplyByDate()
    {
        var s = await Create(factory);
        var id = await Registered(s, applicant: "王补正");
        await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-02", items = "请写明所需信息的年份", supplyBy = "2026-09-16" }));
        var docx = await IssueAndOpen(s.Handler, id, "SupplementNotice", new { kind = "SupplementNotice", issuedOn = "2026-09-02" });
        Assert.Contains(docx.Number, docx.Text);
        Assert.Contains("王补正", docx.Text);
        Assert.Contains("请写明所需信息的年份", docx.Text);
        Assert.Contains(ChinaDate("2026-09-16"), docx.Text);
        Assert.Contains(ChinaDate("2026-09-02"), docx.Text);
        Assert.Contains("第三十条", docx.Text);
    }

    [Fact]
    public async Task ConsultationLetterAndNotice_Art32_CarryPartyReplyByDateAndPause()
    {
        var s = await Create(factory);
        var id = await Registered(s, applicant: "赵征询");
        var sent = await Ok(s.Handler.Post($"/api/cases/{id}/consultations", new { kind = "ThirdParty", party = "某某建设有限公司", sentOn = "2026-09-03" }));
        var replyBy = StatutoryClock.ConsultationLimit(new DateOnly(2026, 9, 3), Clock.Calendar, Clock.Settings);
        var letter = await IssueAndOpen(s.Handler, id, "ConsultationLetter", new { kind = "ConsultationLetter", consultationId = (string)sent["consultationId"]! });
        Assert.Contains(letter.Number, letter.Text);
        Assert.Contains("某某建设有限公司", letter.Text);
        Assert.Contains(ChinaDate(replyBy), letter.Text);
        Assert.Contains("第三十二条", letter.Text);
        var notice = await IssueAndOpen(s.Handler, id, "ConsultationNotice");
        Assert.Contains("赵征询", notice.Text);
        Assert.Contains(ChinaDate("2026-09-03"), notice.Text);
        Assert.Contains("第三十三条第三款", notice.Text);
        Assert.NotEqual(letter.Number, notice.Number);
    }

    [Fact]
    public async Task ExtensionNotice_Art33_CarriesOriginalAndNewDueDates()
    {
        var s = await Create(factory);
        var id = await Registered(s, applicant: "钱延期");
        var before = (string)(await Case(s.Handler, id))["dueOn"]!;
        await Ok(s.Approver.Post($"/api/cases/{id}/extension", new { approvedOn = "2026-09-10", workingDays = 10, reason = "需要调取档案", applicantNotifiedOn = "2026-09-10" }));
        var after = (string)(await Case(s.Handler, id))["dueOn"]!;
        Assert.NotEqual(before, after);
        var docx = await IssueAndOpen(s.Handler, id, "ExtensionNotice");
        Assert.Contains("钱延期", docx.Text);
        Assert.Contains(ChinaDate(before), docx.Text);
        Assert.Contains(ChinaDate(after), docx.Text);
        Assert.Contains("需要调取档案", docx.Text);
        Assert.Contains("第三十三条第二款", docx.Text);
    }

    [Fact]
    public async Task DeferralNotice_Art35_CarriesTheDeferredDueDate()
    {
        var s = await Create(factory);
        var id = await Registered(s, applicant: "孙延迟");
        await Ok(s.Approver.Post($"/api/cases/{id}/deferral", new { approvedOn = "2026-09-04", dueOn = "2026-11-30", reason = "申请数量较大" }));
        var docx = await IssueAndOpen(s.Handler, id, "DeferralNotice");
        Assert.Contains("孙延迟", docx.Text);
        Assert.Contains(ChinaDate("2026-11-30"), docx.Text);
        Assert.Contains("申请数量较大", docx.Text);
        Assert.Contains("第三十五条", docx.Text);
    }

    [Fact]
    public async Task FeeNotice_GuoBanHan2020_109_CarriesAmountAndPayByDate()
    {
        var s = await Create(factory);
        var id = await Registered(s, applicant: "周收费");
        await Ok(s.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2026-09-03", method = "PerPage", pages = 150 }));
        var payBy = StatutoryClock.FeePaymentDeadline(new DateOnly(2026, 9, 3), Clock.Calendar, Clock.Settings);
        var docx = await IssueAndOpen(s.Handler, id, "FeeNotice");
        Assert.Contains("周收费", docx.Text);
        Assert.Contains(ChinaDate(payBy), docx.Text);
        Assert.Contains("按量计收", docx.Text);
        Assert.Contains("150页", docx.Text);
        Assert.Contains("国办函〔2020〕109号", docx.Text);
    }

    [Fact]
    public async Task AnswerAndDeliveryRecord_Art36And51_CarryOutcomeArticleRemediesAndTheAnswersNumber()
    {
        var s = await Create(factory);
        await Ok(s.Admin.Put($"/api/agencies/{s.Child}/document-settings", new { reviewBody = "测试省人民政府", reviewCourt = "测试市中级人民法院" }));
        var id = await Registered(s, applicant: "吴答复");
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed", summary = "2025年道路维修预算表" }));
        var answer = await IssueAndOpen(s.Handler, id, "Answer", new { kind = "Answer", issuedOn = "2026-09-10" });
        Assert.Contains("吴答复", answer.Text);
        Assert.Contains(ChinaDate("2026-09-10"), answer.Text);
        Assert.Contains("第三十六条第（二）项", answer.Text);
        Assert.Contains("第五十一条", answer.Text);
        Assert.Contains("60日内依法向测试省人民政府申请行政复议", answer.Text);
        Assert.Contains("6个月内依法向测试市中级人民法院提起行政诉讼", answer.Text);

        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "Post", trackingNumber = "EMS1234567890" }));
        var record = await IssueAndOpen(s.Handler, id, "DeliveryRecord", new { kind = "DeliveryRecord", edits = new Dictionary<string, string> { ["signedBy"] = "吴答复" } });
        Assert.Contains(answer.Number, record.Text);
        Assert.Contains("邮寄送达", record.Text);
        Assert.Contains(ChinaDate("2026-09-11"), record.Text);
    }

    [Fact]
    public async Task Issue_WritesNumberAndActingDateIntoTheCaseHistory()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        var docx = await IssueAndOpen(s.Intake, id, "Receipt", new { kind = "Receipt", issuedOn = "2026-09-02" });
        var history = await Ok(s.Handler.GetAsync($"/api/cases/{id}/history"));
        var entry = history["items"]!.AsArray().Single(e => (string)e!["kind"]! == "DocumentIssued")!;
        Assert.Equal("2026-09-02", (string)entry["actingOn"]!);
        Assert.Equal(docx.Number, (string)entry["details"]!["number"]!);
        Assert.Equal(docx.Id, (string)entry["details"]!["documentId"]!);
    }

    [Fact]
    public async Task Download_IsTheIssuedBytes_AndASecondIssueTakesTheNextNumber()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        var first = await IssueAndOpen(s.Intake, id, "Receipt");
        Assert.Equal((string)first.Issued["sha256"]!, Sha256(first.Bytes));
        var again = await Download(s.Handler, id, first.Id);
        Assert.Equal(first.Bytes, again);
        var second = await IssueAndOpen(s.Intake, id, "Receipt", new { kind = "Receipt", replaces = first.Id });
        Assert.EndsWith("〔2026〕1号", first.Number);
        Assert.EndsWith("〔2026〕2号", second.Number);
        var list = await Ok(s.Handler.GetAsync($"/api/cases/{id}/documents"));
        Assert.Equal([first.Id, second.Id], list["items"]!.AsArray().Select(d => (string)d!["id"]!).ToArray());
        Assert.Equal(["Replaced", "Issued"], list["items"]!.AsArray().Select(d => (string)d!["status"]!).ToArray());
    }

    [Fact]
    public async Task Replacement_NamesTheOldDocument_WhichShowsAsReplaced_AndIsNotReplacedTwice()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-02", items = "年份", supplyBy = "2026-09-16" }));
        var old = await IssueAndOpen(s.Handler, id, "SupplementNotice");
        var fixedOne = await IssueAndOpen(s.Handler, id, "SupplementNotice", new { kind = "SupplementNotice", replaces = old.Id, text = "更正：此前告知书的联系电话有误。" });
        Assert.Equal(old.Id, (string)fixedOne.Issued["replacesDocumentId"]!);
        Assert.Contains("更正：此前告知书的联系电话有误。", fixedOne.Text);
        var list = await Ok(s.Handler.GetAsync($"/api/cases/{id}/documents"));
        var oldRow = list["items"]!.AsArray().Single(d => (string)d!["id"]! == old.Id)!;
        Assert.Equal("Replaced", (string)oldRow["status"]!);
        Assert.Equal(fixedOne.Id, (string)oldRow["replacedByDocumentId"]!);
        Assert.Equal(old.Bytes, await Download(s.Handler, id, old.Id)); // the replaced one is kept as issued

        var twice = await Refused(Issue(s.Handler, id, "SupplementNotice", new { kind = "SupplementNotice", replaces = old.Id }), HttpStatusCode.Conflict);
        Assert.Contains(old.Number, (string)twice["detail"]!);
        var otherKind = await Refused(Issue(s.Handler, id, "Receipt", new { kind = "Receipt", replaces = fixedOne.Id }), HttpStatusCode.Conflict);
        Assert.Contains("SupplementNotice", (string)otherKind["detail"]!);
    }

    [Fact]
    public async Task VoidLastStep_OfASupplementRequest_SupersedesItsNotice_KeepsTheOthers_AndANewRequestGetsANewNotice()
    {
        // Issue 16 item 2: documents issued for a voided step are marked superseded, never deleted.
        var s = await Create(factory);
        var id = await Registered(s);
        var receipt = await IssueAndOpen(s.Intake, id, "Receipt");
        await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-02", items = "年份", supplyBy = "2026-09-16" }));
        var notice = await IssueAndOpen(s.Handler, id, "SupplementNotice");
        var version = (int)(await Case(s.Handler, id))["version"]!;
        await Ok(s.Approver.Post($"/api/cases/{id}/void-last-step", new { reason = "补正事项登记错误" }, ("If-Match", $"\"{version}\"")));
        var history = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/history")))["items"]!.AsArray();
        var voidEntry = history.Last(h => (string?)h!["kind"] == "StepVoided")!;
        Assert.Equal([notice.Id], voidEntry["details"]!["supersededDocumentIds"]!.AsArray().Select(d => (string)d!).ToList());

        var list = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/documents")))["items"]!.AsArray();
        var superseded = list.Single(d => (string)d!["id"]! == notice.Id)!;
        Assert.Equal("Superseded", (string)superseded["status"]!);
        Assert.Equal((int)voidEntry["seq"]!, (int)superseded["superseded"]!["seq"]!);
        Assert.Equal((string?)voidEntry["actingOn"], (string?)superseded["superseded"]!["on"]);
        Assert.Equal("补正事项登记错误", (string)superseded["superseded"]!["reason"]!);
        Assert.Equal("Issued", (string)list.Single(d => (string)d!["id"]! == receipt.Id)!["status"]!);
        Assert.Null(list.Single(d => (string)d!["id"]! == receipt.Id)!["superseded"]);
        Assert.Equal(notice.Bytes, await Download(s.Handler, id, notice.Id)); // kept as issued

        // The next supplement request takes the voided step's place among the events; its notice is new and in force.
        await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-03", items = "年份和文件名称", supplyBy = "2026-09-17" }));
        var replace = await Refused(Issue(s.Handler, id, "SupplementNotice", new { kind = "SupplementNotice", replaces = notice.Id }), HttpStatusCode.Conflict);
        Assert.Contains(notice.Number, (string)replace["detail"]!); // a superseded notice is not corrected: a new one is issued
        var again = await IssueAndOpen(s.Handler, id, "SupplementNotice");
        Assert.NotEqual(notice.Number, again.Number);
        Assert.Contains("年份和文件名称", again.Text);
        list = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/documents")))["items"]!.AsArray();
        Assert.Equal("Issued", (string)list.Single(d => (string)d!["id"]! == again.Id)!["status"]!);
        Assert.Equal("Superseded", (string)list.Single(d => (string)d!["id"]! == notice.Id)!["status"]!);

        // Voiding the new request supersedes only its own notice, not the first one a second time.
        version = (int)(await Case(s.Handler, id))["version"]!;
        await Ok(s.Approver.Post($"/api/cases/{id}/void-last-step", new { reason = "申请人当场补正" }, ("If-Match", $"\"{version}\"")));
        history = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/history")))["items"]!.AsArray();
        Assert.Equal([again.Id], history.Last(h => (string?)h!["kind"] == "StepVoided")!["details"]!["supersededDocumentIds"]!.AsArray().Select(d => (string)d!).ToList());
        list = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/documents")))["items"]!.AsArray();
        Assert.Equal("补正事项登记错误", (string)list.Single(d => (string)d!["id"]! == notice.Id)!["superseded"]!["reason"]!);
        Assert.Equal("申请人当场补正", (string)list.Single(d => (string)d!["id"]! == again.Id)!["superseded"]!["reason"]!);
        Assert.Equal("Issued", (string)list.Single(d => (string)d!["id"]! == receipt.Id)!["status"]!);
    }

    [Fact]
    public async Task Edits_OfEditableFieldsAreIssued_OfComputedOrUnknownFieldsRefusedByName()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        var before = factory.Snapshot();
        var computed = await Refused(Issue(s.Intake, id, "Receipt", new { kind = "Receipt", edits = new Dictionary<string, string> { ["dueOn"] = "2099年1月1日" } }),
            HttpStatusCode.BadRequest);
        Assert.Contains("dueOn", computed["errors"]!.ToJsonString());
        var unknown = await Refused(Issue(s.Intake, id, "Receipt", new { kind = "Receipt", edits = new Dictionary<string, string> { ["signature"] = "x" } }),
            HttpStatusCode.BadRequest);
        Assert.Contains("signature", unknown["errors"]!.ToJsonString());
        Assert.Equal(before, factory.Snapshot());

        var draft = await Ok(s.Intake.Post($"/api/cases/{id}/documents/drafts", new { kind = "Receipt" }));
        Assert.Contains(draft["fields"]!.AsArray(), f => (string)f!["key"]! == "body" && (bool)f["editable"]!);
        Assert.Contains(draft["fields"]!.AsArray(), f => (string)f!["key"]! == "dueOn" && !(bool)f["editable"]!);
        Assert.Equal(CaseTracker.Domain.Documents.CaseDocuments.LookupCodePending, (string)draft["fields"]!.AsArray().Single(f => (string)f!["key"]! == "lookupCode")!["value"]!);
        var docx = await IssueAndOpen(s.Intake, id, "Receipt", new { kind = "Receipt", draftId = (string)draft["draftId"]!, text = "请携带本回执查询办理进度。" });
        Assert.Contains("请携带本回执查询办理进度。", docx.Text);
    }

    [Fact]
    public async Task Issue_OfADraftTheCaseHasMovedPast_IsRefused()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        var draft = await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "Receipt" }));
        await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-02", items = "年份", supplyBy = "2026-09-16" }));
        var refused = await Refused(Issue(s.Handler, id, "Receipt", new { kind = "Receipt", draftId = (string)draft["draftId"]! }), HttpStatusCode.Conflict);
        Assert.Contains("draft the document again", (string)refused["detail"]!);
    }

    [Fact]
    public async Task Refusals_NotYetIssuable_WrongRegime_UnknownKind_OtherAgency_Role()
    {
        var s = await Create(factory);
        var online = (string)(await s.Register("Online", "2026-09-01"))["id"]!;
        var notYet = await Refused(Issue(s.Intake, online, "Receipt"), HttpStatusCode.Conflict);
        Assert.Contains("Art. 31", (string)notYet["detail"]!);
        var id = await Registered(s);
        Assert.Contains("decision", (string)(await Refused(Issue(s.Handler, id, "Answer"), HttpStatusCode.Conflict))["detail"]!);
        Assert.Contains("Art. 35", (string)(await Refused(Issue(s.Handler, id, "DeferralNotice"), HttpStatusCode.Conflict))["detail"]!);
        var old = await Registered(s, submittedOn: "2018-03-05");
        var regime = await Refused(s.Handler.Post($"/api/cases/{old}/documents/drafts", new { kind = "SupplementNotice" }), HttpStatusCode.Conflict);
        Assert.Contains("Regime 2008", (string)regime["detail"]!);
        var unknown = await Refused(Issue(s.Handler, id, "Memo"), HttpStatusCode.BadRequest);
        Assert.Contains("Receipt", (string)unknown["errors"]!["kind"]![0]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "3" })).StatusCode);

        var other = await Create(factory);
        await Refused(Issue(other.Handler, id, "Receipt"), HttpStatusCode.NotFound);
        await Refused(other.Handler.GetAsync($"/api/cases/{id}/documents"), HttpStatusCode.NotFound);
        var mine = await IssueAndOpen(s.Intake, id, "Receipt");
        await Refused(other.Handler.GetAsync($"/api/cases/{id}/documents/{mine.Id}"), HttpStatusCode.NotFound);
        await Refused(s.Handler.GetAsync($"/api/cases/{id}/documents/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed" }));
        Assert.Contains("Receipt only", (string)(await Refused(Issue(s.Intake, id, "Answer"), HttpStatusCode.Forbidden))["detail"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await Issue(s.Approver, id, "Answer")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Issue(s.Supervisor, id, "Answer")).StatusCode);
    }

    [Fact]
    public async Task Issue_DatedBeforeItsStepOrInTheFuture_IsRefused()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-02", items = "年份", supplyBy = "2026-09-16" }));
        Assert.Contains("2026-09-02", (string)(await Refused(Issue(s.Handler, id, "SupplementNotice", new { kind = "SupplementNotice", issuedOn = "2026-09-01" }),
            HttpStatusCode.Conflict))["detail"]!);
        await Refused(Issue(s.Handler, id, "SupplementNotice", new { kind = "SupplementNotice", issuedOn = "2026-12-31" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Issue_WithAStaleIfMatch_IsRefused_AndARetriedIdempotencyKeyIssuesOnce()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        var version = (int)(await Case(s.Intake, id))["version"]!;
        await Refused(s.Intake.Post($"/api/cases/{id}/documents", new { kind = "Receipt" }, ("If-Match", $"\"{version + 5}\"")), HttpStatusCode.Conflict);
        var first = await Ok(s.Intake.Post($"/api/cases/{id}/documents", new { kind = "Receipt" }, ("If-Match", $"\"{version}\""), ("Idempotency-Key", "receipt-1")));
        var replay = await Ok(s.Intake.Post($"/api/cases/{id}/documents", new { kind = "Receipt" }, ("If-Match", $"\"{version}\""), ("Idempotency-Key", "receipt-1")));
        Assert.Equal((string)first["number"]!, (string)replay["number"]!);
        Assert.NotNull((string?)first["lookupCode"]);
        Assert.Null((string?)replay["lookupCode"]); // shown once
        Assert.Single((await Ok(s.Intake.GetAsync($"/api/cases/{id}/documents")))["items"]!.AsArray());
    }

    [Fact]
    public async Task Download_AsHtml_IsThePrintablePageOfTheStoredFields()
    {
        var s = await Create(factory);
        var id = await Registered(s, applicant: "郑打印");
        var docx = await IssueAndOpen(s.Intake, id, "Receipt");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{id}/documents/{docx.Id}");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await s.Intake.SendAsync(request);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(docx.Number, html);
        Assert.Contains("郑打印", html);
        var csv = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{id}/documents/{docx.Id}");
        csv.Headers.Accept.ParseAdd("text/csv");
        Assert.Equal(HttpStatusCode.NotAcceptable, (await s.Intake.SendAsync(csv)).StatusCode);
    }
    [Fact]
    public async Task Issue_ASecondDocumentForAStepWhoseDocumentIsInForce_IsRefusedTellingToCorrect_EvenOnAClosedCase()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        var receipt = await IssueAndOpen(s.Intake, id, "Receipt");
        var other = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{other}/supplement-request", new { requestedOn = "2026-09-02", items = "年份", supplyBy = "2026-09-16" }));
        var notice = await IssueAndOpen(s.Handler, other, "SupplementNotice");
        var list = await Ok(s.Handler.GetAsync($"/api/cases/{id}/documents"));
        Assert.DoesNotContain("Receipt", list["issuableNow"]!.AsArray().Select(k => (string)k!));
        var otherList = await Ok(s.Handler.GetAsync($"/api/cases/{other}/documents"));
        Assert.DoesNotContain("SupplementNotice", otherList["issuableNow"]!.AsArray().Select(k => (string)k!));
        Assert.Contains("Receipt", otherList["issuableNow"]!.AsArray().Select(k => (string)k!));

        var before = factory.Snapshot();
        var again = await Refused(s.Intake.Post($"/api/cases/{id}/documents", new { kind = "Receipt" }, ("Accept-Language", "zh-CN")), HttpStatusCode.Conflict);
        var detail = (string)again["detail"]!;
        Assert.Contains("登记回执", detail);
        Assert.Contains("更正", detail);
        Assert.Contains(receipt.Number, detail);
        Assert.DoesNotContain("Receipt", detail);
        var secondNotice = await Refused(Issue(s.Handler, other, "SupplementNotice"), HttpStatusCode.Conflict);
        Assert.Contains(notice.Number, (string)secondNotice["detail"]!);
        Assert.Equal(before, factory.Snapshot());
        // A correction (更正) of the one in force is the way: it replaces it.
        var corrected = await IssueAndOpen(s.Intake, id, "Receipt", new { kind = "Receipt", replaces = receipt.Id });
        Assert.Equal(receipt.Id, (string)corrected.Issued["replacesDocumentId"]!);

        // Closed: decided and delivered; the receipt still is not issued twice, the answer once per decision.
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed" }));
        await IssueAndOpen(s.Handler, id, "Answer");
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "InPerson" }));
        await Refused(Issue(s.Intake, id, "Receipt"), HttpStatusCode.Conflict);
        await Refused(Issue(s.Handler, id, "Answer"), HttpStatusCode.Conflict);
        var closed = await Ok(s.Handler.GetAsync($"/api/cases/{id}/documents"));
        Assert.Equal(["DeliveryRecord"], closed["issuableNow"]!.AsArray().Select(k => (string)k!).Where(k => k is "Receipt" or "Answer" or "DeliveryRecord").ToArray());
    }

    [Fact]
    public async Task Issue_TwoOpenDrafts_BothIssue_AnotherDocumentDoesNotStaleADraft()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-02", items = "年份", supplyBy = "2026-09-16" }));
        var receiptDraft = await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "Receipt" }));
        var noticeDraft = await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "SupplementNotice" }));
        await IssueAndOpen(s.Handler, id, "Receipt", new { kind = "Receipt", draftId = (string)receiptDraft["draftId"]! });
        var notice = await IssueAndOpen(s.Handler, id, "SupplementNotice", new { kind = "SupplementNotice", draftId = (string)noticeDraft["draftId"]!, text = "请于工作日补正。" });
        Assert.Contains("请于工作日补正。", notice.Text);
    }

    [Fact]
    public async Task Draft_DatedBeforeItsStep_IsRefusedWithTheIssuesSentence()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-02", items = "年份", supplyBy = "2026-09-16" }));
        var atDraft = await Refused(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "SupplementNotice", issuedOn = "2026-09-01" }), HttpStatusCode.Conflict);
        var atIssue = await Refused(Issue(s.Handler, id, "SupplementNotice", new { kind = "SupplementNotice", issuedOn = "2026-09-01" }), HttpStatusCode.Conflict);
        Assert.Equal((string)atIssue["detail"]!, (string)atDraft["detail"]!);
        Assert.Contains("2026-09-02", (string)atDraft["detail"]!);
        var zh = await Refused(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "SupplementNotice", issuedOn = "2026-09-01" }, ("Accept-Language", "zh")),
            HttpStatusCode.Conflict);
        Assert.StartsWith("补正告知书的日期不能是", (string)zh["detail"]!);
    }

    [Fact]
    public async Task EditRefusals_InChinese_NameTheKindInChinese()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed" }));
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "InPerson" }));
        var computed = await Refused(s.Handler.Post($"/api/cases/{id}/documents",
            new { kind = "DeliveryRecord", edits = new Dictionary<string, string> { ["deliveredOn"] = "2026年9月1日" } }, ("Accept-Language", "zh-CN")), HttpStatusCode.BadRequest);
        var message = (string)computed["errors"]!["edits.deliveredOn"]![0]!;
        Assert.Equal("送达回证的字段“送达日期”取自案件，不能修改；请更正案件本身。", message);
        var unknown = await Refused(s.Handler.Post($"/api/cases/{id}/documents",
            new { kind = "Answer", edits = new Dictionary<string, string> { ["foo"] = "x" } }, ("Accept-Language", "zh-CN")), HttpStatusCode.BadRequest);
        Assert.StartsWith("答复书没有可修改的字段foo；", (string)unknown["errors"]!["edits.foo"]![0]!);
        var english = await Refused(Issue(s.Handler, id, "Answer", new { kind = "Answer", edits = new Dictionary<string, string> { ["foo"] = "x" } }), HttpStatusCode.BadRequest);
        Assert.StartsWith("The Answer has no field foo to edit;", (string)english["errors"]!["edits.foo"]![0]!);
    }

    [Theory]
    [InlineData("Disclosed", "2025年道路维修预算表", "现向您提供2025年道路维修预算表（见附件）。", "第三十六条第（二）项")]
    [InlineData("PartiallyDisclosed", "涉及第三方个人隐私的内容已作区分处理", "不予公开的内容及理由：涉及第三方个人隐私的内容已作区分处理。", "第十五条、第三十七条")]
    [InlineData("PartiallyDisclosed", "会议讨论记录属于过程性信息。", "不予公开的内容及理由：会议讨论记录属于过程性信息。", "第十六条第二款、第三十七条")]
    public async Task Answer_SummaryIsASentence_AndPartialDisclosureCitesTheWithholdingArticle(string outcome, string summary, string sentence, string article)
    {
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome, summary }));
        var docx = await IssueAndOpen(s.Handler, id, "Answer");
        Assert.Contains(sentence, docx.Text);
        Assert.Contains(article, docx.Text);
        Assert.DoesNotContain("。。", docx.Text);
        Assert.DoesNotContain("不予公开的内容为：\n", docx.Text + "\n");
    }

    [Fact]
    public async Task FeeNotice_PaymentEndingWithAFullStop_IsNotPrintedWithTwo()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2026-09-03", method = "PerPage", pages = 150 }));
        var docx = await IssueAndOpen(s.Handler, id, "FeeNotice", new { kind = "FeeNotice", edits = new Dictionary<string, string> { ["payment"] = "到本机关政务服务窗口现场缴纳。" } });
        Assert.Contains("缴纳方式：到本机关政务服务窗口现场缴纳。", docx.Text);
        Assert.DoesNotContain("。。", docx.Text);
    }

    [Fact]
    public async Task ReplacedDocument_PageCarriesAVoidBanner_AndTheOldLookupCodeLine_TheDocxStaysAsIssued()
    {
        var s = await Create(factory);
        var id = await Registered(s, applicant: "钱作废");
        var old = await IssueAndOpen(s.Intake, id, "Receipt");
        var replacement = await IssueAndOpen(s.Intake, id, "Receipt", new { kind = "Receipt", replaces = old.Id });

        var html = await s.Intake.GetAsync($"/api/cases/{id}/documents/{old.Id}?format=html");
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("id=\"document-void\"", page);
        Assert.Contains($"已由{replacement.Number}更正", page);
        Assert.Contains("id=\"document-lookup-void\"", page);
        Assert.Contains("查询码已作废", page);
        Assert.Equal("Replaced", html.Headers.GetValues("X-Document-Status").Single());
        Assert.Equal(replacement.Id, html.Headers.GetValues("X-Replaced-By").Single());

        var download = await s.Intake.GetAsync($"/api/cases/{id}/documents/{old.Id}?format=docx");
        Assert.Equal(old.Bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal((string)old.Issued["sha256"]!, Sha256(await download.Content.ReadAsByteArrayAsync()));
        Assert.Contains("作废", download.Content.Headers.ContentDisposition!.FileNameStar);
        var current = await (await s.Intake.GetAsync($"/api/cases/{id}/documents/{replacement.Id}?format=html")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("document-void", current);
    }
}
