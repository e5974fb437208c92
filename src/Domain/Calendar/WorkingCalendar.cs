using System.Collections.Immutable;
using System.Reflection;

namespace CaseTracker.Domain.Calendar;

public enum DayKind
{
    /// <summary>Monday–Friday with no notice entry.</summary>
    Workday,
    /// <summary>Saturday or Sunday with no notice entry.</summary>
    Weekend,
    /// <summary>Declared a day off by a State Council notice (放假).</summary>
    Holiday,
    /// <summary>A Saturday or Sunday declared a working day (调休上班).</summary>
    MakeUpWorkday,
}

public readonly record struct CalendarDay(DateOnly Date, DayKind Kind, string? HolidayName)
{
    public bool IsWorkingDay => Kind is DayKind.Workday or DayKind.MakeUpWorkday;
}

/// <summary>
/// The working-day calendar of law.md §2, built from State Council notices. Immutable: loading a
/// notice returns a new calendar. Every question is answered from a precomputed working-day index,
/// so "the Nth working day after D" costs two array reads.
/// </summary>
public sealed class WorkingCalendar
{
    public static readonly DateOnly FirstSupportedDate = new(2000, 1, 1);
    public static readonly DateOnly LastSupportedDate = new(2099, 12, 31);

    private static readonly int Epoch = FirstSupportedDate.DayNumber;
    private static readonly int DayCount = LastSupportedDate.DayNumber - Epoch + 1;

    private readonly ImmutableSortedDictionary<int, HolidayNotice> notices;
    private readonly DayKind[] kinds;
    private readonly string?[] names;

    // cumulative[i] = number of working days in [FirstSupportedDate, FirstSupportedDate + i].
    private readonly int[] cumulative;

    // workingDayOffsets[k - 1] = day offset of the k-th working day (ordinal k ≥ 1).
    private readonly int[] workingDayOffsets;

    private WorkingCalendar(ImmutableSortedDictionary<int, HolidayNotice> notices)
    {
        this.notices = notices;
        kinds = new DayKind[DayCount];
        names = new string?[DayCount];
        for (var i = 0; i < DayCount; i++)
        {
            var dayOfWeek = DateOnly.FromDayNumber(Epoch + i).DayOfWeek;
            kinds[i] = dayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? DayKind.Weekend : DayKind.Workday;
        }

        // Notices are applied in year order and entries in file order: a later entry amends an earlier one.
        foreach (var notice in notices.Values)
        {
            foreach (var day in notice.Days)
            {
                var offset = day.Date.DayNumber - Epoch;
                kinds[offset] = day.IsOffDay ? DayKind.Holiday : DayKind.MakeUpWorkday;
                names[offset] = day.Name;
            }
        }

        cumulative = new int[DayCount];
        var offsets = new List<int>(DayCount * 3 / 4);
        var count = 0;
        for (var i = 0; i < DayCount; i++)
        {
            if (kinds[i] is DayKind.Workday or DayKind.MakeUpWorkday)
            {
                count++;
                offsets.Add(i);
            }

            cumulative[i] = count;
        }

        workingDayOffsets = offsets.ToArray();
    }

    /// <summary>A calendar with no notice: every year provisional, weekends only.</summary>
    public static WorkingCalendar Empty { get; } = new(ImmutableSortedDictionary<int, HolidayNotice>.Empty);

    /// <summary>The calendar from the notices shipped with the product (holiday-cn, 2007 onward).</summary>
    public static WorkingCalendar Bundled => BundledCalendar.Value;

    private static readonly Lazy<WorkingCalendar> BundledCalendar = new(() => FromNotices(LoadBundledNotices()));

    public static IReadOnlyList<HolidayNotice> LoadBundledNotices()
    {
        var assembly = typeof(WorkingCalendar).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("CaseTracker.Notices.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => ReadResource(assembly, n))
            .Select(HolidayNotice.Parse)
            .ToList();
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static WorkingCalendar FromNotices(IEnumerable<HolidayNotice> notices)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<int, HolidayNotice>();
        foreach (var notice in notices)
        {
            notice.Validate();
            builder[notice.Year] = notice;
        }

        return new WorkingCalendar(builder.ToImmutable());
    }

    /// <summary>
    /// Loads (or replaces) the notice of its year. A replacement notice must be complete: it
    /// takes the place of the earlier one for that year, as holiday-cn files hold every notice of the year.
    /// </summary>
    public WorkingCalendar WithNotice(HolidayNotice notice)
    {
        notice.Validate();
        return new WorkingCalendar(notices.SetItem(notice.Year, notice));
    }

    public IReadOnlyCollection<int> NoticeYears => notices.Keys.ToList();

    public HolidayNotice? NoticeFor(int year) => notices.GetValueOrDefault(year);

    /// <summary>A year with no notice loaded: weekends are days off, nothing else.</summary>
    public bool IsProvisional(int year) => !notices.ContainsKey(year);

    public bool IsWorkingDay(DateOnly date) => Day(date).IsWorkingDay;

    public CalendarDay Day(DateOnly date)
    {
        var offset = OffsetOf(date);
        return new CalendarDay(date, kinds[offset], names[offset]);
    }

    /// <summary>The Nth working day strictly after <paramref name="date"/> (次日起算).</summary>
    public DateOnly AddWorkingDays(DateOnly date, int workingDays)
    {
        if (workingDays < 0) throw new ArgumentOutOfRangeException(nameof(workingDays));
        return workingDays == 0 ? date : DateOfOrdinal(OrdinalOnOrBefore(date) + workingDays);
    }

    /// <summary>Working days in (from, to]; zero when to ≤ from.</summary>
    public int WorkingDaysBetween(DateOnly fromExclusive, DateOnly toInclusive)
        => toInclusive <= fromExclusive ? 0 : OrdinalOnOrBefore(toInclusive) - OrdinalOnOrBefore(fromExclusive);

    /// <summary>Working days left until <paramref name="due"/>: in (today, due], or negative when due has passed.</summary>
    public int WorkingDaysLeft(DateOnly today, DateOnly due)
        => today <= due ? WorkingDaysBetween(today, due) : -WorkingDaysBetween(due, today);

    /// <summary>The number of working days from the start of the calendar up to and including <paramref name="date"/>.</summary>
    public int OrdinalOnOrBefore(DateOnly date) => cumulative[OffsetOf(date)];

    /// <summary>The date of the k-th working day of the calendar (k ≥ 1).</summary>
    public DateOnly DateOfOrdinal(int ordinal)
    {
        if (ordinal < 1) return FirstSupportedDate;
        if (ordinal > workingDayOffsets.Length)
            throw new DomainRuleException($"The date falls after {LastSupportedDate:yyyy-MM-dd}, the end of the working calendar.");
        return DateOnly.FromDayNumber(Epoch + workingDayOffsets[ordinal - 1]);
    }

    public IEnumerable<CalendarDay> Days(DateOnly fromInclusive, DateOnly toInclusive)
    {
        for (var date = fromInclusive; date <= toInclusive; date = date.AddDays(1))
            yield return Day(date);
    }

    private static int OffsetOf(DateOnly date)
    {
        var offset = date.DayNumber - Epoch;
        if ((uint)offset >= (uint)DayCount)
            throw new DomainRuleException(
                $"{date:yyyy-MM-dd} is outside the working calendar ({FirstSupportedDate:yyyy-MM-dd} to {LastSupportedDate:yyyy-MM-dd}).");
        return offset;
    }
}
