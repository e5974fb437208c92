using System.Globalization;
using System.Text.Json.Nodes;
using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>
/// The Done-when of issue 13, walked in the browser on a service of its own whose clock moves day by day through
/// September–October 2026 (中秋节 09-25..27, 国庆节 10-01..07, 调休上班 Sunday 09-20 and Saturday 10-10, from the
/// shipped 2026 notice): a newly created intake officer registers one request per channel, confirms the two that need
/// it, and a case handler takes the in-person request through 补正, a consultation, an extension approved in 审批,
/// the decision and 送达 — all through the screens. At every step each date the case page shows is compared with
/// GET /api/cases/{id} and /history read with the same browser's cookie, and with the dates counted by hand from
/// law.md (Art. 30–33: 次日起算, pauses, the extension).
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class WalkTests(DeskFixture desk)
{
    private const string Password = "Walk-password-2026";

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task NewIntakeOfficer_RegistersFourChannels_HandlerTakesOneFromSupplementToDelivery_AndEveryDateMatchesTheApi()
    {
        // Monday 2026-09-21, 10:00 in China.
        await using var app = new DeskApp(new DateTimeOffset(2026, 9, 21, 2, 0, 0, TimeSpan.Zero));
        var suffix = Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        var root = "W" + suffix;
        var child = "WC" + suffix;
        var admin = app.Api("admin-" + root.ToLowerInvariant(), root, "Administrator");
        await admin.Post("/api/agencies", new { code = root, name = "测试省人民政府" }).Ok();
        await admin.Post("/api/agencies", new { code = child, name = "测试县人民政府办公室", parentCode = root }).Ok();
        var tag = child.ToLowerInvariant();
        var intake = await NewUser(admin, "intake-" + tag, "登记员甲", child, "IntakeOfficer");
        var handler = await NewUser(admin, "handler-" + tag, "承办人乙", child, "CaseHandler");
        var approver = await NewUser(admin, "approver-" + tag, "审批人丙", child, "Approver");
        var pages = new List<IPage>();

        async Task<IPage> SignIn(string login)
        {
            var page = await desk.SignedIn(app, login, Password);
            pages.Add(page);
            return page;
        }

        try
        {
            // ---- 2026-09-21: the intake officer registers one request per channel. ----
            var officer = await SignIn(intake);
            await DeskFixture.Screenshot(officer, "walk-01-workbench-intake");

            // 当面: handed over today, the receipt date; Art. 33: 20 working days from 09-22, skipping 中秋节 09-25..27 and
            // 国庆节 10-01..07, counting the 调休 Saturday 10-10: 09-22..24 (3), 09-28..30 (6), 10-08..10 (9),
            // 10-12..16 (14), 10-19..23 (19), 10-26 (20).
            await Choose(officer, "当面提交", "自然人");
            Assert.Equal("2026-09-21", await officer.GetByLabel("递交日期（即收到日期）").InputValueAsync());
            Assert.Contains("答复期限：2026-10-26", await officer.Locator("#due-preview").InnerTextAsync());
            await officer.GetByLabel("姓名").FillAsync("张三");
            await officer.GetByLabel("身份证号码").FillAsync("11010519491231002X");
            await officer.GetByLabel("通信地址").FillAsync("云南省楚雄市鹿城镇1号");
            await officer.GetByLabel("所需政府信息").FillAsync("2025年城市道路维修预算及执行情况");
            var inPersonNumber = await Save(officer);
            Assert.Equal("2026-10-26", await officer.Locator("#saved-due").InnerTextAsync());
            await DeskFixture.AssertAccessible(officer);
            await DeskFixture.Screenshot(officer, "walk-02-intake-in-person");
            var inPerson = await CaseByNumber(officer, inPersonNumber);

            // 信函（挂号）: signed for on Saturday 09-19 by weekend duty staff: received on the next working day, the 调休
            // Sunday 09-20 (§3, ShiftRestDayReceipt); 20 working days from 09-21: 09-21..24 (4), 09-28..30 (7),
            // 10-08..10 (10), 10-12..16 (15), 10-19..23 (20).
            await Choose(officer, "信函（挂号信、EMS，本机关签收）", "自然人");
            await officer.GetByLabel("信函到达日期").FillAsync("2026-09-19");
            await officer.GetByLabel("签收日期").FillAsync("2026-09-19");
            await officer.GetByLabel("姓名").FillAsync("李四");
            await officer.GetByLabel("通信地址").FillAsync("云南省楚雄市开发区2号");
            await officer.GetByLabel("所需政府信息").FillAsync("某小区拆迁补偿安置方案");
            await officer.GetByRole(AriaRole.Button, new() { Name = "核对并计算期限" }).ClickAsync();
            await Assertions.Expect(officer.Locator("#due-preview")).ToContainTextAsync("答复期限：2026-10-23");
            var letterNumber = await Save(officer);
            Assert.Equal("2026-10-23", await officer.Locator("#saved-due").InnerTextAsync());
            await DeskFixture.Screenshot(officer, "walk-03-intake-letter");
            var letter = await CaseByNumber(officer, letterNumber);

            // 网络 (submitted on Saturday 09-19) and 传真 (submitted on the 调休 Sunday 09-20): no clock until confirmed.
            await Choose(officer, "网络（网站、电子邮件、平台）", "商业企业");
            await officer.GetByLabel("申请提交日期").FillAsync("2026-09-19");
            await officer.GetByLabel("名称（必填）", new() { Exact = true }).FillAsync("某某科技有限公司");
            await officer.GetByLabel("电子邮箱").FillAsync("a@example.com");
            await officer.GetByLabel("所需政府信息").FillAsync("2025年政府采购合同");
            var onlineNumber = await Save(officer);
            Assert.Contains("待确认", await officer.Locator(".result").InnerTextAsync());
            await DeskFixture.Screenshot(officer, "walk-04-intake-online");

            await Choose(officer, "传真", "其他组织");
            await officer.GetByLabel("申请提交日期").FillAsync("2026-09-20");
            await officer.GetByLabel("名称（必填）", new() { Exact = true }).FillAsync("某某业主委员会");
            await officer.GetByLabel("联系电话").FillAsync("0878-1234567");
            await officer.GetByLabel("所需政府信息").FillAsync("小区周边道路规划许可");
            var faxNumber = await Save(officer);
            await DeskFixture.Screenshot(officer, "walk-05-intake-fax");

            var online = await CaseByNumber(officer, onlineNumber);
            var fax = await CaseByNumber(officer, faxNumber);
            await CheckCasePage(officer, app, (string)online["id"]!, new Expect("待确认收到", Received: null, Due: null, Left: null));
            await CheckCasePage(officer, app, (string)letter["id"]!, new Expect("办理中", "2026-09-19", "2026-10-23", 19, Counted: "2026-09-20"));
            Assert.Contains("收到日2026-09-19（星期六）为休息日，顺延至下一工作日2026-09-20", await officer.Locator("#why").InnerTextAsync());
            await DeskFixture.Screenshot(officer, "walk-06-case-letter");

            // 待确认: both sides confirmed the online request today, the fax on the 调休 Sunday 09-20 (a working day: no shift).
            await officer.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "待确认" }).ClickAsync();
            await DeskFixture.AtUrl(officer, "/awaiting-confirmation$");
            await Assertions.Expect(officer.Locator("table.list caption")).ToHaveTextAsync("待确认的申请（2件）");
            var rows = officer.Locator("table.list tbody tr");
            Assert.Equal([onlineNumber, faxNumber], (await rows.AllInnerTextsAsync()).Select(r => r.Split('\t')[0].Trim()));
            await DeskFixture.AssertAccessible(officer);
            await DeskFixture.Screenshot(officer, "walk-07-awaiting-confirmation");
            var faxRow = rows.Filter(new() { HasText = faxNumber });
            await faxRow.GetByLabel("确认日期").FillAsync("2026-09-20");
            await faxRow.GetByRole(AriaRole.Button).ClickAsync();
            await DeskFixture.AtUrl(officer, $"/cases/{(string)fax["id"]!}$");
            await CheckCasePage(officer, app, (string)fax["id"]!, new Expect("办理中", "2026-09-20", "2026-10-23", 19));

            await officer.GotoAsync(app.BaseUrl + "/awaiting-confirmation");
            var onlineRow = officer.Locator("table.list tbody tr").Filter(new() { HasText = onlineNumber });
            Assert.Equal("2026-09-21", await onlineRow.GetByLabel("确认日期").InputValueAsync());
            await onlineRow.GetByRole(AriaRole.Button).ClickAsync();
            await DeskFixture.AtUrl(officer, $"/cases/{(string)online["id"]!}$");
            await CheckCasePage(officer, app, (string)online["id"]!, new Expect("办理中", "2026-09-21", "2026-10-26", 20));
            await officer.GotoAsync(app.BaseUrl + "/awaiting-confirmation");
            await officer.Locator("#none").WaitForAsync();
            await CheckList(officer, app, 4);
            await DeskFixture.Screenshot(officer, "walk-08a-case-list");

            var inPersonId = (string)inPerson["id"]!;
            await CheckCasePage(officer, app, inPersonId, new Expect("办理中", "2026-09-21", "2026-10-26", 20));
            var why = await officer.Locator("#why").InnerTextAsync();
            Assert.Contains("自2026-09-21次日起算20个工作日", why);
            Assert.Contains("中秋节", why);
            Assert.Contains("国庆节", why);
            Assert.Contains("2026-10-10（星期六）为国庆节调休上班日", why);
            await DeskFixture.Screenshot(officer, "walk-08-case-in-person");

            // The approver assigns the in-person request to the handler on the case page.
            var boss = await SignIn(approver);
            await boss.GotoAsync($"{app.BaseUrl}/cases/{inPersonId}");
            var assign = boss.Locator("#step-assignment");
            await assign.GetByLabel("承办人").SelectOptionAsync(handler);
            await assign.GetByRole(AriaRole.Button, new() { Name = "指定" }).ClickAsync();
            await Assertions.Expect(boss.Locator("#assigned")).ToHaveTextAsync("承办人乙");
            await CheckCasePage(boss, app, inPersonId, new Expect("办理中", "2026-09-21", "2026-10-26", 20));

            // ---- 2026-09-22: 补正 (Art. 30), inside the 7-working-day window. ----
            app.SetToday(D("2026-09-22"));
            var clerk = await SignIn(handler);
            var mine = clerk.GetByRole(AriaRole.Table, new() { Name = "我承办的在办案件" });
            var mineRow = mine.Locator("tbody tr").Filter(new() { HasText = inPersonNumber });
            var listed = await ApiGet(clerk, $"{app.BaseUrl}/api/cases/{inPersonId}");
            Assert.Equal(("2026-10-26", 19), ((string)listed["dueOn"]!, (int)listed["workingDaysLeft"]!));
            var cells = (await mineRow.InnerTextAsync()).Split('\t').Select(c => c.Trim()).ToList();
            Assert.Equal(["2026-09-21", "2026-10-26", "19 个工作日"], new[] { cells[4], cells[7], cells[8] });
            await DeskFixture.Screenshot(clerk, "walk-09-workbench-handler");
            await mine.GetByRole(AriaRole.Link, new() { Name = inPersonNumber }).ClickAsync();
            await DeskFixture.AtUrl(clerk, $"/cases/{inPersonId}$");
            var step = clerk.Locator("#step-supplement-request");
            Assert.Equal("2026-09-22", await step.GetByLabel("日期").InputValueAsync());
            await step.GetByLabel("需要补正的事项").FillAsync("请写明所需信息的年份和路段名称");
            await step.GetByLabel("补正期限").FillAsync("2026-09-21");
            await Refused(clerk, "#step-supplement-request", "补正期限", "2026-09-21", "发出");
            step = clerk.Locator("#step-supplement-request");
            Assert.Equal("请写明所需信息的年份和路段名称", await step.GetByLabel("需要补正的事项").InputValueAsync());
            await step.GetByLabel("补正期限").FillAsync("");
            await step.GetByRole(AriaRole.Button, new() { Name = "发出" }).ClickAsync();
            await Assertions.Expect(clerk.Locator("#status")).ToHaveTextAsync("待补正");
            await CheckCasePage(clerk, app, inPersonId, new Expect("待补正", "2026-09-21", Due: null, Left: null));
            await DeskFixture.AssertAccessible(clerk);
            await DeskFixture.Screenshot(clerk, "walk-10-supplement-requested");

            // ---- 2026-09-24: the applicant's reply; the clock restarts: 20 working days from 09-25, skipping 中秋节 and
            // 国庆节: 09-28..30 (3), 10-08..10 (6), 10-12..16 (11), 10-19..23 (16), 10-26..29 (20). ----
            app.SetToday(D("2026-09-24"));
            clerk = await SignIn(handler);
            await clerk.GotoAsync($"{app.BaseUrl}/cases/{inPersonId}");
            step = clerk.Locator("#step-supplement");
            Assert.Equal("2026-09-24", await step.GetByLabel("收到日期").InputValueAsync());
            await step.GetByRole(AriaRole.Button, new() { Name = "记录" }).ClickAsync();
            await Assertions.Expect(clerk.Locator("#status")).ToHaveTextAsync("办理中");
            await CheckCasePage(clerk, app, inPersonId, new Expect("办理中", "2026-09-21", "2026-10-29", 20));
            Assert.Contains("收到补正之日2026-09-24，自次日起重新计算20个工作日", await clerk.Locator("#why").InnerTextAsync());
            await DeskFixture.Screenshot(clerk, "walk-11-supplement-received");

            // ---- 2026-09-28: a third party is consulted (Art. 32). Until its reply the count stops after 09-28 (1 day
            // counted) and at the latest runs again after the 15-working-day limit 10-23; the 19 days left then end on
            // 11-19: 10-26..30 (6), 11-02..06 (11), 11-09..13 (16), 11-16..19 (20). ----
            app.SetToday(D("2026-09-28"));
            clerk = await SignIn(handler);
            await clerk.GotoAsync($"{app.BaseUrl}/cases/{inPersonId}");
            step = clerk.Locator("#step-consultation");
            await step.GetByLabel("征求对象").SelectOptionAsync(new SelectOptionValue { Label = "第三方" });
            await step.GetByLabel("第三方或机关名称").FillAsync("某某建设有限公司");
            await step.GetByRole(AriaRole.Button, new() { Name = "发出" }).ClickAsync();
            await Assertions.Expect(clerk.Locator("#status")).ToHaveTextAsync("征求意见中");
            await CheckCasePage(clerk, app, inPersonId, new Expect("征求意见中", "2026-09-21", "2026-11-19", 34));
            Assert.Contains("自2026-09-29起暂停计算（征求第三方意见），第三方尚未答复，最迟至2026-10-23", await clerk.Locator("#why").InnerTextAsync());
            await DeskFixture.AssertAccessible(clerk);
            await DeskFixture.Screenshot(clerk, "walk-12-consultation-sent");

            // ---- 2026-10-10 (调休 Saturday, a working day): the third party replies. Not counted: 09-29, 09-30, 10-08,
            // 10-09, 10-10 (5 working days), so 10-29 moves 5 working days to 11-05. ----
            app.SetToday(D("2026-10-10"));
            clerk = await SignIn(handler);
            await clerk.GotoAsync($"{app.BaseUrl}/cases/{inPersonId}");
            step = clerk.Locator("#step-consultation-reply");
            Assert.Equal("2026-10-10", await step.GetByLabel("收到日期").InputValueAsync());
            await step.GetByLabel("收到日期").FillAsync("2026-09-27");
            await Refused(clerk, "#step-consultation-reply", "收到日期", "2026-09-27", "记录");
            step = clerk.Locator("#step-consultation-reply");
            await step.GetByLabel("收到日期").FillAsync("2026-10-10");
            await step.GetByLabel("是否同意公开").SelectOptionAsync(new SelectOptionValue { Label = "同意" });
            await step.GetByRole(AriaRole.Button, new() { Name = "记录" }).ClickAsync();
            await Assertions.Expect(clerk.Locator("#status")).ToHaveTextAsync("办理中");
            await CheckCasePage(clerk, app, inPersonId, new Expect("办理中", "2026-09-21", "2026-11-05", 19));
            Assert.Contains("2026-11-19 → 2026-11-05", await clerk.Locator("#timeline").InnerTextAsync());
            Assert.Contains("收到征求意见答复：某某建设有限公司（同意）", await clerk.Locator("#timeline").InnerTextAsync());
            await DeskFixture.Screenshot(clerk, "walk-13-consultation-replied");

            // ---- 2026-10-12: the handler asks for 10 more working days (Art. 33 ¶2). ----
            app.SetToday(D("2026-10-12"));
            clerk = await SignIn(handler);
            await clerk.GotoAsync($"{app.BaseUrl}/cases/{inPersonId}");
            step = clerk.Locator("#step-extension-request");
            await step.GetByLabel("延长工作日数").FillAsync("30");
            await step.GetByLabel("理由").FillAsync("涉及多个路段的档案，需调取核对");
            await Refused(clerk, "#step-extension-request", "延长工作日数", "30", "提交审批");
            step = clerk.Locator("#step-extension-request");
            await step.GetByLabel("延长工作日数").FillAsync("10");
            await step.GetByLabel("理由").FillAsync("涉及多个路段的档案，需调取核对");
            await step.GetByRole(AriaRole.Button, new() { Name = "提交审批" }).ClickAsync();
            await clerk.GetByText("正等待审批").WaitForAsync();
            await CheckCasePage(clerk, app, inPersonId, new Expect("办理中", "2026-09-21", "2026-11-05", 18));
            await DeskFixture.Screenshot(clerk, "walk-14-extension-requested");

            // ---- 2026-10-13: the approver approves in 审批: 11-05 + 10 working days = 11-19. ----
            app.SetToday(D("2026-10-13"));
            boss = await SignIn(approver);
            var waiting = await boss.GetByRole(AriaRole.Heading, new() { Name = "待我审批" }).Locator("xpath=following-sibling::ul[1]").InnerTextAsync();
            Assert.Contains($"{inPersonNumber} · 承办人乙 · 申请延期10个工作日（答复期限 2026-11-05）", waiting);
            await DeskFixture.Screenshot(boss, "walk-15a-workbench-approver");
            await boss.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "审批" }).ClickAsync();
            await DeskFixture.AtUrl(boss, "/approvals$");
            var request = boss.Locator("section.approval").Filter(new() { HasText = inPersonNumber });
            var requestText = await request.InnerTextAsync();
            Assert.Contains("延期10个工作日", requestText);
            Assert.Contains("承办人乙（2026-10-12）", requestText);
            var before = await ApiGet(boss, $"{app.BaseUrl}/api/cases/{inPersonId}");
            Assert.Equal(("2026-11-05", 17), ((string)before["dueOn"]!, (int)before["workingDaysLeft"]!));
            Assert.Contains("2026-11-05（剩余17个工作日）", requestText);
            Assert.Contains("2026-11-19", requestText);
            await DeskFixture.AssertAccessible(boss);
            await DeskFixture.Screenshot(boss, "walk-15-approvals");
            Assert.Equal("2026-10-13", await request.GetByLabel("批准日期", new() { Exact = true }).InputValueAsync());
            Assert.Equal("2026-10-13", await request.GetByLabel("告知申请人日期").InputValueAsync());
            // Approved before it was asked for: refused beside the form in Chinese, the typed date kept.
            await request.GetByLabel("批准日期", new() { Exact = true }).FillAsync("2026-10-11");
            await request.GetByRole(AriaRole.Button, new() { Name = "批准延期" }).ClickAsync();
            request = boss.Locator("section.approval").Filter(new() { HasText = inPersonNumber });
            var refusal = await request.Locator("[role=alert]").First.InnerTextAsync();
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", refusal);
            Assert.DoesNotMatch(@"[A-Za-z]{4,}", refusal);
            Assert.Equal("2026-10-11", await request.GetByLabel("批准日期", new() { Exact = true }).InputValueAsync());
            Assert.Equal("2026-11-05", (string?)(await ApiGet(boss, $"{app.BaseUrl}/api/cases/{inPersonId}"))["dueOn"]);
            await DeskFixture.AssertAccessible(boss);
            await request.GetByLabel("批准日期", new() { Exact = true }).FillAsync("2026-10-13");
            await request.GetByRole(AriaRole.Button, new() { Name = "批准延期" }).ClickAsync();
            await DeskFixture.AtUrl(boss, $"/cases/{inPersonId}$");
            await CheckCasePage(boss, app, inPersonId, new Expect("办理中", "2026-09-21", "2026-11-19", 27));
            Assert.Contains("2026-11-05 → 2026-11-19", await boss.Locator("#timeline").InnerTextAsync());
            Assert.Contains("延长10个工作日", await boss.Locator("#why").InnerTextAsync());
            await DeskFixture.Screenshot(boss, "walk-16-extension-approved");

            // ---- 2026-10-20: the decision (Art. 36(2), disclosed). ----
            app.SetToday(D("2026-10-20"));
            clerk = await SignIn(handler);
            await clerk.GotoAsync($"{app.BaseUrl}/cases/{inPersonId}");
            step = clerk.Locator("#step-decision");
            Assert.Equal("2026-10-20", await step.GetByLabel("决定日期").InputValueAsync());
            // The outcomes under the headings of the report's table 三, each option reading differently.
            Assert.Equal(["（一）予以公开", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"],
                await step.Locator("select[name=outcome] optgroup").EvaluateAllAsync<string[]>("groups => groups.map(g => g.label)"));
            var optionTexts = await step.Locator("select[name=outcome] option").AllInnerTextsAsync();
            Assert.Equal(optionTexts.Count, optionTexts.Distinct().Count());
            await step.GetByLabel("办理结果").SelectOptionAsync("Disclosed");
            await step.GetByLabel("答复要点").FillAsync("提供2025年城市道路维修预算及执行情况表");
            await step.GetByRole(AriaRole.Button, new() { Name = "记录" }).ClickAsync();
            await Assertions.Expect(clerk.Locator("#status")).ToHaveTextAsync("已决定待送达");
            await Assertions.Expect(clerk.Locator("#result-outcome")).ToHaveTextAsync("（一）予以公开");
            await Assertions.Expect(clerk.Locator("#result-delivered-on")).ToHaveTextAsync("尚未送达");
            await CheckCasePage(clerk, app, inPersonId, new Expect("已决定待送达", "2026-09-21", "2026-11-19", 22));
            await DeskFixture.AssertAccessible(clerk);
            await DeskFixture.Screenshot(clerk, "walk-17-decided");

            // ---- 2026-10-21: 送达 by post (the posting date is the delivery date), on time. ----
            app.SetToday(D("2026-10-21"));
            clerk = await SignIn(handler);
            await clerk.GotoAsync($"{app.BaseUrl}/cases/{inPersonId}");
            step = clerk.Locator("#step-delivery");
            Assert.Equal("2026-10-21", await step.GetByLabel("送达日期").InputValueAsync());
            await step.GetByLabel("送达日期").FillAsync("2026-10-19");
            await Refused(clerk, "#step-delivery", "送达日期", "2026-10-19", "记录");
            step = clerk.Locator("#step-delivery");
            await step.GetByLabel("送达日期").FillAsync("2026-10-32");
            await Refused(clerk, "#step-delivery", "送达日期", "2026-10-32", "记录");
            step = clerk.Locator("#step-delivery");
            await step.GetByLabel("送达日期").FillAsync("2026-10-21");
            await step.GetByLabel("送达方式").SelectOptionAsync(new SelectOptionValue { Label = "邮寄" });
            await step.GetByRole(AriaRole.Button, new() { Name = "记录" }).ClickAsync();
            await Assertions.Expect(clerk.Locator("#status")).ToHaveTextAsync("已办结");
            var closed = await CheckCasePage(clerk, app, inPersonId, new Expect("已办结", "2026-09-21", "2026-11-19", Left: null));
            await Assertions.Expect(clerk.Locator("#result-delivered-on")).ToHaveTextAsync("2026-10-21");
            await Assertions.Expect(clerk.Locator("#result-delivery-method")).ToHaveTextAsync("邮寄");
            await Assertions.Expect(clerk.Locator("#result-timeliness")).ToHaveTextAsync("按期答复");
            Assert.Equal("2026-10-21", (string?)closed["closedOn"]);
            Assert.False((bool)closed["closedLate"]!);
            Assert.Equal("Disclosed", (string?)closed["outcome"]);
            await DeskFixture.AssertAccessible(clerk);
            await DeskFixture.Screenshot(clerk, "walk-18-delivered");

            // The whole timeline, as counted by hand: acting date and due date before → after of every event.
            var timeline = (await clerk.Locator("#timeline tbody tr").AllInnerTextsAsync()).Select(r => r.Split('\t')).ToList();
            Assert.Equal(
                [
                    ("2026-09-21", "登记", "— → 2026-10-26"),
                    ("2026-09-21", "指定承办人", "2026-10-26"),
                    ("2026-09-22", "发出补正通知", "2026-10-26 → —"),
                    ("2026-09-24", "收到补正", "— → 2026-10-29"),
                    ("2026-09-28", "发出征求意见函", "2026-10-29 → 2026-11-19"),
                    ("2026-10-10", "收到征求意见答复", "2026-11-19 → 2026-11-05"),
                    ("2026-10-12", "申请延期", "2026-11-05"),
                    ("2026-10-13", "批准延期", "2026-11-05 → 2026-11-19"),
                    ("2026-10-20", "作出答复决定", "2026-11-19"),
                    ("2026-10-21", "送达", "2026-11-19"),
                ],
                timeline.Select(c => (c[0].Trim(), Kind(c[1]), c[3].Trim())).ToList());
            Assert.Equal(["承办人乙"], timeline.Where(c => c[1].StartsWith("送达", StringComparison.Ordinal)).Select(c => c[2].Trim()));

            // 案件列表 on the last day: the closed case and the three others, each as the API reads them.
            await CheckList(clerk, app, 4);
            await DeskFixture.Screenshot(clerk, "walk-19-case-list");
        }
        finally
        {
            foreach (var page in pages) await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// Submits the step form <paramref name="formSelector"/> and expects it refused: a Chinese problem shown in the form
    /// (beside the field or above it), what the clerk typed kept, nothing recorded (the timeline does not grow).
    /// </summary>
    private static async Task Refused(IPage page, string formSelector, string label, string typed, string button)
    {
        var events = await page.Locator("#timeline tbody tr").CountAsync();
        var form = page.Locator(formSelector);
        await form.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        var problems = page.Locator(formSelector).Locator("[role=alert]");
        await problems.First.WaitForAsync();
        foreach (var text in await problems.AllInnerTextsAsync())
        {
            Assert.DoesNotMatch(@"[A-Za-z]{4,}", text.Replace("yyyy-MM-dd", ""));
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", text);
        }

        Assert.Equal(typed, await page.Locator(formSelector).GetByLabel(label).InputValueAsync());
        Assert.Equal(events, await page.Locator("#timeline tbody tr").CountAsync());
        await DeskFixture.AssertAccessible(page);
    }

    /// <summary>
    /// 案件列表 against GET /api/cases (same session): every row's receipt date, due date and working days left.
    /// </summary>
    private static async Task CheckList(IPage page, DeskApp app, int count)
    {
        await page.GotoAsync($"{app.BaseUrl}/cases");
        var table = page.Locator("main table").Last;
        var headers = (await table.Locator("thead th").AllInnerTextsAsync()).Select(h => h.Trim()).ToList();
        var (number, received, due, left) = (headers.IndexOf("案件编号"), headers.IndexOf("收到日期"), headers.IndexOf("答复期限"), headers.IndexOf("剩余工作日"));
        var rows = (await table.Locator("tbody tr").AllInnerTextsAsync()).Select(r => r.Split('\t').Select(c => c.Trim()).ToList()).ToList();
        var api = (await ApiGet(page, $"{app.BaseUrl}/api/cases?pageSize=50"))["items"]!.AsArray();
        Assert.Equal(count, rows.Count);
        Assert.Equal(count, api.Count);
        foreach (var row in rows)
        {
            var item = api.Single(i => (string)i!["caseNumber"]! == row[number])!;
            Assert.Equal((string?)item["receivedOn"] ?? "—", row[received]);
            Assert.Equal((string?)item["dueOn"] ?? "—", row[due]);
            var days = (int?)item["workingDaysLeft"];
            Assert.Equal(days switch { null => "—", 0 => "今日到期", < 0 => $"逾期 {-days} 个工作日", _ => $"{days} 个工作日" }, row[left]);
        }
    }

    /// <summary>The event's name without the details the page appends (days, reason, party, handler).</summary>
    private static string Kind(string cell) => cell.Trim().Split('：', '（')[0];

    /// <summary>What the case page must show, counted by hand; null where nothing is shown yet.</summary>
    private sealed record Expect(string Status, string? Received, string? Due, int? Left, string? Counted = null);

    /// <summary>
    /// Compares the case page with the JSON API read through the same browser session (its cookie) and with the
    /// hand-counted <paramref name="expect"/>: status, receipt date (and the counted one when shifted), due date, working
    /// days left, and every timeline row's acting date and due date before → after against /history. Returns the case JSON.
    /// </summary>
    private static async Task<JsonNode> CheckCasePage(IPage page, DeskApp app, string id, Expect expect)
    {
        if (!page.Url.EndsWith($"/cases/{id}", StringComparison.Ordinal)) await page.GotoAsync($"{app.BaseUrl}/cases/{id}");
        var api = await ApiGet(page, $"{app.BaseUrl}/api/cases/{id}");
        var history = await ApiGet(page, $"{app.BaseUrl}/api/cases/{id}/history");

        Assert.Equal(expect.Status, await page.Locator("#status").InnerTextAsync());
        var everything = System.Text.RegularExpressions.Regex.Replace(await page.Locator("main").InnerTextAsync(), @"[A-Z0-9]+-\d{4}-\d{5}|（[a-z]+-[a-z0-9]+）|\b(PDF|JPEG|PNG|TIFF|OFD|DOCX|XLSX|ZIP)\b", "");
        Assert.DoesNotMatch(@"[A-Za-z]{3,}", everything); // no English on the page: case numbers, logins (data) and the file types the attachment form names (PDF, JPEG …) aside
        Assert.Equal(expect.Received, (string?)api["receivedOn"]);
        Assert.Equal(expect.Received ?? "—", await page.Locator("#received-on").InnerTextAsync());
        Assert.Equal(expect.Counted ?? expect.Received, (string?)api["countedReceiptDate"]);
        var counted = page.Locator("#counted-receipt");
        if (expect.Counted is null) Assert.Equal(0, await counted.CountAsync());
        else Assert.Contains(expect.Counted, await counted.InnerTextAsync());

        Assert.Equal(expect.Due, (string?)api["dueOn"]);
        Assert.Equal(expect.Due ?? "—", await page.Locator("#due-on").InnerTextAsync());
        Assert.Equal(expect.Left, (int?)api["workingDaysLeft"]);
        Assert.False((bool)api["overdue"]!);
        var left = page.Locator("#days-left");
        if (expect.Left is { } days) Assert.Equal($"剩余{days}个工作日", await left.InnerTextAsync());
        else Assert.Equal(0, await left.CountAsync());

        var items = history["items"]!.AsArray();
        var rows = (await page.Locator("#timeline tbody tr").AllInnerTextsAsync()).Select(r => r.Split('\t')).ToList();
        Assert.Equal(items.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var item = items[i]!;
            Assert.Equal((string)item["actingOn"]!, rows[i][0].Trim());
            var before = (string?)item["dueBefore"] ?? "—";
            var after = (string?)item["dueAfter"] ?? "—";
            Assert.Equal(before == after ? after : $"{before} → {after}", rows[i][3].Trim());
            Assert.Equal((string)item["actor"]!["name"]!, rows[i][2].Trim());
        }

        return api;
    }

    private static async Task<JsonNode> ApiGet(IPage page, string url)
    {
        var response = await page.Context.APIRequest.GetAsync(url, new() { Headers = new Dictionary<string, string> { ["Accept"] = "application/json" } });
        var text = await response.TextAsync();
        Assert.True(response.Ok, $"{response.Status} {url}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> CaseByNumber(IPage page, string number)
    {
        var baseUrl = new Uri(page.Url).GetLeftPart(UriPartial.Authority);
        return await ApiGet(page, $"{baseUrl}/api/cases/by-number/{Uri.EscapeDataString(number)}");
    }

    private static async Task<string> NewUser(HttpClient admin, string login, string name, string agency, string role)
    {
        await admin.Post("/api/users", new { login, name, agencyCode = agency, roles = new[] { role }, password = Password }).Ok();
        return login;
    }

    private static async Task Choose(IPage page, string channel, string kind)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "登记申请" }).ClickAsync();
        await DeskFixture.AtUrl(page, "/intake");
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
}
