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
