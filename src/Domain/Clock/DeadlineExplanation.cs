using System.Globalization;
using CaseTracker.Domain.Calendar;
using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Clock;

public sealed record CountedRange(DateOnly From, DateOnly To, int WorkingDays);

public sealed record NamedDay(DateOnly Date, string Name, DayOfWeek DayOfWeek);

public sealed record PausedRange(DateOnly From, DateOnly To, int WorkingDays, PauseReason Reason, string Detail, bool Open);

/// <summary>The extension; <see cref="RequestedOn"/> and <see cref="RequestedBy"/> are set when it answered a handler's request.</summary>
public sealed record ExtensionLine(DateOnly ApprovedOn, int WorkingDays, string Reason, string Approver, DateOnly ApplicantNotifiedOn,
    DateOnly? RequestedOn = null, string? RequestedBy = null);

/// <summary>The deferred answer; <see cref="RequestedOn"/> and <see cref="RequestedBy"/> are set when it answered a handler's request.</summary>
public sealed record DeferralLine(DateOnly ApprovedOn, DateOnly DueOn, string Reason, string Approver,
    DateOnly? RequestedOn = null, string? RequestedBy = null);

/// <summary>A consultation recorded that does not pause the clock (Regime 2008, another agency).</summary>
public sealed record UnpausedConsultation(string Party, DateOnly SentOn);

/// <summary>
/// Why a case's answer is due when it is, as data a person can read: the base date, each counted range,
/// each holiday skipped and make-up day counted by name, each pause with its reason, the extension,
/// and the years whose notice was missing.
/// </summary>
public sealed record DeadlineExplanation
{
    public Regime? Regime { get; init; }
    public CaseStatus Status { get; init; }
    public string Article { get; init; } = "";
    /// <summary>The receipt date as recorded.</summary>
    public DateOnly? ReceiptDate { get; init; }

    /// <summary>The receipt date counted from: the next working day when the recorded one is a rest day (law.md §3).</summary>
    public DateOnly? CountedReceiptDate { get; init; }

    /// <summary>The recorded receipt date was a rest day: 收到日为休息日，顺延至下一工作日.</summary>
    public bool ReceiptShifted { get; init; }
    public DateOnly? BaseDate { get; init; }
    public string BaseReason { get; init; } = "";
    public int StatutoryWorkingDays { get; init; }
    public ExtensionLine? Extension { get; init; }
    public DeferralLine? Deferral { get; init; }
    public DateOnly? DueOn { get; init; }
    public bool Provisional { get; init; }
    public IReadOnlyList<int> ProvisionalYears { get; init; } = [];
    public IReadOnlyList<CountedRange> CountedRanges { get; init; } = [];
    public int CountedWorkingDays { get; init; }
    public IReadOnlyList<NamedDay> HolidaysSkipped { get; init; } = [];
    public IReadOnlyList<NamedDay> MakeUpWorkdays { get; init; } = [];
    public int WeekendDaysSkipped { get; init; }
    public IReadOnlyList<PausedRange> Pauses { get; init; } = [];

    /// <summary>
    /// The working days the clock actually stood still between the base date and the due date: every day under any pause,
    /// counted once when pauses overlap (two consultations running at once), so that <see cref="CountedWorkingDays"/> plus
    /// this is every working day after the base date up to the due date. Each <see cref="Pauses"/> entry keeps its own count.
    /// </summary>
    public int PausedWorkingDays { get; init; }

    public IReadOnlyList<string> Lines { get; init; } = [];

    /// <summary>The working days counted to the due date: the statutory days plus an extension.</summary>
    public int BudgetWorkingDays { get; init; }

    /// <summary>The clock restarted from a supplement (补正, Art. 30) rather than from the receipt.</summary>
    public bool BaseIsSupplement { get; init; }

    /// <summary>Regime 2008: a third party's reply awaited since this day, the clock paused without limit.</summary>
    public DateOnly? AwaitingThirdPartySince { get; init; }

    /// <summary>Regime 2008, while <see cref="AwaitingThirdPartySince"/> is set: working days counted before the pause.</summary>
    public int? CountedBeforePause { get; init; }

    /// <summary>While a 补正 notice waits: the day the applicant has to supply by.</summary>
    public DateOnly? SupplyBy { get; init; }

    public IReadOnlyList<UnpausedConsultation> UnpausedConsultations { get; init; } = [];

    /// <summary>
    /// Explains the due date of a case from its events: every article cited is of the case's own regime (a Regime 2008
    /// case cites only 2008 articles).
    /// </summary>
    public static DeadlineExplanation For(IReadOnlyList<CaseEvent> events, WorkingCalendar calendar, ClockSettings? settings = null)
    {
        var reading = StatutoryClock.Compute(events, calendar, settings);
        var extension = events.OfType<ExtensionApproved>().Select(x => new ExtensionLine(x.ApprovedOn, x.WorkingDays, x.Reason, x.Approver, x.ApplicantNotifiedOn, x.RequestedOn, x.RequestedBy)).FirstOrDefault();
        var deferral = events.OfType<DeferralApproved>().Select(d => new DeferralLine(d.ApprovedOn, d.DueOn, d.Reason, d.Approver, d.RequestedOn, d.RequestedBy)).FirstOrDefault();
        var supplied = reading.Regime == Cases.Regime.Regime2019 && reading.BaseDate != reading.CountedReceiptDate;
        var receiptArticle = reading.Regime == Cases.Regime.Regime2008 ? "2008 Art. 24" : "Art. 31";
        var explanation = new DeadlineExplanation
        {
            Regime = reading.Regime,
            Status = reading.Status,
            Article = reading.Regime switch
            {
                Cases.Regime.Regime2008 => "2008 Art. 24: 15 working days",
                Cases.Regime.Regime2019 => "Art. 33: 20 working days",
                _ => "",
            },
            ReceiptDate = reading.ReceiptDate,
            CountedReceiptDate = reading.CountedReceiptDate,
            ReceiptShifted = reading.ReceiptShifted,
            BaseDate = reading.BaseDate,
            BaseReason = supplied ? "supplement received (补正, Art. 30): the clock restarted" : $"receipt ({receiptArticle})",
            StatutoryWorkingDays = reading.StatutoryWorkingDays,
            Extension = extension,
            Deferral = deferral,
            DueOn = reading.DueOn,
            Provisional = reading.DueOnProvisional,
            ProvisionalYears = reading.ProvisionalYears,
            BudgetWorkingDays = reading.BudgetWorkingDays,
            BaseIsSupplement = supplied,
            AwaitingThirdPartySince = reading.AwaitingThirdPartySince,
            CountedBeforePause = reading.CountedBeforePause,
            SupplyBy = reading.SupplyBy,
            UnpausedConsultations = reading.Regime is { } r
                ? events.OfType<ConsultationSent>().Where(c => !c.ConsultationKind.Pauses(r)).Select(c => new UnpausedConsultation(c.Party, c.SentOn)).ToList()
                : [],
        };

        var notes = Notes(events, reading);
        if (reading.BaseDate is not { } baseDate || reading.DueOn is not { } due)
            return explanation with { Lines = [.. ShiftLine(reading), NoClockLine(reading), .. notes] };

        var counted = new List<CountedRange>();
        var holidays = new List<NamedDay>();
        var makeUps = new List<NamedDay>();
        var paused = new List<PausedRange>();
        var weekends = 0;
        var pausedDays = 0;
        DateOnly? runStart = null, runEnd = null;
        var runDays = 0;

        foreach (var pause in reading.Pauses)
        {
            var from = pause.After.AddDays(1);
            var to = pause.Until < due ? pause.Until : due;
            if (to < from || to <= baseDate) continue;
            if (from <= baseDate) from = baseDate.AddDays(1);
            paused.Add(new PausedRange(from, pause.Until, calendar.WorkingDaysBetween(from.AddDays(-1), to), pause.Reason, pause.Detail, pause.Open));
        }

        foreach (var day in calendar.Days(baseDate.AddDays(1), due))
        {
            var isPaused = reading.Pauses.Any(p => day.Date > p.After && day.Date <= p.Until);
            switch (day.Kind)
            {
                case DayKind.Holiday: holidays.Add(new NamedDay(day.Date, day.HolidayName!, day.Date.DayOfWeek)); break;
                case DayKind.Weekend: weekends++; break;
                case DayKind.MakeUpWorkday: makeUps.Add(new NamedDay(day.Date, day.HolidayName!, day.Date.DayOfWeek)); break;
            }

            if (!day.IsWorkingDay) continue;
            if (isPaused)
            {
                pausedDays++;
                if (runStart is not null) counted.Add(new CountedRange(runStart.Value, runEnd!.Value, runDays));
                runStart = null;
                runDays = 0;
                continue;
            }

            runStart ??= day.Date;
            runEnd = day.Date;
            runDays++;
        }

        if (runStart is not null) counted.Add(new CountedRange(runStart.Value, runEnd!.Value, runDays));

        explanation = explanation with
        {
            CountedRanges = counted,
            CountedWorkingDays = counted.Sum(r => r.WorkingDays),
            HolidaysSkipped = holidays,
            MakeUpWorkdays = makeUps,
            WeekendDaysSkipped = weekends,
            Pauses = paused,
            PausedWorkingDays = pausedDays,
        };
        return explanation with { Lines = [.. ShiftLine(reading), .. Describe(explanation, reading), .. notes] };
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IEnumerable<string> ShiftLine(ClockReading reading)
    {
        if (reading is { ReceiptShifted: true, ReceiptDate: { } recorded, CountedReceiptDate: { } counted })
            yield return $"收到日为休息日，顺延至下一工作日: recorded as received {D(recorded)} ({recorded.DayOfWeek}), not a working day; counted as received {D(counted)} ({counted.DayOfWeek}).";
    }

    /// <summary>Facts recorded that do not move the due date, said so (law.md §4: a Regime 2008 other-agency consultation).</summary>
    private static IEnumerable<string> Notes(IReadOnlyList<CaseEvent> events, ClockReading reading)
    {
        if (reading.Regime is not { } regime) yield break;
        foreach (var c in events.OfType<ConsultationSent>().Where(c => !c.ConsultationKind.Pauses(regime)))
            yield return $"Consultation of {c.Party} (another agency) sent {D(c.SentOn)}: recorded, not paused; Regime 2008 leaves out only a third party's time (2008 Art. 24 ¶3).";
    }

    private static string NoClockLine(ClockReading reading) => reading switch
    {
        { AwaitingThirdPartySince: { } since } =>
            $"Regime 2008 (2008 Art. 24: {reading.StatutoryWorkingDays} working days), counted from the day after {D(reading.BaseDate!.Value)}, the receipt (2008 Art. 24) (次日起算): "
            + $"{reading.CountedBeforePause} working days counted up to {D(since)}; paused since then until the third party replies, without limit (2008 Art. 24 ¶3), "
            + $"so no due date yet; {reading.BudgetWorkingDays - reading.CountedBeforePause} working days remain after the reply.",
        _ => reading.Status switch
        {
        CaseStatus.AwaitingConfirmation => "No receipt date yet (Art. 31): the clock starts when both sides confirm the request.",
        CaseStatus.AwaitingSupplement =>
            $"补正 notice sent (Art. 30): the clock stopped and restarts with 20 working days when the supplement arrives; the applicant has until {reading.SupplyBy:yyyy-MM-dd}.",
        _ => "The case closed before any clock ran.",
        },
    };

    private static List<string> Describe(DeadlineExplanation e, ClockReading reading)
    {
        var is2008 = e.Regime == Cases.Regime.Regime2008;
        var lines = new List<string>
        {
            $"{(e.Regime == Cases.Regime.Regime2008 ? "Regime 2008" : "Regime 2019")} ({e.Article}), counted from the day after {D(e.BaseDate!.Value)}, the {e.BaseReason} (次日起算).",
        };
        lines.AddRange(e.CountedRanges.Select(r => $"Counted {D(r.From)} to {D(r.To)}: {r.WorkingDays} working day{(r.WorkingDays == 1 ? "" : "s")}."));
        lines.AddRange(e.HolidaysSkipped.Select(h => $"Skipped {D(h.Date)} ({h.DayOfWeek}): {h.Name} holiday."));
        lines.AddRange(e.MakeUpWorkdays.Select(m => $"Counted {D(m.Date)} ({m.DayOfWeek}) as a working day: {m.Name} make-up day (调休)."));
        if (e.WeekendDaysSkipped > 0) lines.Add($"Skipped {e.WeekendDaysSkipped} ordinary weekend days.");
        lines.AddRange(e.Pauses.Select(p => $"Paused {D(p.From)} to {D(p.To)} ({p.WorkingDays} working days not counted): {p.Detail}."));
        if (e.Pauses.Count > 1)
            lines.Add($"Paused {e.PausedWorkingDays} working day{(e.PausedWorkingDays == 1 ? "" : "s")} in all: a day under two pauses at once is counted once.");
        if (e.Extension is { } x)
            lines.Add($"Extended by {x.WorkingDays} working days ({(is2008 ? "2008 Art. 24 ¶2" : "Art. 33 ¶2")}), {(x.RequestedBy is null ? "" : $"asked {D(x.RequestedOn!.Value)} by {x.RequestedBy}, ")}approved {D(x.ApprovedOn)} by {x.Approver}: {x.Reason}; applicant told {D(x.ApplicantNotifiedOn)}.");
        if (e.Deferral is { } d)
            lines.Add(is2008
                ? $"Answer deferred to {D(d.DueOn)}, approved {D(d.ApprovedOn)} by {d.Approver}: {d.Reason}; recorded before such a step was refused, as the 2008 text has no deferred answer."
                : $"Answer deferred to {D(d.DueOn)} (延迟答复, Art. 35), approved {D(d.ApprovedOn)} by {d.Approver}: {d.Reason}.");
        lines.Add($"Due {D(e.DueOn!.Value)}: {reading.BudgetWorkingDays} counted working days.");
        if (e.Provisional)
            lines.Add($"Provisional: no State Council holiday notice is loaded for {string.Join(", ", e.ProvisionalYears)}; only weekends were skipped there, and the date will be recomputed when the notice is loaded.");
        return lines;
    }
}
