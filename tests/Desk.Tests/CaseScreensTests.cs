using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>登记申请, 待确认, 案件 and 审批 in the browser, doing the real task (today is 2026-11-25).</summary>
[Collection(DeskCollection.Name)]
public sealed class CaseScreensTests(DeskFixture desk)
{
    private async Task Choose(IPage page, string channel, string kind = "自然人")
    {
        await page.GotoAsync($"{desk.App.BaseUrl}/intake");
        await page.GetByLabel(channel, new() { Exact = true }).CheckAsync();
        await page.GetByLabel(kind, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步：填写申请" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).WaitForAsync();
    }

    private static async Task<string> Save(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        var heading = page.Locator("#saved-heading");
        await heading.WaitForAsync();
        return (await heading.InnerTextAsync()).Replace("已登记：", "").Trim();
    }

    [Fact]
    public async Task Intake_RegistersALetterAndEveryOtherChannel()
    {
        var office = await Office.Open(desk);
        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            // A signed-for letter: the signing date is the receipt date, so the due date shows before saving.
            await Choose(page, "信函（挂号信、EMS，本机关签收）");
            Assert.Equal(1, await page.GetByLabel("签收日期").CountAsync());
            Assert.Equal(0, await page.GetByLabel("电子邮箱").CountAsync());
            Assert.Contains("答复期限：2026-12-23", await page.Locator("#due-preview").InnerTextAsync());
            await page.GetByLabel("信函到达日期").FillAsync("2026-11-20");
            await page.GetByLabel("签收日期").FillAsync("2026-11-23");
            await page.GetByLabel("姓名").FillAsync("张三");
            await page.GetByLabel("身份证号码").FillAsync("11010519491231002X");
            await page.GetByLabel("通信地址").FillAsync("云南省楚雄市鹿城镇1号");
            await page.GetByLabel("所需政府信息").FillAsync("2025年城市道路维修预算及执行情况");
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "intake-letter");
            var letter = await Save(page);
            Assert.Equal("2026-12-21", await page.Locator("#saved-due").InnerTextAsync());
            Assert.Equal("1101**********002X", await page.Locator("#saved-id").InnerTextAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "intake-saved");

            // A mistyped ID number is refused beside the field and the text stays.
            await Choose(page, "当面提交");
            await page.GetByLabel("姓名").FillAsync("李四");
            await page.GetByLabel("身份证号码").FillAsync("110105194912310021");
            await page.GetByLabel("所需政府信息").FillAsync("某小区拆迁补偿安置方案");
            await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
            await page.GetByText("校验码不符（GB 11643-1999）").WaitForAsync();
            Assert.Equal("110105194912310021", await page.GetByLabel("身份证号码").InputValueAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "intake-problem");
            await page.GetByLabel("身份证号码").FillAsync("11010519491231002X");
            var inPerson = await Save(page);

            foreach (var (channel, contact) in new[] { ("信函（平信）", "通信地址"), ("网络（网站、电子邮件、平台）", "电子邮箱"), ("传真", "联系电话") })
            {
                await Choose(page, channel, "商业企业");
                Assert.Equal(0, await page.GetByLabel("签收日期").CountAsync());
                await page.GetByLabel("名称（必填）", new() { Exact = true }).FillAsync("某某科技有限公司");
                await page.GetByLabel(contact).FillAsync(contact == "电子邮箱" ? "a@example.com" : "0878-1234567");
                await page.GetByLabel("所需政府信息").FillAsync("2025年政府采购合同");
                await Save(page);
                Assert.Contains("待确认", await page.Locator(".result").InnerTextAsync());
            }

            var list = await office.Intake.GetAsync("/api/cases?pageSize=50").Ok();
            Assert.Equal(5, (int)list["total"]!);
            Assert.NotEqual(letter, inPerson);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task AwaitingConfirmation_ConfirmsAnOnlineRequest()
    {
        var office = await Office.Open(desk);
        var online = await office.Register("2026-11-20", channel: "Online", applicant: "钱七");
        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "待确认" }).ClickAsync();
            await page.WaitForURLAsync("**/awaiting-confirmation");
            var row = page.Locator("table.list").GetByRole(AriaRole.Row).Filter(new() { HasText = (string)online["caseNumber"]! });
            await row.WaitForAsync();
            Assert.Contains("已超过下一个工作日仍未确认", await row.InnerTextAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "awaiting-confirmation");
            await row.GetByLabel("确认日期").FillAsync("2026-11-23");
            await row.GetByRole(AriaRole.Button).ClickAsync();
            await page.WaitForURLAsync($"**/cases/{(string)online["id"]!}");
            Assert.Equal("办理中", await page.Locator("#status").InnerTextAsync());
            Assert.Equal("2026-12-21", await page.Locator("#due-on").InnerTextAsync());
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Extension_HandlerRequests_ApproverApproves_AndTheDueDateOnTheCasePageMoves()
    {
        var office = await Office.Open(desk);
        var @case = await office.AssignToHandler(await office.Register("2026-11-02"));
        var id = (string)@case["id"]!;
        var handler = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        var approver = await office.SignIn(office.ApproverLogin, office.Child, "Approver");
        try
        {
            await handler.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            Assert.Equal("2026-11-30", await handler.Locator("#due-on").InnerTextAsync());
            Assert.Contains("自2026-11-02次日起算20个工作日", await handler.Locator("#why").InnerTextAsync());
            await DeskFixture.AssertAccessible(handler);
            await DeskFixture.Screenshot(handler, "case");
            var form = handler.Locator("#step-extension-request");
            await form.GetByLabel("日期").FillAsync("2026-11-24");
            await form.GetByLabel("延长工作日数").FillAsync("10");
            await form.GetByLabel("理由").FillAsync("涉及多个部门档案，需调取核对");
            await form.GetByRole(AriaRole.Button, new() { Name = "提交审批" }).ClickAsync();
            await handler.GetByText("正等待审批").WaitForAsync();

            await approver.GotoAsync($"{desk.App.BaseUrl}/approvals");
            var request = approver.Locator("section.approval").Filter(new() { HasText = (string)@case["caseNumber"]! });
            Assert.Contains("2026-12-14", await request.InnerTextAsync());
            await DeskFixture.AssertAccessible(approver);
            await DeskFixture.Screenshot(approver, "approvals");
            await request.GetByLabel("批准日期", new() { Exact = true }).FillAsync("2026-11-25");
            await request.GetByLabel("告知申请人日期").FillAsync("2026-11-25");
            await request.GetByRole(AriaRole.Button, new() { Name = "批准延期" }).ClickAsync();
            await approver.WaitForURLAsync($"**/cases/{id}");
            Assert.Equal("2026-12-14", await approver.Locator("#due-on").InnerTextAsync());

            await handler.ReloadAsync();
            Assert.Equal("2026-12-14", await handler.Locator("#due-on").InnerTextAsync());
            Assert.Contains("2026-11-30 → 2026-12-14", await handler.Locator("#timeline").InnerTextAsync());
            Assert.Contains("延长10个工作日", await handler.Locator("#why").InnerTextAsync());
            await DeskFixture.AssertAccessible(handler);
            await DeskFixture.Screenshot(handler, "case-extended");
        }
        finally
        {
            await handler.Context.CloseAsync();
            await approver.Context.CloseAsync();
        }
    }

    // Trial B: two consultations running at once were each shown with their own day count and nothing said how long the
    // clock actually stood still. "为什么是这一天" now adds the total, the overlap counted once, equal to the API's
    // explanation (pausedWorkingDays, and the counted days plus the paused days are every working day to the due date).
    [Fact]
    public async Task CasePage_TwoOverlappingConsultations_SaysTheWorkingDaysPausedInAll_AsTheApi()
    {
        var office = await Office.Open(desk);
        var id = (string)(await office.Register("2026-03-02"))["id"]!;
        var first = await office.Handler.Post($"/api/cases/{id}/consultations", new { kind = "ThirdParty", party = "甲公司", sentOn = "2026-03-10" }).Ok();
        var second = await office.Handler.Post($"/api/cases/{id}/consultations", new { kind = "OtherAgency", party = "乙局", sentOn = "2026-03-12" }).Ok();
        await office.Handler.Post($"/api/cases/{id}/consultations/{first["consultationId"]}/reply", new { receivedOn = "2026-03-18", consents = true }).Ok();
        await office.Handler.Post($"/api/cases/{id}/consultations/{second["consultationId"]}/reply", new { receivedOn = "2026-03-20" }).Ok();
        var explanation = (await office.Handler.GetAsync($"/api/cases/{id}/deadline").Ok())["explanation"]!;
        var pauses = explanation["pauses"]!.AsArray().Select(p => (int)p!["workingDays"]!).ToList();
        Assert.Equal([6, 6], pauses);
        Assert.Equal(8, (int)explanation["pausedWorkingDays"]!);

        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            var why = page.Locator("#why li");
            await Assertions.Expect(why.Filter(new() { HasText = "暂停计算（6个工作日不计入）" })).ToHaveCountAsync(2);
            await Assertions.Expect(why.Filter(new() { HasText = "合计暂停计算" })).ToHaveTextAsync($"合计暂停计算{explanation["pausedWorkingDays"]}个工作日（同一天有两项暂停的只计一次）。");
            Assert.Equal((string?)explanation["dueOn"], await page.Locator("#due-on").InnerTextAsync());
            await DeskFixture.AssertAccessible(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
