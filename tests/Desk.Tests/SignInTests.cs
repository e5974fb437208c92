using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

[Collection(DeskCollection.Name)]
public sealed class SignInTests(DeskFixture desk)
{
    [Fact]
    public async Task SignIn_AsIntakeOfficer_ShowsProductAgencyAndTheIntakeNavigation()
    {
        var agencies = await desk.NewAgencies();
        var page = await desk.SignedIn("clerk-" + agencies.Child.ToLowerInvariant(), agencies.Child, "IntakeOfficer");
        try
        {
            Assert.Equal("政府信息公开申请登记", await page.Locator(".product").InnerTextAsync());
            Assert.Equal("测试州人民政府", await page.Locator("#agency").InnerTextAsync());
            var nav = await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link).AllInnerTextsAsync();
            Assert.Equal(["工作台", "登记申请", "待确认", "案件列表", "提醒", "导入", "日历"], nav);
            Assert.True(await page.EvaluateAsync<bool>("() => !!window.Blazor"), "blazor.web.js (enhanced navigation) is served by the app");
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "workbench-intake");

            await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
            await page.GetByLabel("登录名").WaitForAsync();
            Assert.Equal(0, await page.Locator("nav.desk-nav").CountAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "sign-in");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task OpeningAScreen_WhenSignedOut_SignsInAndReturnsToIt()
    {
        var agencies = await desk.NewAgencies();
        var login = "approver-" + agencies.Child.ToLowerInvariant();
        desk.App.EnsureUser(login, agencies.Child, ["Approver"]);
        var page = await desk.NewPage();
        try
        {
            await page.GotoAsync(desk.App.BaseUrl + "/alerts");
            await page.GetByLabel("登录名").FillAsync(login);
            await page.GetByLabel("密码").FillAsync(DeskApp.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "提醒", Level = 1 }).WaitForAsync();
            Assert.EndsWith("/alerts", page.Url);
            var nav = await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link).AllInnerTextsAsync();
            Assert.Equal(["工作台", "案件列表", "审批", "提醒", "日历"], nav);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
