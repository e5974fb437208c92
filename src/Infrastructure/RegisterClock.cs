using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure.Calendar;

namespace CaseTracker.Infrastructure;

/// <summary>Today in China (Asia/Shanghai), the instant in UTC, and the calendar in force.</summary>
public sealed class RegisterClock(TimeProvider time, CalendarProvider calendars, ClockSettings settings)
{
    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Today in China by the machine's clock, for checks that run before a request has a register clock (a birth date not in the future).</summary>
    public static DateOnly ChinaToday() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, China).DateTime);

    public DateTimeOffset Now => time.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, China).DateTime);

    public ClockSettings Settings => settings;

    public Domain.Calendar.WorkingCalendar Calendar => calendars.Current;

    public ClockContext Context() => new(calendars.Current, settings, Today);
}
