using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using static CaseTracker.Api.Tests.Documents.DocumentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Documents;

/// <summary>Trial C's findings on documents (文书): what the papers say, and when they may be issued, through the API.</summary>
public class TrialCDocumentTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly (string, string) Zh = ("Accept-Language", "zh-CN");

    private static string PageText(string html)
        => System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", ""));

    private static async Task<string> Html(HttpClient client, string caseId, string documentId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}/documents/{documentId}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<JsonNode> Listed(HttpClient client, string caseId, string documentId)
        => (await Ok(client.GetAsync($"/api/cases/{caseId}/documents")))["items"]!.AsArray().Single(d => (string)d!["id"]! == documentId)!;

    [Fact]
    public async Task Issue_WithAnUnknownProperty_IsRefusedNamingIt_BeforeANumberIsTaken()
    {
        // Finding 9: "edit" for "edits" would issue a numbered paper without the edits.
        var s = await Create(factory);
        var id = await Registered(s);
        var before = factory.Snapshot();
        var refused = await Refused(s.Intake.Post($"/api/cases/{id}/documents", new { kind = "Receipt", edit = new { body = "x" }, colour = "red" }, Zh),
            HttpStatusCode.BadRequest);
        Assert.Equal("没有参数edit；可用参数为kind, draftId, edits, text, replaces, issuedOn, consultationId。", (string)refused["errors"]!["edit"]![0]!);
        Assert.NotNull(refused["errors"]!["colour"]);
        var draft = await Refused(s.Intake.Post($"/api/cases/{id}/documents/drafts", new { kind = "Receipt", issuedon2 = "2026-09-01" }), HttpStatusCode.BadRequest);
        Assert.Contains("kind, issuedOn, consultationId", (string)draft["errors"]!["issuedon2"]![0]!);
        Assert.Equal(before, factory.Snapshot());
        var issued = await IssueAndOpen(s.Intake, id, "Receipt");
        Assert.EndsWith("〔2026〕1号", issued.Number); // nothing was numbered by the refused requests
    }

    [Fact]
    public async Task Issue_WithAnUnknownEditKey_NamesTheEditableFieldsOfTheKind()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-02", items = "年份", supplyBy = "2026-09-16" }));
        var refused = await Refused(Issue(s.Handler, id, "SupplementNotice", new { kind = "SupplementNotice", edits = new Dictionary<string, string> { ["itemz"] = "x" } }),
            HttpStatusCode.BadRequest);
        Assert.Equal("The SupplementNotice has no field itemz to edit; the fields you may edit are body, items.", (string)refused["errors"]!["edits.itemz"]![0]!);
    }

    [Fact]
    public async Task Issue_WithADraftIdThisSystemDidNotMake_Is400_NotTheCaseChanged409()
    {
        // Finding 10.
        var s = await Create(factory);
        var id = await Registered(s);
        var refused = await Refused(s.Intake.Post($"/api/cases/{id}/documents", new { kind = "Receipt", draftId = "nonsense" }, Zh), HttpStatusCode.BadRequest);
        Assert.Contains("不是本系统起草的草稿编号", (string)refused["detail"]!);
        var draft = await Ok(s.Intake.Post($"/api/cases/{id}/documents/drafts", new { kind = "Receipt" }));
        var draftId = (string)draft["draftId"]!;
        var forged = (draftId[0] == 'a' ? "b" : "a") + draftId[1..]; // the digest changed, the check part still fits: a stale draft
        await Refused(s.Intake.Post($"/api/cases/{id}/documents", new { kind = "Receipt", draftId = forged }), HttpStatusCode.Conflict);
        await Refused(s.Intake.Post($"/api/cases/{Guid.NewGuid()}/documents", new { kind = "Receipt", draftId }), HttpStatusCode.BadRequest);
        await IssueAndOpen(s.Intake, id, "Receipt", new { kind = "Receipt", draftId });
    }

    [Fact]
    public async Task Issue_ATooLongEdit_NamesTheFieldsChineseLabel()
    {
        // Finding 11.
        var s = await Create(factory);
        var id = await Registered(s);
        var refused = await Refused(s.Intake.Post($"/api/cases/{id}/documents", new { kind = "Receipt", text = new string('字', 5000) }, Zh), HttpStatusCode.BadRequest);
        Assert.StartsWith("其他说明最多", (string)refused["errors"]!["edits.body"]![0]!);
    }

    [Fact]
    public async Task Answer_OtherAgency_Art36_5_WithoutTheAgency_IsRefused_WithTheSummary_CarriesIt()
    {
        // Finding 5.
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Unable.NotHeld.OtherAgency" }));
        var before = factory.Snapshot();
        var refused = await Refused(s.Handler.Post($"/api/cases/{id}/documents", new { kind = "Answer" }, Zh), HttpStatusCode.BadRequest);
        Assert.StartsWith("提供的信息及方式尚有待填写的内容（“（名称、联系方式）”）", (string)refused["errors"]!["edits.provided"]![0]!);
        Assert.Equal(before, factory.Snapshot());
        var filled = await IssueAndOpen(s.Handler, id, "Answer", new
        {
            kind = "Answer", edits = new Dictionary<string, string> { ["provided"] = "负责公开该政府信息的行政机关为：县财政局，电话0878-4123456。" },
        });
        Assert.Contains("县财政局，电话0878-4123456", filled.Text);
        Assert.EndsWith("〔2026〕1号", filled.Number);

        var other = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{other}/decision",
            new { decidedOn = "2026-09-10", outcome = "Unable.NotHeld.OtherAgency", summary = "该信息由县财政局制作保存，请向县财政局（电话0878-4123456）申请" }));
        var fromSummary = await IssueAndOpen(s.Handler, other, "Answer");
        Assert.Contains("负责公开该政府信息的行政机关为：该信息由县财政局制作保存", fromSummary.Text);
        Assert.DoesNotContain("（名称、联系方式）", fromSummary.Text);
    }

    [Fact]
    public async Task Correction_SaysOnThePaperWhichPaperItReplaces_DocxAndPrintablePage()
    {
        // Finding 6.
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Unable.NotHeld" }));
        var first = await IssueAndOpen(s.Handler, id, "Answer", new { kind = "Answer", issuedOn = "2026-09-10" });
        Assert.DoesNotContain("更正并替代", first.Text);
        var second = await IssueAndOpen(s.Handler, id, "Answer", new { kind = "Answer", issuedOn = "2026-09-11", replaces = first.Id, text = "特此更正。" });
        var line = $"本告知书更正并替代本机关2026年9月10日作出的{first.Number}，原告知书作废。";
        Assert.Contains(line, second.Text);
        // The printable page keeps each run holding a digit in a span of its own (no line break inside a number): compare its text.
        Assert.Contains(line, PageText(await Html(s.Handler, id, second.Id)));
        var old = await Html(s.Handler, id, first.Id);
        Assert.Contains($"已由{second.Number}更正", old);
        Assert.DoesNotContain($"〔{second.Number}〕", old);
    }

    [Fact]
    public async Task OnTheSpotAnswer_PapersDefaultToTheStepsDate_AndADeliveryRecordOfALaterPaperIsRefused()
    {
        // Finding 12: a back-entered on-the-spot answer is documented on its own date, not today.
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Intake.Post($"/api/cases/{id}/on-the-spot-answer", new { answeredOn = "2026-09-01", outcome = "Disclosed.AlreadyPublished", method = "InPerson" }));
        var draft = await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "Answer" }));
        Assert.Equal("2026-09-01", (string)draft["issuedOn"]!);
        var answer = await IssueAndOpen(s.Handler, id, "Answer");
        Assert.Equal("2026-09-01", (string)answer.Issued["issuedOn"]!);
        var record = await IssueAndOpen(s.Handler, id, "DeliveryRecord");
        Assert.Equal("2026-09-01", (string)record.Issued["issuedOn"]!);

        var late = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{late}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed" }));
        var lateAnswer = await IssueAndOpen(s.Handler, late, "Answer", new { kind = "Answer", issuedOn = "2026-09-12" });
        await Ok(s.Handler.Post($"/api/cases/{late}/delivery", new { deliveredOn = "2026-09-11", method = "InPerson" }));
        var refused = await Refused(s.Handler.Post($"/api/cases/{late}/documents", new { kind = "DeliveryRecord" }, Zh), HttpStatusCode.Conflict);
        Assert.Contains(lateAnswer.Number, (string)refused["detail"]!);
        Assert.Contains("文书不能在作出之前送达", (string)refused["detail"]!);
        var backdated = await Refused(s.Handler.Post($"/api/cases/{late}/documents",
            new { kind = "Answer", replaces = lateAnswer.Id, issuedOn = "2026-09-12" }), HttpStatusCode.BadRequest);
        Assert.Contains("2026-09-11", (string)backdated["errors"]!["issuedOn"]![0]!);
        await IssueAndOpen(s.Handler, late, "Answer", new { kind = "Answer", replaces = lateAnswer.Id, issuedOn = "2026-09-10" });
        await IssueAndOpen(s.Handler, late, "DeliveryRecord");
    }

    [Fact]
    public async Task OwnTemplate_WithoutTheRemediesClause_IsRefusedNamingIt()
    {
        // Finding 13: Art. 51, 行政诉讼法 §46.
        var s = await Create(factory);
        var template = await (await s.Admin.GetAsync($"/api/agencies/{s.Child}/templates/Answer")).Content.ReadAsByteArrayAsync();
        using var stream = new MemoryStream();
        stream.Write(template);
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            foreach (var paragraph in document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>()
                         .Where(p => p.Descendants<SdtElement>().Any(c => c.SdtProperties?.GetFirstChild<Tag>()?.Val?.Value == "remedies")).ToList())
                paragraph.Remove();
        }

        var content = new ByteArrayContent(stream.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(DocxType);
        var before = factory.Snapshot();
        var refused = await Refused(s.Admin.PutAsync($"/api/agencies/{s.Child}/templates/Answer", content), HttpStatusCode.BadRequest);
        Assert.StartsWith("The template leaves out the field remedies,", (string)refused["errors"]!["template"]![0]!);
        Assert.Equal(before, factory.Snapshot());
        var unchanged = new ByteArrayContent(template);
        unchanged.Headers.ContentType = new MediaTypeHeaderValue(DocxType);
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/templates/Answer", unchanged));
    }

    [Fact]
    public async Task CorrectionMovingTheReceiptDate_MarksTheIssuedReceiptOutOfDate()
    {
        // Finding 14.
        var s = await Create(factory);
        var id = await Registered(s, submittedOn: "2026-09-07");
        var receipt = await IssueAndOpen(s.Intake, id, "Receipt");
        Assert.False((bool)(await Listed(s.Handler, id, receipt.Id))["outOfDate"]!);
        await Ok(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "提交日期录错，实为9月2日", submittedOn = "2026-09-02" }));
        var listed = await Listed(s.Handler, id, receipt.Id);
        Assert.True((bool)listed["outOfDate"]!);
        Assert.Contains("答复期限", listed["outOfDateFields"]!.AsArray().Select(f => (string)f!));
        var corrected = await IssueAndOpen(s.Intake, id, "Receipt", new { kind = "Receipt", replaces = receipt.Id });
        Assert.Contains(ChinaDate("2026-09-02"), corrected.Text);
        Assert.False((bool)(await Listed(s.Handler, id, corrected.Id))["outOfDate"]!);
    }

    [Fact]
    public async Task DecisionAmended_SupersedesTheAnswer_AndTheDeliveryRecordNamesTheAnswerInForce()
    {
        // Finding 20.
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Unable.NotHeld" }));
        var old = await IssueAndOpen(s.Handler, id, "Answer");
        Assert.Contains("政府信息不存在告知书", old.Text);
        await Ok(s.Approver.Post($"/api/cases/{id}/decision-amendment", new { reason = "经复核，该信息属于国家秘密", outcome = "Withheld.StateSecret" }));
        var list = await Ok(s.Handler.GetAsync($"/api/cases/{id}/documents"));
        Assert.Equal("Superseded", (string)list["items"]!.AsArray().Single(d => (string)d!["id"]! == old.Id)!["status"]!);
        Assert.Contains("Answer", list["issuableNow"]!.AsArray().Select(k => (string)k!));
        // The answer after the amendment is dated on the amendment's day (trial D finding 4), so the delivery is recorded on it.
        var amendedOn = (string)(await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "Answer" })))["issuedOn"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = amendedOn, method = "InPerson" }));
        var stale = await Refused(Issue(s.Handler, id, "DeliveryRecord"), HttpStatusCode.Conflict);
        Assert.Contains(old.Number, (string)stale["detail"]!);
        var answer = await IssueAndOpen(s.Handler, id, "Answer");
        var record = await IssueAndOpen(s.Handler, id, "DeliveryRecord");
        Assert.Contains($"政府信息不予公开告知书（{answer.Number}）", record.Text);
        Assert.DoesNotContain(old.Number, record.Text);
    }

    [Fact]
    public async Task DeliveryRecord_ByPost_HasTheAddressLine_Editable()
    {
        // Finding 21.
        var s = await Create(factory);
        var registered = await Ok(s.Intake.Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-09-01",
            applicant = new { kind = "NaturalPerson", name = "孙邮寄", address = "云南省楚雄州禄丰市金山镇1号" },
            description = "2025年城市道路维修预算及执行情况",
        }));
        var id = (string)registered["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed" }));
        await IssueAndOpen(s.Handler, id, "Answer");
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "Post", trackingNumber = "1151234567890" }));
        var draft = await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "DeliveryRecord" }));
        var address = draft["fields"]!.AsArray().Single(f => (string)f!["key"]! == "address")!;
        Assert.StartsWith("云南省楚雄州", (string)address["value"]!); // masked on screen (issue 14)…
        Assert.DoesNotContain("金山镇1号", (string)address["value"]!);
        Assert.True((bool)address["editable"]!);
        var record = await IssueAndOpen(s.Handler, id, "DeliveryRecord"); // …printed in full on the paper
        Assert.Contains("送达地址：云南省楚雄州禄丰市金山镇1号", record.Text);
        var page = await Html(s.Handler, id, record.Id);
        Assert.Contains("云南省楚雄州禄丰市金山镇", page); // digits may sit in their own span on the page
        Assert.DoesNotContain("云南省楚雄州***", page);
    }

    [Fact]
    public async Task FeeNotice_PauseSentence_SaysTheNoticeDayCounts()
    {
        // Finding 4: the clock pauses from the day after the notice.
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2026-09-03", method = "PerPage", pages = 150 }));
        var notice = await IssueAndOpen(s.Handler, id, "FeeNotice");
        Assert.Contains("自本通知书发出之日的次日起至您缴纳费用之日止的期间，不计算在答复期限内", notice.Text);
        Assert.Equal("2026-09-03", (string)notice.Issued["issuedOn"]!);
    }

    [Fact]
    public async Task Extension_Art33_2_ToldAfterTheOriginalDueDate_IsRefused_AndItsNoticeNotDatedAfterTheTelling()
    {
        // Finding 3.
        var s = await Create(factory);
        var id = await Registered(s);
        var due = (string)(await Case(s.Handler, id))["dueOn"]!;
        var after = DateOnly.Parse(due).AddDays(1).ToString("yyyy-MM-dd");
        var refused = await Refused(s.Approver.Post($"/api/cases/{id}/extension",
            new { approvedOn = due, workingDays = 10, reason = "需要调取档案", applicantNotifiedOn = after }, Zh), HttpStatusCode.BadRequest);
        Assert.Contains("应当在原答复期限内告知申请人", (string)refused["errors"]!["applicantNotifiedOn"]![0]!);
        await Ok(s.Approver.Post($"/api/cases/{id}/extension", new { approvedOn = "2026-09-10", workingDays = 10, reason = "需要调取档案", applicantNotifiedOn = "2026-09-11" }));
        var late = await Refused(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "ExtensionNotice", issuedOn = "2026-09-14" }), HttpStatusCode.BadRequest);
        Assert.Contains("2026-09-11", (string)late["errors"]!["issuedOn"]![0]!);
        var notice = await IssueAndOpen(s.Handler, id, "ExtensionNotice", new { kind = "ExtensionNotice", issuedOn = "2026-09-11" });
        Assert.Contains(ChinaDate(due), notice.Text);
    }
}
