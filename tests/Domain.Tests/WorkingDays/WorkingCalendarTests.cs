using CaseTracker.Domain.Calendar;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.WorkingDays;

public class WorkingCalendarTests
{
    [Fact]
    public void Bundled_WhenLoaded_HoldsEveryNoticeFrom2007To2026()
    {
        Assert.Equal(Enumerable.Range(2007, 20), Cal.NoticeYears);
        Assert.False(Cal.IsProvisional(2026));
        Assert.True(Cal.IsProvisional(2027));
    }

    [Theory]
    // law.md §2: Monday–Friday is a working day unless a notice makes it a day off.
    [InlineData("2026-03-02", DayKind.Workday, null)]
    [InlineData("2026-03-07", DayKind.Weekend, null)]
    [InlineData("2026-04-06", DayKind.Holiday, "清明节")]
    [InlineData("2026-10-01", DayKind.Holiday, "国庆节")]
    // law.md §2: a Saturday declared a working day (调休上班) is a working day.
    [InlineData("2026-02-28", DayKind.MakeUpWorkday, "春节")]
    [InlineData("2026-01-04", DayKind.MakeUpWorkday, "元旦")]
    public void Day_WhenNoticeLoaded_ClassifiesByNotice(string date, DayKind kind, string? name)
    {
        var day = Cal.Day(D(date));
        Assert.Equal(kind, day.Kind);
        Assert.Equal(name, day.HolidayName);
    }

    [Fact]
    public void Day_WhenSecondNoticeAmendsFirst_LaterNoticeWins()
    {
        // law.md §2: the 2020 Spring Festival was extended to 2020-02-02 by a second notice (国办发明电〔2020〕1号);
        // 2020-02-01 (Saturday) was a make-up working day under the first notice and became a day off.
        Assert.Equal(DayKind.Holiday, Cal.Day(D("2020-02-01")).Kind);
        Assert.Equal(DayKind.Holiday, Cal.Day(D("2020-01-31")).Kind);
        Assert.True(Cal.IsWorkingDay(D("2020-02-03")));
    }

    [Fact]
    public void Day_WhenNoticeListsNeighbouringYear_AppliesIt()
    {
        // law.md §2: 2019.json lists 2018-12-29 (a Saturday make-up day) and 2018-12-31 (a day off).
        Assert.Equal(DayKind.MakeUpWorkday, Cal.Day(D("2018-12-29")).Kind);
        Assert.Equal(DayKind.Holiday, Cal.Day(D("2018-12-31")).Kind);
    }

    [Fact]
    public void AddWorkingDays_WhenMakeUpSaturdayFollows_CountsIt()
    {
        // law.md §2 and 次日起算: the first working day after Friday 2026-02-27 is Saturday 2026-02-28 (调休上班).
        Assert.Equal(D("2026-02-28"), Cal.AddWorkingDays(D("2026-02-27"), 1));
        Assert.Equal(D("2026-02-14"), Cal.AddWorkingDays(D("2026-02-13"), 1));
    }

    [Fact]
    public void AddWorkingDays_WhenProvisionalYear_SkipsWeekendsOnly()
    {
        // law.md §2: a year with no notice is provisional: weekends are days off, nothing else. 2027-01-01 counts.
        Assert.True(Cal.IsWorkingDay(D("2027-01-01")));
        Assert.False(Cal.IsWorkingDay(D("2027-01-02")));
    }

    [Fact]
    public void WithNotice_WhenYearLoaded_IsNoLongerProvisionalAndOriginalUnchanged()
    {
        var notice = HolidayNotice.Parse("""{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}""");
        var loaded = Cal.WithNotice(notice);
        Assert.False(loaded.IsProvisional(2027));
        Assert.False(loaded.IsWorkingDay(D("2027-01-01")));
        Assert.True(Cal.IsWorkingDay(D("2027-01-01")));
        Assert.True(Cal.IsProvisional(2027));
    }

    [Fact]
    public void WithNotice_WhenYearReplaced_UsesOnlyTheNewNotice()
    {
        var first = HolidayNotice.Parse("""{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}""");
        var second = HolidayNotice.Parse("""{"year":2027,"papers":[],"days":[{"name":"春节","date":"2027-02-08","isOffDay":true}]}""");
        var calendar = Cal.WithNotice(first).WithNotice(second);
        Assert.True(calendar.IsWorkingDay(D("2027-01-01")));
        Assert.False(calendar.IsWorkingDay(D("2027-02-08")));
    }

    [Theory]
    [InlineData("not json", "notice")]
    [InlineData("[]", "notice")]
    [InlineData("""{"papers":[],"days":[]}""", "year")]
    [InlineData("""{"year":2027,"papers":[]}""", "days")]
    [InlineData("""{"year":2027,"days":[{"name":"元旦","date":"2027-13-01","isOffDay":true}]}""", "days[0].date")]
    [InlineData("""{"year":2027,"days":[{"name":"","date":"2027-01-01","isOffDay":true}]}""", "days[0].name")]
    [InlineData("""{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":"yes"}]}""", "days[0].isOffDay")]
    [InlineData("""{"year":2027,"days":[{"name":"元旦","date":"2030-01-01","isOffDay":true}]}""", "days[0].date")]
    [InlineData("""{"year":2150,"days":[]}""", "year")]
    public void Parse_WhenNoticeMalformed_RefusesWithField(string json, string field)
    {
        var error = Assert.Throws<InvalidInputException>(() => HolidayNotice.Parse(json));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Parse_WhenBundledFileRoundTrips_KeepsEveryDay()
    {
        var notice = Cal.NoticeFor(2020)!;
        var again = HolidayNotice.Parse(notice.ToJson());
        Assert.Equal(notice.Days, again.Days);
        Assert.Equal(2, again.Papers.Count);
    }

    [Fact]
    public void Day_WhenOutsideRange_RefusedWithClearMessage()
    {
        var error = Assert.Throws<DomainRuleException>(() => Cal.Day(D("1999-12-31")));
        Assert.Contains("outside the working calendar", error.Message);
    }

    [Fact]
    public void WorkingDaysBetween_CountsStrictlyAfterStart()
    {
        Assert.Equal(5, Cal.WorkingDaysBetween(D("2026-03-01"), D("2026-03-06")));
        Assert.Equal(0, Cal.WorkingDaysBetween(D("2026-03-06"), D("2026-03-06")));
        Assert.Equal(0, Cal.WorkingDaysBetween(D("2026-03-06"), D("2026-03-01")));
    }
}
