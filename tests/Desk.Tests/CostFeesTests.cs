using System.Text.Json.Nodes;
using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>
/// Issue 20 on the desk: an administrator sets the agency's cost prices (系统设置 → 成本费用单价); on a Regime 2008 case the fee form
/// offers 检索费/复制费/邮寄费 (counts pre-fill the amounts at those prices, still editable; an emptied amount is priced by the command
/// from its count), then a reduction with its reason and the payment; a Regime 2019 case is offered the 信息处理费 methods only, one
/// received before 2021 no fee at all; a decided 2008 case names its outcome in its own words (同意公开), not the report's row.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class CostFeesTests(DeskFixture desk)
{
    [Fact]
    public async Task Regime2008Case_CostFeeAtTheAgencysPrices_ReducedAndPaid_OnTheDesk()
    {
        var office = await Office.Open(desk);
        var admin = await office.SignIn("admin-" + office.Root.ToLowerInvariant(), office.Root, "Administrator");
        try
        {
            await admin.GotoAsync($"{desk.App.BaseUrl}/admin/settings?agency={office.Child}");
            await Assertions.Expect(admin.Locator("#costs-source")).ToContainTextAsync("均未设置单价");
            await admin.GetByLabel("复制费：每页单价（元）").FillAsync("0");
            await admin.GetByRole(AriaRole.Button, new() { Name = "保存单价" }).ClickAsync();
            await Assertions.Expect(admin.Locator("#costs-perPageYuan-error")).ToContainTextAsync("单价须大于0元");
            await admin.GetByLabel("复制费：每页单价（元）").FillAsync("0.5");
            await admin.GetByLabel("检索费：每次单价（元）").FillAsync("15");
            await admin.GetByRole(AriaRole.Button, new() { Name = "保存单价" }).ClickAsync();
            await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("成本费用单价已保存");
            await Assertions.Expect(admin.Locator("#costs-source")).ToContainTextAsync("本机关自设的单价");
            await Assertions.Expect(admin.GetByLabel("复制费：每页单价（元）")).ToHaveValueAsync("0.50");
            await DeskFixture.AssertAccessible(admin);
            await DeskFixture.Screenshot(admin, "admin-cost-prices");
            var prices = await office.Handler.GetAsync($"/api/agencies/{office.Child}/cost-prices").Ok();
            Assert.Equal(("own", 0.5m, 15m), ((string?)prices["source"], (decimal)prices["perPageYuan"]!, (decimal)prices["perSearchYuan"]!));
            Assert.Null(prices["perItemPostedYuan"]);
        }
        finally
        {
            await admin.Context.CloseAsync();
        }

        var c2008 = (string)(await office.Register("2017-04-10"))["id"]!;
        var counted = (string)(await office.Register("2017-04-10", applicant: "李四"))["id"]!;
        var c2019 = (string)(await office.Register("2026-06-01", applicant: "王五"))["id"]!;
        var c2020 = (string)(await office.Register("2020-06-01", applicant: "赵六"))["id"]!;
        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{c2008}");
            // Trial D finding 14: a 2008 case's step forms cite the 2008 articles (Art. 23 consultation, Art. 24 ¶2 extension of 15 days).
            await Assertions.Expect(page.Locator("#step-consultation legend")).ToHaveTextAsync("征求意见（2008年《条例》第二十三条）");
            await Assertions.Expect(page.Locator("#step-extension-request legend")).ToHaveTextAsync("申请延期（2008年《条例》第二十四条第二款）");
            await Assertions.Expect(page.Locator("#step-extension-request")).ToContainTextAsync("最多15个工作日");
            Assert.DoesNotContain("第三十二条", await page.Locator("main").InnerTextAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "case-2008-step-forms");
            var form = page.Locator("#step-fee-notice");
            await Assertions.Expect(form.Locator("legend")).ToHaveTextAsync("收取成本费用（检索费、复制费、邮寄费）");
            Assert.Equal(0, await form.Locator("select[name=method]").CountAsync()); // no 信息处理费 method on a 2008 case
            await Assertions.Expect(form.Locator("#fee-notice-copyPages-hint")).ToContainTextAsync("每页 0.50 元");
            await Assertions.Expect(form.Locator("#fee-notice-postCount-hint")).ToContainTextAsync("未设置单价");

            // 37 pages at 0.50 → 18.50; 2 searches at 15 → 30.00, then typed over as 25, which a new count leaves alone.
            await form.GetByLabel("发出日期").FillAsync("2017-04-11");
            await form.GetByLabel("复制页数").FillAsync("37");
            await Assertions.Expect(form.GetByLabel("复制费（元）")).ToHaveValueAsync("18.50");
            await form.GetByLabel("检索次数").FillAsync("2");
            await Assertions.Expect(form.GetByLabel("检索费（元）")).ToHaveValueAsync("30.00");
            await form.GetByLabel("检索费（元）").FillAsync("25");
            await form.GetByLabel("检索次数").FillAsync("3");
            await Assertions.Expect(form.GetByLabel("检索费（元）")).ToHaveValueAsync("25");
            await form.GetByLabel("邮寄费（元）").FillAsync("8");
            await DeskFixture.AssertAccessible(page);
            await form.ScreenshotAsync(new() { Path = Path.Combine(DeskApp.Folder("artifacts"), "case-cost-fee-form.png") });
            await form.GetByRole(AriaRole.Button, new() { Name = "记录" }).ClickAsync();
            var timeline = page.Locator("#timeline");
            // Trial D finding 14: a 2008 cost fee has no 收费通知 (the office gives a 收据), and the history says so.
            await Assertions.Expect(timeline).ToContainTextAsync("收取成本费用（出具收据）：");
            Assert.DoesNotContain("收费通知", await timeline.InnerTextAsync());
            var history = (await office.Handler.GetAsync($"/api/cases/{c2008}/history").Ok())["items"]!.AsArray();
            var notice = history.Last(h => (string?)h!["kind"] == "FeeNoticeIssued")!["details"]!;
            Assert.Equal(51.5m, (decimal)notice["amountYuan"]!); // 18.50 + 25 + 8
            Assert.Equal("InProgress", (string?)(await office.Handler.GetAsync($"/api/cases/{c2008}").Ok())["status"]);

            // 减免 with its reason (2008 Art. 28), then the payment of what is left.
            var reduce = page.Locator("#step-fee-reduction");
            await reduce.GetByLabel("减免日期").FillAsync("2017-04-12");
            await reduce.GetByLabel("减免后金额（元）").FillAsync("40");
            await reduce.GetByRole(AriaRole.Button, new() { Name = "记录" }).ClickAsync();
            await Assertions.Expect(page.Locator("#step-fee-reduction .error").First).ToBeVisibleAsync(); // no reason: refused
            await page.Locator("#step-fee-reduction").GetByLabel("理由").FillAsync("申请人经济困难，减收");
            await page.Locator("#step-fee-reduction").GetByRole(AriaRole.Button, new() { Name = "记录" }).ClickAsync();
            await Assertions.Expect(timeline).ToContainTextAsync("减至 40 元");
            await page.Locator("#step-fee-payment").GetByLabel("缴费日期").FillAsync("2017-04-13");
            await page.Locator("#step-fee-payment").GetByRole(AriaRole.Button, new() { Name = "记录" }).ClickAsync();
            await Assertions.Expect(timeline).ToContainTextAsync("缴纳费用");
            Assert.Equal(0, await page.Locator("#step-fee-payment").CountAsync());
            Assert.Equal(0, await page.Locator("#step-fee-notice").CountAsync());

            // Decided: the 2008 outcome in its own words, not the report's row wording.
            await office.Handler.Post($"/api/cases/{c2008}/decision", new { decidedOn = "2017-04-20", outcome = "Disclosed" }).Ok();
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("#result-outcome")).ToHaveTextAsync("同意公开");
            await Assertions.Expect(timeline).ToContainTextAsync("作出答复决定：同意公开");
            Assert.DoesNotContain("答复数", await page.Locator("main").InnerTextAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "case-cost-fee");

            // An emptied amount is priced by the command from its count (the path without the script).
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{counted}");
            form = page.Locator("#step-fee-notice");
            await form.GetByLabel("发出日期").FillAsync("2017-04-11");
            await form.GetByLabel("复制页数").FillAsync("10");
            await form.GetByLabel("复制费（元）").FillAsync("");
            await form.GetByRole(AriaRole.Button, new() { Name = "记录" }).ClickAsync();
            await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("收取成本费用（出具收据）");
            var priced = (await office.Handler.GetAsync($"/api/cases/{counted}/history").Ok())["items"]!.AsArray().Last(h => (string?)h!["kind"] == "FeeNoticeIssued")!;
            Assert.Equal(5m, (decimal)priced["details"]!["amountYuan"]!);

            // Regime 2019: the 信息处理费 methods only; received before 2021-01-01: no fee form at all.
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{c2019}");
            await Assertions.Expect(page.Locator("#step-consultation legend")).ToHaveTextAsync("征求意见（《条例》第三十二条、第三十四条）");
            await Assertions.Expect(page.Locator("#step-extension-request legend")).ToHaveTextAsync("申请延期（《条例》第三十三条第二款）");
            await Assertions.Expect(page.Locator("#step-fee-notice select[name=method]")).ToHaveCountAsync(1);
            Assert.Equal(0, await page.Locator("#step-fee-notice input[name=copyPages]").CountAsync());
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{c2020}");
            await Assertions.Expect(page.Locator("#step-decision")).ToHaveCountAsync(1);
            Assert.Equal(0, await page.Locator("#step-fee-notice").CountAsync());
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
