using CaseTracker.Domain.Calendar;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;

namespace CaseTracker.Domain.Tests;

internal static class Support
{
    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd");

    public static WorkingCalendar Cal => WorkingCalendar.Bundled;

    public static ClockContext Context(string today = "2026-11-25", WorkingCalendar? calendar = null)
        => new(calendar ?? Cal, ClockSettings.Default, D(today));

    public static Registered ReceivedInPerson(string on) => new(D(on), Channel.InPerson, null, D(on));

    public static Case NewCase(Channel channel = Channel.InPerson, string? submitted = "2026-03-02", string? received = "2026-03-02",
        LetterMail? mail = null, string today = "2026-11-25")
        => Case.Register(CaseId.New(), "CX-2026-00001", new Registration
        {
            AgencyCode = "CX",
            Channel = channel,
            LetterMail = mail,
            SubmittedOn = D(submitted!),
            ReceivedOn = received is null ? null : D(received),
            Applicant = new Applicant(ApplicantKind.NaturalPerson, "张三", null, null, null, null),
            Description = "2025年城市道路维修预算",
        }, Context(today));

    /// <summary>The naive rule, day by day, as a clerk counts on a wall calendar: the oracle for the indexed clock.</summary>
    public static DateOnly NaiveDue(WorkingCalendar calendar, DateOnly baseDate, int workingDays, IReadOnlyList<PausedSpan> pauses)
    {
        var date = baseDate;
        while (workingDays > 0)
        {
            date = date.AddDays(1);
            if (calendar.IsWorkingDay(date) && !pauses.Any(p => date > p.After && date <= p.Until)) workingDays--;
        }

        return date;
    }
}
