using CaseTracker.Domain.Calendar;
using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Clock;

public enum PauseReason { ThirdPartyConsultation, OtherAgencyConsultation, FeeNotice }

/// <summary>
/// Working days in (<see cref="After"/>, <see cref="Until"/>] are not counted. <see cref="Open"/>: no reply or
/// payment yet, so the pause is projected to its limit, after which the clock resumes by itself.
/// </summary>
public sealed record Pause(DateOnly After, DateOnly Until, PauseReason Reason, string Detail, bool Open);

/// <summary>What the clock says about a case: computed from its events, never stored as truth.</summary>
public sealed record ClockReading
{
    public Regime? Regime { get; init; }
    public CaseStatus Status { get; init; }
    /// <summary>The receipt date the office recorded (Art. 31 / 2008 Art. 24), kept as entered.</summary>
    public DateOnly? ReceiptDate { get; init; }

    /// <summary>
    /// The receipt date the clock counts from and chooses the regime by: <see cref="ReceiptDate"/>, or the next working
    /// day when that is a rest day and <see cref="ClockSettings.ShiftRestDayReceipt"/> is on (law.md §3).
    /// </summary>
    public DateOnly? CountedReceiptDate { get; init; }

    /// <summary>The recorded receipt date was a rest day and the count starts from the next working day.</summary>
    public bool ReceiptShifted => CountedReceiptDate is { } counted && counted != ReceiptDate;

    /// <summary>The date the count starts after: receipt, or the supplement's arrival (补正 restart).</summary>
    public DateOnly? BaseDate { get; init; }

    /// <summary>
    /// Null while no clock runs: awaiting confirmation, awaiting a supplement, or (Regime 2008) awaiting a third
    /// party's reply, whose time is not counted without limit (2008 Art. 24 ¶3).
    /// </summary>
    public DateOnly? DueOn { get; init; }

    /// <summary>Regime 2008: the third-party consultation sent on this date awaits its reply and the clock is stopped.</summary>
    public DateOnly? AwaitingThirdPartySince { get; init; }

    /// <summary>Regime 2008, while <see cref="AwaitingThirdPartySince"/> is set: working days counted before the pause.</summary>
    public int? CountedBeforePause { get; init; }

    /// <summary>The count crosses a year whose holiday notice is not loaded.</summary>
    public bool DueOnProvisional { get; init; }

    public IReadOnlyList<int> ProvisionalYears { get; init; } = [];
    public int StatutoryWorkingDays { get; init; }
    public int ExtensionWorkingDays { get; init; }
    public bool Extended => ExtensionWorkingDays > 0;
    public bool Deferred { get; init; }

    /// <summary>Counted working days from the base date to the due date.</summary>
    public int BudgetWorkingDays { get; init; }

    public IReadOnlyList<Pause> Pauses { get; init; } = [];

    /// <summary>Last day to send the one complete 补正 notice (Regime 2019).</summary>
    public DateOnly? SupplementNoticeDeadline { get; init; }

    public DateOnly? SupplyBy { get; init; }
    public DateOnly? FeePaymentDeadline { get; init; }

    /// <summary>The fee received (for the annual report's fee row), and when.</summary>
    public DateOnly? FeePaidOn { get; init; }
    public decimal? FeePaidYuan { get; init; }
    public string? Outcome { get; init; }
    public DateOnly? DecidedOn { get; init; }
    public DateOnly? ClosedOn { get; init; }

    /// <summary>Delivered after the due date ("closed late").</summary>
    public bool ClosedLate { get; init; }

    public bool IsClosed => Status == CaseStatus.Closed;

    /// <summary>Overdue from the day after the due date while the case is open (law.md §4).</summary>
    public bool IsOverdue(DateOnly today) => !IsClosed && DueOn is { } due && today > due;

    /// <summary>Working days in (today, due]; negative when overdue; null when no clock runs.</summary>
    public int? WorkingDaysLeft(DateOnly today, WorkingCalendar calendar)
    {
        return IsClosed || DueOn is not { } due ? null : calendar.WorkingDaysLeft(today, due);
    }
}
