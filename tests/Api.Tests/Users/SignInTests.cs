using System.Net;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Users;

/// <summary>Issue 12: the screens' sign-in (cookie, antiforgery, lockout, sign-out) and the Hangfire dashboard behind it.</summary>
public class SignInTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task SignIn_SetsAnHttpOnlyLaxSecureCookieAndShowsTheSignedInPage()
    {
        var s = await Create(factory);
        var browser = factory.Browser();
        var page = await browser.GetStringAsync("/");
        Assert.Contains("登录", page);
        Assert.Contains("__RequestVerificationToken", page);

        var response = await CaseTrackerFactory.SignIn(browser, $"handler-{s.Child}", CaseTrackerFactory.Password);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("casetracker=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);
        Assert.Contains("secure", cookie);
        var signedIn = await browser.GetStringAsync("/");
        Assert.Contains($"handler-{s.Child}", signedIn);
        Assert.Contains("退出登录", signedIn);
    }

    [Theory]
    [InlineData("failed", "登录名或密码不正确")]
    [InlineData("locked", "账号已锁定")]
    [InlineData("local-off", "已停用本地密码登录")]
    [InlineData("oidc", "统一身份认证登录未成功")]
    [InlineData("ratelimited", "登录尝试过于频繁")]
    [InlineData("made-up", "登录未成功，请重新登录")]
    public async Task SignInPage_SaysEveryReasonInChinese_NeverShowsAResourceKey(string error, string sentence)
    {
        var page = await factory.Browser().GetStringAsync($"/?error={error}");
        Assert.Contains(sentence, page);
        Assert.DoesNotContain("Error_", page);
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_IsRefused()
    {
        var s = await Create(factory);
        var browser = factory.Browser();
        var response = await browser.PostAsync("/account/sign-in",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = $"handler-{s.Child}", ["password"] = CaseTrackerFactory.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("casetracker=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignIn_AfterFiveFailures_IsLockedOutEvenWithTheRightPassword()
    {
        var s = await Create(factory);
        var login = "guessed-" + s.Child;
        factory.EnsureUser(login, s.Child, Roles.CaseHandler);
        for (var i = 0; i < 4; i++)
            Assert.Equal("/?error=failed", (await CaseTrackerFactory.SignIn(factory.Browser(), login, "wrong")).Headers.Location?.OriginalString);
        Assert.Equal("/?error=locked", (await CaseTrackerFactory.SignIn(factory.Browser(), login, "wrong")).Headers.Location?.OriginalString);
        Assert.Equal("/?error=locked", (await CaseTrackerFactory.SignIn(factory.Browser(), login, CaseTrackerFactory.Password)).Headers.Location?.OriginalString);
        var lockedUntil = factory.Database.Scalar("SELECT lockout_end FROM users WHERE id = @id", ("id", login));
        Assert.NotNull(lockedUntil);
    }

    [Fact]
    public async Task SignIn_ReturnsOnlyToALocalPath()
    {
        var s = await Create(factory);
        var back = await CaseTrackerFactory.SignIn(factory.Browser(), $"handler-{s.Child}", CaseTrackerFactory.Password, "/hangfire");
        Assert.Equal("/hangfire", back.Headers.Location?.OriginalString);
        var away = await CaseTrackerFactory.SignIn(factory.Browser(), $"handler-{s.Child}", CaseTrackerFactory.Password, "//evil.example/");
        Assert.Equal("/", away.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var s = await Create(factory);
        var browser = factory.SignedIn($"intake-{s.Child}", s.Child, Roles.IntakeOfficer);
        await Ok(browser.GetAsync("/api/cases"));
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = await CaseTrackerFactory.FormToken(browser) };
        var response = await browser.PostAsync("/account/sign-out", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/cases")).StatusCode);
    }

    [Fact]
    public async Task CookieApiWrite_WithoutTheAntiforgeryHeader_Is400AndNothingChanges()
    {
        var s = await Create(factory);
        var browser = factory.SignedIn($"admin-{s.Root}", s.Root, Roles.Administrator);
        var header = browser.DefaultRequestHeaders.GetValues("X-CSRF-TOKEN").Single();
        browser.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        var before = factory.Snapshot();
        var problem = await Refused(browser.Post("/api/agencies", new { code = "F" + s.Child, name = "某局", parentCode = s.Root }), HttpStatusCode.BadRequest);
        Assert.Contains("X-CSRF-TOKEN", (string?)problem["detail"]);
        Assert.Equal(before, factory.Snapshot());
        // Reads need none; with the header the write goes through.
        await Ok(browser.GetAsync("/api/agencies"));
        browser.DefaultRequestHeaders.Add("X-CSRF-TOKEN", header);
        Assert.Equal(HttpStatusCode.Created, (await browser.Post("/api/agencies", new { code = "F" + s.Child, name = "某局", parentCode = s.Root })).StatusCode);
    }

    [Fact]
    public async Task Hangfire_IsForAdministratorsOfARootAgencyOnly()
    {
        var s = await Create(factory);
        Assert.Equal(HttpStatusCode.OK, (await factory.SignedIn($"admin-{s.Root}", s.Root, Roles.Administrator).GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Admin.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler).GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.As("child-admin-" + s.Child, s.Child, Roles.Administrator).GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Supervisor.GetAsync("/hangfire")).StatusCode);
        var anonymous = await factory.Browser().GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task Token_WithoutSubject_OrLivingLongerThanTheMaximum_Is401()
    {
        var s = await Create(factory);
        var key = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(CaseTrackerFactory.SigningKey));
        var options = new CaseTracker.Api.Identity.IdentityOptions();
        var user = factory.EnsureUser($"admin-{s.Root}", s.Root, Roles.Administrator);
        var noSubject = TokenIssuer.Issue(options, key, null, "x", s.Root, [Roles.Administrator], user.SecurityStamp, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        var tooLong = TokenIssuer.Issue(options, key, user, TimeSpan.FromHours(9), DateTimeOffset.UtcNow);
        var staleStamp = TokenIssuer.Issue(options, key, user.Id, user.Name, s.Root, [Roles.Administrator], "not-the-stamp", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        foreach (var token in new[] { noSubject, tooLong, staleStamp })
        {
            var client = factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/agencies")).StatusCode);
        }
    }
}
