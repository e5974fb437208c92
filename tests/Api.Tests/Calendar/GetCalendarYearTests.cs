using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Calendar;

public class GetCalendarYearTests(CalendarFactory factory) : IClassFixture<CalendarFactory>
{
    [Fact]
    public async Task GetCalendar_BundledYear_IsNotProvisionalAndNamesHolidays()
    {
        // law.md §2: the notices 2007–2026 ship with the product.
        var s = await Create(factory);
        var year = await Ok(s.Handler.GetAsync("/api/calendar/2026"));
        Assert.Equal(2026, (int)year["year"]!);
        Assert.False((bool)year["provisional"]!);
        var named = year["namedDays"]!.AsArray();
        Assert.Contains(named, d => (string?)d!["date"] == "2026-02-15" && (string?)d["name"] == "春节");
        Assert.Contains(named, d => (string?)d!["date"] == "2026-10-01" && (string?)d["name"] == "国庆节");
        Assert.NotEmpty(year["papers"]!.AsArray());
    }

    [Theory]
    [InlineData(1999)]
    [InlineData(2100)]
    public async Task GetCalendar_OutsideSupportedRange_Is400(int year)
    {
        var s = await Create(factory);
        var problem = await Refused(s.Handler.GetAsync($"/api/calendar/{year}"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["year"]);
    }
}
