using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>The 承办人 choice on the case page, and the 403 page naming the agency (today is 2026-11-25).</summary>
[Collection(DeskCollection.Name)]
public sealed class AssignmentTests(DeskFixture desk)
{
    [Fact]
    public async Task AssigneeChoice_ListsCaseHandlersFirst_ThenOtherActiveUsersLabelled()
    {
        var office = await Office.Open(desk);
        var tag = office.Child.ToLowerInvariant();
        // Named so that by name alone the approver would come first: the handlers still lead.
        desk.App.EnsureUser("aaa-" + tag, office.Child, ["Approver"], name: "Aaa审批");
        desk.App.EnsureUser("zzz-" + tag, office.Child, ["CaseHandler"], name: "Zzz承办");
        var registered = await office.Register("2026-11-02");

        var page = await office.SignIn(office.ApproverLogin, office.Child, "Approver");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{(string)registered["id"]!}");
            var choice = page.Locator("select[name=userId]");
            await choice.WaitForAsync();
            var options = (await choice.Locator("option").AllInnerTextsAsync()).Where(o => o != "—").ToList();
            var handlers = options.TakeWhile(o => o.EndsWith("· 承办人", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, handlers.Count);
            Assert.Contains(handlers, o => o.Contains($"（{office.HandlerLogin}）"));
            Assert.Contains(handlers, o => o.StartsWith($"Zzz承办（zzz-{tag}）", StringComparison.Ordinal));
            var others = options.Skip(handlers.Count).ToList();
            Assert.All(others, o => Assert.Contains("· 非承办人：", o));
            Assert.Contains($"Aaa审批（aaa-{tag}）· 非承办人：审批人", others);
            Assert.Contains(others, o => o.Contains($"（{office.IntakeLogin}）· 非承办人：登记员"));
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "case-assignee-choice");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Forbidden_ThePageNamesTheUsersAgencyByCodeAndName()
    {
        var office = await Office.Open(desk);
        var page = await office.SignIn(office.IntakeLogin, office.Child, "IntakeOfficer");
        try
        {
            var response = await page.GotoAsync($"{desk.App.BaseUrl}/approvals");
            Assert.Equal(403, response!.Status);
            var text = await page.Locator("main").InnerTextAsync();
            Assert.Contains($"（所属机关{office.Child} 测试州人民政府）", text);
            await DeskFixture.Screenshot(page, "forbidden");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
