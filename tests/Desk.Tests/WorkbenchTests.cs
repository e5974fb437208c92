using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>工作台: what a case handler sees first after signing in (today is 2026-11-25).</summary>
[Collection(DeskCollection.Name)]
public sealed class WorkbenchTests(DeskFixture desk)
{
    [Fact]
    public async Task Workbench_ForAHandler_ListsMyOpenCasesByDueDate_MyAlerts_AndRequestsAwaitingConfirmation()
    {
        var office = await Office.Open(desk);
        // Art. 33: 20 working days from the day after receipt; 2026-10-12 is overdue, 2026-10-28 is due today, 2026-11-03 has 4 left.
        var later = await office.AssignToHandler(await office.Register("2026-11-03", applicant: "王五"));
        var overdue = await office.AssignToHandler(await office.Register("2026-10-12", applicant: "李四"));
        var today = await office.AssignToHandler(await office.Register("2026-10-28", applicant: "赵六"));
        await office.Register("2026-11-02", applicant: "不是我的");
        var online = await office.Register("2026-11-24", channel: "Online", applicant: "钱七");

        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            var mine = page.GetByRole(AriaRole.Table, new() { Name = "我承办的在办案件" });
            var rows = await mine.Locator("tbody tr").AllInnerTextsAsync();
            Assert.True(rows.Count == 3, string.Join("\n", rows));
            Assert.True(rows[0].Contains((string)overdue["caseNumber"]!), string.Join("\n", rows));
            Assert.Contains((string)overdue["caseNumber"]!, rows[0]);
            Assert.Contains("逾期", rows[0]);
            Assert.Contains((string)today["caseNumber"]!, rows[1]);
            Assert.Contains("今日到期", rows[1]);
            Assert.Contains("当面", rows[1]);
            Assert.Contains((string)later["caseNumber"]!, rows[2]);
            Assert.Contains("4 个工作日", rows[2]);
            Assert.Contains("2026-12-01", rows[2]);

            var alerts = await page.GetByRole(AriaRole.Table, new() { Name = "我的提醒" }).Locator("tbody tr").AllInnerTextsAsync();
            Assert.Contains(alerts, r => r.Contains("已逾期") && r.Contains((string)overdue["caseNumber"]!));

            var awaiting = await page.GetByRole(AriaRole.Table, new() { Name = "本机关待确认收到的申请" }).Locator("tbody tr").AllInnerTextsAsync();
            Assert.Equal([(string)online["caseNumber"]!], awaiting.Select(r => r.Split('\t')[0].Trim()));
            Assert.Contains("网络", awaiting[0]);

            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "workbench");

            // The case number leads to the case page.
            await mine.GetByRole(AriaRole.Link, new() { Name = (string)overdue["caseNumber"]! }).ClickAsync();
            await DeskFixture.AtUrl(page, $"/cases/{(string)overdue["id"]!}$");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Workbench_ForAnApprover_ShowsTheApprovalsSlot()
    {
        var office = await Office.Open(desk);
        var page = await office.SignIn(office.ApproverLogin, office.Child, "Approver");
        try
        {
            await page.GetByRole(AriaRole.Heading, new() { Name = "待我审批" }).WaitForAsync();
            Assert.Equal(0, await page.GetByRole(AriaRole.Heading, new() { Name = "我承办的在办案件" }).CountAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "workbench-approver");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
