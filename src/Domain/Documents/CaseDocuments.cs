using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Domain.Fees;
using CaseTracker.Domain.Outcomes;

namespace CaseTracker.Domain.Documents;

/// <summary>
/// Which documents (文书, documents.md) a case can issue, and each one drafted from the case: every date in it comes from the
/// clock (<see cref="StatutoryClock"/>) as it stood at the step the document records.
/// </summary>
public static partial class CaseDocuments
{
    /// <summary>The receipt's 查询码 field while <see cref="DocumentContext.LookupCode"/> is null (a draft before issuing).</summary>
    public const string LookupCodePending = "（出具时生成）";

    /// <summary>The longest text a clerk may put into one editable field.</summary>
    public const int MaxEditLength = 10_000;

    /// <summary>
    /// Editable parts the document must state (Art. 30 the items; Art. 33 ¶2, 35, 36(3) the reason; the consultation's subject
    /// and where to reply; how to pay; what was delivered): an edit may change them, not blank them.
    /// </summary>
    private static readonly HashSet<string> NeverBlank = ["items", "reason", "information", "concern", "party", "replyTo", "payment", "documents"];

    private static readonly string[] CommonKeys = ["title", "number", "addressee", "agency", "applicant.name", "case.number", "issuedOn", "body"];

    private static readonly Dictionary<DocumentKind, string[]> ExtraKeys = new()
    {
        [DocumentKind.Receipt] = ["countedReceivedOn"],
        [DocumentKind.SupplementNotice] = ["requestedOn"],
        [DocumentKind.ExtensionNotice] = ["approvedOn"],
        [DocumentKind.DeferralNotice] = ["approvedOn"],
        [DocumentKind.FeeNotice] = ["noticeOn"],
        [DocumentKind.Answer] = ["decidedOn"],
    };

    private static readonly IReadOnlyDictionary<DocumentKind, IReadOnlyCollection<string>> Keys = Enum.GetValues<DocumentKind>().ToDictionary(
        k => k,
        k => (IReadOnlyCollection<string>)CommonKeys.Concat(DocumentLayout.FieldKeysOf(k)).Concat(ExtraKeys.GetValueOrDefault(k, [])).Distinct().ToList());

    /// <summary>
    /// Null when <paramref name="case"/> can issue <paramref name="kind"/> now, else the sentence why not: the step the document
    /// records has not happened (receipt fixed, 补正 sent, consultation sent, extension or deferral approved, fee notice recorded,
    /// decision, delivery), or the case's regime has no such step (Regime 2008: no 补正, 延迟答复 or 信息处理费), or the case was
    /// withdrawn (no answer letter, nothing delivered).
    /// </summary>
    public static string? WhyNot(Case @case, DocumentKind kind, ClockContext clock)
    {
        var reading = @case.Clock(clock.Calendar, clock.Settings);
        var events = @case.Events;
        var withdrawn = events.OfType<Withdrawn>().FirstOrDefault();
        var regime2008 = reading.Regime == Regime.Regime2008;
        switch (kind)
        {
            case DocumentKind.Receipt:
                return reading.ReceiptDate is null ? "The receipt date is not confirmed yet (Art. 31): the receipt can be issued once it is." : null;
            case DocumentKind.SupplementNotice:
                if (regime2008)
                    return "Regime 2008 has no 补正 notice: an unclear request is answered with the outcome ChangeOrSupplement (2008 Art. 21(4)).";
                return events.OfType<SupplementRequested>().Any() ? null
                    : "No supplement request is recorded on this case: record the 补正 step (the items and the date to supply them by) first (Art. 30).";
            case DocumentKind.ConsultationLetter:
                return events.OfType<ConsultationSent>().Any() ? null
                    : "No consultation is recorded on this case: record the consultation sent first (Art. 32, 34).";
            case DocumentKind.ConsultationNotice:
                if (!events.OfType<ConsultationSent>().Any())
                    return "No consultation is recorded on this case: record the consultation sent first (Art. 32, 34).";
                return events.OfType<ConsultationSent>().Any(c => reading.Regime is not { } r || c.ConsultationKind.Pauses(r)) ? null
                    : "In Regime 2008 only a third-party consultation stops the clock; a consultation of another agency does not, so the applicant is not told of it (2008 Art. 24 ¶3).";
            case DocumentKind.ExtensionNotice:
                if (events.OfType<ExtensionApproved>().Any()) return null;
                return @case.PendingExtensionRequest is { } pending
                    ? $"The extension asked on {pending.RequestedOn:yyyy-MM-dd} waits for an approver; the notice follows the approval (Art. 33 ¶2)."
                    : "No extension is approved on this case; the notice follows the approval (Art. 33 ¶2).";
            case DocumentKind.DeferralNotice:
                if (regime2008)
                    return "Regime 2008 has no deferred answer (延迟答复 is Art. 35 of the 2019 text), so no deferral notice.";
                if (events.OfType<DeferralApproved>().Any()) return null;
                return @case.PendingDeferralRequest is { } asked
                    ? $"The deferral asked on {asked.RequestedOn:yyyy-MM-dd} waits for an approver; the notice follows the approval (Art. 35)."
                    : "No deferral is approved on this case; the notice follows the approval (Art. 35).";
            case DocumentKind.FeeNotice:
                if (regime2008)
                    return "A Regime 2008 cost fee (2008 Art. 27) has no fee notice document: the 收费通知书 is the 信息处理费 notice of Regime 2019 cases received from 2021-01-01 (国办函〔2020〕109号); the cost fee is recorded as a step and receipted by the office's own 收据.";
                return events.OfType<FeeNoticeIssued>().Any() ? null
                    : "No fee notice is recorded on this case: record the fee step (method and count) first (国办函〔2020〕109号).";
            case DocumentKind.Answer:
                if (withdrawn is not null)
                    return $"The applicant withdrew the request on {withdrawn.WithdrawnOn:yyyy-MM-dd}; the case closed without an answer letter.";
                return DecisionIndex(events) >= 0 ? null
                    : "The case is not decided yet: record the decision (its outcome) before drafting the answer letter.";
            case DocumentKind.DeliveryRecord:
                if (withdrawn is not null)
                    return $"The applicant withdrew the request on {withdrawn.WithdrawnOn:yyyy-MM-dd}; nothing was delivered.";
                return DeliveryIndex(events) >= 0 ? null
                    : "The answer is not delivered yet: record the delivery (method and date) first.";
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>
    /// The step of <paramref name="case"/> a document of <paramref name="kind"/> records now: the index in its events of the
    /// registration or confirmation (receipt), the latest 补正 request, consultation sent, extension or deferral approved, fee
    /// notice, decision or delivery; null when the case has no such step. A draft's <see cref="DocumentDraft.EventSequence"/> is it.
    /// </summary>
    public static int? StepIndex(Case @case, DocumentKind kind)
    {
        var events = @case.Events;
        var index = kind switch
        {
            DocumentKind.Receipt => LastIndex(events, e => e is Registered { ReceivedOn: not null } or ReceiptConfirmed),
            DocumentKind.SupplementNotice => LastIndex(events, e => e is SupplementRequested),
            DocumentKind.ConsultationLetter or DocumentKind.ConsultationNotice => LastIndex(events, e => e is ConsultationSent),
            DocumentKind.ExtensionNotice => LastIndex(events, e => e is ExtensionApproved),
            DocumentKind.DeferralNotice => LastIndex(events, e => e is DeferralApproved),
            DocumentKind.FeeNotice => LastIndex(events, e => e is FeeNoticeIssued),
            DocumentKind.Answer => DecisionIndex(events),
            DocumentKind.DeliveryRecord => DeliveryIndex(events),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return index >= 0 ? index : null;
    }

    /// <summary>
    /// Whether a document of <paramref name="kind"/> issued for the step at <paramref name="issuedFor"/> covers the step at
    /// <paramref name="step"/> (documents.md "an issued document is never changed; a correction issues a new version"): the
    /// receipt is issued once per case; every other kind once per step it records (each 补正 request, consultation, extension,
    /// deferral, fee notice, decision, delivery). While such a document is in force (not replaced), another is refused: the
    /// office corrects it (更正) instead.
    /// </summary>
    public static bool SameStep(DocumentKind kind, int issuedFor, int step) => kind == DocumentKind.Receipt || issuedFor == step;

    /// <summary>The kinds <see cref="WhyNot"/> allows now, in the order of documents.md's table.</summary>
    public static IReadOnlyList<DocumentKind> IssuableNow(Case @case, ClockContext clock)
        => Enum.GetValues<DocumentKind>().Where(k => WhyNot(@case, k, clock) is null).ToList();

    /// <summary>Every field key a template of <paramref name="kind"/> may use (content control tags); "number" is the 文号.</summary>
    public static IReadOnlyCollection<string> FieldKeys(DocumentKind kind) => Keys[kind];

    /// <summary>
    /// The document of <paramref name="kind"/> filled from <paramref name="case"/>: every key of <see cref="FieldKeys"/> but
    /// "number", dates in Chinese. Refused (<see cref="DomainRuleException"/>) with <see cref="WhyNot"/>'s sentence when the case
    /// cannot issue it; a consultation id the case does not have → <see cref="NotFoundException"/>. A receipt drafted without
    /// its 查询码 in <paramref name="context"/> shows <see cref="LookupCodePending"/>: the caller issuing it must pass the code it stores.
    /// </summary>
    public static DocumentDraft Draft(Case @case, DocumentKind kind, DocumentContext context)
    {
        if (WhyNot(@case, kind, context.Clock) is { } why)
            throw new DomainRuleException(why);
        var drafter = new Drafter(@case, context);
        var draft = kind switch
        {
            DocumentKind.Receipt => drafter.Receipt(),
            DocumentKind.SupplementNotice => drafter.SupplementNotice(),
            DocumentKind.ConsultationLetter => drafter.ConsultationLetter(),
            DocumentKind.ConsultationNotice => drafter.ConsultationNotice(),
            DocumentKind.ExtensionNotice => drafter.ExtensionNotice(),
            DocumentKind.DeferralNotice => drafter.DeferralNotice(),
            DocumentKind.FeeNotice => drafter.FeeNotice(),
            DocumentKind.Answer => drafter.Answer(),
            DocumentKind.DeliveryRecord => drafter.DeliveryRecord(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return draft;
    }

    /// <summary>
    /// Refuses (<see cref="DomainRuleException"/>) a document of <paramref name="draft"/> dated <paramref name="issuedOn"/> before
    /// the step it records (a 补正 notice before the request, an answer before the decision…): drafting and issuing alike.
    /// </summary>
    public static void EnsureDatedOnOrAfterStep(Case @case, DocumentDraft draft, DateOnly issuedOn)
    {
        var stepOn = @case.Events[draft.EventSequence].On;
        if (issuedOn < stepOn)
            throw new DomainRuleException($"The {draft.Kind} cannot be dated {issuedOn:yyyy-MM-dd}, before the step it documents ({stepOn:yyyy-MM-dd}).");
    }

    /// <summary>
    /// The date a document of <paramref name="kind"/> is dated when the clerk gives none: the acting date of the step it records
    /// (the registration or receipt confirmation, the 补正 request, the consultation sent, the approval, the fee notice, the
    /// decision or on-the-spot answer, the delivery), so a step entered later is not documented by a paper dated today;
    /// <paramref name="today"/> when the case has no such step yet or the step is dated later (China dates).
    /// </summary>
    public static DateOnly DefaultIssuedOn(Case @case, DocumentKind kind, DateOnly today)
        => StepIndex(@case, kind) is { } index && @case.Events[index].On <= today ? @case.Events[index].On : today;

    /// <summary>
    /// Refuses (<see cref="InvalidInputException"/> on issuedOn) a document dated <paramref name="issuedOn"/> that would
    /// contradict the case's own record: an extension notice dated after the day the applicant was told of the extension, or
    /// after the original due date (Art. 33 ¶2: the applicant is told within the original period); an answer letter dated
    /// after the delivery recorded for its decision (a paper cannot be served before it is written).
    /// </summary>
    public static void EnsureDateAgreesWithCase(Case @case, DocumentDraft draft, DateOnly issuedOn, ClockContext clock)
    {
        var events = @case.Events;
        var step = events[draft.EventSequence];
        switch (step)
        {
            case ExtensionApproved extension:
                var originalDue = StatutoryClock.Compute(events.Take(draft.EventSequence).ToList(), clock.Calendar, clock.Settings).DueOn;
                if (issuedOn > extension.ApplicantNotifiedOn)
                    throw new InvalidInputException("issuedOn",
                        $"The extension notice cannot be dated {issuedOn:yyyy-MM-dd}: the case records the applicant told of the extension on {extension.ApplicantNotifiedOn:yyyy-MM-dd}, and the notice is how they were told (Art. 33 ¶2).");
                if (originalDue is { } due && issuedOn > due)
                    throw new InvalidInputException("issuedOn",
                        $"The extension notice cannot be dated {issuedOn:yyyy-MM-dd}, after the original due date {due:yyyy-MM-dd}: the applicant must be told of an extension within the original period (Art. 33 ¶2).");
                break;
            case Decided or Abandoned when draft.Kind == DocumentKind.Answer:
                for (var i = draft.EventSequence + 1; i < events.Count; i++)
                {
                    if (events[i] is Delivered delivered && issuedOn > delivered.DeliveredOn)
                        throw new InvalidInputException("issuedOn",
                            $"The answer letter cannot be dated {issuedOn:yyyy-MM-dd}: the case records it delivered on {delivered.DeliveredOn:yyyy-MM-dd}, and a paper cannot be served before it is written.");
                }

                break;
        }
    }

    /// <summary>
    /// Refuses (<see cref="DomainRuleException"/>) a delivery record (送达回证) of a delivery on <paramref name="deliveredOn"/>
    /// that names a paper dated after it: the record would prove service of a paper before it was written. The office
    /// corrects the answer's date (a correction, 更正) or the delivery's first.
    /// </summary>
    public static void EnsureDeliveredAfterIssue(DateOnly deliveredOn, IEnumerable<DeliveredDocument> documents)
    {
        foreach (var d in documents)
        {
            if (d.IssuedOn > deliveredOn)
                throw new DomainRuleException(
                    $"The delivery record cannot name {d.Number}, dated {d.IssuedOn:yyyy-MM-dd}, as delivered on {deliveredOn:yyyy-MM-dd}: a paper cannot be served before it is written; correct the answer's date or the delivery first.");
        }
    }

    /// <summary>
    /// Refuses (<see cref="InvalidInputException"/> naming <c>edits.documents</c>) a 送达文书 line of a delivery record (送达回证,
    /// 国办公开办函〔2016〕235号: the papers served, by title and 文号) that the clerk edited into naming a 文号 (…〔年〕N号) that is
    /// not one of <paramref name="issuedNumbers"/> — this case's issued papers still in force (not void, not replaced) — or that
    /// leaves out an answer letter in force of <paramref name="inForce"/>: the line lists what was served, it cannot name a paper
    /// this register never issued nor drop the answer in force (trial F finding 5). Free words around the numbers (及附件) stay free.
    /// </summary>
    public static void EnsureNamesIssuedPapers(string documents, IReadOnlyCollection<string> issuedNumbers, IReadOnlyList<DeliveredDocument>? inForce)
    {
        foreach (System.Text.RegularExpressions.Match m in DocumentNumberPattern().Matches(documents))
        {
            var upTo = documents[..(m.Index + m.Length)];
            if (issuedNumbers.Any(n => upTo.EndsWith(n, StringComparison.Ordinal))) continue;
            var start = m.Index;
            while (start > 0 && m.Index - start < 12 && !"（()）,，、；;：: \n及和与".Contains(documents[start - 1], StringComparison.Ordinal)) start--;
            throw new InvalidInputException("edits.documents",
                $"The 送达文书 line names {documents[start..(m.Index + m.Length)]}, which is not a paper of this case in force: name only the case's issued papers that are not void ({string.Join(", ", issuedNumbers)}).");
        }

        foreach (var answer in inForce ?? [])
        {
            if (!documents.Contains(answer.Number, StringComparison.Ordinal))
                throw new InvalidInputException("edits.documents",
                    $"The 送达文书 line must name the answer in force {answer.Number}: a delivery record lists every paper served, by its own title and number.");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[〔\[［]\d{4}[〕\]］]第?\d+号")]
    private static partial System.Text.RegularExpressions.Regex DocumentNumberPattern();

    /// <summary>
    /// The 答复期限 a receipt (登记回执) <paramref name="draft"/> states when it is before <paramref name="issuedOn"/>, the
    /// paper's own date (China dates) — a corrected receipt issued late, or back-dated too little, tells the applicant a due
    /// date already past on its face (trial F finding 4): the desk warns beside the date, nothing is refused. Null for other
    /// kinds or when the due date is on or after the paper's date.
    /// </summary>
    public static DateOnly? DueBeforeIssuedOn(DocumentDraft draft, DateOnly issuedOn)
        => draft.Kind == DocumentKind.Receipt && draft.Value("dueOn") is { } text
           && ChineseDatePattern().Match(text) is { Success: true } m
           && new DateOnly(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
               int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
               int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)) is var due && due < issuedOn
            ? due
            : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d{4})年(\d{1,2})月(\d{1,2})日$")]
    private static partial System.Text.RegularExpressions.Regex ChineseDatePattern();

    /// <summary>The acting date of the delivery a delivery record of <paramref name="case"/> records; null when nothing is delivered.</summary>
    public static DateOnly? DeliveredOn(Case @case)
        => StepIndex(@case, DocumentKind.DeliveryRecord) is { } i ? @case.Events[i].On : null;

    /// <summary>
    /// The address a delivery by <paramref name="method"/> went to, as the 送达回证 prints it: the postal address for post, the
    /// e-mail address for e-mail, the telephone number for a fax (the register keeps one number; the clerk may write another);
    /// empty for a delivery in person or on the online platform. As masked or in full as <paramref name="applicant"/> is.
    /// </summary>
    public static string DeliveryAddress(Applicant applicant, DeliveryMethod method) => method switch
    {
        DeliveryMethod.Post => applicant.Address ?? "",
        DeliveryMethod.Email => applicant.Email ?? "",
        DeliveryMethod.Fax => applicant.Phone ?? "",
        _ => "",
    };

    /// <summary>The method of the delivery a delivery record of <paramref name="case"/> records; null when nothing is delivered.</summary>
    public static DeliveryMethod? DeliveryMethodOf(Case @case) => StepIndex(@case, DocumentKind.DeliveryRecord) is { } i
        ? @case.Events[i] switch { Delivered d => d.Method, AnsweredOnTheSpot a => a.Method, _ => null }
        : null;

    /// <summary>
    /// <paramref name="draft"/> as a correction (更正) of the paper <paramref name="replacedNumber"/> dated
    /// <paramref name="replacedOn"/>: its correctionNote says, on the paper itself, which paper it replaces
    /// ("本告知书更正并替代本机关2026年11月20日作出的禄政办公开答〔2026〕5号。"), documents.md "a correction issues a new version
    /// that names the one it replaces".
    /// </summary>
    public static DocumentDraft AsCorrectionOf(DocumentDraft draft, string replacedNumber, DateOnly replacedOn)
    {
        var note = $"{SelfName(draft.Title)}更正并替代本机关{ChineseDate(replacedOn)}作出的{replacedNumber}，原{PaperName(draft.Title)}作废。";
        return draft with { Fields = draft.Fields.Select(f => f.Key == "correctionNote" ? f with { Value = note } : f).ToList() };
    }

    private static readonly string[] PaperNames = ["征求意见书", "告知书", "答复书", "通知书", "送达回证", "回执"];

    private static string PaperName(string title) => PaperNames.FirstOrDefault(title.EndsWith) ?? "文书";

    // "本告知书", "本答复书", "本回执"…: the paper names itself by the last word of its title.
    private static string SelfName(string title) => "本" + PaperName(title);

    /// <summary>
    /// The fields of <paramref name="draft"/> that still hold a part to fill in: a fill-in placeholder (<see cref="AnswerWording.FillIn"/>:
    /// the competent agency's name and contact of a 非本机关 letter, Art. 36(5)), a lead ending with a colon and nothing after it
    /// (部分公开 "不予公开的内容及理由：", 出版物 "您可以通过以下途径获取：", 其他途径 "您可以通过以下途径办理："), or an outcome
    /// sentence ending with a colon (其他处理 "本机关对您的申请处理如下：") with nothing in what is provided. Empty: the draft can be
    /// issued as it is. An issued paper cannot be changed, so these are refused at issue rather than printed.
    /// </summary>
    public static IReadOnlyList<DocumentField> Unfilled(DocumentDraft draft)
    {
        static bool Dangling(string v) => v.TrimEnd() is { Length: > 0 } t && (t[^1] == '：' || t[^1] == ':');
        var unfilled = draft.Fields.Where(f => f.Editable && (f.Value.Contains(AnswerWording.FillIn, StringComparison.Ordinal) || Dangling(f.Value))).ToList();
        if (draft.Value("outcome") is { } outcome && Dangling(outcome) && draft.Fields.FirstOrDefault(f => f.Key == "provided") is { } provided
            && provided.Value.Trim().Length == 0 && !unfilled.Contains(provided))
            unfilled.Add(provided);
        return unfilled;
    }

    private static readonly string[] RequiredEverywhere = ["number", "issuedOn", "agency", "correctionNote"];

    private static readonly Dictionary<DocumentKind, string[]> RequiredOfKind = new()
    {
        [DocumentKind.Receipt] = ["receivedOn", "dueOn", "lookupCode"],
        [DocumentKind.SupplementNotice] = ["items", "supplyBy"],
        [DocumentKind.ConsultationLetter] = ["information", "replyBy"],
        [DocumentKind.ConsultationNotice] = ["sentOn", "pauseNote"],
        [DocumentKind.ExtensionNotice] = ["originalDueOn", "extensionDays", "newDueOn", "reason"],
        [DocumentKind.DeferralNotice] = ["originalDueOn", "newDueOn"],
        [DocumentKind.FeeNotice] = ["amount", "payBy", "pauseNote"],
        [DocumentKind.Answer] = ["outcome", "provided", "reason", "article", "remedies"],
        [DocumentKind.DeliveryRecord] = ["documents", "method", "deliveredOn", "address"],
    };

    /// <summary>
    /// The fields an agency's own template of <paramref name="kind"/> must keep (documents.md "what each must say"): on every
    /// kind the 文号, the date, the agency and the correction note (a correction names the paper it replaces); the receipt its
    /// received and due dates and 查询码; a notice its dates (补正 supply-by, consultation reply-by, original and new due
    /// dates, pay-by) and what it must state; the answer its outcome, what is provided, the reason, the article and the remedies
    /// clause (Art. 36, 51; 行政诉讼法 §46: without the remedies notice the time to sue runs a year); the delivery record the
    /// papers, method, date and address.
    /// </summary>
    public static IReadOnlyList<string> RequiredFieldKeys(DocumentKind kind) => [.. RequiredEverywhere, .. RequiredOfKind[kind]];

    /// <summary>
    /// The dates <paramref name="issued"/> states (its fields whose key ends in On or By, but its own date) that a fresh draft
    /// <paramref name="now"/> of the same step states differently, by label (e.g. 答复期限): the case was corrected after the paper
    /// was issued, and the paper no longer matches the register. Empty when every date agrees.
    /// </summary>
    public static IReadOnlyList<string> ChangedDates(DocumentDraft issued, DocumentDraft now)
        => issued.Fields
            .Where(f => f.Key != "issuedOn" && (f.Key.EndsWith("On", StringComparison.Ordinal) || f.Key.EndsWith("By", StringComparison.Ordinal)) && !f.Editable)
            .Where(f => now.Value(f.Key) is { } value && value != f.Value)
            .Select(f => f.Label)
            .ToList();

    /// <summary>
    /// <paramref name="draft"/> with the clerk's <paramref name="edits"/> (key → new text) of its editable fields. Refused: a key
    /// the draft does not have or a computed field (dates, numbers, case number, applicant…) → <see cref="DomainRuleException"/>
    /// naming it; blanking a part the document must state (items, reason, …) → <see cref="DomainRuleException"/>; text that
    /// cannot be stored or printed, or longer than <see cref="MaxEditLength"/> → <see cref="InvalidInputException"/>.
    /// </summary>
    public static DocumentDraft WithEdits(DocumentDraft draft, IReadOnlyDictionary<string, string> edits)
    {
        var fields = draft.Fields.ToList();
        foreach (var (key, text) in edits)
        {
            var index = fields.FindIndex(f => f.Key == key);
            if (index < 0)
                throw new DomainRuleException($"The document has no field \"{key}\"; the fields are: {string.Join(", ", draft.Fields.Select(f => f.Key))}.");
            if (!fields[index].Editable)
                throw new DomainRuleException($"The field \"{key}\" is computed from the case and cannot be edited; correct the case itself and draft again.");
            var value = BeforePunctuation(draft.Kind, key, (text ?? "").Replace("\r\n", "\n").Trim());
            // An edit that repeats the field's fixed lead ("不予公开的内容及理由：不予公开的内容及理由：…") keeps it once.
            if (LeadOf(fields[index].Value) is { Length: > 0 } lead && value.StartsWith(lead, StringComparison.Ordinal))
                value = lead + WithoutLead(lead, value);
            if (value.Length == 0 && fields[index].Value.Length > 0 && NeverBlank.Contains(key))
                throw new DomainRuleException($"The field \"{key}\" cannot be left empty; the document must state it.");
            FreeText.Check(key, value);
            if (value.Length > MaxEditLength)
                throw new InvalidInputException(key, $"{key} is at most {MaxEditLength} characters; this one has {value.Length}.");
            fields[index] = fields[index] with { Value = value };
        }

        return draft with { Fields = fields };
    }

    /// <summary>
    /// <paramref name="text"/> trimmed, without the copies of <paramref name="lead"/> (a fixed lead of a letter such as 部分公开
    /// "不予公开的内容及理由：" or "理由：", its colon full-width or not) it starts with: the letter prints the lead itself, so a text
    /// that repeats it would print it twice. An empty lead leaves the text as it is (trimmed).
    /// </summary>
    public static string WithoutLead(string lead, string text)
    {
        var t = text.Trim();
        var bare = lead.Trim().TrimEnd('：', ':');
        if (bare.Length == 0) return t;
        while (t.StartsWith(bare, StringComparison.Ordinal) && t.Length > bare.Length && t[bare.Length] is '：' or ':')
            t = t[(bare.Length + 1)..].TrimStart();
        return t;
    }

    // The fixed lead a field's drafted text starts with ("不予公开的内容及理由：", "理由：", "您可以通过以下途径获取："): its text up to
    // the first colon, when short enough to be a lead rather than a sentence; empty when there is none.
    private static string LeadOf(string drafted)
    {
        var at = drafted.IndexOf('：');
        return at > 0 && at <= 24 && !drafted[..at].Contains('。') ? drafted[..(at + 1)] : "";
    }

    /// <summary>
    /// <paramref name="text"/> ended with a full stop (。) unless it already ends with a mark that closes a sentence or a
    /// clause (。！？；：…” or ）after one of them).
    /// </summary>
    public static string Sentence(string text)
    {
        var t = text.TrimEnd();
        if (t.Length == 0) return t;
        var last = t.TrimEnd('）', ')', '”', '’', '」', '』');
        return last.Length > 0 && "。！？；：….!?".Contains(last[^1]) ? t : t + "。";
    }

    /// <summary>
    /// A field's value as the layout places it: a field the layout follows with a mark of punctuation (缴纳方式：{payment}。)
    /// loses the full stops it ends with, so the document does not print "。。" or "。，".
    /// </summary>
    public static string BeforePunctuation(DocumentKind kind, string key, string value)
        => DocumentLayout.FollowedByPunctuation(kind).Contains(key) ? value.TrimEnd().TrimEnd('。', '．', '.').TrimEnd() : value;

    /// <summary>The name of a kind as the office calls it (登记回执, 补正告知书 …); an answer letter's own title follows its outcome.</summary>
    public static string KindName(DocumentKind kind) => kind switch
    {
        DocumentKind.Receipt => "登记回执",
        DocumentKind.SupplementNotice => "补正告知书",
        DocumentKind.ConsultationLetter => "征求意见书",
        DocumentKind.ConsultationNotice => "征求意见告知书",
        DocumentKind.ExtensionNotice => "延期答复告知书",
        DocumentKind.DeferralNotice => "延迟答复告知书",
        DocumentKind.FeeNotice => "收费通知书",
        DocumentKind.Answer => "答复书",
        DocumentKind.DeliveryRecord => "送达回证",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A China date as documents print it: 2026年9月22日 (GB/T 9704-2012 §7.3.5.2, Arabic numerals, no leading zeros).</summary>
    public static string ChineseDate(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    private static int DecisionIndex(IReadOnlyList<CaseEvent> events)
        => LastIndex(events, e => e is Decided or AnsweredOnTheSpot or Abandoned);

    private static int DeliveryIndex(IReadOnlyList<CaseEvent> events)
        => LastIndex(events, e => e is Delivered or AnsweredOnTheSpot);

    private static int LastIndex(IReadOnlyList<CaseEvent> events, Func<CaseEvent, bool> match)
    {
        for (var i = events.Count - 1; i >= 0; i--)
            if (match(events[i])) return i;
        return -1;
    }

    /// <summary>Fills the fields of one case's documents.</summary>
    private sealed class Drafter(Case @case, DocumentContext context)
    {
        private readonly ClockContext clock = context.Clock;
        private readonly ClockReading reading = @case.Clock(context.Clock.Calendar, context.Clock.Settings);
        private readonly List<DocumentField> fields = [];

        private Regime Regime => reading.Regime ?? Regimes.ForReceiptDate(@case.SubmittedOn);

        private string Regulation => Regime == Regime.Regime2019 ? AnswerWording.Regulation2019 : AnswerWording.Regulation2008;

        public DocumentDraft Receipt()
        {
            var recorded = reading.ReceiptDate!.Value;
            var counted = reading.CountedReceiptDate!.Value;
            var due = clock.Calendar.AddWorkingDays(counted, Regime.AnswerWorkingDays());
            var notes = new List<string>();
            if (counted != recorded)
                notes.Add($"收到申请之日{ChineseDate(recorded)}为休息日，顺延至下一工作日{ChineseDate(counted)}，答复期限自该日次日起计算。");
            var provisional = Enumerable.Range(counted.Year, due.Year - counted.Year + 1).Where(clock.Calendar.IsProvisional).ToList();
            if (provisional.Count > 0)
                notes.Add($"{string.Join("、", provisional.Select(y => $"{y}年"))}节假日安排尚未公布，答复期限暂按周末休息计算，公布后依法重新计算并告知。");
            // A draft shown before issuing may have no code yet; the issued receipt must carry the one stored for the lookup.
            var code = context.LookupCode ?? LookupCodePending;
            var sequence = LastIndex(@case.Events, e => e is Registered { ReceivedOn: not null } or ReceiptConfirmed);
            Common("政府信息公开申请登记回执");
            Add("receivedOn", "收到申请日期", ChineseDate(recorded));
            Add("countedReceivedOn", "起算收到日期", ChineseDate(counted));
            Add("channel", "申请方式", ChannelText());
            Add("description", "申请获取的信息", @case.Description);
            Add("receiptNote", "收到日期说明", string.Join("", notes));
            Add("article", "依据", Regulation + (Regime == Regime.Regime2019 ? "第三十三条" : "第二十四条"));
            Add("dueOn", "答复期限", ChineseDate(due));
            // A receipt of a case already closed, or of a Regime 2008 case (received before 2019-05-15, entered afterwards for
            // the register, long before the online lookup existed), promises no online lookup: its 查询码 line is left out
            // (empty lookupCode: the layouts drop the paragraph; trial F finding 8, docs/文书模板.md).
            var noLookup = reading.IsClosed || Regime == Regime.Regime2008;
            Add("lookupCode", "查询码", noLookup ? "" : code);
            // Where the applicant looks the code up (the agency's public /status address, trial C finding 2); none set: no sentence.
            Add("lookupWhere", "查询网址", noLookup || string.IsNullOrWhiteSpace(context.StatusPageUrl) ? "" : $"查询网址：{context.StatusPageUrl.Trim()}");
            return Done(DocumentKind.Receipt, "政府信息公开申请登记回执", @case.Applicant.Name, sequence);
        }

        public DocumentDraft SupplementNotice()
        {
            var index = LastIndex(@case.Events, e => e is SupplementRequested);
            var request = (SupplementRequested)@case.Events[index];
            Common("政府信息公开申请补正告知书");
            Intro();
            Add("requestedOn", "补正告知日期", ChineseDate(request.RequestedOn));
            Add("article", "依据", AnswerWording.Regulation2019 + "第三十条");
            Add("items", "需要补正的事项", request.Items, editable: true);
            Add("supplyBy", "补正期限", ChineseDate(request.SupplyBy));
            return Done(DocumentKind.SupplementNotice, "政府信息公开申请补正告知书", @case.Applicant.Name, index);
        }

        public DocumentDraft ConsultationLetter()
        {
            var (sent, index) = Consultation();
            var thirdParty = sent.ConsultationKind == ConsultationKind.ThirdParty;
            var regime2019 = Regime == Regime.Regime2019;
            var limit = StatutoryClock.ConsultationLimit(sent.SentOn, clock.Calendar, clock.Settings);
            Common("政府信息公开征求意见书", sent.Party);
            Add("receivedOn", "收到申请日期", ChineseDate(reading.ReceiptDate!.Value));
            Add("information", "涉及的政府信息", @case.Description, editable: true);
            Add("concern", "征求意见的原因", thirdParty
                ? "经审查，该政府信息可能涉及你方的商业秘密、个人隐私等合法权益，公开后可能损害你方的合法权益。"
                : regime2019 ? "经审查，该政府信息由两个以上行政机关共同制作，需要征求你机关的意见。" : "经审查，该政府信息涉及你机关，需要与你机关沟通、确认。",
                editable: true);
            Add("article", "依据", Regulation + (regime2019 ? (thirdParty ? "第三十二条" : "第三十四条") : (thirdParty ? "第二十三条" : "第七条")));
            Add("sentOn", "征求意见日期", ChineseDate(sent.SentOn));
            // Regime 2019 fixes the reply time (15 working days, Art. 32, 34); the 2008 text sets none, so the office sets it.
            Add("replyBy", "答复意见期限", ChineseDate(limit), editable: !regime2019);
            Add("replyTo", "联系方式", $"{context.AgencyName}政府信息公开工作机构", editable: true);
            Add("silence", "逾期未答复的后果", (regime2019, thirdParty) switch
            {
                (true, true) => "你方逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。",
                (true, false) => "你机关逾期未提出意见的，视为同意公开。",
                (false, true) => "你方不同意公开的，本机关不予公开；但本机关认为不公开可能对公共利益造成重大影响的，将予以公开，并将决定公开的政府信息内容和理由书面通知你方。",
                (false, false) => "",
            });
            return Done(DocumentKind.ConsultationLetter, "政府信息公开征求意见书", sent.Party, index);
        }

        public DocumentDraft ConsultationNotice()
        {
            var (sent, index) = Consultation();
            if (!sent.ConsultationKind.Pauses(Regime))
                throw new DomainRuleException("In Regime 2008 only a third-party consultation stops the clock; a consultation of another agency does not, so the applicant is not told of it (2008 Art. 24 ¶3).");
            var thirdParty = sent.ConsultationKind == ConsultationKind.ThirdParty;
            Common("政府信息公开申请征求意见告知书");
            Intro();
            Add("sentOn", "征求意见日期", ChineseDate(sent.SentOn));
            Add("party", "征求意见对象", thirdParty ? "第三方" : sent.Party, editable: true);
            Add("article", "依据", Regulation + (Regime == Regime.Regime2019 ? "第三十三条第三款" : "第二十四条第三款"));
            var limit = StatutoryClock.ConsultationLimit(sent.SentOn, clock.Calendar, clock.Settings);
            Add("pauseNote", "不计算期间", Regime == Regime.Regime2019
                ? $"征求意见期限最长为{clock.Settings.ConsultationLimitWorkingDays}个工作日，至{ChineseDate(limit)}止；收到意见或者期限届满后，答复期限继续计算。"
                : "征求第三方意见所需时间自发出征求意见书之日起至收到第三方意见之日止，不计算在答复期限内。");
            return Done(DocumentKind.ConsultationNotice, "政府信息公开申请征求意见告知书", @case.Applicant.Name, index);
        }

        public DocumentDraft ExtensionNotice()
        {
            var index = LastIndex(@case.Events, e => e is ExtensionApproved);
            var extension = (ExtensionApproved)@case.Events[index];
            var (before, after) = DueBeforeAndAfter(index);
            Common("政府信息公开申请延期答复告知书");
            Intro();
            Add("approvedOn", "批准延期日期", ChineseDate(extension.ApprovedOn));
            Add("reason", "延期理由", extension.Reason, editable: true);
            Add("originalDueOn", "原答复期限", DueText(before));
            Add("article", "依据", Regulation + (Regime == Regime.Regime2019 ? "第三十三条第二款" : "第二十四条第二款"));
            Add("extensionDays", "延长工作日数", extension.WorkingDays.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Add("newDueOn", "延长后的答复期限", DueText(after));
            return Done(DocumentKind.ExtensionNotice, "政府信息公开申请延期答复告知书", @case.Applicant.Name, index);
        }

        public DocumentDraft DeferralNotice()
        {
            var index = LastIndex(@case.Events, e => e is DeferralApproved);
            var deferral = (DeferralApproved)@case.Events[index];
            var (before, _) = DueBeforeAndAfter(index);
            Common("政府信息公开申请延迟答复告知书");
            Intro();
            Add("approvedOn", "批准延迟答复日期", ChineseDate(deferral.ApprovedOn));
            Add("article", "依据", AnswerWording.Regulation2019 + "第三十五条");
            Add("originalDueOn", "原答复期限", DueText(before));
            Add("newDueOn", "延迟后的答复期限", ChineseDate(deferral.DueOn));
            Add("reason", "接受的理由", $"您说明的理由为：{deferral.Reason}", editable: true);
            return Done(DocumentKind.DeferralNotice, "政府信息公开申请延迟答复告知书", @case.Applicant.Name, index);
        }

        public DocumentDraft FeeNotice()
        {
            var index = LastIndex(@case.Events, e => e is FeeNoticeIssued);
            var notice = (FeeNoticeIssued)@case.Events[index];
            var payBy = StatutoryClock.FeePaymentDeadline(notice.IssuedOn, clock.Calendar, clock.Settings);
            Common("政府信息公开信息处理费收费通知书");
            Intro();
            Add("noticeOn", "收费通知日期", ChineseDate(notice.IssuedOn));
            Add("article", "依据", AnswerWording.Regulation2019 + "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）");
            Add("method", "计收方式", notice.Method == FeeMethod.PerPage ? "按量计收" : "按件计收");
            Add("count", "计费数量", notice.Method == FeeMethod.PerPage
                ? $"{notice.Pages}页"
                : $"本自然月内您提出的第{notice.OrdinalInMonth}件政府信息公开申请");
            Add("bands", "收费标准", FeeBands(notice));
            Add("amount", "应缴金额", Yuan(notice.AmountYuan));
            Add("payBy", "缴费期限", ChineseDate(payBy));
            Add("payment", "缴纳方式", "按本机关指定的缴费渠道缴纳", editable: true);
            Add("pauseNote", "不计算期间", clock.Settings.FeePauseEnabled
                ? "自本通知书发出之日的次日起至您缴纳费用之日止的期间，不计算在答复期限内。"
                : "");
            return Done(DocumentKind.FeeNotice, "政府信息公开信息处理费收费通知书", @case.Applicant.Name, index);
        }

        public DocumentDraft Answer()
        {
            var index = DecisionIndex(@case.Events);
            var (decidedOn, code, summary) = @case.Events[index] switch
            {
                Decided d => (d.DecidedOn, d.Outcome, d.Summary),
                AnsweredOnTheSpot a => (a.AnsweredOn, a.Outcome, a.Summary),
                Abandoned a => (a.ClosedOn, a.Outcome, (string?)null),
                _ => throw new InvalidOperationException("not a decision"),
            };
            var outcome = Outcome.Find(Regime, code);
            var wording = AnswerWording.For(outcome)
                ?? throw new InvalidOperationException($"Outcome {code} has no answer letter.");
            // Art. 36(5): the competent agency's name and contact take the place of the fill-in part when the summary gives them;
            // without a summary the fill-in part stays, and the answer cannot be issued until the clerk writes it (Unfilled).
            var fillsIn = wording.Provided.Contains(AnswerWording.FillIn, StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(summary);
            var provided = fillsIn
                ? wording.Provided.Replace(AnswerWording.FillIn,
                    Sentence(WithoutLead(wording.Provided[..wording.Provided.IndexOf(AnswerWording.FillIn, StringComparison.Ordinal)], summary!)), StringComparison.Ordinal)
                : wording.Summary == SummaryPlace.Provided && Provides(wording.Provided, summary) is { } named ? named
                : Join(wording.Provided, wording.Summary == SummaryPlace.Provided ? summary : null);
            var reason = Join(wording.Reason, wording.Summary == SummaryPlace.Reason && !fillsIn ? summary : null);
            // A bare "理由：" with nothing after it says nothing: the outcome sentence already gives the ground, so the line goes.
            if (reason == AnswerWording.ReasonLead) reason = "";
            Common(wording.Title);
            Intro();
            Add("decidedOn", "决定日期", ChineseDate(decidedOn));
            Add("outcome", "处理结果", wording.Outcome);
            Add("provided", "提供的信息及方式", provided, editable: true);
            Add("reason", "理由", reason, editable: true);
            Add("article", "依据", wording.ArticleFor(Regime, summary), editable: wording.ArticleEditable);
            Add("remedies", "救济途径", Remedies.Clause(decidedOn, context.ReviewBody, context.ReviewCourt));
            return Done(DocumentKind.Answer, wording.Title, @case.Applicant.Name, index);
        }

        public DocumentDraft DeliveryRecord()
        {
            var index = DeliveryIndex(@case.Events);
            var tracking = @case.Events[index] is Delivered { TrackingNumber: { } number } ? number : "";
            var (deliveredOn, method) = @case.Events[index] switch
            {
                Delivered d => (d.DeliveredOn, d.Method),
                AnsweredOnTheSpot a => (a.AnsweredOn, a.Method),
                _ => throw new InvalidOperationException("not a delivery"),
            };
            var decision = DecisionIndex(@case.Events);
            var answerTitle = decision >= 0 && reading.Outcome is { } code && AnswerWording.For(Outcome.Find(Regime, code)) is { } wording
                ? wording.Title
                : "政府信息公开申请答复书";
            var documents = context.DeliveredDocuments is { Count: > 0 } answers
                ? string.Join("、", answers.Select(a => $"{a.Title}（{a.Number}）"))
                : answerTitle;
            Common("送达回证");
            Add("documents", "送达文书", documents, editable: true);
            Add("method", "送达方式", method switch
            {
                DeliveryMethod.InPerson => "直接送达",
                DeliveryMethod.Post => "邮寄送达（邮政企业）",
                DeliveryMethod.Email => "电子送达（电子邮件）",
                DeliveryMethod.Online => "电子送达（网上平台）",
                DeliveryMethod.Fax => "电子送达（传真）",
                _ => method.ToString(),
            });
            Add("deliveredOn", "送达日期", ChineseDate(deliveredOn) + method switch
            {
                DeliveryMethod.InPerson => "（签收日期）",
                DeliveryMethod.Post => "（交邮日期）",
                _ => "（发送日期）",
            });
            Add("address", "送达地址", DeliveryAddress(@case.Applicant, method), editable: true);
            Add("trackingNumber", "邮件号码", tracking, editable: true);
            Add("signedBy", "签收人", "", editable: true);
            Add("deliveredBy", "送达人", "", editable: true);
            return Done(DocumentKind.DeliveryRecord, "送达回证", @case.Applicant.Name, index);
        }

        private void Common(string title, string? addressee = null)
        {
            Add("title", "标题", title);
            Add("addressee", "主送", addressee ?? @case.Applicant.Name);
            Add("agency", "发文机关", context.AgencyName);
            Add("applicant.name", "申请人", @case.Applicant.Name);
            Add("case.number", "案件编号", @case.CaseNumber);
            Add("issuedOn", "成文日期", ChineseDate(context.IssuedOn));
            Add("body", "其他说明", "", editable: true);
            Add("correctionNote", "更正说明", "");
        }

        private void Intro()
        {
            Add("receivedOn", "收到申请日期", ChineseDate(reading.ReceiptDate!.Value));
            Add("description", "申请获取的信息", @case.Description);
        }

        private void Add(string key, string label, string value, bool editable = false) => fields.Add(new DocumentField(key, label, value, editable));

        private static DocumentField Placed(DocumentKind kind, DocumentField field) => field with { Value = BeforePunctuation(kind, field.Key, field.Value) };

        private DocumentDraft Done(DocumentKind kind, string title, string addressee, int sequence)
        {
            var keys = FieldKeys(kind);
            var ordered = keys.Where(k => k != "number").Select(k => Placed(kind, fields.Single(f => f.Key == k))).ToList();
            return new DocumentDraft(kind, title, addressee, sequence, ordered);
        }

        private (ConsultationSent Sent, int Index) Consultation()
        {
            for (var i = @case.Events.Count - 1; i >= 0; i--)
            {
                if (@case.Events[i] is ConsultationSent sent && (context.ConsultationId is not { } id || sent.ConsultationId == id))
                    return (sent, i);
            }

            throw new NotFoundException("consultation", $"This case has no consultation {context.ConsultationId}.");
        }

        /// <summary>The due date as the clock read it just before and just after the event at <paramref name="index"/>.</summary>
        private (DateOnly? Before, DateOnly? After) DueBeforeAndAfter(int index)
        {
            var events = @case.Events;
            var before = StatutoryClock.Compute(events.Take(index).ToList(), clock.Calendar, clock.Settings).DueOn;
            var after = StatutoryClock.Compute(events.Take(index + 1).ToList(), clock.Calendar, clock.Settings).DueOn;
            return (before, after);
        }

        private static string DueText(DateOnly? due)
            => due is { } d ? ChineseDate(d) : "征求第三方意见期间不计算，自收到第三方意见之日起续行计算";

        private string ChannelText() => @case.Channel switch
        {
            Channel.InPerson => "当面提交",
            Channel.Letter when @case.LetterMail == LetterMail.Signed => "信函（挂号信、特快专递等签收邮件）",
            Channel.Letter => "信函（平信）",
            Channel.Online => "网络",
            Channel.Fax => "传真",
            _ => @case.Channel.ToString(),
        };

        // The decision's summary completes the lead as a sentence of its own: ended with a full stop when it has none; a summary
        // that already starts with the lead (the clerk followed the draft's wording) does not print it twice (trial D).
        // 公开 (Art. 36(2)): "现向您提供该政府信息（见附件）。" with the decision's summary ("提供2025年…预算表1份") says what is
        // provided in the one sentence, "现向您提供2025年…预算表1份（见附件）。", not "…（见附件）。提供…1份。" (trial F finding 7).
        // Null when the lead is not such a sentence; the lead alone when the summary says nothing once its own 提供 is taken off.
        private static string? Provides(string lead, string? summary)
        {
            const string Lead = "现向您提供", Placeholder = "该政府信息";
            if (string.IsNullOrWhiteSpace(summary) || !lead.StartsWith(Lead + Placeholder, StringComparison.Ordinal)) return null;
            var rest = summary.Trim();
            foreach (var verb in new[] { "现向您提供", "向您提供", "提供" })
            {
                if (rest.StartsWith(verb, StringComparison.Ordinal))
                {
                    rest = rest[verb.Length..].TrimStart('：', ':', ' ');
                    break;
                }
            }

            rest = rest.TrimEnd().TrimEnd('。', '.', '；', ';', '，', ',');
            if (rest.Length == 0) return lead;
            var tail = lead[(Lead.Length + Placeholder.Length)..];
            return rest.Contains("见附件", StringComparison.Ordinal) ? Lead + Sentence(rest) : Lead + rest + tail;
        }

        private static string Join(string lead, string? summary)
            => string.IsNullOrWhiteSpace(summary) || WithoutLead(lead, summary) is not { Length: > 0 } rest ? lead : lead + Sentence(rest);

        private static string Yuan(decimal amount) => $"{amount:0.##}元";

        private static string FeeBands(FeeNoticeIssued notice)
        {
            if (notice.Method == FeeMethod.PerRequest)
            {
                var n = notice.OrdinalInMonth;
                var (from, to) = n <= 30 ? (11, 30) : (31 + ((n - 31) / 10 * 10), 40 + ((n - 31) / 10 * 10));
                return $"同一申请人一个自然月内申请第1至{FeeSchedule.FreeRequestsPerMonth}件免费，第{from}至{to}件每件{Yuan(FeeSchedule.PerRequestFee(n))}";
            }

            var pages = notice.Pages ?? 0;
            var parts = new List<string> { $"第1至{FeeSchedule.FreePages}页免费" };
            void Band(int first, int last, decimal perPage)
            {
                var count = Math.Min(pages, last) - first + 1;
                if (count > 0) parts.Add($"第{first}至{Math.Min(pages, last)}页{count}页，每页{Yuan(perPage)}，计{Yuan(count * perPage)}");
            }

            Band(FeeSchedule.FreePages + 1, 100, 10m);
            Band(101, 200, 20m);
            Band(201, int.MaxValue, 40m);
            return string.Join("；", parts);
        }
    }
}
