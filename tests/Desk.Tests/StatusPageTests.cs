using System.Net.Http.Json;
using System.Text.Json;
using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>
/// Trial C finding 2: the applicant's public status page /status (no sign-in, Chinese): the case number and the 查询码 of the
/// 登记回执 show the status, the received and due dates, nothing personal; a wrong code gets the API's own Chinese sentence;
/// the lookups share the API's rate limit per address (the empty form does not count) and a refusal is a Chinese page.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class StatusPageTests(DeskFixture desk)
{
    [Fact]
    public async Task Applicant_LooksUpTheCase_WithoutSigningIn_AndAWrongCodeGetsTheApisSentence()
    {
        var office = await Office.Open(desk);
        var registered = await office.Register("2026-11-02", applicant: "卫查询");
        var id = (string)registered["id"]!;
        var number = (string)registered["caseNumber"]!;
        var issued = await office.Intake.Post($"/api/cases/{id}/documents", new { kind = "Receipt" }).Ok();
        var code = (string)issued["lookupCode"]!;
        var page = await desk.NewPage();
        try
        {
            // Showing the form is not a lookup: it never meets the limit.
            for (var i = 0; i < 12; i++)
                Assert.Equal(200, (await page.GotoAsync($"{desk.App.BaseUrl}/status"))!.Status);
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).CountAsync());
            await DeskFixture.AssertAccessible(page);

            await page.GetByLabel("案件编号").FillAsync(number);
            await page.GetByLabel("查询码").FillAsync(code.ToLowerInvariant());
            await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
            await page.Locator("#status-result").WaitForAsync();
            Assert.Equal(number, await page.Locator("#status-case").InnerTextAsync());
            Assert.Equal("办理中", await page.Locator("#status-state").InnerTextAsync());
            Assert.Equal("2026年11月2日", await page.Locator("#status-received").InnerTextAsync());
            var due = DateOnly.ParseExact((string)registered["dueOn"]!, "yyyy-MM-dd");
            Assert.Equal($"最迟于{due.Year}年{due.Month}月{due.Day}日作出答复", await page.Locator("#status-due").InnerTextAsync());
            Assert.DoesNotContain("卫查询", await page.ContentAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "status-found");

            // A wrong code: the API's sentence, in Chinese, naming neither part as the wrong one.
            await page.GetByLabel("查询码").FillAsync("ABCDEFGHJK");
            await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
            await page.Locator("#status-problem").WaitForAsync();
            var shown = await page.Locator("#status-problem").InnerTextAsync();
            var api = await page.APIRequest.GetAsync($"{desk.App.BaseUrl}/api/status?number={Uri.EscapeDataString(number)}&code=ABCDEFGHJK",
                new() { Headers = new Dictionary<string, string> { ["Accept-Language"] = "zh-CN" } });
            Assert.Equal(404, api.Status);
            using (var problem = JsonDocument.Parse(await api.TextAsync()))
                Assert.Equal(problem.RootElement.GetProperty("detail").GetString(), shown);
            Assert.Equal(0, await page.Locator("#status-result").CountAsync());
            await DeskFixture.Screenshot(page, "status-wrong-code");

            // The page's lookups and the API's share one budget per address; past it, a Chinese page with Retry-After.
            IResponse? last = null;
            for (var i = 0; i < 12 && (last is null || last.Status != 429); i++)
            {
                await page.GetByLabel("查询码").FillAsync("ABCDEFGHJK");
                var wait = page.WaitForResponseAsync(r => r.Url.EndsWith("/status", StringComparison.Ordinal) && r.Request.Method == "POST");
                await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
                last = await wait;
                await page.WaitForLoadStateAsync();
            }

            Assert.Equal(429, last!.Status);
            Assert.NotNull(last.Headers.GetValueOrDefault("retry-after"));
            Assert.StartsWith("查询过于频繁", await page.Locator("#status-problem").InnerTextAsync());
            await DeskFixture.Screenshot(page, "status-too-many");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Settings_TheStatusPageAddress_IsSetOnTheDesk_AndTheReceiptNamesIt()
    {
        var office = await Office.Open(desk);
        var admin = desk.App.Api("admin-" + office.Child.ToLowerInvariant(), office.Child, "Administrator");
        var page = await desk.SignedIn("admin-" + office.Child.ToLowerInvariant(), office.Child, "Administrator");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/admin/settings?agency={office.Child}");
            await page.GetByLabel("办理进度查询网址").FillAsync("xxgk.example.gov.cn/status");
            await page.Locator("#save-documents").ClickAsync();
            await page.Locator("#doc-statusPageUrl-error").WaitForAsync();
            Assert.StartsWith("办理进度查询网址须为完整网址", await page.Locator("#doc-statusPageUrl-error").InnerTextAsync());

            await page.GetByLabel("办理进度查询网址").FillAsync("https://xxgk.example.gov.cn/status");
            await page.GetByLabel("行政复议机关").FillAsync("测试省人民政府");
            await page.Locator("#save-documents").ClickAsync();
            await page.Locator("#done").WaitForAsync();
            var settings = await admin.GetAsync($"/api/agencies/{office.Child}/document-settings").Ok();
            Assert.Equal("https://xxgk.example.gov.cn/status", (string)settings["statusPageUrl"]!);
            await DeskFixture.AssertAccessible(page);

            // Emptying the review body on the desk is said in the confirmation.
            await page.GetByLabel("行政复议机关").FillAsync("");
            await page.Locator("#save-documents").ClickAsync();
            await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("已清除：行政复议机关");
            await DeskFixture.Screenshot(page, "settings-status-page");

            var c = await office.Register("2026-11-02");
            var issued = await office.Intake.Post($"/api/cases/{(string)c["id"]!}/documents", new { kind = "Receipt" }).Ok();
            var receipt = await desk.App.Api(office.IntakeLogin, office.Child, "IntakeOfficer")
                .GetStringAsync($"/api/cases/{(string)c["id"]!}/documents/{(string)issued["id"]!}?format=html");
            Assert.Contains("查询网址：", receipt);
            Assert.Contains("https://xxgk.example.gov.cn/status", receipt);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
