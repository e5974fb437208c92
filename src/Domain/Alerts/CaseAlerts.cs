using CaseTracker.Domain.Calendar;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Domain.Outcomes;

namespace CaseTracker.Domain.Alerts;

/// <summary>What the alert rules read of a case: its projection (status, regime, dates) and its events.</summary>
public sealed record CaseAlertFacts(
    Guid CaseId, CaseStatus Status, Regime? Regime, DateOnly SubmittedOn, DateOnly? ReceivedOn, DateOnly? DueOn, IReadOnlyList<CaseEvent> Events)
{
    public static CaseAlertFacts Of(Case @case, ClockReading reading)
        => new(@case.Id.Value, reading.Status, reading.Regime, @case.SubmittedOn, reading.CountedReceiptDate, reading.DueOn, @case.Events);
}

/// <summary>
/// One alert a case should have: raised once per case, kind and due date, which <see cref="Key"/> spells
/// (<c>Kind|caseId|yyyy-MM-dd</c>, with <c>|band</c> for <see cref="AlertKind.DueSoon"/>).
/// </summary>
public sealed record CaseAlert(AlertKind Kind, Guid CaseId, DateOnly DueOn, string? Details, string Band = "")
{
    public string Key => AlertKey.Of(Kind, CaseId.ToString(), DueOn, Band);

    /// <summary>A case's alert goes to its assigned handler, if any, and its agency's supervisors.</summary>
    public static IReadOnlyList<string> Recipients(string agencyCode, string? handler) => AlertRecipients.OfCase(agencyCode, handler);
}

/// <summary>A <see cref="AlertKind.DueSoon"/> band: <paramref name="WorkingDays"/> left at most, so due on or before <paramref name="UpTo"/>.</summary>
public sealed record DueSoonBand(int WorkingDays, DateOnly UpTo)
{
    public string Band => AlertKey.Band(WorkingDays);

    public string Details => CaseAlerts.DueSoonDetails(WorkingDays);
}

/// <summary>The 补正 window of the requests received on <paramref name="ReceivedOn"/> closes on <paramref name="ClosesOn"/>.</summary>
public sealed record SupplementWindow(DateOnly ReceivedOn, DateOnly ClosesOn);

/// <summary>A request whose supplement or fee deadline passed: its alert, and the outcome that closes it as abandoned.</summary>
public sealed record LapsedCase(CaseAlert Alert, string Outcome);

/// <summary>
/// Which alerts a case should have today (law.md §3–4, README "Deadline alerts"): pure functions of the case, the
/// calendar and the settings. The deadline scan raises the same set-based (its SQL is checked against these), and
/// every command that changes a case applies them to that case at once.
/// </summary>
public static class CaseAlerts
{
    /// <summary>Statuses whose waiting on someone else the scan reads event by event.</summary>
    public static readonly IReadOnlySet<CaseStatus> Waiting = new HashSet<CaseStatus> { CaseStatus.AwaitingSupplement, CaseStatus.Consulting, CaseStatus.AwaitingFee };

    /// <summary>Every alert the case should have today; a lapsed supplement or fee gives its alert (the agency decides whether to close instead).</summary>
    public static IReadOnlyList<CaseAlert> For(CaseAlertFacts c, DateOnly today, WorkingCalendar calendar, ClockSettings clock, AlertSettings settings)
    {
        var alerts = new Dictionary<string, CaseAlert>();
        void Add(CaseAlert? a)
        {
            if (a is not null) alerts.TryAdd(a.Key, a);
        }

        if (c.Status == CaseStatus.AwaitingConfirmation) Add(ReceiptUnconfirmed(c.CaseId, c.SubmittedOn, today, calendar));
        Add(SupplementNoticeWindow(c, today, calendar, clock, settings));
        Add(DueDate(c, today, calendar, settings));
        if (Waiting.Contains(c.Status))
        {
            foreach (var a in ConsultationsOverdue(c.CaseId, c.Regime ?? Regime.Regime2019, c.Events, today, calendar, clock)) Add(a);
            Add(Lapsed(c.CaseId, c.Status, c.Events, today, calendar, clock)?.Alert);
        }

        return alerts.Values.ToList();
    }

    /// <summary>Art. 31: a receipt not confirmed by the next working day after submission.</summary>
    public static CaseAlert? ReceiptUnconfirmed(Guid caseId, DateOnly submittedOn, DateOnly today, WorkingCalendar calendar)
    {
        var by = calendar.AddWorkingDays(submittedOn, 1);
        return today > by ? new(AlertKind.ReceiptUnconfirmed, caseId, by, "Receipt not confirmed by the next working day (Art. 31).") : null;
    }

    /// <summary>Art. 30: the 7-working-day 补正 window of a running Regime 2019 request closes within the warning days and no notice went out.</summary>
    public static CaseAlert? SupplementNoticeWindow(CaseAlertFacts c, DateOnly today, WorkingCalendar calendar, ClockSettings clock, AlertSettings settings)
    {
        if (c.Status != CaseStatus.InProgress || c.Regime != Regime.Regime2019 || c.ReceivedOn is not { } received
            || c.Events.Any(e => e is SupplementRequested))
            return null;
        var window = calendar.AddWorkingDays(received, clock.SupplementNoticeWindowWorkingDays);
        return today <= window && calendar.WorkingDaysBetween(today, window) <= settings.SupplementWindowWarningWorkingDays
            ? new(AlertKind.SupplementNoticeWindow, c.CaseId, window, SupplementWindowDetails)
            : null;
    }

    public const string SupplementWindowDetails = "The 补正 notice window (7 working days, Art. 30) closes.";

    /// <summary>
    /// The same rule over the whole register (the scan's set-based statement): the receipt dates whose 补正 window closes
    /// within the warning days today, each with its window end. Counted from the counted receipt date: a rest-day receipt
    /// counts from the next working day (law.md §3); only a narrow band of receipt dates can qualify.
    /// </summary>
    public static IReadOnlyList<SupplementWindow> SupplementWindowsClosingSoon(DateOnly today, WorkingCalendar calendar, ClockSettings clock,
        AlertSettings settings)
    {
        var todayOrdinal = calendar.OrdinalOnOrBefore(today);
        var from = calendar.DateOfOrdinal(todayOrdinal - clock.SupplementNoticeWindowWorkingDays - 1);
        var to = calendar.DateOfOrdinal(todayOrdinal + settings.SupplementWindowWarningWorkingDays - clock.SupplementNoticeWindowWorkingDays + 1);
        var windows = new List<SupplementWindow>();
        for (var received = from; received <= to; received = received.AddDays(1))
        {
            var window = calendar.AddWorkingDays(StatutoryClock.CountedReceiptDate(received, calendar, clock), clock.SupplementNoticeWindowWorkingDays);
            if (today > window || calendar.WorkingDaysBetween(today, window) > settings.SupplementWindowWarningWorkingDays) continue;
            windows.Add(new(received, window));
        }

        return windows;
    }

    /// <summary>
    /// Law.md §4 Overdue: while the clock runs (or the answer is decided but not delivered), Overdue after the due date,
    /// DueToday on it, DueSoon in the narrowest band of working days left (one alert per band).
    /// </summary>
    public static CaseAlert? DueDate(CaseAlertFacts c, DateOnly today, WorkingCalendar calendar, AlertSettings settings)
    {
        if (c.Status is CaseStatus.Closed or CaseStatus.AwaitingSupplement or CaseStatus.AwaitingConfirmation || c.DueOn is not { } due) return null;
        if (due < today) return new(AlertKind.Overdue, c.CaseId, due, null);
        if (due == today) return new(AlertKind.DueToday, c.CaseId, due, null);
        foreach (var band in settings.DueSoonBands)
            if (due <= calendar.AddWorkingDays(today, band))
                return new(AlertKind.DueSoon, c.CaseId, due, DueSoonDetails(band), AlertKey.Band(band));
        return null;
    }

    /// <summary>The <c>DueSoon</c> bands today, narrowest first, with the last due date each holds (the scan's SQL reads these).</summary>
    public static IReadOnlyList<DueSoonBand> DueSoonBands(DateOnly today, WorkingCalendar calendar, AlertSettings settings)
        => settings.DueSoonBands.Select(band => new DueSoonBand(band, calendar.AddWorkingDays(today, band))).ToList();

    public static string DueSoonDetails(int workingDays) => $"{workingDays} working days or fewer left.";

    /// <summary>Art. 32, 34: a consultation unanswered after its 15 working days (the clock has resumed by itself).</summary>
    public static IEnumerable<CaseAlert> ConsultationsOverdue(Guid caseId, Regime regime, IEnumerable<CaseEvent> events, DateOnly today,
        WorkingCalendar calendar, ClockSettings clock)
    {
        var list = events as IReadOnlyCollection<CaseEvent> ?? events.ToList();
        var replied = list.OfType<ConsultationReplied>().Select(r => r.ConsultationId).ToHashSet();
        foreach (var sent in list.OfType<ConsultationSent>().Where(s => !replied.Contains(s.ConsultationId) && s.ConsultationKind.Pauses(regime)))
        {
            var limit = StatutoryClock.ConsultationLimit(sent.SentOn, calendar, clock);
            if (today > limit)
                yield return new(AlertKind.ConsultationOverdue, caseId, limit, regime == Regime.Regime2008
                    ? $"No reply from {sent.Party} after {clock.ConsultationLimitWorkingDays} working days; under Regime 2008 the clock stays stopped until the reply (2008 Art. 24 ¶3): chase it or decide without it."
                    : $"No reply from {sent.Party}; the clock has resumed (Art. 32, 34).");
        }
    }

    /// <summary>Art. 30 and 国办函〔2020〕109号: the supplement not supplied, or the fee not paid, by its deadline.</summary>
    public static LapsedCase? Lapsed(Guid caseId, CaseStatus status, IEnumerable<CaseEvent> events, DateOnly today, WorkingCalendar calendar,
        ClockSettings clock)
    {
        if (status == CaseStatus.AwaitingSupplement && events.OfType<SupplementRequested>().LastOrDefault() is { } request && today > request.SupplyBy)
            return Abandoned(AlertKind.SupplementLapsed, request.SupplyBy, Outcome.SupplementOverdue.Code);
        if (status == CaseStatus.AwaitingFee && events.OfType<FeeNoticeIssued>().LastOrDefault() is { } notice
            && StatutoryClock.FeePaymentDeadline(notice.IssuedOn, calendar, clock) is var payBy && today > payBy)
            return Abandoned(AlertKind.FeeLapsed, payBy, Outcome.FeeUnpaid.Code);
        return null;

        LapsedCase Abandoned(AlertKind kind, DateOnly due, string outcome)
            => new(new(kind, caseId, due, $"The deadline passed; close the case as {outcome} or record what came in."), outcome);
    }
}
