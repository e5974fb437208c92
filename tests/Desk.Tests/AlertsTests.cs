using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>提醒: a handler's alerts, acknowledged through the same command as the API; the agency's and the tree's (today is 2026-11-25).</summary>
[Collection(DeskCollection.Name)]
public sealed class AlertsTests(DeskFixture desk)
{
    [Fact]
    public async Task Alerts_HandlerAcknowledgesTheirOverdueAlert_AndTheSupervisorSeesItAcknowledgedInTheTree()
    {
        var office = await Office.Open(desk);
        var overdue = await office.AssignToHandler(await office.Register("2026-10-12", applicant: "李四"));
        var number = (string)overdue["caseNumber"]!;
        var unassigned = await office.Register("2026-10-13", applicant: "周八");

        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "提醒" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "提醒", Level = 1 }).WaitForAsync();
            var table = page.GetByRole(AriaRole.Table, new() { Name = "提醒（按期限排序）" });
            var row = table.Locator("tbody tr", new() { HasText = "已逾期" });
            Assert.Contains(number, await row.InnerTextAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "alerts");

            await row.GetByRole(AriaRole.Button, new() { Name = $"确认已知悉提醒：已逾期 {number}" }).ClickAsync();
            await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已确认知悉" }).WaitForAsync();
            Assert.Equal(0, await table.Locator("tbody tr", new() { HasText = "已逾期" }).CountAsync());

            await page.GetByLabel("处理情况").SelectOptionAsync("acknowledged");
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await DeskFixture.AtUrl(page, "status=acknowledged");
            await Assertions.Expect(page.GetByLabel("处理情况")).ToHaveValueAsync("acknowledged");
            Assert.Contains("确认知悉", await table.Locator("tbody tr", new() { HasText = number }).InnerTextAsync());
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        // The intake officer sees the agency's alerts but is not a recipient: no button.
        var intake = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            await intake.GotoAsync(desk.App.BaseUrl + "/alerts?scope=agency&status=open");
            var rows = intake.GetByRole(AriaRole.Table, new() { Name = "提醒（按期限排序）" }).Locator("tbody tr");
            Assert.Contains((string)unassigned["caseNumber"]!, await rows.First.InnerTextAsync());
            Assert.Equal(0, await intake.GetByRole(AriaRole.Button, new() { Name = "知悉" }).CountAsync());
            Assert.Equal(["我的", "本机关"], await intake.GetByRole(AriaRole.Navigation, new() { Name = "范围" }).GetByRole(AriaRole.Link).AllInnerTextsAsync());
        }
        finally
        {
            await intake.Context.CloseAsync();
        }

        var supervisor = await office.SignIn(office.SupervisorLogin, office.Root, "Supervisor");
        try
        {
            await supervisor.GotoAsync(desk.App.BaseUrl + "/alerts");
            await supervisor.GetByRole(AriaRole.Link, new() { Name = "本机关及下级" }).ClickAsync();
            await DeskFixture.AtUrl(supervisor, "scope=tree");
            await Assertions.Expect(supervisor.Locator(".tabs a[aria-current=page]")).ToHaveTextAsync("本机关及下级");
            await supervisor.GetByLabel("处理情况").SelectOptionAsync("all");
            await supervisor.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await DeskFixture.AtUrl(supervisor, "status=all");
            await Assertions.Expect(supervisor.GetByLabel("处理情况")).ToHaveValueAsync("all");
            var acknowledged = supervisor.GetByRole(AriaRole.Table, new() { Name = "提醒（按期限排序）" }).Locator("tbody tr", new() { HasText = number });
            Assert.Contains($"2026-11-25 10:00 由 {office.HandlerLogin} 确认知悉", await acknowledged.InnerTextAsync());
            await DeskFixture.AssertAccessible(supervisor);
            await DeskFixture.Screenshot(supervisor, "alerts-tree");

            // By kind: the overdue alert stays under 已逾期, and no request of this tree awaits receipt confirmation.
            await supervisor.GetByLabel("提醒类别").SelectOptionAsync("Overdue");
            await supervisor.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await DeskFixture.AtUrl(supervisor, "kind=Overdue");
            Assert.Contains(number, await supervisor.GetByRole(AriaRole.Table, new() { Name = "提醒（按期限排序）" }).InnerTextAsync());
            await supervisor.GetByRole(AriaRole.Link, new() { Name = "本机关", Exact = true }).ClickAsync();
            await DeskFixture.AtUrl(supervisor, "scope=agency&status=all&kind=Overdue");
            await supervisor.GetByLabel("提醒类别").SelectOptionAsync("ReceiptUnconfirmed");
            await supervisor.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await DeskFixture.AtUrl(supervisor, "kind=ReceiptUnconfirmed");
            await Assertions.Expect(supervisor.Locator("p.empty")).ToHaveTextAsync("没有符合条件的提醒。");
        }
        finally
        {
            await supervisor.Context.CloseAsync();
        }
    }
}
