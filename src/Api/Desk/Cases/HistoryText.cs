using System.Text.Json;
using CaseTracker.Api.Desk.Shared;
using CaseTracker.Api.Features.Cases.GetHistory;
using CaseTracker.Domain.Applicants;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using Microsoft.Extensions.Localization;

namespace CaseTracker.Api.Desk.Cases;

/// <summary>
/// How the desk case page names a case's history in Chinese (the step, its outcome, delivery method, days, reason, party …, and a correction's
/// before → after lines), shared with the case file (案卷, issue 19) so the permanent record reads as the desk does. Never shows raw codes.
/// </summary>
public sealed class HistoryText(IStringLocalizer<CaseText> t, IStringLocalizer<DeskText> names, Regime? regime, IReadOnlyList<HistoryEntry> history)
{
    /// <summary>The Chinese name of an outcome code under the case's regime (answers as 《条例》 numbered options, others by their desk name).</summary>
    public string OutcomeText(string? code)
        => regime is { } r && code is not null && Outcome.TryFind(r, code, out var outcome) && outcome.IsAnswer ? OutcomeOptions.Text(outcome) : names.Outcome(regime, code);

    /// <summary>
    /// The Chinese name of a history entry's kind; a kind without one shows as 其他记录, never the raw code. A fee of a Regime 2008
    /// case is a cost fee (2008 Art. 27), for which the office gives a 收据 and sends no 收费通知: it is named 收取成本费用 (trial D finding 14).
    /// </summary>
    public string KindName(string kind) => t[regime == Regime.Regime2008 && kind == "FeeNoticeIssued" ? "Event_FeeNoticeIssued2008" : $"Event_{kind}"] is { ResourceNotFound: false } label ? label.Value : t["Event_Other", kind];

    /// <summary>An entry as the desk's history line reads: its kind's name with its outcome, delivery method, days, reason, party, document.</summary>
    public string EventLabel(HistoryEntry e)
    {
        var text = KindName(e.Kind);
        if (e.Kind == "ImportedRemark")
            return Str(e, "text") is { } remark ? $"{text}：{remark}" : text;
        if (e.Kind == "CalendarRecomputed")
            return e.Details is { ValueKind: JsonValueKind.Object } n && n.TryGetProperty("year", out var year) && year.ValueKind == JsonValueKind.Number
                ? t["Event_CalendarRecomputedYear", year.GetInt32()] : text;
        if (e.Kind == "RulesRecomputed") return text; // its stored reason is the system's English sentence
        if (e.Details is { ValueKind: JsonValueKind.Object } d)
        {
            if (e.Kind is "Decided" or "AnsweredOnTheSpot" && Str(e, "outcome") is { } code) text += $"：{OutcomeText(code)}";
            if (e.Kind is "Delivered" or "AnsweredOnTheSpot" && Enum.TryParse<DeliveryMethod>(Str(e, "method"), out var method)) text += $"（{t.Of(method)}）";
            if (e.Kind == "SupplementRequested" && Str(e, "supplyBy") is { } supplyBy) text += t["Case_SupplyByShort", supplyBy];
            if (e.Kind is "FeeNoticeIssued" or "FeePaid") text += FeeText(d);
            if (e.Kind == "FeeReduced" && Yuan(d, "toYuan") is { } to) text += t["Case_FeeReducedTo", to];
            if (e.Kind is "AttachmentAdded" or "AttachmentRemoved" && Str(e, "fileName") is { } file) text += $"：{Str(e, "kindName")} {file}";
            if (d.TryGetProperty("workingDays", out var days)) text += t["Case_Days", days.GetInt32()];
            if (d.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String) text += $"：{reason.GetString()}";
            if (d.TryGetProperty("party", out var party) && party.ValueKind == JsonValueKind.String) text += $"：{party.GetString()}";
            if (e.Kind == "Assigned" && d.TryGetProperty("name", out var name)) text += $"：{name.GetString()}";
            if (e.Kind == "DocumentIssued" && Str(e, "title") is { } title) text += $"：{title} {Str(e, "number")}";
            if (e.Kind == "ConsultationReplied")
            {
                var consultation = Str(e, "consultationId");
                if (history.FirstOrDefault(h => h.Kind == "ConsultationSent" && Str(h, "consultationId") == consultation) is { } sent && Str(sent, "party") is { } asked)
                    text += $"：{asked}";
                if (d.TryGetProperty("consents", out var consents) && consents.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    text += $"（{(consents.GetBoolean() ? t["Step_Agrees"] : t["Step_Disagrees"])}）";
            }
        }

        return text;
    }

    /// <summary>
    /// A correction's own entry (更正登记信息, 撤销上一步, 更正答复决定): each field before → after as the history keeps it (personal data masked there),
    /// the step voided, and the due date before → after when the correction moved it. Empty for any other entry.
    /// </summary>
    public IReadOnlyList<string> ChangeLines(HistoryEntry e)
    {
        if (e.Kind is not ("RegistrationCorrected" or "StepVoided" or "DecisionAmended")) return [];
        var lines = new List<string>();
        if (e.Details is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("changes", out var changes) && changes.ValueKind == JsonValueKind.Array)
        {
            foreach (var change in changes.EnumerateArray())
            {
                string? Part(string name) => change.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                var field = Part("field") ?? "";
                if (field == "step")
                {
                    // "<Kind> yyyy-MM-dd" of the step voided
                    var step = Part("before") ?? "";
                    var space = step.IndexOf(' ');
                    lines.Add(t["Change_StepVoided", space < 0 ? KindName(step) : KindName(step[..space]), space < 0 ? "" : step[(space + 1)..]]);
                    continue;
                }

                var label = t[$"Field_{field.Replace('.', '_')}"];
                lines.Add(t["Change_Line", label.ResourceNotFound ? field : label.Value, FieldValue(field, Part("before")), FieldValue(field, Part("after"))]);
            }
        }

        if (e.DueBefore != e.DueAfter)
            lines.Add(t["Change_Line", t["Field_dueOn"], e.DueBefore.Iso(), e.DueAfter.Iso()]);
        return lines;
    }

    // A corrected value as the desk names it: codes in Chinese, an empty value as "（空）".
    private string FieldValue(string field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return t["Change_Empty"];
        return field switch
        {
            "applicant.kind" when Enum.TryParse<ApplicantKind>(value, out var kind) => t.Of(kind),
            "channel" when Enum.TryParse<Channel>(value, out var channel) => t.Of(channel),
            "letterMail" when Enum.TryParse<LetterMail>(value, out var mail) => t.Of(mail),
            "deliveryForm" when Enum.TryParse<DeliveryForm>(value, out var form) => t.Of(form),
            "outcome" => OutcomeText(value),
            _ => value,
        };
    }

    /// <summary>A string property of an entry's details, or null.</summary>
    public static string? Str(HistoryEntry e, string property)
        => e.Details is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // A fee notice's items (检索费 20 元、复制费 45.5 元, Regime 2008 cost fees) and its amount, or a payment's amount, from the
    // entry's payload; "" when the payload has no amount.
    private string FeeText(JsonElement d)
    {
        if (Yuan(d, "amountYuan") is not { } amount) return "";
        var items = d.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
                .Where(i => i.ValueKind == JsonValueKind.Object)
                .Select(i => (Kind: i.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null, Yuan: Yuan(i, "amountYuan")))
                .Where(i => i.Kind is not null && i.Yuan is not null)
                .Select(i => t["Case_FeeItem", t[$"CostFee_{i.Kind}"] is { ResourceNotFound: false } name ? name.Value : i.Kind!, i.Yuan!].Value)
                .ToList()
            : [];
        return items.Count > 0 ? t["Case_FeeItems", string.Join("、", items), amount] : t["Case_FeeAmount", amount];
    }

    // An amount in yuan as the office writes it (77.5, 20), or null when the payload does not carry it.
    private static string? Yuan(JsonElement d, string property)
        => d.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDecimal().ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : null;
}
