using System.Net;
using System.Net.Http.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Users;

public class ResetPasswordTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static Task<HttpResponseMessage> Put(HttpClient client, string url, object body)
        => client.PutAsync(url, JsonContent.Create(body, options: Http.Json));

    [Fact]
    public async Task ResetPassword_ReturnsANewPasswordLiftsTheLockoutAndEndsSessions()
    {
        var s = await Create(factory);
        var login = "locked-" + s.Child;
        var browser = factory.SignedIn(login, s.Child, Roles.CaseHandler);
        for (var i = 0; i < 5; i++) await CaseTrackerFactory.SignIn(factory.Browser(), login, "wrong-password");
        var user = (await Ok(s.Admin.GetAsync($"/api/users?agency={s.Child}"))).AsArray().Single(u => (string)u!["login"]! == login)!;
        Assert.NotNull(user["lockedOutUntil"]);

        var reset = await Ok(s.Admin.Post($"/api/users/{login}/password-reset", new { }));
        var password = (string)reset["password"]!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/cases")).StatusCode);
        var signIn = await CaseTrackerFactory.SignIn(factory.Browser(), login, password);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
    }
}
