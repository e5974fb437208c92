using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests.Support;

/// <summary>
/// One service and one headless Debian Chromium for every browser test (they run one after another in the
/// <see cref="DeskCollection"/>): starting either costs seconds on a two-core machine. Each test takes its own agency
/// and users, and its own browser context (cookies), so tests do not see each other's sign-in.
/// </summary>
public sealed class DeskFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium (tools/test.sh installs it); CASETRACKER_CHROMIUM names another.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable("CASETRACKER_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;
    private static int counter;

    public DeskApp App { get; private set; } = null!;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        App = new DeskApp();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
            Timeout = 60_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>A fresh agency tree for one test: a root and a child, with codes no other test uses.</summary>
    public async Task<Agencies> NewAgencies()
    {
        var n = Interlocked.Increment(ref counter);
        var suffix = $"{n}{Guid.NewGuid().ToString("N")[..4]}".ToUpperInvariant();
        var root = "R" + suffix;
        var child = "C" + suffix;
        var admin = App.Api("admin-" + root.ToLowerInvariant(), root, "Administrator");
        await admin.Post("/api/agencies", new { code = root, name = "测试省人民政府" }).Ok();
        await admin.Post("/api/agencies", new { code = child, name = "测试州人民政府", parentCode = root }).Ok();
        return new Agencies(root, child, admin);
    }

    /// <summary>A new browser context (its own cookies) signed in as <paramref name="login"/> through the real sign-in page.</summary>
    public async Task<IPage> SignedIn(string login, string agency, params string[] roles)
    {
        App.EnsureUser(login, agency, roles, name: login + "（测试）");
        return await SignedIn(App, login, DeskApp.Password);
    }

    /// <summary>A new browser context signed in to <paramref name="app"/> as an existing user, through the real sign-in page.</summary>
    public async Task<IPage> SignedIn(DeskApp app, string login, string password)
    {
        var page = await NewPage();
        await page.GotoAsync(app.BaseUrl + "/");
        await page.GetByLabel("登录名").FillAsync(login);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).WaitForAsync();
        return page;
    }

    public async Task<IPage> NewPage()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Waits until the address matches <paramref name="pattern"/> (a regular expression). Enhanced navigation changes
    /// the address without a load event, so this polls the address rather than waiting for a page load.
    /// </summary>
    public static Task AtUrl(IPage page, string pattern)
        => Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(pattern), new() { Timeout = 15_000 });

    /// <summary>axe on the page as it stands: no serious or critical violation.</summary>
    public static async Task AssertAccessible(IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, string.Join("\n", bad.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Select(n => n.Html))}")));
    }

    /// <summary>A full-page screenshot under tests/Desk.Tests/artifacts/ (kept out of git; CI keeps it with the run).</summary>
    public static async Task<string> Screenshot(IPage page, string name)
    {
        var path = Path.Combine(DeskApp.Folder("artifacts"), name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}

public sealed record Agencies(string Root, string Child, HttpClient Admin);

[CollectionDefinition(Name)]
public sealed class DeskCollection : ICollectionFixture<DeskFixture>
{
    public const string Name = "desk";
}
