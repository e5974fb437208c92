using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>Issue 14 item 4, security.md "Abuse and faults": every screen works under the Content-Security-Policy (no inline script).</summary>
[Collection(DeskCollection.Name)]
public sealed class ContentSecurityPolicyTests(DeskFixture desk)
{
    [Fact]
    public async Task EveryScreen_UnderTheContentSecurityPolicy_ReportsNoViolation()
    {
        var agencies = await desk.NewAgencies();
        var created = await agencies.Admin.PostAsJsonAsync("/api/cases", new
        {
            agencyCode = agencies.Child,
            channel = "InPerson",
            submittedOn = "2026-11-02",
            applicant = new { kind = "NaturalPerson", name = "张三" },
            description = "2025年城市道路维修预算及执行情况",
        });
        created.EnsureSuccessStatusCode();
        var caseId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var issued = await agencies.Admin.PostAsJsonAsync($"/api/cases/{caseId}/documents", new { kind = "Receipt" });
        issued.EnsureSuccessStatusCode();
        var documentId = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        var login = "csp-admin-" + agencies.Root.ToLowerInvariant();
        desk.App.EnsureUser(login, agencies.Root, ["Administrator", "IntakeOfficer", "CaseHandler", "Approver", "Supervisor"]);
        var page = await desk.NewPage();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            // Chromium reports a violation as a console error: "Refused to execute inline script because it violates … Content Security Policy".
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.StartsWith("Refused to", StringComparison.Ordinal))
                violations.Add($"{page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => violations.Add($"{page.Url}: {error}");
        try
        {
            var response = await page.GotoAsync(desk.App.BaseUrl + "/");
            Assert.Contains("script-src 'self'", (await response!.AllHeadersAsync())["content-security-policy"]);
            await page.GetByLabel("登录名").FillAsync(login);
            await page.GetByLabel("密码").FillAsync(DeskApp.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).WaitForAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => !!window.Blazor"), "blazor.web.js runs under the policy");

            foreach (var path in new[] { "/cases", "/intake", "/awaiting-confirmation", "/approvals", "/alerts", $"/cases/{caseId}", $"/cases/{caseId}/receipt", $"/api/cases/{caseId}/documents/{documentId}", "/" })
            {
                await page.GotoAsync(desk.App.BaseUrl + path);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            }

            // Enhanced navigation (blazor.web.js) through the main navigation, and the jobs link's style from the style sheet.
            await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "案件列表" }).ClickAsync();
            await DeskFixture.AtUrl(page, "/cases$");
            Assert.Equal("rgb(255, 255, 255)", await page.Locator(".who a.jobs").EvaluateAsync<string>("a => getComputedStyle(a).color"));

            // Swagger UI and the Hangfire dashboard (their own policy, which allows their inline script) still work.
            await page.GotoAsync(desk.App.BaseUrl + "/swagger/index.html");
            await page.Locator(".swagger-ui .info .title").WaitForAsync();
            await page.GotoAsync(desk.App.BaseUrl + "/hangfire/recurring");
            await page.Locator("h1.page-header").WaitForAsync();
            Assert.Contains("/hangfire/recurring", page.Url);
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        Assert.True(violations.Count == 0, "Content-Security-Policy violations or script errors:\n" + string.Join("\n", violations));
    }
}
