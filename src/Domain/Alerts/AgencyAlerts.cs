using CaseTracker.Domain.Calendar;

namespace CaseTracker.Domain.Alerts;

/// <summary>An alert about an agency rather than a case (the holiday notice, the annual report), keyed by the agency's code.</summary>
public sealed record AgencyAlert(AlertKind Kind, string AgencyCode, DateOnly DueOn, string Details)
{
    public string Key => AlertKey.Of(Kind, AgencyCode, DueOn);

    public IReadOnlyList<string> Recipients => AlertRecipients.OfAgency(AgencyCode);
}

/// <summary>A deadline to publish an annual report (law.md §7): <c>OwnReport</c> by 31 January, <c>RollUp</c> of the subordinates by 31 March.</summary>
public sealed record PublicationDeadline(string Kind, DateOnly DueOn, bool Subtree);

/// <summary>
/// The agencies' alerts as pure functions: <see cref="AlertKind.CalendarMissing"/> (law.md §2, from 1 November) and
/// <see cref="AlertKind.AnnualReportDue"/> (law.md §7, the publication deadlines).
/// </summary>
public static class AgencyAlerts
{
    public const string OwnReport = "OwnReport";
    public const string RollUp = "RollUp";

    /// <summary>How many days before a publication deadline an unpublished report is reminded of.</summary>
    public const int ReminderDays = 10;

    /// <summary>Law.md §2: next year's notice is normally published in November–December, so it is watched from 1 November.</summary>
    public static bool WatchesNextYearsNotice(DateOnly today) => today >= new DateOnly(today.Year, 11, 1);

    /// <summary>Law.md §2: from 1 November, while next year's notice is not loaded, each root agency is alerted (due 31 December); else null.</summary>
    public static AgencyAlert? CalendarMissing(string rootAgencyCode, DateOnly today, WorkingCalendar calendar)
        => WatchesNextYearsNotice(today) && calendar.IsProvisional(today.Year + 1)
            ? new(AlertKind.CalendarMissing, rootAgencyCode, new DateOnly(today.Year, 12, 31),
                $"The State Council holiday notice for {today.Year + 1} is not loaded; dates counted into {today.Year + 1} are provisional.")
            : null;

    /// <summary>The publication deadlines that fall in <paramref name="year"/> (for the reports of the year before).</summary>
    public static IReadOnlyList<PublicationDeadline> PublicationDeadlines(int year)
        => [new(OwnReport, new DateOnly(year, 1, 31), false), new(RollUp, new DateOnly(year, 3, 31), true)];

    /// <summary>The deadlines whose reminder is due today: from <see cref="ReminderDays"/> days before the deadline until the day itself.</summary>
    public static IEnumerable<PublicationDeadline> ApproachingDeadlines(DateOnly today)
        => PublicationDeadlines(today.Year).Where(d => today <= d.DueOn && today >= d.DueOn.AddDays(-ReminderDays));

    /// <summary>Whether a reminder of this kind is about the report with the subordinate agencies (the roll-up).</summary>
    public static bool IsSubtree(string reminderKind) => reminderKind == RollUp;

    /// <summary>Law.md §7: the report of <paramref name="year"/> recorded as due and not yet published.</summary>
    public static AgencyAlert AnnualReportDue(string agencyCode, int year, string reminderKind, DateOnly dueOn)
        => new(AlertKind.AnnualReportDue, agencyCode, dueOn,
            $"The {year} {(IsSubtree(reminderKind) ? "roll-up of the subordinate agencies" : "annual report")} is due by {dueOn:yyyy-MM-dd} and not published.");
}

/// <summary>The morning digest (README "Deadline alerts"): when it goes out and what it counts.</summary>
public static class AlertDigest
{
    /// <summary>The morning digest goes out on working days only: a 调休 Saturday included, a holiday Monday not.</summary>
    public static bool GoesOutOn(DateOnly day, WorkingCalendar calendar) => calendar.IsWorkingDay(day);

    /// <summary>
    /// Whether the digest of <paramref name="today"/> (China date) was missed and is still to be sent: the service was not
    /// running at <paramref name="sendsAt"/> (China time), it is now past that time on the same day, the day is a working
    /// day, and no digest of the day was sent (<paramref name="sentToday"/>). A digest of an earlier day is never sent late:
    /// its figures are stale once the next working day starts.
    /// </summary>
    public static bool WasMissed(DateOnly today, TimeOnly timeNow, TimeOnly sendsAt, WorkingCalendar calendar, bool sentToday)
        => !sentToday && GoesOutOn(today, calendar) && timeNow >= sendsAt;

    /// <summary>The digest counts the cases due within this many working days.</summary>
    public const int DueWithinWorkingDays = 3;
}
