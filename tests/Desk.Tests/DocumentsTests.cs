using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>
/// 文书 (documents.md, issue 15) in the browser: the printable page of each kind rendered by Chromium on A4 (GB/T 9704:
/// 版心 156 × 225 mm), the case page's draft → edit → issue → print/download → 更正, and the 受理回执 issued from 登记申请
/// with its 查询码 shown once. Cases are driven through the API as a script would; today is 2026-11-25 in China.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed partial class DocumentsTests(DeskFixture desk)
{
    private const double MillimetresPerPixel = 25.4 / 96;

    /// <summary>"2026-11-02" as documents print it: 2026年11月2日.</summary>
    private static string Chinese(string iso)
    {
        var d = DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"{d.Year}年{d.Month}月{d.Day}日";
    }

    /// <summary>A case of the office at the step that calls for <paramref name="kind"/>, the client that issues it, and dates the paper must carry.</summary>
    private static async Task<(string Id, HttpClient Issuer, string[] Dates, string[] Texts)> CaseFor(Office office, string kind)
    {
        var c = await office.Register("2026-11-02", applicant: "张文书");
        var id = (string)c["id"]!;
        var received = Chinese("2026-11-02");
        string Due(JsonNode @case) => Chinese((string)@case["dueOn"]!);
        switch (kind)
        {
            case "Receipt":
                return (id, office.Intake, [received, Due(c)], ["张文书"]);
            case "SupplementNotice":
                await office.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-11-03", items = "请写明所需信息的年份\n请说明信息的用途", supplyBy = "2026-11-17" }).Ok();
                return (id, office.Handler, [received, Chinese("2026-11-17")], ["请写明所需信息的年份", "请说明信息的用途"]);
            case "ConsultationLetter":
                await office.Handler.Post($"/api/cases/{id}/consultations", new { kind = "ThirdParty", party = "某某建设有限公司", sentOn = "2026-11-04" }).Ok();
                return (id, office.Handler, [received, Chinese("2026-11-04")], ["某某建设有限公司"]);
            case "ConsultationNotice":
                await office.Handler.Post($"/api/cases/{id}/consultations", new { kind = "ThirdParty", party = "某某建设有限公司", sentOn = "2026-11-04" }).Ok();
                return (id, office.Handler, [received, Chinese("2026-11-04")], ["不计算在答复期限内"]);
            case "ExtensionNotice":
            {
                var before = Due(c);
                await office.Approver.Post($"/api/cases/{id}/extension", new { approvedOn = "2026-11-20", workingDays = 10, reason = "需要调取档案", applicantNotifiedOn = "2026-11-20" }).Ok();
                var after = Due(await office.Handler.GetAsync($"/api/cases/{id}").Ok());
                Assert.NotEqual(before, after);
                return (id, office.Handler, [before, after], ["需要调取档案"]);
            }
            case "DeferralNotice":
                await office.Approver.Post($"/api/cases/{id}/deferral", new { approvedOn = "2026-11-20", dueOn = "2026-12-31", reason = "申请数量较大" }).Ok();
                return (id, office.Handler, [received, Chinese("2026-12-31")], ["申请数量较大"]);
            case "FeeNotice":
                await office.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2026-11-05", method = "PerPage", pages = 150 }).Ok();
                return (id, office.Handler, [received], ["150页"]);
            case "Answer":
                await office.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-11-20", outcome = "Disclosed", summary = "2025年道路维修预算表" }).Ok();
                return (id, office.Handler, [received], ["第五十一条", "行政复议", "行政诉讼"]);
            case "DeliveryRecord":
            {
                await office.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-11-20", outcome = "Disclosed" }).Ok();
                var answer = await office.Handler.Post($"/api/cases/{id}/documents", new { kind = "Answer" }).Ok();
                await office.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-11-23", method = "Post", trackingNumber = "EMS1234567890" }).Ok();
                return (id, office.Handler, [Chinese("2026-11-23")], [(string)answer["number"]!, "邮寄送达"]);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    [Theory]
    [InlineData("Receipt")]
    [InlineData("SupplementNotice")]
    [InlineData("ConsultationLetter")]
    [InlineData("ConsultationNotice")]
    [InlineData("ExtensionNotice")]
    [InlineData("DeferralNotice")]
    [InlineData("FeeNotice")]
    [InlineData("Answer")]
    [InlineData("DeliveryRecord")]
    public async Task PrintedPage_OfEachKind_FitsA4_AndShowsTheNumberAndTheDates(string kind)
    {
        var office = await Office.Open(desk);
        var (id, issuer, dates, texts) = await CaseFor(office, kind);
        var issued = await issuer.Post($"/api/cases/{id}/documents", new { kind }).Ok();
        var number = (string)issued["number"]!;
        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            // What a browser asks for when it follows the link: the printable page.
            var response = await page.GotoAsync($"{desk.App.BaseUrl}/api/cases/{id}/documents/{(string)issued["id"]!}");
            Assert.Equal(200, response!.Status);
            Assert.StartsWith("text/html", response.Headers["content-type"]);
            Assert.Equal(number, await page.Locator("#document-number").InnerTextAsync());
            var text = await page.Locator("article.official-document").InnerTextAsync();
            foreach (var date in dates) Assert.Contains(date, text);
            foreach (var part in texts) Assert.Contains(part, text);
            Assert.Contains(Chinese((string)issued["issuedOn"]!), await page.Locator("#document-date").InnerTextAsync()); // the step's date by default (trial C finding 12)
            Assert.Equal("测试州人民政府", await page.Locator("#document-agency").InnerTextAsync());
            Assert.Equal(0, await page.Locator("script:not([src])").CountAsync());
            await DeskFixture.AssertAccessible(page);
            await Screenshot(page, kind);

            // Printed: the 版心 is 156 mm wide, the lines 225/22 mm apart, and the whole document on A4 pages only.
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            Assert.False(await page.Locator("#print").IsVisibleAsync());
            var box = await page.EvaluateAsync<double[]>("""
                () => { const a = document.querySelector('article.official-document'); const r = a.getBoundingClientRect();
                        return [r.width, r.height, parseFloat(getComputedStyle(a.querySelector('p:not(.document-number)')).lineHeight), parseFloat(getComputedStyle(a).fontSize),
                                parseFloat(getComputedStyle(a.querySelector('.document-title')).fontSize)]; }
                """);
            Assert.InRange(box[0] * MillimetresPerPixel, 155, 157);
            Assert.InRange(box[2] * MillimetresPerPixel, 225.0 / 22 - 0.1, 225.0 / 22 + 0.1);
            Assert.InRange(box[3] * 72 / 96, 15.9, 16.1);   // 3号 body
            Assert.InRange(box[4] * 72 / 96, 21.9, 22.1);   // 2号 title
            var pdf = await page.PdfAsync(new() { Format = "A4", PreferCSSPageSize = true, PrintBackground = true });
            var pages = Pages(pdf);
            // As many A4 sheets as the document's height needs in 225 mm columns: one for every default document.
            Assert.Equal(Math.Max(1, (int)Math.Ceiling(box[1] * MillimetresPerPixel / 225.0)), pages.Count);
            Assert.Contains($"/Count {pages.Count}", Encoding.Latin1.GetString(pdf));
            Assert.All(pages, size => Assert.True(Math.Abs(size.Width - 595.3) < 2 && Math.Abs(size.Height - 841.9) < 2, $"page {size.Width}×{size.Height} pt is not A4"));
            await File.WriteAllBytesAsync(Path.Combine(DeskApp.Folder(Path.Combine("artifacts", "documents")), kind + ".pdf"), pdf);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task CasePage_DraftEditIssue_ThenPrintDownloadAndReplace()
    {
        var office = await Office.Open(desk);
        var c = await office.Register("2026-11-02", applicant: "李起草");
        var id = (string)c["id"]!;
        await office.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-11-03", items = "请写明所需信息的年份", supplyBy = "2026-11-17" }).Ok();
        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            var section = page.Locator("#documents");
            await section.GetByRole(AriaRole.Button, new() { Name = "起草补正告知书" }).ClickAsync();
            var draft = page.Locator("#document-draft");
            await draft.WaitForAsync();
            Assert.Contains("起草：补正告知书", await page.Locator("#draft-legend").InnerTextAsync());
            // What comes from the case is shown, not editable; the free text is.
            Assert.Contains(Chinese("2026-11-17"), await page.Locator("#draft-fixed").InnerTextAsync());
            Assert.Equal(0, await draft.Locator("textarea[name='edits.supplyBy'], input[name='edits.supplyBy']").CountAsync());
            var editable = draft.Locator("textarea[name^='edits.']");
            Assert.True(await editable.CountAsync() > 0);
            var free = editable.First;
            var freeName = (await free.GetAttributeAsync("name"))!;
            await free.FillAsync("联系人：王老师，电话0878-1234567。");
            // 成文日期: today in China unless the clerk dates it otherwise.
            Assert.Equal("2026-11-03", await draft.Locator("input[name='issuedOn']").InputValueAsync()); // the 补正 request's date by default (trial C finding 12)
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "documents-draft");

            await draft.GetByRole(AriaRole.Button, new() { Name = "出具" }).ClickAsync();
            await page.Locator("#document-issued").WaitForAsync();
            var list = await office.Handler.GetAsync($"/api/cases/{id}/documents").Ok();
            var first = list["items"]!.AsArray().Single()!;
            var number = (string)first["number"]!;
            Assert.Contains(number, await page.Locator("#document-issued").InnerTextAsync());
            var row = page.Locator("#documents-issued tbody tr").Filter(new() { HasText = number });
            Assert.Contains("补正告知书", await row.InnerTextAsync());
            Assert.Contains("2026-11-03", await row.InnerTextAsync());
            Assert.Contains(office.HandlerLogin, await row.InnerTextAsync());
            Assert.Contains("补正告知书", await page.Locator("#timeline").InnerTextAsync());
            // One notice per 补正 request: once issued it is corrected (更正), not drafted again.
            Assert.Equal(0, await section.GetByRole(AriaRole.Button, new() { Name = "起草补正告知书" }).CountAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "documents-issued");

            // 打印: the printable page in a new tab, with the clerk's text.
            var print = await page.Context.RunAndWaitForPageAsync(() => row.GetByRole(AriaRole.Link, new() { Name = $"打印 {number}" }).ClickAsync());
            await print.Locator("#document-number").WaitForAsync();
            Assert.Equal(number, await print.Locator("#document-number").InnerTextAsync());
            Assert.Contains("联系人：王老师，电话0878-1234567。", await print.Locator("article").InnerTextAsync());
            await print.CloseAsync();

            // 下载: the DOCX exactly as issued (its SHA-256 is the stored one).
            var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = $"下载 DOCX {number}" }).ClickAsync());
            var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
            Assert.Equal("PK", Encoding.ASCII.GetString(bytes, 0, 2));
            Assert.Equal((string)first["sha256"]!, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));

            // A format the route does not offer is refused beside its field, in Chinese for a Chinese client.
            using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{id}/documents/{(string)first["id"]!}?format=pdf"))
            {
                request.Headers.AcceptLanguage.ParseAdd("zh-CN");
                var refused = await office.Handler.SendAsync(request);
                Assert.Equal(400, (int)refused.StatusCode);
                Assert.Contains("文书格式须为docx或html。", await refused.Content.ReadAsStringAsync());
            }

            // 更正: a new version naming the one it replaces; the old one stays, marked.
            await row.GetByRole(AriaRole.Button, new() { Name = $"更正 {number}" }).ClickAsync();
            await page.Locator("#document-draft").WaitForAsync();
            Assert.Contains(number, await page.Locator("#draft-legend").InnerTextAsync());
            await page.Locator($"#document-draft textarea[name='{freeName}']").FillAsync("更正：联系电话为0878-7654321。");
            await page.Locator("#document-draft input[name='issuedOn']").FillAsync("2026-11-24");
            await page.Locator("#document-draft").GetByRole(AriaRole.Button, new() { Name = "出具" }).ClickAsync();
            await page.Locator("#document-issued").WaitForAsync();
            list = await office.Handler.GetAsync($"/api/cases/{id}/documents").Ok();
            var second = list["items"]!.AsArray().Single(d => (string)d!["id"]! != (string)first["id"]!)!;
            Assert.Equal((string)first["id"]!, (string)second["replacesDocumentId"]!);
            Assert.Equal("2026-11-24", (string)second["issuedOn"]!);
            var oldRow = page.Locator("#documents-issued tbody tr").Filter(new() { HasText = number });
            Assert.Contains($"已由 {(string)second["number"]!} 更正", await oldRow.First.InnerTextAsync());
            Assert.Equal(0, await oldRow.First.GetByRole(AriaRole.Button, new() { Name = $"更正 {number}" }).CountAsync());

            // The replaced one's printable page says so above the sheet.
            var voided = await page.Context.RunAndWaitForPageAsync(() => oldRow.First.GetByRole(AriaRole.Link, new() { Name = $"打印 {number}" }).ClickAsync());
            await voided.Locator("#document-void").WaitForAsync();
            Assert.Contains($"已由{(string)second["number"]!}更正", await voided.Locator("#document-void").InnerTextAsync());
            await voided.CloseAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task CasePage_AnswerSupersededByAmendment_NamesTheAmendment_PrintsVoid_AndACorrectionKeepsTheClerksWording()
    {
        // Trial D findings 6, 7, 8.
        var office = await Office.Open(desk);
        var c = await office.Register("2026-11-02", applicant: "周更正");
        var id = (string)c["id"]!;
        await office.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-11-10", outcome = "PartiallyDisclosed", summary = "合同中的个人隐私不予公开" }).Ok();
        var first = await office.Handler.Post($"/api/cases/{id}/documents", new { kind = "Answer" }).Ok();
        await office.Approver.Post($"/api/cases/{id}/decision-amendment", new { reason = "补充不予公开的理由", summary = "合同中的商业秘密不予公开" }).Ok();
        const string reason = "不予公开的内容及理由：合同第二页所列单价属于第三方商业秘密，不予公开。";
        var second = await office.Handler.Post($"/api/cases/{id}/documents",
            new { kind = "Answer", edits = new Dictionary<string, string> { ["reason"] = reason } }).Ok();
        var firstNumber = (string)first["number"]!;
        var secondNumber = (string)second["number"]!;
        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            var oldRow = page.Locator("#documents-issued tbody tr").Filter(new() { HasText = firstNumber });
            var status = await oldRow.First.Locator(".document-status").InnerTextAsync();
            Assert.Contains("更正答复决定：补充不予公开的理由", status);
            Assert.DoesNotContain("撤销上一步", status);
            Assert.Contains($"已由 {secondNumber} 更正", status);

            var voided = await page.Context.RunAndWaitForPageAsync(() => oldRow.First.GetByRole(AriaRole.Link, new() { Name = $"打印 {firstNumber}" }).ClickAsync());
            await voided.Locator("#document-void").WaitForAsync();
            var banner = await voided.Locator("#document-void").InnerTextAsync();
            Assert.Contains($"作废：本文书（{firstNumber}）因更正答复决定", banner);
            Assert.Contains($"以{secondNumber}为准", banner);
            await voided.CloseAsync();

            var row = page.Locator("#documents-issued tbody tr").Filter(new() { HasText = secondNumber });
            await row.Last.GetByRole(AriaRole.Button, new() { Name = $"更正 {secondNumber}" }).ClickAsync(); // the first row names it too (已由…更正)
            await page.Locator("#document-draft").WaitForAsync();
            Assert.Contains("理由", await page.Locator("#draft-carried-over").InnerTextAsync());
            Assert.Equal(reason, await page.Locator("#document-draft textarea[name='edits.reason']").InputValueAsync());
            Assert.Equal("2026-11-25", await page.Locator("#document-draft input[name='issuedOn']").InputValueAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "documents-correction-carried-over");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task CasePage_CorrectedReceiptDatedAfterItsDueDate_IsIssued_AndWarnsBesideIt()
    {
        // Trial F finding 4: a corrected receipt dated today stated a 答复期限 already past; the desk now says so.
        var office = await Office.Open(desk);
        var c = await office.Register("2026-09-01", applicant: "钱更正");
        var id = (string)c["id"]!;
        var receipt = await office.Intake.Post($"/api/cases/{id}/documents", new { kind = "Receipt" }).Ok();
        var number = (string)receipt["number"]!;
        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            await page.Locator("#documents").GetByRole(AriaRole.Button, new() { Name = $"更正 {number}" }).ClickAsync();
            var warning = page.Locator("#receipt-after-due");
            await warning.WaitForAsync();
            Assert.Contains(Chinese((string)c["dueOn"]!), await warning.InnerTextAsync());
            Assert.Contains("早于回执的成文日期", await warning.InnerTextAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "receipt-after-due");
            // A warning only: the corrected receipt was issued.
            var list = await office.Handler.GetAsync($"/api/cases/{id}/documents").Ok();
            Assert.Equal(2, list["items"]!.AsArray().Count(d => (string)d!["kind"]! == "Receipt"));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task CasePage_IssueOfAStaleDraft_IsRefusedInChinese_AndKeepsTheText()
    {
        var office = await Office.Open(desk);
        var c = await office.Register("2026-11-02", applicant: "赵过时");
        var id = (string)c["id"]!;
        await office.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-11-03", items = "年份", supplyBy = "2026-11-17" }).Ok();
        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            await page.Locator("#documents").GetByRole(AriaRole.Button, new() { Name = "起草补正告知书" }).ClickAsync();
            var free = page.Locator("#document-draft textarea[name^='edits.']").First;
            await free.FillAsync("请于工作日前来补正。");
            // Meanwhile the case moves on by a step (the supplement received): the draft no longer matches the case.
            await office.Handler.Post($"/api/cases/{id}/supplement", new { receivedOn = "2026-11-05" }).Ok();
            var before = await office.Handler.GetAsync($"/api/cases/{id}/documents").Ok();
            await page.Locator("#document-draft").GetByRole(AriaRole.Button, new() { Name = "出具" }).ClickAsync();
            var error = page.Locator("#document-draft p.error");
            await error.First.WaitForAsync();
            var message = await error.First.InnerTextAsync();
            Assert.Matches(ChineseText(), message);
            Assert.Equal("请于工作日前来补正。", await page.Locator("#document-draft textarea[name^='edits.']").First.InputValueAsync());
            var after = await office.Handler.GetAsync($"/api/cases/{id}/documents").Ok();
            Assert.Equal(before["items"]!.AsArray().Count, after["items"]!.AsArray().Count);
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "documents-stale-draft");

            // Issued again from the fresh draft, it goes through.
            await page.Locator("#document-draft").GetByRole(AriaRole.Button, new() { Name = "出具" }).ClickAsync();
            await page.Locator("#document-issued").WaitForAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Intake_IssuesTheReceiptAtOnce_WithItsLookupCode_AndPrintsItOnA4()
    {
        var office = await Office.Open(desk);
        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/intake");
            await page.GetByLabel("当面提交", new() { Exact = true }).CheckAsync();
            await page.GetByLabel("自然人", new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "下一步：填写申请" }).ClickAsync();
            await page.GetByLabel("递交日期（即收到日期）").FillAsync("2026-11-02");
            await page.GetByLabel("姓名").FillAsync("张回执");
            await page.GetByLabel("所需政府信息").FillAsync("2025年城市道路维修预算及执行情况");
            await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
            await page.Locator("#saved-heading").WaitForAsync();
            var caseNumber = (await page.Locator("#saved-heading").InnerTextAsync()).Replace("已登记：", "").Trim();
            await DeskFixture.AssertAccessible(page);

            await page.GetByRole(AriaRole.Button, new() { Name = "出具并打印登记回执" }).ClickAsync();
            await page.Locator("#receipt-code-once").WaitForAsync();
            var @case = await office.Intake.GetAsync($"/api/cases/by-number/{Uri.EscapeDataString(caseNumber)}").Ok();
            var id = (string)@case["id"]!;
            var list = await office.Intake.GetAsync($"/api/cases/{id}/documents").Ok();
            var receipt = list["items"]!.AsArray().Single()!;
            Assert.Equal("Receipt", (string)receipt["kind"]!);
            var number = (string)receipt["number"]!;
            Assert.Equal(number, await page.Locator("#document-number").InnerTextAsync());
            var sheet = await page.Locator("article.official-document").InnerTextAsync();
            Assert.Contains(caseNumber, sheet);
            Assert.Contains("张回执", sheet);
            Assert.Contains(Chinese("2026-11-02"), sheet);
            Assert.Contains(Chinese((string)@case["dueOn"]!), sheet);
            var code = CodePattern().Match(await page.Locator("#receipt-code-once").InnerTextAsync()).Value;
            Assert.Matches("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$", code);
            Assert.Contains(code, sheet);
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "receipt-issued");

            // Printed on A4 with the code, without the desk around it.
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            Assert.False(await page.Locator("nav.desk-nav").IsVisibleAsync());
            Assert.False(await page.Locator("#print").IsVisibleAsync());
            Assert.True(await page.Locator("#document-number").IsVisibleAsync());
            var pdf = await page.PdfAsync(new() { Format = "A4", PreferCSSPageSize = true });
            Assert.Single(Pages(pdf));
            await page.EmulateMediaAsync(new() { Media = Media.Screen });
            await page.EvaluateAsync("() => { window.__printed = 0; window.print = () => window.__printed++; }");
            await page.GetByRole(AriaRole.Button, new() { Name = "打印登记回执" }).ClickAsync();
            Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__printed"));

            // Opened again (from the case page): the receipt as issued, to print again; the code is not announced again.
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            await page.Locator("#receipt-link").ClickAsync();
            await page.Locator("#receipt-code-not-shown").WaitForAsync();
            Assert.Equal(0, await page.Locator("#receipt-code-once").CountAsync());
            Assert.Equal(number, await page.Locator("#document-number").InnerTextAsync());
            var again = await page.Locator("article.official-document").InnerTextAsync();
            Assert.Contains(caseNumber, again);
            Assert.Contains(Chinese((string)@case["dueOn"]!), again);
            await DeskFixture.AssertAccessible(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task AwaitingConfirmation_Confirmed_ThenTheCasePageIssuesTheReceipt()
    {
        var office = await Office.Open(desk);
        var c = await office.Register("2026-11-20", channel: "Online", applicant: "钱网络");
        var id = (string)c["id"]!;
        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            // Not before the receipt date is known.
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}/receipt");
            await page.Locator("#receipt-none").WaitForAsync();
            Assert.Equal(0, await page.Locator("#issue-receipt").CountAsync());

            await page.GotoAsync($"{desk.App.BaseUrl}/awaiting-confirmation");
            var row = page.Locator("table.list tbody tr").Filter(new() { HasText = (string)c["caseNumber"]! });
            await row.GetByLabel("确认日期").FillAsync("2026-11-23");
            await row.GetByRole(AriaRole.Button).ClickAsync();
            await DeskFixture.AtUrl(page, $"/cases/{id}$");
            await page.Locator("header #issue-receipt").ClickAsync();
            await page.Locator("#receipt-code-once").WaitForAsync();
            Assert.Contains(Chinese("2026-11-23"), await page.Locator("article.official-document").InnerTextAsync());
            await DeskFixture.AssertAccessible(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task PrintedAnswer_Never_LeavesThe落款AloneOnAPage_GbT9704()
    {
        var office = await Office.Open(desk);
        var c = await office.Register("2026-11-02", applicant: "孙长文");
        var id = (string)c["id"]!;
        await office.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-11-20", outcome = "PartiallyDisclosed", summary = "涉及第三方个人隐私的内容" }).Ok();
        var issued = await office.Handler.Post($"/api/cases/{id}/documents", new { kind = "Answer" }).Ok();
        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/api/cases/{id}/documents/{(string)issued["id"]!}?format=html");
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            // Body text blue, the 落款 red (CSSOM, which the page's CSP allows), so each PDF page tells which it draws.
            await page.EvaluateAsync("""
                () => { for (const e of document.querySelectorAll('article.official-document > :not(.document-signature)')) e.style.color = 'rgb(0,0,255)';
                        for (const e of document.querySelectorAll('.document-signature p')) e.style.color = 'rgb(255,0,0)'; }
                """);
            var lineMm = 225.0 / 22;
            var alone = new List<string>();
            var crossed = 0;
            // The reason (the paragraph before the closing remedies clause) grows half a line at a time over more than a page,
            // so the end of the body passes every line of a page, as in a long letter.
            for (var step = 0; step < 50; step++)
            {
                var endMm = await page.EvaluateAsync<double>("""
                    n => { const c = document.querySelector('.document-closing'); const p = c.previousElementSibling.previousElementSibling;
                           if (!p.dataset.base) p.dataset.base = p.textContent;
                           p.textContent = p.dataset.base + '依'.repeat(n * 14);
                           const a = document.querySelector('article.official-document').getBoundingClientRect();
                           return (c.getBoundingClientRect().bottom - a.top) * 25.4 / 96; }
                    """, step);
                // Laid out without pages, would the 落款 (one blank line and two lines) start a page of its own?
                var pageEnd = Math.Ceiling(endMm / 225.0) * 225.0;
                if (pageEnd - endMm < 3 * lineMm) crossed++;
                var pdf = await page.PdfAsync(new() { Format = "A4", PreferCSSPageSize = true });
                var colours = PageColours(pdf);
                for (var i = 0; i < colours.Count; i++)
                    if (colours[i].Red && !colours[i].Blue) alone.Add($"+{step * 14} characters: page {i + 1} of {colours.Count} holds only the 落款");
                Assert.Contains(colours, p => p.Red);
            }

            Assert.True(crossed > 0, "the sweep never brought the 落款 to the foot of a page");
            Assert.Empty(alone);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task CasePage_WithAReceiptInForce_OffersItsCorrection_NotAnotherReceipt()
    {
        var office = await Office.Open(desk);
        var c = await office.Register("2026-11-02", applicant: "周一次");
        var id = (string)c["id"]!;
        var receipt = await office.Intake.Post($"/api/cases/{id}/documents", new { kind = "Receipt" }).Ok();
        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            Assert.Equal(0, await page.Locator("#documents #issue-receipt").CountAsync());
            var number = (string)receipt["number"]!;
            Assert.Equal(1, await page.Locator("#documents-issued").GetByRole(AriaRole.Button, new() { Name = $"更正 {number}" }).CountAsync());
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// Per page of Chromium's PDF, in page order: whether its content stream fills text in red (the 落款 as the test colours
    /// it) and in blue (the body). Reads each /Type /Page's /Contents stream (Flate) for "r g b rg" operators.
    /// </summary>
    private static List<(bool Red, bool Blue)> PageColours(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var pages = new List<(bool, bool)>();
        foreach (Match m in PageObject().Matches(text))
        {
            var end = text.IndexOf("endobj", m.Index, StringComparison.Ordinal);
            var dict = text[m.Index..(end < 0 ? text.Length : end)];
            var contents = Regex.Match(dict, @"/Contents\s+(\d+)\s+0\s+R");
            Assert.True(contents.Success, "a page without /Contents");
            var obj = Regex.Match(text, $@"(?<![\d])({contents.Groups[1].Value})\s+0\s+obj");
            var start = text.IndexOf("stream", obj.Index, StringComparison.Ordinal) + "stream".Length;
            if (text[start] == '\r') start++;
            if (text[start] == '\n') start++;
            var stop = text.IndexOf("endstream", start, StringComparison.Ordinal);
            var raw = pdf.AsSpan(start, stop - start).ToArray();
            string ops;
            try
            {
                using var z = new System.IO.Compression.ZLibStream(new MemoryStream(raw), System.IO.Compression.CompressionMode.Decompress);
                using var reader = new StreamReader(z, Encoding.Latin1);
                ops = reader.ReadToEnd();
            }
            catch (InvalidDataException)
            {
                ops = Encoding.Latin1.GetString(raw);
            }

            var fills = Regex.Matches(ops, @"([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+rg\b").Select(f => (R: double.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture),
                G: double.Parse(f.Groups[2].Value, CultureInfo.InvariantCulture), B: double.Parse(f.Groups[3].Value, CultureInfo.InvariantCulture))).ToList();
            pages.Add((fills.Any(f => f.R > 0.9 && f.G < 0.1 && f.B < 0.1), fills.Any(f => f.B > 0.9 && f.R < 0.1 && f.G < 0.1)));
        }

        return pages;
    }

    /// <summary>Each page's size in points, from the /MediaBox of each /Type /Page object of Chromium's PDF.</summary>
    private static List<(double Width, double Height)> Pages(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var pages = new List<(double, double)>();
        foreach (Match m in PageObject().Matches(text))
        {
            var end = text.IndexOf(">>", m.Index, StringComparison.Ordinal);
            var box = MediaBox().Match(text, m.Index, Math.Max(0, (end < 0 ? text.Length : end) - m.Index));
            if (!box.Success) box = MediaBox().Match(text);
            pages.Add((double.Parse(box.Groups[3].Value, CultureInfo.InvariantCulture) - double.Parse(box.Groups[1].Value, CultureInfo.InvariantCulture),
                double.Parse(box.Groups[4].Value, CultureInfo.InvariantCulture) - double.Parse(box.Groups[2].Value, CultureInfo.InvariantCulture)));
        }

        return pages;
    }

    /// <summary>The page as the clerk sees it before printing (an A4 sheet), for the note: artifacts/documents/&lt;Kind&gt;.png.</summary>
    private static async Task Screenshot(IPage page, string kind)
    {
        var path = Path.Combine(DeskApp.Folder(Path.Combine("artifacts", "documents")), kind + ".png");
        await page.Locator("article.official-document").ScreenshotAsync(new() { Path = path });
    }

    [GeneratedRegex(@"/Type\s*/Page(?![s\w])")]
    private static partial Regex PageObject();

    [GeneratedRegex(@"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]")]
    private static partial Regex MediaBox();

    [GeneratedRegex("[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex ChineseText();
}
