using CaseTracker.Domain.Applicants;
using CaseTracker.Domain.Clock;
using CaseTracker.Domain.Outcomes;

namespace CaseTracker.Domain.Cases;

/// <summary>The three kinds of correction (更正), each one entry of the case history with its reason and who made it.</summary>
public enum CorrectionKind
{
    /// <summary>Fields of the registration corrected (applicant, channel, dates, description, delivery form).</summary>
    RegistrationCorrected,

    /// <summary>The last step voided (撤销上一步): its event stays in the history, marked void, and no longer counts.</summary>
    StepVoided,

    /// <summary>The decision's outcome or summary amended before delivery.</summary>
    DecisionAmended,
}

/// <summary>One field of a correction: the API's field name and its value before and after (personal data masked).</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>An event of the case rewritten by a correction: its position among the case's counting events, before and after.</summary>
public sealed record ReplacedStep(int EventIndex, CaseEvent Before, CaseEvent After);

/// <summary>The step voided: its position among the case's counting events and the event itself.</summary>
public sealed record VoidedStep(int EventIndex, CaseEvent Step);

/// <summary>
/// A correction made on a case, for the store to record: the history entry (kind, China date it was made, reason, field
/// changes), the events rewritten or voided, and the applicant's personal data given anew (<see cref="NewPersonalData"/>:
/// full values, only those corrected, null = cleared; keys <c>idNumber, phone, email, address</c>) to be sealed again.
/// </summary>
public sealed record CaseCorrection
{
    public required CorrectionKind Kind { get; init; }
    public required DateOnly On { get; init; }
    public required string Reason { get; init; }
    public IReadOnlyList<FieldChange> Changes { get; init; } = [];
    public IReadOnlyList<ReplacedStep> Replaced { get; init; } = [];
    public VoidedStep? Voided { get; init; }
    public bool RegistrationChanged { get; init; }
    public IReadOnlyDictionary<string, string?> NewPersonalData { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// The fields of a registration to correct; null leaves a field as it is. An empty string clears the applicant's optional
/// ID number, phone, e-mail or address. <see cref="ReceivedOn"/> corrects the receipt date wherever it was fixed: at
/// registration, or by the receipt confirmation.
/// </summary>
public sealed record RegistrationCorrection
{
    public ApplicantKind? ApplicantKind { get; init; }
    public string? ApplicantName { get; init; }
    public string? IdNumber { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Address { get; init; }
    public Channel? Channel { get; init; }
    public LetterMail? LetterMail { get; init; }
    public DateOnly? SubmittedOn { get; init; }
    public DateOnly? ReceivedOn { get; init; }
    public string? Description { get; init; }
    public DeliveryForm? DeliveryForm { get; init; }
}

public sealed partial class Case
{
    /// <summary>The correction made since the case was loaded, not yet stored (at most one per command).</summary>
    public CaseCorrection? PendingCorrection { get; private set; }

    /// <summary>True when the latest step-or-void of the history is a void: a second void in a row is refused.</summary>
    public bool LastChangeVoided { get; private set; }

    /// <summary>
    /// 更正 of the registration (issue 16 item 1): the applicant, channel and letter kind, submitted and received dates,
    /// description and delivery form, with a reason. The clock is read again from the corrected facts. Refused (400) for
    /// a date in the future, after the case's later steps, or breaking a registration rule of law.md §3 (the same as
    /// <see cref="Register"/>); refused (409) when the receipt moves across 2019-05-15 (law.md §1) while a step that
    /// exists in one regime only is recorded (补正, deferral, fee, an outcome code, a longer extension), and when nothing changes.
    /// </summary>
    public CaseCorrection CorrectRegistration(RegistrationCorrection correction, string reason, ClockContext context)
    {
        NothingPending();
        var why = Reason(reason);
        var before = Clock(context.Calendar, context.Settings);
        var changes = new List<FieldChange>();
        var secrets = new Dictionary<string, string?>(StringComparer.Ordinal);

        var a = Applicant;
        var kind = correction.ApplicantKind ?? a.Kind;
        var name = correction.ApplicantName is null ? a.Name : correction.ApplicantName.Trim();
        if (name.Length == 0)
            throw new InvalidInputException("applicant.name", "The applicant's name is required.");
        Note(changes, "applicant.kind", a.Kind.ToString(), kind.ToString());
        Note(changes, "applicant.name", a.Name, name);
        string? Secret(string field, string? current, string? given, Func<string?, string?> mask)
        {
            if (given is null) return current;
            var value = given.Trim().Length == 0 ? null : given.Trim();
            var after = mask(value);
            // The case holds the masked form only, so a value given is sealed anew (a typo inside the mask looks the same masked).
            if (value is not null || current is not null)
            {
                secrets[field] = value;
                changes.Add(new FieldChange("applicant." + field, current, after));
            }

            return value;
        }

        var idNumber = Secret("idNumber", a.IdNumber, correction.IdNumber, PersonalDataMask.IdNumber);
        var phone = Secret("phone", a.Phone, correction.Phone, PersonalDataMask.Phone);
        var email = Secret("email", a.Email, correction.Email, PersonalDataMask.Email);
        var address = Secret("address", a.Address, correction.Address, PersonalDataMask.Address);

        var description = correction.Description is null ? Description : correction.Description.Trim();
        if (description.Length == 0)
            throw new InvalidInputException("description", "Describe the information requested.");
        Note(changes, "description", Description, description);
        var deliveryForm = correction.DeliveryForm ?? DeliveryForm;
        Note(changes, "deliveryForm", DeliveryForm?.ToString(), deliveryForm?.ToString());

        var registered = (Registered)events[0];
        var channel = correction.Channel ?? Channel;
        var letterMail = correction.Channel is { } c && c != Cases.Channel.Letter ? null : correction.LetterMail ?? LetterMail;
        var submittedOn = correction.SubmittedOn ?? SubmittedOn;
        var confirmedIndex = events.FindIndex(e => e is ReceiptConfirmed);
        var registeredReceipt = registered.ReceivedOn;
        DateOnly? confirmedOn = confirmedIndex < 0 ? null : ((ReceiptConfirmed)events[confirmedIndex]).ConfirmedOn;
        if (correction.ReceivedOn is { } received)
        {
            if (confirmedOn is not null) confirmedOn = received;
            else if (registeredReceipt is not null || channel == Cases.Channel.InPerson || letterMail == Cases.LetterMail.Signed) registeredReceipt = received;
            else
                throw new DomainRuleException("The receipt of this request is not confirmed yet: fix its receipt date with the receipt confirmation (Art. 31), not a correction.");
        }
        else if (channel == Cases.Channel.InPerson && confirmedOn is null)
        {
            registeredReceipt = submittedOn; // handed over: received the day it was submitted (Art. 31)
        }

        var registration = new Registration
        {
            AgencyCode = AgencyCode, Channel = channel, LetterMail = letterMail, SubmittedOn = submittedOn, ReceivedOn = registeredReceipt,
            Applicant = new Applicant(kind, name, idNumber, phone, email, address), Description = description, DeliveryForm = deliveryForm,
        };
        var fixedAtRegistration = CheckedRegistration(registration, context);
        if (confirmedOn is { } confirmed)
        {
            if (fixedAtRegistration is not null)
                throw new DomainRuleException($"The receipt of this request was confirmed on {confirmed:yyyy-MM-dd}; a channel whose receipt is fixed at registration cannot replace it. Void the confirmation first if it was wrong.");
            NotInFuture("receivedOn", confirmed, context);
            InForce("receivedOn", confirmed);
            if (confirmed < submittedOn)
                throw new InvalidInputException("receivedOn", "The receipt date cannot be before the date the request was submitted.");
        }

        Note(changes, "channel", Channel.ToString(), channel.ToString());
        Note(changes, "letterMail", LetterMail?.ToString(), letterMail?.ToString());
        Note(changes, "submittedOn", Iso(SubmittedOn), Iso(submittedOn));
        var receiptBefore = ReceiptDate;
        var receiptAfter = confirmedOn ?? fixedAtRegistration;
        Note(changes, "receivedOn", receiptBefore is { } rb ? Iso(rb) : null, receiptAfter is { } ra ? Iso(ra) : null);
        if (changes.Count == 0)
            throw new InvalidInputException("correction", "The correction changes nothing: give at least one field with its right value.");

        var corrected = new List<CaseEvent>(events);
        var replaced = new List<ReplacedStep>();
        var newRegistered = new Registered(submittedOn, channel, letterMail, fixedAtRegistration);
        if (newRegistered != registered)
        {
            corrected[0] = newRegistered;
            replaced.Add(new ReplacedStep(0, registered, newRegistered));
        }

        if (confirmedOn is { } on && on != ((ReceiptConfirmed)events[confirmedIndex]).ConfirmedOn)
        {
            var newConfirmed = new ReceiptConfirmed(on);
            replaced.Add(new ReplacedStep(confirmedIndex, corrected[confirmedIndex], newConfirmed));
            corrected[confirmedIndex] = newConfirmed;
        }

        InDateOrder(corrected, correction.ReceivedOn is null ? "submittedOn" : "receivedOn");
        var after = StatutoryClock.Compute(corrected, context.Calendar, context.Settings);
        if (before.Regime is { } oldRegime && after.Regime is { } newRegime && oldRegime != newRegime)
            SameRegimeSteps(corrected, oldRegime, newRegime);

        Channel = channel;
        LetterMail = letterMail;
        SubmittedOn = submittedOn;
        Applicant = registration.Applicant;
        Description = description;
        DeliveryForm = deliveryForm;
        return Corrected(corrected, new CaseCorrection
        {
            Kind = CorrectionKind.RegistrationCorrected, On = context.Today, Reason = why, Changes = changes, Replaced = replaced,
            RegistrationChanged = true, NewPersonalData = secrets,
        });
    }

    /// <summary>
    /// 撤销上一步 (issue 16 item 2): voids the last step recorded (a confirmation, supplement notice or supplement,
    /// consultation or reply, extension or deferral and their requests, fee notice, reduction or payment, decision,
    /// delivery, withdrawal, closing as abandoned), with a reason. The step stays in the history marked void; the case
    /// and its clock are as if it had not happened (a voided delivery reopens the case). Refused (409) when the case has
    /// only its registration (correct it instead) and for a second void in a row (record the right step first).
    /// </summary>
    public CaseCorrection VoidLastStep(string reason, ClockContext context)
    {
        NothingPending();
        var why = Reason(reason);
        if (LastChangeVoided)
            throw new DomainRuleException("The last step of this case was just voided; a step is voided once, and the one before it stays: record the right step first.");
        if (events.Count < 2)
            throw new DomainRuleException("The case has no step after its registration to void; correct the registration instead.");
        var index = events.Count - 1;
        var step = events[index];
        var corrected = events.Take(index).ToList();
        LastChangeVoided = true;
        return Corrected(corrected, new CaseCorrection
        {
            Kind = CorrectionKind.StepVoided, On = context.Today, Reason = why, Voided = new VoidedStep(index, step),
            Changes = [new FieldChange("step", $"{step.Kind} {Iso(step.On)}", null)],
        });
    }

    /// <summary>
    /// Amends the recorded decision before delivery (issue 16 item 3; Art. 36–39), with a reason: the outcome code of the
    /// case's regime when given (null keeps the decided outcome), and the summary when given (null keeps it, empty clears
    /// it); the decision date stays. Refused (409) with no decision, once the answer is delivered (void the delivery
    /// first); 400 when nothing changes and for an outcome not of the regime.
    /// </summary>
    public CaseCorrection AmendDecision(string? outcomeCode, string? summary, string reason, ClockContext context)
    {
        NothingPending();
        var why = Reason(reason);
        var reading = Clock(context.Calendar, context.Settings);
        if (reading.IsClosed)
            throw new DomainRuleException($"The answer was delivered or the case closed on {reading.ClosedOn:yyyy-MM-dd}; a delivered decision is not amended: void the delivery first.");
        var index = events.FindLastIndex(e => e is Decided);
        if (index < 0)
            throw new DomainRuleException("No decision is recorded on this case; record the decision instead.");
        var decided = (Decided)events[index];
        var outcome = Outcome.Find(reading.Regime!.Value, string.IsNullOrWhiteSpace(outcomeCode) ? decided.Outcome : outcomeCode.Trim());
        if (outcome.Code != decided.Outcome)
        {
            var atDecision = StatutoryClock.Compute(events.Take(index).ToList(), context.Calendar, context.Settings);
            CheckOutcomeFits(outcome, decided.DecidedOn, atDecision);
        }

        var newSummary = summary is null ? decided.Summary : summary.Trim().Length == 0 ? null : summary.Trim();
        var amended = decided with { Outcome = outcome.Code, Summary = newSummary };
        var changes = new List<FieldChange>();
        Note(changes, "outcome", decided.Outcome, amended.Outcome);
        Note(changes, "summary", decided.Summary, amended.Summary);
        if (changes.Count == 0)
            throw new InvalidInputException(string.IsNullOrWhiteSpace(outcomeCode) ? "summary" : "outcome", "The amendment changes nothing: give the right outcome or summary.");
        var corrected = new List<CaseEvent>(events) { [index] = amended };
        return Corrected(corrected, new CaseCorrection
        {
            Kind = CorrectionKind.DecisionAmended, On = context.Today, Reason = why, Changes = changes,
            Replaced = [new ReplacedStep(index, decided, amended)],
        });
    }

    private CaseCorrection Corrected(List<CaseEvent> corrected, CaseCorrection correction)
    {
        events.Clear();
        events.AddRange(corrected);
        persistedEventCount = events.Count;
        Version++;
        PendingCorrection = correction;
        return correction;
    }

    private void NothingPending()
    {
        if (UncommittedEvents.Count > 0 || PendingCorrection is not null)
            throw new InvalidOperationException("A correction is made on a case as loaded, alone in its command.");
    }

    private static string Reason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidInputException("reason", "Give the reason for the correction.");
        return reason.Trim();
    }

    private static void Note(List<FieldChange> changes, string field, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal)) changes.Add(new FieldChange(field, before, after));
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every event on or after the one before it (api.md: every event date of a case is on or after the previous one).</summary>
    private static void InDateOrder(IReadOnlyList<CaseEvent> corrected, string field)
    {
        for (var i = 1; i < corrected.Count; i++)
        {
            if (corrected[i].On < corrected[i - 1].On)
                throw new InvalidInputException(field,
                    $"{corrected[i - 1].On:yyyy-MM-dd} is after the case's later step {corrected[i].Kind} of {corrected[i].On:yyyy-MM-dd}; a corrected date may not pass the steps that follow it.");
        }
    }

    /// <summary>law.md §1: a receipt moved across 2019-05-15 changes the regime; refused while a step of one regime only is recorded.</summary>
    private static void SameRegimeSteps(IEnumerable<CaseEvent> corrected, Regime from, Regime to)
    {
        var (f, t) = (from == Cases.Regime.Regime2008 ? "Regime 2008" : "Regime 2019", to == Cases.Regime.Regime2008 ? "Regime 2008" : "Regime 2019");
        foreach (var e in corrected)
        {
            switch (e)
            {
                case SupplementRequested or SupplementReceived:
                    throw new DomainRuleException($"The corrected receipt date moves the case from {f} to {t} (2019-05-15), but its 补正 step of {e.On:yyyy-MM-dd} exists only in Regime 2019: void it first, then correct the receipt date.");
                case DeferralRequested or DeferralApproved or DeferralRefused:
                    throw new DomainRuleException($"The corrected receipt date moves the case from {f} to {t} (2019-05-15), but its deferred answer (延迟答复) of {e.On:yyyy-MM-dd} exists only in Regime 2019: void it first, then correct the receipt date.");
                case FeeNoticeIssued or FeeReduced or FeePaid:
                    throw new DomainRuleException($"The corrected receipt date moves the case from {f} to {t} (2019-05-15), but its fee step of {e.On:yyyy-MM-dd} belongs to {f} only (a 2008 cost fee or a 2019 信息处理费): void it first, then correct the receipt date.");
                case Decided d when !Outcome.TryFind(to, d.Outcome, out _):
                    throw new DomainRuleException($"The corrected receipt date moves the case from {f} to {t} (2019-05-15), but the outcome {d.Outcome} decided on {e.On:yyyy-MM-dd} belongs to {f}: void the decision first, then correct the receipt date.");
                case AnsweredOnTheSpot a when !Outcome.TryFind(to, a.Outcome, out _):
                    throw new DomainRuleException($"The corrected receipt date moves the case from {f} to {t} (2019-05-15), but the outcome {a.Outcome} answered on {e.On:yyyy-MM-dd} belongs to {f}: void the answer first, then correct the receipt date.");
                case Withdrawn or Abandoned:
                    throw new DomainRuleException($"The corrected receipt date moves the case from {f} to {t} (2019-05-15), but the case was closed on {e.On:yyyy-MM-dd} with an outcome of {f}: void the closing first, then correct the receipt date.");
                case ExtensionApproved x when x.WorkingDays > to.MaxExtensionWorkingDays():
                    throw new DomainRuleException($"The corrected receipt date moves the case from {f} to {t} (2019-05-15), but its extension of {x.WorkingDays} working days of {e.On:yyyy-MM-dd} is longer than {t} allows: void it first, then correct the receipt date.");
                case ExtensionRequested x when x.WorkingDays > to.MaxExtensionWorkingDays():
                    throw new DomainRuleException($"The corrected receipt date moves the case from {f} to {t} (2019-05-15), but its extension request of {x.WorkingDays} working days of {e.On:yyyy-MM-dd} is longer than {t} allows: void it first, then correct the receipt date.");
            }
        }
    }
}
