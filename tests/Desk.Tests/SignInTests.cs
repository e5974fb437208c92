using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

[Collection(DeskCollection.Name)]
public sealed class SignInTests(DeskFixture desk)
{
    [Fact]
    public async Task SignIn_WithThePassword_ShowsTheDeskWithProductAndAgency()
    {
        var agencies = await desk.NewAgencies();
        var page = await desk.SignedIn("clerk-" + agencies.Child.ToLowerInvariant(), agencies.Child, "IntakeOfficer");
        await DeskFixture.AssertAccessible(page);
        await DeskFixture.Screenshot(page, "signed-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await page.GetByLabel("登录名").WaitForAsync();
        await DeskFixture.Screenshot(page, "sign-in");
        await DeskFixture.AssertAccessible(page);
        await page.Context.CloseAsync();
    }
}
