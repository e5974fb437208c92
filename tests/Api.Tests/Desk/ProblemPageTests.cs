using System.Net;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Desk;

/// <summary>
/// A refusal met in a browser on a desk address is a Chinese page, and no Accept header turns a refusal into a 500
/// (found by a new office trying the product: <c>Accept: text/html</c> alone gave an empty 500).
/// </summary>
public class ProblemPageTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static HttpRequestMessage Get(string url, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/approvals")]
    public async Task DeskAddress_RefusedInABrowser_IsAChinesePageNotJson(string url)
    {
        var s = await Create(factory);
        var handler = factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler);
        var response = await handler.SendAsync(Get(url, "text/html"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("无权操作", page);
        Assert.Contains("返回工作台", page);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/png")]
    public async Task ApiRoute_RefusedWithAnAcceptThatExcludesJson_IsStillProblemDetailsNot500(string accept)
    {
        var s = await Create(factory);
        var handler = factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler);
        var response = await handler.SendAsync(Get("/api/users", accept));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
