using CaseTracker.Domain.Calendar;
using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Clock;

/// <summary>
/// The answer clock of law.md §1–4 as a pure function of a case's events and the working calendar.
/// </summary>
public static class StatutoryClock
{
    /// <summary>
    /// The working day on which <paramref name="workingDays"/> counted working days after
    /// <paramref name="baseDate"/> are used up, skipping paused working days. Pauses must be sorted by
    /// <see cref="PausedSpan.After"/>; they may overlap. Cost: O(pauses), no day-by-day loop.
    /// </summary>
    public static DateOnly DueDate(WorkingCalendar calendar, DateOnly baseDate, int workingDays, ReadOnlySpan<PausedSpan> pauses)
    {
        var position = calendar.OrdinalOnOrBefore(baseDate);
        var remaining = workingDays;
        foreach (var pause in pauses)
        {
            var start = calendar.OrdinalOnOrBefore(pause.After);
            var end = calendar.OrdinalOnOrBefore(pause.Until);
            if (end <= position) continue;
            if (start >= position + remaining) break;
            if (start > position) remaining -= start - position;
            position = end;
        }

        return calendar.DateOfOrdinal(position + remaining);
    }

    /// <summary>Counted (not paused) working days in (baseDate, until].</summary>
    public static int CountedWorkingDays(WorkingCalendar calendar, DateOnly baseDate, DateOnly until, ReadOnlySpan<PausedSpan> pauses)
    {
        var position = calendar.OrdinalOnOrBefore(baseDate);
        var last = calendar.OrdinalOnOrBefore(until);
        var counted = 0;
        foreach (var pause in pauses)
        {
            if (position >= last) break;
            var start = Math.Min(calendar.OrdinalOnOrBefore(pause.After), last);
            var end = Math.Min(calendar.OrdinalOnOrBefore(pause.Until), last);
            if (end <= position) continue;
            if (start > position) counted += start - position;
            position = end;
        }

        return counted + Math.Max(0, last - position);
    }

    /// <summary>
    /// The receipt date the clock counts from (law.md §3): the recorded date, or the next working day when the
    /// recorded date is a rest day and <see cref="ClockSettings.ShiftRestDayReceipt"/> is on.
    /// </summary>
    public static DateOnly CountedReceiptDate(DateOnly recorded, WorkingCalendar calendar, ClockSettings settings)
        => settings.ShiftRestDayReceipt && !calendar.IsWorkingDay(recorded) ? calendar.AddWorkingDays(recorded, 1) : recorded;

    /// <summary>
    /// Reads a case's clock from its events: regime and count from the counted receipt date (law.md §1, §3), the
    /// 补正 restart (Regime 2019), pauses, the extension or deferral, and the due date with its provisional years.
    /// </summary>
    public static ClockReading Compute(IReadOnlyList<CaseEvent> events, WorkingCalendar calendar, ClockSettings? settings = null)
    {
        settings ??= ClockSettings.Default;
        var facts = CaseFacts.From(events);
        if (facts.ReceiptDate is not { } recorded)
        {
            return new ClockReading
            {
                Status = facts.ClosedOn is null ? CaseStatus.AwaitingConfirmation : CaseStatus.Closed,
                ClosedOn = facts.ClosedOn,
                Outcome = facts.Outcome,
            };
        }

        // The regime follows the date the request counts as received. On the State Council calendars 2019-05-13 and
        // 2019-05-14 are working days, so no shifted receipt crosses 2019-05-15 in practice.
        var receipt = CountedReceiptDate(recorded, calendar, settings);
        var regime = Regimes.ForReceiptDate(receipt);
        var statutory = regime.AnswerWorkingDays();
        var supplementNoticeDeadline = regime == Regime.Regime2019
            ? calendar.AddWorkingDays(receipt, settings.SupplementNoticeWindowWorkingDays)
            : (DateOnly?)null;

        var reading = new ClockReading
        {
            Regime = regime,
            ReceiptDate = recorded,
            CountedReceiptDate = receipt,
            StatutoryWorkingDays = statutory,
            ExtensionWorkingDays = facts.Extension?.WorkingDays ?? 0,
            Deferred = facts.Deferral is not null,
            SupplementNoticeDeadline = supplementNoticeDeadline,
            SupplyBy = facts.SupplementRequest?.SupplyBy,
            Outcome = facts.Outcome,
            DecidedOn = facts.DecidedOn,
            ClosedOn = facts.ClosedOn,
            FeePaidOn = facts.FeePaidYuan is > 0 ? facts.FeePaidOn : null,
            FeePaidYuan = facts.FeePaidYuan is > 0 ? facts.FeePaidYuan : null,
        };

        var awaitingSupplement = regime == Regime.Regime2019 && facts.SupplementRequest is not null && facts.SupplementReceivedOn is null;
        if (awaitingSupplement)
            return reading with { Status = facts.ClosedOn is null ? CaseStatus.AwaitingSupplement : CaseStatus.Closed };

        var baseDate = regime == Regime.Regime2019 && facts.SupplementReceivedOn is { } supplied ? supplied : receipt;
        var (pauses, openEnded) = BuildPauses(facts, regime, receipt, calendar, settings);
        var spans = pauses.Select(p => new PausedSpan(p.After, p.Until)).ToArray();

        int budget;
        if (facts.Deferral is { } deferral)
        {
            // A deferred date fixes the count as it stood when approved; a pause begun later still moves it.
            var earlier = pauses.Where(p => p.After <= deferral.ApprovedOn).Select(p => new PausedSpan(p.After, p.Until)).ToArray();
            budget = CountedWorkingDays(calendar, baseDate, deferral.DueOn, earlier);
        }
        else
        {
            budget = statutory + (facts.Extension?.WorkingDays ?? 0);
        }

        var due = DueDate(calendar, baseDate, budget, spans);
        if (openEnded is { } since && due > since)
        {
            // 2008 Art. 24 ¶3: the time until the third party replies is not counted, without limit: no due date yet.
            return reading with
            {
                Status = StatusOf(facts, regime),
                BaseDate = baseDate,
                BudgetWorkingDays = budget,
                Pauses = pauses,
                AwaitingThirdPartySince = since,
                CountedBeforePause = CountedWorkingDays(calendar, baseDate, since, spans.Where(s => s.After < since).ToArray()),
            };
        }

        var provisionalYears = Enumerable.Range(baseDate.AddDays(1).Year, due.Year - baseDate.AddDays(1).Year + 1)
            .Where(calendar.IsProvisional)
            .ToList();
        // 2008 cost fees (2008 Art. 27) have no time to pay and no pause: only a 信息处理费 notice has a deadline.
        var feeDeadline = regime == Regime.Regime2019 && facts.FeeNoticeIssuedOn is { } issued && facts.FeePaidOn is null
            ? FeePaymentDeadline(issued, calendar, settings)
            : (DateOnly?)null;

        return reading with
        {
            Status = StatusOf(facts, regime),
            BaseDate = baseDate,
            DueOn = due,
            DueOnProvisional = provisionalYears.Count > 0,
            ProvisionalYears = provisionalYears,
            BudgetWorkingDays = budget,
            Pauses = pauses,
            FeePaymentDeadline = feeDeadline,
            ClosedLate = facts.DeliveredOn is { } delivered && delivered > due,
        };
    }

    /// <summary>国办函〔2020〕109号: the last day to pay a fee noticed on <paramref name="issuedOn"/> (20 working days by default).</summary>
    public static DateOnly FeePaymentDeadline(DateOnly issuedOn, WorkingCalendar calendar, ClockSettings settings)
        => calendar.AddWorkingDays(issuedOn, settings.FeePaymentLimitWorkingDays);

    /// <summary>Art. 32, 34: the last day of a consultation sent on <paramref name="sentOn"/> (15 working days by default).</summary>
    public static DateOnly ConsultationLimit(DateOnly sentOn, WorkingCalendar calendar, ClockSettings settings)
        => calendar.AddWorkingDays(sentOn, settings.ConsultationLimitWorkingDays);

    /// <summary>Whether a consultation of this kind stops the clock: always in Regime 2019; only a third party's in Regime 2008.</summary>
    public static bool Pauses(this ConsultationKind kind, Regime regime)
        => regime == Regime.Regime2019 || kind == ConsultationKind.ThirdParty;

    private static CaseStatus StatusOf(CaseFacts facts, Regime regime)
    {
        if (facts.ClosedOn is not null) return CaseStatus.Closed;
        if (facts.DecidedOn is not null) return CaseStatus.Decided;
        if (facts.Consultations.Any(c => c.RepliedOn is null && c.Kind.Pauses(regime))) return CaseStatus.Consulting;
        if (regime == Regime.Regime2019 && facts.FeeNoticeIssuedOn is not null && facts.FeePaidOn is null) return CaseStatus.AwaitingFee;
        return CaseStatus.InProgress;
    }

    private static (List<Pause> Pauses, DateOnly? OpenEndedSince) BuildPauses(
        CaseFacts facts, Regime regime, DateOnly receipt, WorkingCalendar calendar, ClockSettings settings)
    {
        var pauses = new List<Pause>();
        DateOnly? openEnded = null;
        foreach (var consultation in facts.Consultations)
        {
            if (!consultation.Kind.Pauses(regime)) continue;
            if (regime == Regime.Regime2008)
            {
                // 2008 Art. 24 ¶3: no cap. Without a reply the pause lasts until the office decides without it.
                var end = consultation.RepliedOn ?? facts.DecidedOn;
                if (end is not { } until)
                {
                    openEnded = openEnded is { } o && o < consultation.SentOn ? o : consultation.SentOn;
                    continue;
                }

                var detail2008 = consultation.RepliedOn is { } reply
                    ? $"third-party consultation of {consultation.Party} sent {consultation.SentOn:yyyy-MM-dd}, reply received {reply:yyyy-MM-dd}; the time until the reply is not counted, without limit (2008 Art. 24 ¶3)"
                    : $"third-party consultation of {consultation.Party} sent {consultation.SentOn:yyyy-MM-dd}, no reply; decided without it on {until:yyyy-MM-dd} (2008 Art. 24 ¶3)";
                pauses.Add(new Pause(consultation.SentOn, until, PauseReason.ThirdPartyConsultation, detail2008, false));
                continue;
            }

            var limit = ConsultationLimit(consultation.SentOn, calendar, settings);
            var untilLimit = consultation.RepliedOn is { } replied && replied < limit ? replied : limit;
            var reason = consultation.Kind == ConsultationKind.ThirdParty
                ? PauseReason.ThirdPartyConsultation
                : PauseReason.OtherAgencyConsultation;
            var detail = consultation.RepliedOn is { } r
                ? r <= limit
                    ? $"consultation of {consultation.Party} sent {consultation.SentOn:yyyy-MM-dd}, reply received {r:yyyy-MM-dd}"
                    : $"consultation of {consultation.Party} sent {consultation.SentOn:yyyy-MM-dd}, reply came after the {settings.ConsultationLimitWorkingDays}-working-day limit {limit:yyyy-MM-dd}"
                : $"consultation of {consultation.Party} sent {consultation.SentOn:yyyy-MM-dd}, no reply yet: paused until the reply or {limit:yyyy-MM-dd} at the latest";
            pauses.Add(new Pause(consultation.SentOn, untilLimit, reason, detail, consultation.RepliedOn is null));
        }

        if (settings.FeePauseEnabled && regime == Regime.Regime2019 && receipt >= ClockSettings.FeesFrom && facts.FeeNoticeIssuedOn is { } issued)
        {
            var limit = FeePaymentDeadline(issued, calendar, settings);
            var until = facts.FeePaidOn is { } paid && paid < limit ? paid : limit;
            var detail = facts.FeePaidOn is { } p
                ? $"fee notice issued {issued:yyyy-MM-dd}, paid {p:yyyy-MM-dd}"
                : $"fee notice issued {issued:yyyy-MM-dd}, not paid yet: paused until payment or {limit:yyyy-MM-dd} at the latest";
            pauses.Add(new Pause(issued, until, PauseReason.FeeNotice, detail, facts.FeePaidOn is null));
        }

        pauses.Sort((a, b) => a.After.CompareTo(b.After));
        return (pauses, openEnded);
    }
}

/// <summary>Working days in (After, Until] are not counted.</summary>
public readonly record struct PausedSpan(DateOnly After, DateOnly Until);
