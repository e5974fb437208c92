using System.Net;
using System.Net.Http.Json;
using CaseTracker.Api.Tests.PersonalData;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.PersonalData;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>security.md "Personal data": a full ID number is searched by its keyed hash and need never travel in a query string.</summary>
public class SearchByIdNumberTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task ListCases_WithIdHash_FindsTheSameCasesAsTheIdNumber_AndExportsByIt()
    {
        var s = await Create(factory);
        await ShowApplicantTests.RegisterWithPersonalData(s);
        var hash = factory.Services.GetRequiredService<PersonalDataProtector>().IdHash(ShowApplicantTests.IdNumber)!;

        var byHash = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&idHash={hash}"));
        Assert.Equal(1, (int)byHash["total"]!);
        var byNumber = await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&idNumber={ShowApplicantTests.IdNumber}"));
        Assert.Equal((string?)byNumber["items"]![0]!["id"], (string?)byHash["items"]![0]!["id"]);
        var other = factory.Services.GetRequiredService<PersonalDataProtector>().IdHash("11010519491231002X");
        Assert.Equal(0, (int)(await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&idHash={other}")))["total"]!);

        var csv = await s.Handler.GetAsync($"/api/cases?agency={s.Child}&idHash={hash}&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal(2, (await csv.Content.ReadAsStringAsync()).TrimEnd().Split("\r\n").Length);
    }

    [Fact]
    public async Task SearchCases_WithTheIdNumberInTheBody_FindsTheCase()
    {
        var s = await Create(factory);
        await ShowApplicantTests.RegisterWithPersonalData(s);
        var found = await Ok(s.Handler.PostAsJsonAsync("/api/cases/search", new { agency = s.Child, idNumber = ShowApplicantTests.IdNumber }));
        Assert.Equal(1, (int)found["total"]!);
        Assert.Equal(0, (int)(await Ok(s.Handler.PostAsJsonAsync("/api/cases/search", new { agency = s.Child, idNumber = "11010519491231002X" })))["total"]!);
    }

    /// <summary>
    /// Every search by a full ID number is in the personal-data access log: who, when, which agency, that it was a search by ID
    /// number and how many cases it found — never the number or its hash (issue 14). A list without such a filter, and a
    /// refused one, write nothing.
    /// </summary>
    [Fact]
    public async Task SearchesByIdNumber_AreInTheAccessLog_WithTheirCount_NeverTheNumber()
    {
        var s = await Create(factory);
        await ShowApplicantTests.RegisterWithPersonalData(s);
        await ShowApplicantTests.RegisterWithPersonalData(s);
        var hash = factory.Services.GetRequiredService<PersonalDataProtector>().IdHash(ShowApplicantTests.IdNumber)!;
        const string nobody = "11010519491231002X";

        await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&status=InProgress"));           // no ID filter: not logged
        await Refused(s.Handler.GetAsync($"/api/cases?agency={s.Child}&idNumber=110105"), HttpStatusCode.BadRequest); // refused: not logged
        var none = await Ok(s.Admin.GetAsync($"/api/audit/personal-data?userId=handler-{s.Child}"));
        Assert.Equal(0, (int)none["total"]!);

        Assert.Equal(2, (int)(await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}&idHash={hash}&pageSize=1")))["total"]!);
        Assert.Equal(0, (int)(await Ok(s.Handler.PostAsJsonAsync("/api/cases/search", new { agency = s.Child, idNumber = nobody })))["total"]!);
        Assert.Equal(2, (int)(await Ok(s.Handler.GetAsync($"/api/cases?q={ShowApplicantTests.IdNumber}")))["total"]!); // keyword = a whole number
        var csv = await s.Handler.GetAsync($"/api/cases?agency={s.Child}&idHash={hash}&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);

        var response = await s.Admin.GetAsync($"/api/audit/personal-data?userId=handler-{s.Child}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(ShowApplicantTests.IdNumber, text);
        Assert.DoesNotContain(nobody, text);
        Assert.DoesNotContain(hash, text, StringComparison.OrdinalIgnoreCase);
        var items = System.Text.Json.Nodes.JsonNode.Parse(text)!["items"]!.AsArray().Reverse().ToList(); // newest first → oldest first
        Assert.Equal(4, items.Count);
        Assert.All(items, e =>
        {
            Assert.Equal("SearchedByIdNumber", (string?)e!["action"]);
            Assert.Null(e["caseId"]?.GetValue<string?>());
            Assert.Equal(s.Child, (string?)e["agencyCode"]);
            Assert.Equal($"handler-{s.Child}", (string?)e["userId"]);
            Assert.False(string.IsNullOrEmpty((string?)e["userName"]));
            Assert.True(DateTimeOffset.Parse((string)e["at"]!) > DateTimeOffset.UtcNow.AddYears(-5));
        });
        Assert.Equal([2, 0, 2, 2], items.Select(e => (int)e!["resultCount"]!).ToArray());
        Assert.Equal(["按证件号码查询案件列表", "按证件号码查询案件列表", "按证件号码查询案件列表", "按证件号码导出案件列表"], items.Select(e => (string)e!["reason"]!).ToArray());

        // A handler of the agency may not read the log; an Administrator above it may (as for full reads).
        await Refused(s.Handler.GetAsync("/api/audit/personal-data"), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("110105")]
    [InlineData("110105194")]
    [InlineData("11010519491231")]
    [InlineData("1101051949123100")]
    public async Task ListCases_WithAPartOfAnIdNumber_Is400InChinese(string part)
    {
        var s = await Create(factory);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases?agency={s.Child}&idNumber={part}");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var problem = await Refused(s.Handler.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.StartsWith("需填写完整证件号码", (string?)problem["errors"]!["idNumber"]![0]);
    }

    [Fact]
    public async Task ListCases_WithAnIdHashThatIsNotOne_Is400()
    {
        var s = await Create(factory);
        var problem = await Refused(s.Handler.GetAsync($"/api/cases?agency={s.Child}&idHash=11010519491231002X"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["idHash"]);
    }
}
