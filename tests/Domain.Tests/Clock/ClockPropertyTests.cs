using CaseTracker.Domain.Calendar;
using CaseTracker.Domain.Clock;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Clock;

/// <summary>Properties over many generated cases, from a fixed seed so a failure repeats.</summary>
public class ClockPropertyTests
{
    private const int Runs = 3000;

    private static IEnumerable<(DateOnly Base, int Days, PausedSpan[] Pauses)> Generated(int seed)
    {
        var random = new Random(seed);
        var first = new DateOnly(2008, 5, 1).DayNumber;
        var last = new DateOnly(2027, 6, 30).DayNumber;
        for (var i = 0; i < Runs; i++)
        {
            var baseDate = DateOnly.FromDayNumber(random.Next(first, last));
            var pauses = Enumerable.Range(0, random.Next(0, 4))
                .Select(_ =>
                {
                    var after = baseDate.AddDays(random.Next(-10, 40));
                    return new PausedSpan(after, after.AddDays(random.Next(0, 30)));
                })
                .OrderBy(p => p.After)
                .ToArray();
            yield return (baseDate, random.Next(1, 41), pauses);
        }
    }

    [Fact]
    public void DueDate_EqualsTheDayByDayCount()
    {
        // law.md §2, §4: the indexed clock agrees with counting on a wall calendar, pauses included.
        foreach (var (baseDate, days, pauses) in Generated(1))
            Assert.Equal(NaiveDue(Cal, baseDate, days, pauses), StatutoryClock.DueDate(Cal, baseDate, days, pauses));
    }

    [Fact]
    public void DueDate_IsAlwaysAWorkingDayAfterTheBase()
    {
        foreach (var (baseDate, days, pauses) in Generated(2))
        {
            var due = StatutoryClock.DueDate(Cal, baseDate, days, pauses);
            Assert.True(Cal.IsWorkingDay(due), $"{due} is not a working day");
            Assert.True(due > baseDate);
        }
    }

    [Fact]
    public void DueDate_WhenAHolidayIsAdded_NeverMovesEarlier()
    {
        var random = new Random(3);
        foreach (var (baseDate, days, pauses) in Generated(4).Take(400))
        {
            var before = StatutoryClock.DueDate(Cal, baseDate, days, pauses);
            var extra = baseDate.AddDays(random.Next(0, 60));
            var notice = Cal.NoticeFor(extra.Year) ?? new HolidayNotice(extra.Year, [], []);
            var amended = notice with { Days = [.. notice.Days, new HolidayNoticeDay(extra, "测试假日", true)] };
            var after = StatutoryClock.DueDate(Cal.WithNotice(amended), baseDate, days, pauses);
            Assert.True(after >= before, $"adding {extra} moved {before} to {after}");
        }
    }

    [Fact]
    public void CountedWorkingDays_InvertsDueDate()
    {
        foreach (var (baseDate, days, pauses) in Generated(5))
        {
            var due = StatutoryClock.DueDate(Cal, baseDate, days, pauses);
            Assert.Equal(days, StatutoryClock.CountedWorkingDays(Cal, baseDate, due, pauses));
        }
    }

    [Fact]
    public void DueDate_WhenMoreDaysGiven_NeverEarlier()
    {
        foreach (var (baseDate, days, pauses) in Generated(6))
            Assert.True(StatutoryClock.DueDate(Cal, baseDate, days + 1, pauses) > StatutoryClock.DueDate(Cal, baseDate, days, pauses));
    }
}
