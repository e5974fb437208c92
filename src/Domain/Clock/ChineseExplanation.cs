using System.Collections;
using System.Globalization;
using System.Resources;
using CaseTracker.Domain.Translation;

namespace CaseTracker.Domain.Clock;

/// <summary>
/// The explanation of a due date in Chinese, line by line, from its structured data (ChineseExplanation.resx): the
/// counted ranges, holidays and 调休 by name, weekends, pauses with their reasons, the extension, a deferral, the rest-day
/// receipt shift and the provisional years — "自2026-03-02（收到申请之日）次日起算20个工作日", "跳过清明节2026-04-06（星期一）".
/// The API's <c>lines</c> for a zh request and the desk's case page ("为什么是这一天") use it.
/// </summary>
public static class ChineseExplanation
{
    private static readonly Dictionary<string, string> Text = Read();

    private static readonly TemplateTranslator PauseDetails = new(
        Text.Where(t => t.Key.Contains(' ', StringComparison.Ordinal)), new Dictionary<string, string>());

    private static readonly string[] Weekdays = Text["Weekdays"].Split(',');

    /// <summary>
    /// <paramref name="e"/> with every text a person reads in Chinese (trial C finding 19): <see cref="DeadlineExplanation.Lines"/>,
    /// <see cref="DeadlineExplanation.Article"/> ("《条例》第三十三条：20个工作日"), <see cref="DeadlineExplanation.BaseReason"/>
    /// ("收到申请之日（《条例》第三十一条）") and each pause's <see cref="PausedRange.Detail"/> (as the desk's list shows it). The
    /// dates and figures are unchanged; an extension's or deferral's reason stays as the approver wrote it.
    /// </summary>
    public static DeadlineExplanation InChinese(DeadlineExplanation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var is2008 = e.Regime == Cases.Regime.Regime2008;
        return e with
        {
            Lines = Lines(e),
            Article = e.Regime is null ? e.Article : Text[is2008 ? "Article.Regime2008" : "Article.Regime2019"],
            BaseReason = e.BaseReason.Length == 0 ? e.BaseReason
                : Text[e.BaseIsSupplement ? "BaseReason.Supplement" : is2008 ? "BaseReason.Receipt2008" : "BaseReason.Receipt2019"],
            Pauses = [.. e.Pauses.Select(p => p with { Detail = Pause(p) })],
        };
    }

    public static IReadOnlyList<string> Lines(DeadlineExplanation e)
    {
        var lines = new List<string>();
        if (e is { ReceiptShifted: true, ReceiptDate: { } recorded, CountedReceiptDate: { } counted })
            lines.Add(F("Shift", D(recorded), Day(recorded), D(counted), Day(counted)));

        if (e.BaseDate is not { } baseDate || e.DueOn is not { } due)
        {
            lines.Add(NoClock(e));
            lines.AddRange(Unpaused(e));
            return lines;
        }

        var is2008 = e.Regime == Cases.Regime.Regime2008;
        var regime = Text[is2008 ? "Regime2008" : "Regime2019"];
        lines.Add(F(e.BaseIsSupplement ? "Start.Supplement" : "Start.Receipt", regime, D(baseDate), e.StatutoryWorkingDays.ToString(CultureInfo.InvariantCulture)));
        lines.AddRange(e.CountedRanges.Select(r => F("Counted", D(r.From), D(r.To), N(r.WorkingDays))));
        lines.AddRange(e.HolidaysSkipped.Select(h => F("Holiday", h.Name, D(h.Date), Weekdays[(int)h.DayOfWeek])));
        lines.AddRange(e.MakeUpWorkdays.Select(m => F("MakeUp", m.Name, D(m.Date), Weekdays[(int)m.DayOfWeek])));
        if (e.WeekendDaysSkipped > 0) lines.Add(F("Weekends", N(e.WeekendDaysSkipped)));
        lines.AddRange(e.Pauses.Select(p => F("Paused", D(p.From), D(p.To), N(p.WorkingDays), Pause(p))));
        if (e.Pauses.Count > 1) lines.Add(F("PausedInAll", N(e.PausedWorkingDays)));
        if (e.Extension is { } x)
            lines.Add(F(is2008 ? "Extension2008" : "Extension2019", N(x.WorkingDays), D(x.ApprovedOn), x.Approver, x.Reason, D(x.ApplicantNotifiedOn)));
        if (e.Deferral is { } d)
            lines.Add(F(is2008 ? "Deferral2008" : "Deferral2019", D(d.DueOn), D(d.ApprovedOn), d.Approver, d.Reason));
        lines.Add(F("Due", D(due), N(e.BudgetWorkingDays)));
        if (e.Provisional)
            lines.Add(F("Provisional", string.Join("、", e.ProvisionalYears.Select(N))));
        lines.AddRange(Unpaused(e));
        return lines;
    }

    /// <summary>A pause's reason in Chinese: its detail by template, or the reason's name when the detail is not known.</summary>
    public static string Pause(PausedRange pause)
        => PauseDetails.TryTranslate(pause.Detail, out var zh) ? zh : Text["Reason." + pause.Reason];

    /// <summary>A date's day of the week in Chinese (星期一…).</summary>
    public static string Day(DateOnly date) => Weekdays[(int)date.DayOfWeek];

    private static string NoClock(DeadlineExplanation e) => e switch
    {
        { AwaitingThirdPartySince: { } since, BaseDate: { } baseDate } => F("AwaitingThirdParty", N(e.StatutoryWorkingDays), D(baseDate), D(since),
            N(e.CountedBeforePause ?? 0), N(e.BudgetWorkingDays - (e.CountedBeforePause ?? 0))),
        { Status: Cases.CaseStatus.AwaitingConfirmation } => Text["AwaitingConfirmation"],
        { Status: Cases.CaseStatus.AwaitingSupplement } => F("AwaitingSupplement", e.SupplyBy is { } by ? D(by) : ""),
        _ => Text["ClosedBeforeClock"],
    };

    private static IEnumerable<string> Unpaused(DeadlineExplanation e) => e.UnpausedConsultations.Select(c => F("Unpaused", c.Party, D(c.SentOn)));

    private static string F(string key, params string[] holes) => TemplateTranslator.Fill(Text[key], holes);

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Read()
    {
        var resources = new ResourceManager("CaseTracker.Domain.Clock.ChineseExplanation", typeof(ChineseExplanation).Assembly);
        var set = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: true)
                  ?? throw new InvalidOperationException("ChineseExplanation.resx is not embedded.");
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in set)
            if (entry is { Key: string key, Value: string value }) text[key] = value;
        return text;
    }
}
