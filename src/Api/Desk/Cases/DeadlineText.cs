using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using Microsoft.Extensions.Localization;

namespace CaseTracker.Api.Desk.Cases;

/// <summary>
/// "为什么是这一天": the due-date explanation of the Domain (<see cref="DeadlineExplanation"/>) rendered as Chinese sentences
/// from its structured data — the counted ranges, holidays and 调休 days by name, pauses with their reasons, the extension
/// and the deferral — never from its English lines.
/// </summary>
public static class DeadlineText
{
    private static readonly string[] Weekdays = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

    private static string W(DateOnly d) => Weekdays[(int)d.DayOfWeek];

    /// <summary>The sentences, in the order a clerk checks them: receipt, counting, days skipped, pauses, extension, due date.</summary>
    public static IReadOnlyList<string> Lines(DeadlineExplanation e, IStringLocalizer<CaseText> t)
    {
        var lines = new List<string>();
        if (e is { ReceiptShifted: true, ReceiptDate: { } recorded, CountedReceiptDate: { } counted })
            lines.Add(t["Why_Shift", recorded.Iso(), W(recorded), counted.Iso()]);
        var is2008 = e.Regime == Regime.Regime2008;
        if (e.BaseDate is not { } baseDate || e.DueOn is not { } due)
        {
            lines.Add(e.Status switch
            {
                CaseStatus.AwaitingConfirmation => t["Why_NoReceipt"],
                CaseStatus.AwaitingSupplement => t["Why_Supplement"],
                CaseStatus.Closed => t["Why_ClosedBefore"],
                _ => t["Why_ThirdPartyOpen"],
            });
            return lines;
        }

        var article = is2008 ? t["Why_Article2008"] : t["Why_Article2019"];
        var restarted = !is2008 && e.BaseDate != e.CountedReceiptDate;
        lines.Add(restarted
            ? t["Why_BaseSupplement", baseDate.Iso(), e.StatutoryWorkingDays]
            : t["Why_Base", baseDate.Iso(), e.StatutoryWorkingDays, article]);
        lines.AddRange(e.CountedRanges.Select(r => t["Why_Counted", r.From.Iso(), r.To.Iso(), r.WorkingDays].Value));
        lines.AddRange(e.HolidaysSkipped.GroupBy(h => h.Name).Select(g =>
            t["Why_Holiday", g.Key, string.Join("、", g.Select(h => $"{h.Date.Iso()}（{W(h.Date)}）"))].Value));
        lines.AddRange(e.MakeUpWorkdays.Select(m => t["Why_MakeUp", m.Date.Iso(), W(m.Date), m.Name].Value));
        if (e.WeekendDaysSkipped > 0) lines.Add(t["Why_Weekends", e.WeekendDaysSkipped]);
        foreach (var p in e.Pauses)
        {
            var reason = t[$"Why_Pause_{p.Reason}"].Value;
            lines.Add(p.Open
                ? t["Why_PauseOpen", p.From.Iso(), p.To.Iso(), p.WorkingDays, reason, t[$"Why_Waiting_{p.Reason}"].Value]
                : t["Why_Pause", p.From.Iso(), p.To.Iso(), p.WorkingDays, reason]);
        }

        // Trial B: overlapping consultations each show their own days; the clock stood still for the union, counted once.
        if (e.Pauses.Count > 1) lines.Add(t["Why_PausedInAll", e.PausedWorkingDays]);

        if (e.Extension is { } x)
        {
            var extensionArticle = is2008 ? t["Why_ExtensionArticle2008"] : t["Why_ExtensionArticle2019"];
            lines.Add(x.RequestedBy is { } by && x.RequestedOn is { } on
                ? t["Why_ExtensionRequested", x.WorkingDays, extensionArticle, by, on.Iso(), x.Approver, x.ApprovedOn.Iso(), x.ApplicantNotifiedOn.Iso(), x.Reason]
                : t["Why_Extension", x.WorkingDays, extensionArticle, x.Approver, x.ApprovedOn.Iso(), x.ApplicantNotifiedOn.Iso(), x.Reason]);
        }

        if (e.Deferral is { } d)
            lines.Add(d.RequestedBy is { } asker && d.RequestedOn is { } askedOn
                ? t["Why_DeferralRequested", d.DueOn.Iso(), asker, askedOn.Iso(), d.Approver, d.ApprovedOn.Iso(), d.Reason]
                : t["Why_Deferral", d.DueOn.Iso(), d.Approver, d.ApprovedOn.Iso(), d.Reason]);
        lines.Add(t["Why_Due", due.Iso(), W(due), e.CountedWorkingDays]);
        if (e.Provisional) lines.Add(t["Why_Provisional", string.Join("、", e.ProvisionalYears)]);
        return lines;
    }
}
