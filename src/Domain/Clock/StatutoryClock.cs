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

    public static ClockReading Compute(IReadOnlyList<CaseEvent> events, WorkingCalendar calendar, ClockSettings? settings = null)
    {
        settings ??= ClockSettings.Default;
        var facts = CaseFacts.From(events);
        if (facts.ReceiptDate is not { } receipt)
        {
            return new ClockReading
            {
                Status = facts.ClosedOn is null ? CaseStatus.AwaitingConfirmation : CaseStatus.Closed,
                ClosedOn = facts.ClosedOn,
                Outcome = facts.Outcome,
            };
        }

        var regime = Regimes.ForReceiptDate(receipt);
        var statutory = regime.AnswerWorkingDays();
        var supplementNoticeDeadline = regime == Regime.Regime2019
            ? calendar.AddWorkingDays(receipt, settings.SupplementNoticeWindowWorkingDays)
            : (DateOnly?)null;

        var reading = new ClockReading
        {
            Regime = regime,
            ReceiptDate = receipt,
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
        var pauses = BuildPauses(facts, receipt, calendar, settings);
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
        var provisionalYears = Enumerable.Range(baseDate.AddDays(1).Year, due.Year - baseDate.AddDays(1).Year + 1)
            .Where(calendar.IsProvisional)
            .ToList();
        var feeDeadline = facts.FeeNoticeIssuedOn is { } issued && facts.FeePaidOn is null
            ? calendar.AddWorkingDays(issued, settings.FeePaymentLimitWorkingDays)
            : (DateOnly?)null;

        return reading with
        {
            Status = StatusOf(facts),
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

    private static CaseStatus StatusOf(CaseFacts facts)
    {
        if (facts.ClosedOn is not null) return CaseStatus.Closed;
        if (facts.DecidedOn is not null) return CaseStatus.Decided;
        if (facts.Consultations.Any(c => c.RepliedOn is null)) return CaseStatus.Consulting;
        if (facts.FeeNoticeIssuedOn is not null && facts.FeePaidOn is null) return CaseStatus.AwaitingFee;
        return CaseStatus.InProgress;
    }

    private static List<Pause> BuildPauses(CaseFacts facts, DateOnly receipt, WorkingCalendar calendar, ClockSettings settings)
    {
        var pauses = new List<Pause>();
        foreach (var consultation in facts.Consultations)
        {
            var limit = calendar.AddWorkingDays(consultation.SentOn, settings.ConsultationLimitWorkingDays);
            var until = consultation.RepliedOn is { } replied && replied < limit ? replied : limit;
            var reason = consultation.Kind == ConsultationKind.ThirdParty
                ? PauseReason.ThirdPartyConsultation
                : PauseReason.OtherAgencyConsultation;
            var detail = consultation.RepliedOn is { } r
                ? r <= limit
                    ? $"consultation of {consultation.Party} sent {consultation.SentOn:yyyy-MM-dd}, reply received {r:yyyy-MM-dd}"
                    : $"consultation of {consultation.Party} sent {consultation.SentOn:yyyy-MM-dd}, reply came after the {settings.ConsultationLimitWorkingDays}-working-day limit {limit:yyyy-MM-dd}"
                : $"consultation of {consultation.Party} sent {consultation.SentOn:yyyy-MM-dd}, no reply yet: paused until the reply or {limit:yyyy-MM-dd} at the latest";
            pauses.Add(new Pause(consultation.SentOn, until, reason, detail, consultation.RepliedOn is null));
        }

        if (settings.FeePauseEnabled && receipt >= ClockSettings.FeesFrom && facts.FeeNoticeIssuedOn is { } issued)
        {
            var limit = calendar.AddWorkingDays(issued, settings.FeePaymentLimitWorkingDays);
            var until = facts.FeePaidOn is { } paid && paid < limit ? paid : limit;
            var detail = facts.FeePaidOn is { } p
                ? $"fee notice issued {issued:yyyy-MM-dd}, paid {p:yyyy-MM-dd}"
                : $"fee notice issued {issued:yyyy-MM-dd}, not paid yet: paused until payment or {limit:yyyy-MM-dd} at the latest";
            pauses.Add(new Pause(issued, until, PauseReason.FeeNotice, detail, facts.FeePaidOn is null));
        }

        pauses.Sort((a, b) => a.After.CompareTo(b.After));
        return pauses;
    }
}

/// <summary>Working days in (After, Until] are not counted.</summary>
public readonly record struct PausedSpan(DateOnly After, DateOnly Until);
