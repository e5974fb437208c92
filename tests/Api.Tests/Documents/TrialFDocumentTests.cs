using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Documents.DocumentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Documents;

/// <summary>Trial F's findings on documents (文书), through the API.</summary>
public class TrialFDocumentTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly (string, string) Zh = ("Accept-Language", "zh-CN");

    private static Dictionary<string, string> Documents(string text) => new() { ["documents"] = text };

    [Fact]
    public async Task DeliveryRecord_DocumentsLine_NamesOnlyTheCasesIssuedPapers_AndKeepsTheAnswerInForce()
    {
        // Finding 5 (brief F3): a clerk issued a 送达回证 naming 答〔2026〕99号, never issued, without the answer in force.
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed" }));
        var answer = await IssueAndOpen(s.Handler, id, "Answer");
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "InPerson" }));
        var prefix = answer.Number[..answer.Number.IndexOf('〔')];
        var before = factory.Snapshot();

        var invented = await Refused(s.Handler.Post($"/api/cases/{id}/documents",
            new { kind = "DeliveryRecord", edits = Documents($"政府信息公开申请答复书（{prefix}〔2026〕99号）及附件") }, Zh), HttpStatusCode.BadRequest);
        var sentence = (string)invented["errors"]!["edits.documents"]![0]!;
        Assert.Contains($"{prefix}〔2026〕99号", sentence);
        Assert.Contains("不是本案已制发且有效的文书", sentence);
        Assert.Contains(answer.Number, sentence); // the numbers it may name

        var dropped = await Refused(s.Handler.Post($"/api/cases/{id}/documents",
            new { kind = "DeliveryRecord", edits = Documents("政府信息公开申请答复书及附件") }, Zh), HttpStatusCode.BadRequest);
        Assert.Contains($"必须写明有效的答复书{answer.Number}", (string)dropped["errors"]!["edits.documents"]![0]!);
        Assert.Equal(before, factory.Snapshot()); // nothing numbered, nothing recorded

        // Words around the numbers stay the clerk's: 及附件.
        var record = await IssueAndOpen(s.Handler, id, "DeliveryRecord",
            new { kind = "DeliveryRecord", edits = Documents($"政府信息公开申请答复书（{answer.Number}）及附件1份") });
        Assert.Contains($"送达文书：政府信息公开申请答复书（{answer.Number}）及附件1份", record.Text);
        Assert.EndsWith("〔2026〕1号", record.Number);
    }

    [Fact]
    public async Task DeliveryRecord_DocumentsLine_CannotNameAVoidPaperOfTheCase()
    {
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Unable.NotHeld" }));
        var old = await IssueAndOpen(s.Handler, id, "Answer");
        await Ok(s.Approver.Post($"/api/cases/{id}/decision-amendment", new { reason = "经复核，该信息属于国家秘密", outcome = "Withheld.StateSecret" }));
        var amendedOn = (string)(await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "Answer" })))["issuedOn"]!;
        var answer = await IssueAndOpen(s.Handler, id, "Answer");
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = amendedOn, method = "InPerson" }));
        var refused = await Refused(s.Handler.Post($"/api/cases/{id}/documents",
            new { kind = "DeliveryRecord", edits = Documents($"政府信息不予公开告知书（{answer.Number}）、政府信息不存在告知书（{old.Number}）") }, Zh), HttpStatusCode.BadRequest);
        Assert.Contains(old.Number, (string)refused["errors"]!["edits.documents"]![0]!);
    }

    [Fact]
    public async Task DeliveryRecord_AfterTheDeliveryWasVoidedAndEnteredAgain_NamesTheVoidOne_WhichPointsToIt()
    {
        // Finding 9 (brief F2, second half): the new 送达回证 did not say it takes the place of the void one.
        var s = await Create(factory);
        var id = await Registered(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed" }));
        await IssueAndOpen(s.Handler, id, "Answer");
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "InPerson" }));
        var first = await IssueAndOpen(s.Handler, id, "DeliveryRecord");
        var version = (int)(await Case(s.Handler, id))["version"]!;
        await Ok(s.Approver.Post($"/api/cases/{id}/void-last-step", new { reason = "送达日期登记错误" }, ("If-Match", $"\"{version}\"")));
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-14", method = "InPerson" }));

        var draft = await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "DeliveryRecord" }));
        Assert.Equal(first.Number, (string)draft["replacesNumber"]!);
        Assert.Equal("2026-09-14", (string)draft["issuedOn"]!); // dated by the delivery entered again, not the void's day
        var second = await IssueAndOpen(s.Handler, id, "DeliveryRecord");
        Assert.Contains($"本送达回证更正并替代本机关{ChinaDate("2026-09-11")}作出的{first.Number}，原送达回证作废。", second.Text);
        Assert.Contains(ChinaDate("2026-09-14"), second.Text);
        var list = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/documents")))["items"]!.AsArray();
        var old = list.Single(d => (string)d!["id"]! == first.Id)!;
        Assert.Equal("Superseded", (string)old["status"]!);
        Assert.Equal(second.Id, (string?)old["replacedByDocumentId"]);
        Assert.Equal("Issued", (string)list.Single(d => (string)d!["id"]! == second.Id)!["status"]!);
        // The next paper of that delivery is a correction of the new one, not a second follower of the void one.
        var third = await Refused(Issue(s.Handler, id, "DeliveryRecord"), System.Net.HttpStatusCode.Conflict);
        Assert.Contains(second.Number, (string)third["detail"]!);
    }

    private static async Task<string> Page(HttpClient client, string caseId, string documentId)
        => System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(
            await (await client.GetAsync($"/api/cases/{caseId}/documents/{documentId}?format=html")).Content.ReadAsStringAsync(), "<[^>]+>", ""));

    [Fact]
    public async Task Receipt_OfARegime2008Case_OrOfAClosedCase_PromisesNoOnlineLookup_AnOpenCasesDoes()
    {
        // Finding 8 (brief F9): a back-dated 2017 receipt printed a 查询码 and today's status-page address.
        var s = await Create(factory);
        await Ok(s.Admin.Put($"/api/agencies/{s.Child}/document-settings", new { statusPageUrl = "https://www.example.gov.cn/status" }));
        var open = await Registered(s);
        var current = await IssueAndOpen(s.Intake, open, "Receipt");
        Assert.Contains("查询码", current.Text);
        Assert.Contains("查询网址：https://www.example.gov.cn/status", current.Text);
        Assert.Contains("查询网址：https://www.example.gov.cn/status", await Page(s.Intake, open, current.Id));

        var old = await Registered(s, submittedOn: "2017-03-01");
        var draft = await Ok(s.Intake.Post($"/api/cases/{old}/documents/drafts", new { kind = "Receipt" }));
        Assert.Equal("", (string)draft["fields"]!.AsArray().Single(f => (string)f!["key"]! == "lookupCode")!["value"]!);
        var receipt = await IssueAndOpen(s.Intake, old, "Receipt");
        Assert.Contains("第二十四条", receipt.Text);
        Assert.DoesNotContain("查询码", receipt.Text);
        Assert.DoesNotContain("example.gov.cn", receipt.Text);
        var page = await Page(s.Intake, old, receipt.Id);
        Assert.Contains("第二十四条", page);
        Assert.DoesNotContain("查询码", page);

        var closed = await Registered(s, submittedOn: "2026-09-01");
        await Ok(s.Handler.Post($"/api/cases/{closed}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed" }));
        await IssueAndOpen(s.Handler, closed, "Answer");
        await Ok(s.Handler.Post($"/api/cases/{closed}/delivery", new { deliveredOn = "2026-09-11", method = "InPerson" }));
        var late = await IssueAndOpen(s.Intake, closed, "Receipt");
        Assert.Contains("最迟于", late.Text);
        Assert.DoesNotContain("查询码", late.Text);
        Assert.DoesNotContain("查询码", await Page(s.Intake, closed, late.Id));
    }

    [Fact]
    public async Task CorrectedReceipt_DatedAfterTheDueDateItStates_IsFlaggedOnTheDraft_NotRefused()
    {
        // Finding 4 (brief F6): a corrected receipt dated today said a 答复期限 already past.
        var s = await Create(factory);
        var id = await Registered(s, submittedOn: "2026-09-01");
        var first = await IssueAndOpen(s.Intake, id, "Receipt");
        var onTime = await Ok(s.Intake.Post($"/api/cases/{id}/documents/drafts", new { kind = "Receipt", replaces = first.Id, issuedOn = "2026-09-01" }));
        Assert.Null(onTime["dueBeforeIssuedOn"]);
        var late = await Ok(s.Intake.Post($"/api/cases/{id}/documents/drafts", new { kind = "Receipt", replaces = first.Id }));
        var due = (string)late["fields"]!.AsArray().Single(f => (string)f!["key"]! == "dueOn")!["value"]!;
        var flagged = (string)late["dueBeforeIssuedOn"]!;
        Assert.Equal(due, ChinaDate(flagged));
        Assert.True(DateOnly.Parse(flagged) < DateOnly.Parse((string)late["issuedOn"]!));
        var corrected = await IssueAndOpen(s.Intake, id, "Receipt", new { kind = "Receipt", replaces = first.Id }); // a warning only
        Assert.Contains(due, corrected.Text);
        Assert.Null((await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "Receipt", replaces = corrected.Id, issuedOn = "2026-09-02" })))["dueBeforeIssuedOn"]);
    }
}
