using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Documents.DocumentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Documents;

/// <summary>Trial D's findings 3–8 on documents (文书): void papers, corrections and amendments, through the API.</summary>
public class TrialDDocumentTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private const string Lead = "不予公开的内容及理由：";
    private static readonly (string, string) Zh = ("Accept-Language", "zh-CN");

    private static string PageText(string html)
        => System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", ""));

    private static async Task<HttpResponseMessage> Get(HttpClient client, string caseId, string documentId, string format)
    {
        var response = await client.GetAsync($"/api/cases/{caseId}/documents/{documentId}?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static async Task<JsonNode> Listed(HttpClient client, string caseId, string documentId)
        => (await Ok(client.GetAsync($"/api/cases/{caseId}/documents")))["items"]!.AsArray().Single(d => (string)d!["id"]! == documentId)!;

    private static int Count(string text, string part)
    {
        var n = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    private static async Task<(string Id, IssuedDocx Answer)> PartlyDisclosedAnswered(Scenario s, string summary)
    {
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "PartiallyDisclosed", summary }));
        return (id, await IssueAndOpen(s.Handler, id, "Answer"));
    }

    [Fact]
    public async Task Finding6_SupersededAnswer_PrintablePageAndDownload_AreMarkedVoid_NamingTheAnswerInForce()
    {
        var s = await Create(factory);
        var (id, first) = await PartlyDisclosedAnswered(s, "合同中的个人隐私不予公开");
        await Ok(s.Approver.Post($"/api/cases/{id}/decision-amendment", new { reason = "补充不予公开的理由", summary = "合同中的商业秘密和个人隐私不予公开" }));

        // Before the new answer: the page says the decision was amended on that day.
        var page = await Get(s.Handler, id, first.Id, "html");
        var text = PageText(await page.Content.ReadAsStringAsync());
        var amendedOn = (string)(await Listed(s.Handler, id, first.Id))["superseded"]!["on"]!;
        Assert.Contains($"作废：本文书（{first.Number}）因更正答复决定（{ChinaDate(amendedOn)}）已失效：答复决定已于{ChinaDate(amendedOn)}更正", text);
        Assert.Equal("Superseded", page.Headers.GetValues("X-Document-Status").Single());
        var docx = await Get(s.Handler, id, first.Id, "docx");
        Assert.Contains("已作废", Uri.UnescapeDataString(docx.Content.Headers.ContentDisposition!.FileNameStar!));
        Assert.Equal(first.Bytes, await docx.Content.ReadAsByteArrayAsync());

        // After it: the page names the answer in force, and so does the download's file name.
        var second = await IssueAndOpen(s.Handler, id, "Answer");
        text = PageText(await (await Get(s.Handler, id, first.Id, "html")).Content.ReadAsStringAsync());
        Assert.Contains($"作废：本文书（{first.Number}）因更正答复决定（{ChinaDate(amendedOn)}）已失效，以{second.Number}为准。", text);
        var name = Uri.UnescapeDataString((await Get(s.Handler, id, first.Id, "docx")).Content.Headers.ContentDisposition!.FileNameStar!);
        Assert.Equal($"{first.Number}（已作废，以{second.Number}为准）.docx", name);
        Assert.DoesNotContain("作废：", PageText(await (await Get(s.Handler, id, second.Id, "html")).Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Finding7_SupersededByAmendment_ListSaysWhichAction()
    {
        var s = await Create(factory);
        var (id, first) = await PartlyDisclosedAnswered(s, "合同中的个人隐私不予公开");
        await Ok(s.Approver.Post($"/api/cases/{id}/decision-amendment", new { reason = "补充不予公开的理由", summary = "合同中的商业秘密不予公开" }));
        var superseded = (await Listed(s.Handler, id, first.Id))["superseded"]!;
        Assert.Equal("DecisionAmended", (string)superseded["action"]!);
        Assert.True((bool)superseded["byAmendment"]!);
        Assert.Equal("补充不予公开的理由", (string)superseded["reason"]!);
    }

    [Fact]
    public async Task Finding4_AnswerAfterAmendment_IsDatedOnTheAmendment_NamesTheVoidAnswer_AndCannotBeBackdated()
    {
        var s = await Create(factory);
        var (id, first) = await PartlyDisclosedAnswered(s, "合同中的个人隐私不予公开");
        Assert.Equal("2026-09-10", (string)first.Issued["issuedOn"]!);
        await Ok(s.Approver.Post($"/api/cases/{id}/decision-amendment", new { reason = "补充不予公开的理由", summary = "合同中的商业秘密不予公开" }));
        var amendedOn = (string)(await Listed(s.Handler, id, first.Id))["superseded"]!["on"]!;

        var draft = await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "Answer" }));
        Assert.Equal(amendedOn, (string)draft["issuedOn"]!);
        Assert.Equal(first.Id, (string)draft["replacesDocumentId"]!);
        Assert.Empty(draft["carriedOver"]!.AsArray());

        var before = factory.Snapshot();
        var refused = await Refused(s.Handler.Post($"/api/cases/{id}/documents", new { kind = "Answer", issuedOn = "2026-09-10" }, Zh), HttpStatusCode.BadRequest);
        Assert.Contains("早于答复决定的更正日期", (string)refused["errors"]!["issuedOn"]![0]!);
        Assert.Equal(before, factory.Snapshot());

        var second = await IssueAndOpen(s.Handler, id, "Answer");
        Assert.Equal(amendedOn, (string)second.Issued["issuedOn"]!);
        Assert.Equal(first.Id, (string)second.Issued["replacesDocumentId"]!);
        Assert.Contains($"本答复书更正并替代本机关2026年9月10日作出的{first.Number}，原答复书作废。", second.Text);
        Assert.Contains("商业秘密", second.Text);
        Assert.Equal("Superseded", (string)(await Listed(s.Handler, id, first.Id))["status"]!);
        // While the new answer is in force a third is refused: correct it instead.
        await Refused(Issue(s.Handler, id, "Answer"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Finding4_CorrectionDefaultsToToday_UnlessTodayContradictsTheCase()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Unable.NotHeld" }));
        var first = await IssueAndOpen(s.Handler, id, "Answer");
        Assert.Equal("2026-09-10", (string)first.Issued["issuedOn"]!);
        var today = DateOnly.FromDateTime(factory.Time.GetUtcNow().AddHours(8).Date).ToString("yyyy-MM-dd");
        var draft = await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "Answer", replaces = first.Id }));
        Assert.Equal(today, (string)draft["issuedOn"]!);
        var second = await IssueAndOpen(s.Handler, id, "Answer", new { kind = "Answer", replaces = first.Id });
        Assert.Equal(today, (string)second.Issued["issuedOn"]!);

        // Delivered on 09-11: a correction dated today would be served before it was written, so it takes the step's date.
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "InPerson" }));
        var third = await IssueAndOpen(s.Handler, id, "Answer", new { kind = "Answer", replaces = second.Id });
        Assert.Equal("2026-09-10", (string)third.Issued["issuedOn"]!);
        // A date the clerk gives that contradicts the case is still refused.
        await Refused(s.Handler.Post($"/api/cases/{id}/documents", new { kind = "Answer", replaces = third.Id, issuedOn = today }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Finding8_Correction_StartsFromTheReplacedPapersWording_DatesFreshFromTheCase()
    {
        var s = await Create(factory);
        var id = await Registered(s, submittedOn: "2026-09-07");
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "PartiallyDisclosed", summary = "合同中的个人隐私不予公开" }));
        var reason = Lead + "合同第三页中的身份证号码属于个人隐私，不予公开。";
        var provided = "现向您提供合同可以公开的部分（共5页），请到本机关领取。";
        var first = await IssueAndOpen(s.Handler, id, "Answer", new { kind = "Answer", edits = new Dictionary<string, string> { ["reason"] = reason, ["provided"] = provided } });
        await Ok(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "提交日期录错，实为9月2日", submittedOn = "2026-09-02" }));

        var draft = await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "Answer", replaces = first.Id }));
        Assert.Equal(["provided", "reason"], draft["carriedOver"]!.AsArray().Select(k => (string)k!).Order());
        Assert.Equal(first.Number, (string)draft["replacesNumber"]!);
        var fields = draft["fields"]!.AsArray();
        Assert.Equal(reason, (string)fields.Single(f => (string)f!["key"]! == "reason")!["value"]!);
        Assert.Equal(ChinaDate("2026-09-02"), (string)fields.Single(f => (string)f!["key"]! == "receivedOn")!["value"]!);

        var second = await IssueAndOpen(s.Handler, id, "Answer", new { kind = "Answer", replaces = first.Id, draftId = (string)draft["draftId"]! });
        Assert.Contains(reason, second.Text);
        Assert.Contains(provided.TrimEnd('。'), second.Text);
        Assert.Contains(ChinaDate("2026-09-02"), second.Text);
        Assert.Equal(1, Count(second.Text, Lead));
        // An edit sent with the correction wins over the carried wording.
        var third = await IssueAndOpen(s.Handler, id, "Answer", new { kind = "Answer", replaces = second.Id, edits = new Dictionary<string, string> { ["reason"] = Lead + "涉及个人隐私。" } });
        Assert.Contains(Lead + "涉及个人隐私。", third.Text);
        Assert.Contains(provided.TrimEnd('。'), third.Text);
    }

    [Fact]
    public async Task Finding3_TheLeadIsNotPrintedTwice_FromASummaryOrAnEdit()
    {
        var s = await Create(factory);
        var (id, first) = await PartlyDisclosedAnswered(s, Lead + "合同中的个人隐私不予公开。");
        Assert.Equal(1, Count(first.Text, Lead));
        Assert.Contains(Lead + "合同中的个人隐私不予公开。", first.Text);
        await Ok(s.Approver.Post($"/api/cases/{id}/decision-amendment", new { reason = "补充理由", summary = Lead + Lead + "合同中的商业秘密不予公开。" }));
        var second = await IssueAndOpen(s.Handler, id, "Answer");
        Assert.Equal(1, Count(second.Text, Lead));
        var third = await IssueAndOpen(s.Handler, id, "Answer", new { kind = "Answer", replaces = second.Id, edits = new Dictionary<string, string> { ["reason"] = Lead + Lead + "涉及商业秘密。" } });
        Assert.Equal(1, Count(third.Text, Lead));
        Assert.Contains(Lead + "涉及商业秘密。", third.Text);

        // Same for a refusal's "理由：".
        var other = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{other}/decision", new { decidedOn = "2026-09-10", outcome = "Withheld.ThirdPartyRights", summary = "理由：涉及第三方商业秘密" }));
        var withheld = await IssueAndOpen(s.Handler, other, "Answer");
        Assert.Contains("理由：涉及第三方商业秘密。", withheld.Text);
        Assert.DoesNotContain("理由：理由：", withheld.Text);
    }

    [Fact]
    public async Task Finding5_PartlyDisclosedArticle_ComesFromTheSummary_AndAnEditIsRefusedNamingIt()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "PartiallyDisclosed", summary = "合同中的个人隐私不予公开" }));
        var draft = await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "Answer" }));
        var article = draft["fields"]!.AsArray().Single(f => (string)f!["key"]! == "article")!;
        Assert.False((bool)article["editable"]!);
        Assert.Contains("第十五条、第三十七条", (string)article["value"]!);
        var before = factory.Snapshot();
        var refused = await Refused(s.Handler.Post($"/api/cases/{id}/documents",
            new { kind = "Answer", edits = new Dictionary<string, string> { ["article"] = "第三十七条、第十五条" } }, Zh), HttpStatusCode.BadRequest);
        Assert.Contains("edits.article", refused["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, factory.Snapshot());
    }
}
