using CaseTracker.Domain.Calendar;
using CaseTracker.Domain.Clock;
using CaseTracker.Domain.Fees;
using CaseTracker.Domain.Outcomes;

namespace CaseTracker.Domain.Cases;

public readonly record struct CaseId(Guid Value)
{
    public static CaseId New() => new(Guid.CreateVersion7());
    public override string ToString() => Value.ToString();
}

public sealed record Applicant(ApplicantKind Kind, string Name, string? IdNumber, string? Phone, string? Email, string? Address);

/// <summary>What the clock needs from outside a case to judge an action: the calendar, the settings and today (China date).</summary>
public sealed record ClockContext(WorkingCalendar Calendar, ClockSettings Settings, DateOnly Today);

/// <summary>The handler named responsible for a case: their user id, display name, and the day they were named.</summary>
public sealed record Assignment(string UserId, string Name, DateOnly On);

public sealed record Registration
{
    public required string AgencyCode { get; init; }
    public required Channel Channel { get; init; }
    public LetterMail? LetterMail { get; init; }
    public required DateOnly SubmittedOn { get; init; }
    public DateOnly? ReceivedOn { get; init; }
    public required Applicant Applicant { get; init; }
    public required string Description { get; init; }
    public DeliveryForm? DeliveryForm { get; init; }
}

/// <summary>
/// The case aggregate: every step of law.md §3–4 as a method that either records one event or throws a
/// <see cref="DomainRuleException"/> whose message a clerk can act on.
/// </summary>
public sealed partial class Case
{
    private readonly List<CaseEvent> events;
    private int persistedEventCount;

    private Case(CaseId id, string caseNumber, Registration registration, List<CaseEvent> events, int persistedEventCount, int version)
    {
        this.persistedEventCount = persistedEventCount;
        Id = id;
        CaseNumber = caseNumber;
        AgencyCode = registration.AgencyCode;
        Channel = registration.Channel;
        LetterMail = registration.LetterMail;
        SubmittedOn = registration.SubmittedOn;
        Applicant = registration.Applicant;
        Description = registration.Description;
        DeliveryForm = registration.DeliveryForm;
        this.events = events;
        Version = version;
    }

    public CaseId Id { get; }
    public string CaseNumber { get; }
    public string AgencyCode { get; }
    public Channel Channel { get; private set; }
    public LetterMail? LetterMail { get; private set; }
    public DateOnly SubmittedOn { get; private set; }
    public Applicant Applicant { get; private set; }
    public string Description { get; private set; }
    public DeliveryForm? DeliveryForm { get; private set; }
    public IReadOnlyList<CaseEvent> Events => events;

    /// <summary>The optimistic-concurrency token: one more for each change of the case.</summary>
    public int Version { get; private set; }

    /// <summary>The version the case had when it was loaded.</summary>
    public int LoadedVersion => Version - UncommittedEvents.Count - (PendingCorrection is null ? 0 : 1);

    /// <summary>Events recorded since the case was loaded, not yet stored.</summary>
    public IReadOnlyList<CaseEvent> UncommittedEvents => events.Count == persistedEventCount ? [] : events[persistedEventCount..];

    /// <summary>
    /// The receipt date as the office recorded it (Art. 31), null while awaiting confirmation. The clock counts from
    /// <see cref="ClockReading.CountedReceiptDate"/>, the next working day when this is a rest day (law.md §3).
    /// </summary>
    public DateOnly? ReceiptDate => events.Select(e => e switch
    {
        Registered r => r.ReceivedOn,
        ReceiptConfirmed c => c.ConfirmedOn,
        _ => null,
    }).LastOrDefault(d => d is not null);

    /// <summary>The clock read from this case's events (<see cref="StatutoryClock.Compute"/>).</summary>
    public ClockReading Clock(WorkingCalendar calendar, ClockSettings settings) => StatutoryClock.Compute(events, calendar, settings);

    /// <summary>
    /// Registers a request (law.md §3), both regimes: the receipt date follows the channel and is kept as given; refused
    /// (400) for a missing or inconsistent field, a date in the future or a receipt before 2008-05-01.
    /// </summary>
    public static Case Register(CaseId id, string caseNumber, Registration registration, ClockContext context)
    {
        var receivedOn = CheckedRegistration(registration, context);
        var registered = new Registered(registration.SubmittedOn, registration.Channel, registration.LetterMail, receivedOn);
        return new Case(id, caseNumber, registration with { ReceivedOn = receivedOn }, [registered], 0, 1);
    }

    /// <summary>The registration rules of <see cref="Register"/> (law.md §3): returns the receipt date fixed at registration, or null.</summary>
    private static DateOnly? CheckedRegistration(Registration registration, ClockContext context)
    {
        if (string.IsNullOrWhiteSpace(registration.Description))
            throw new InvalidInputException("description", "Describe the information requested.");
        if (string.IsNullOrWhiteSpace(registration.Applicant.Name))
            throw new InvalidInputException("applicant.name", "The applicant's name is required.");
        NotInFuture("submittedOn", registration.SubmittedOn, context);
        if (registration.SubmittedOn < WorkingCalendar.FirstSupportedDate)
            throw new InvalidInputException("submittedOn",
                $"{registration.SubmittedOn:yyyy-MM-dd} is before the register's calendar begins ({WorkingCalendar.FirstSupportedDate:yyyy-MM-dd}); check the year.");

        var receivedOn = registration.ReceivedOn;
        switch (registration.Channel)
        {
            case Channel.InPerson:
                receivedOn ??= registration.SubmittedOn;
                if (receivedOn != registration.SubmittedOn)
                    throw new InvalidInputException("receivedOn", "An in-person request is received the day it is handed over (Art. 31): receivedOn must equal submittedOn.");
                break;
            case Channel.Letter when registration.LetterMail is null:
                throw new InvalidInputException("letterMail", "Say whether the letter came signed-for (Signed) or by ordinary mail (Ordinary).");
            case Channel.Letter when registration.LetterMail == Cases.LetterMail.Signed && receivedOn is null:
                throw new InvalidInputException("receivedOn", "A signed-for letter is received the day the agency signed for it: give receivedOn.");
            case not Channel.Letter when registration.LetterMail is not null:
                throw new InvalidInputException("letterMail", "letterMail applies only to letters.");
        }

        if (receivedOn is { } received)
        {
            NotInFuture("receivedOn", received, context);
            if (received < registration.SubmittedOn)
                throw new InvalidInputException("receivedOn", "The receipt date cannot be before the date the request was submitted.");
            InForce("receivedOn", received);
        }

        return receivedOn;
    }

    /// <summary>
    /// Rebuilds a case from its stored registration and the events that count (a voided step left out).
    /// <paramref name="lastChangeVoided"/>: the latest step-or-void of its history is a void (<see cref="VoidLastStep"/>).
    /// </summary>
    public static Case Rehydrate(CaseId id, string caseNumber, Registration registration, IEnumerable<CaseEvent> events, int version,
        bool lastChangeVoided = false)
    {
        var list = events.ToList();
        return new Case(id, caseNumber, registration, list, list.Count, version) { LastChangeVoided = lastChangeVoided };
    }

    /// <summary>
    /// Fixes the receipt date of an online, fax or ordinary-mail request (Art. 31; 2008 Art. 24), both regimes. The date is
    /// kept as recorded; a rest day counts from the next working day (law.md §3). Refused once a receipt date is fixed.
    /// </summary>
    public void ConfirmReceipt(DateOnly confirmedOn, ClockContext context)
    {
        var reading = Open(context);
        if (ReceiptDate is { } fixedOn)
            throw new DomainRuleException($"The receipt date is already fixed ({fixedOn:yyyy-MM-dd}); it cannot be confirmed again.");
        Dated("confirmedOn", confirmedOn, context);
        InForce("confirmedOn", confirmedOn);
        _ = reading;
        Append(new ReceiptConfirmed(confirmedOn));
    }

    /// <summary>
    /// 补正 notice (Art. 30, Regime 2019 only): one complete notice within the window counted from the counted receipt
    /// date; stops the clock. Refused on a Regime 2008 case, a second notice, a decided case or after the window.
    /// </summary>
    public void RequestSupplement(DateOnly requestedOn, string items, DateOnly? supplyBy, ClockContext context)
    {
        var reading = Running(context);
        if (reading.Regime == Cases.Regime.Regime2008)
            throw new DomainRuleException(No补正In2008);
        if (events.OfType<SupplementRequested>().FirstOrDefault() is { } earlier)
            throw new DomainRuleException($"A supplement notice was already sent on {earlier.RequestedOn:yyyy-MM-dd}; the Regulation allows one complete notice (Art. 30).");
        NotDecided(reading);
        Dated("requestedOn", requestedOn, context);
        if (requestedOn > reading.SupplementNoticeDeadline)
            throw new DomainRuleException($"The supplement notice had to be sent within {context.Settings.SupplementNoticeWindowWorkingDays} working days of receipt, by {reading.SupplementNoticeDeadline:yyyy-MM-dd} (Art. 30).");
        if (string.IsNullOrWhiteSpace(items))
            throw new InvalidInputException("items", "Name what is missing from the request.");
        var by = supplyBy ?? context.Calendar.AddWorkingDays(requestedOn, context.Settings.DefaultSupplyWorkingDays);
        if (by <= requestedOn)
            throw new InvalidInputException("supplyBy", "The time to supply must end after the notice is sent.");
        Append(new SupplementRequested(requestedOn, items.Trim(), by));
    }

    /// <summary>The applicant's supplement (Art. 30, Regime 2019 only): the clock restarts from it. Refused after the time to supply.</summary>
    public void ReceiveSupplement(DateOnly receivedOn, ClockContext context)
    {
        var reading = Open(context);
        if (reading.Regime == Cases.Regime.Regime2008)
            throw new DomainRuleException(No补正In2008);
        if (reading.Status != CaseStatus.AwaitingSupplement)
            throw new DomainRuleException("No supplement notice is waiting for an answer on this case.");
        Dated("receivedOn", receivedOn, context);
        if (receivedOn > reading.SupplyBy)
            throw new DomainRuleException($"The time to supply ended on {reading.SupplyBy:yyyy-MM-dd}; the request is treated as abandoned: close it with outcome Other.SupplementOverdue (Art. 30).");
        Append(new SupplementReceived(receivedOn));
    }

    /// <summary>
    /// Written consultation (Art. 32, 34; 2008 Art. 23), both regimes. Regime 2019: the time until the reply, at most the
    /// consultation limit, is not counted. Regime 2008: a third party's time is not counted until the reply, without a
    /// cap (2008 Art. 24 ¶3); another agency's consultation is recorded and does not pause. Returns the consultation id.
    /// </summary>
    public Guid SendConsultation(ConsultationKind kind, string party, DateOnly sentOn, ClockContext context)
    {
        var reading = Running(context);
        NotDecided(reading);
        if (string.IsNullOrWhiteSpace(party))
            throw new InvalidInputException("party", "Name the third party or agency consulted.");
        Dated("sentOn", sentOn, context);
        var id = Guid.CreateVersion7();
        Append(new ConsultationSent(id, kind, party.Trim(), sentOn));
        return id;
    }

    /// <summary>The reply to a consultation of this case, both regimes; refused twice or for an unknown consultation.</summary>
    public void ReceiveConsultationReply(Guid consultationId, DateOnly receivedOn, bool? consents, ClockContext context)
    {
        Open(context);
        var sent = events.OfType<ConsultationSent>().FirstOrDefault(c => c.ConsultationId == consultationId)
            ?? throw new NotFoundException("consultation", $"This case has no consultation {consultationId}.");
        if (events.OfType<ConsultationReplied>().FirstOrDefault(r => r.ConsultationId == consultationId) is { } reply)
            throw new DomainRuleException($"The reply to the consultation of {sent.Party} was already recorded on {reply.ReceivedOn:yyyy-MM-dd}.");
        Dated("receivedOn", receivedOn, context);
        Append(new ConsultationReplied(consultationId, receivedOn, consents));
    }

    /// <summary>
    /// The one extension (Art. 33 ¶2; 2008 Art. 24 ¶2), both regimes: at most 20 (Regime 2019) or 15 (Regime 2008) working
    /// days, approved on or before the due date, the applicant told on or before it too (a past case imported with
    /// <paramref name="pastCase"/> keeps the date recorded). Refused a second time, on a deferred case, or while a handler's request waits.
    /// </summary>
    public void ApproveExtension(DateOnly approvedOn, int workingDays, string reason, DateOnly applicantNotifiedOn, string approver, ClockContext context,
        bool pastCase = false)
    {
        var reading = Running(context);
        NotDecided(reading);
        CanStillExtend(reading);
        if (PendingExtensionRequest is { } pending)
            throw new DomainRuleException($"An extension of {pending.WorkingDays} working days asked on {pending.RequestedOn:yyyy-MM-dd} by {pending.RequestedBy} waits for a decision: approve or refuse that request.");
        CheckExtensionDays(workingDays, reading);
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidInputException("reason", "Give the reason for the extension.");
        Dated("approvedOn", approvedOn, context);
        if (approvedOn > reading.DueOn)
            throw new DomainRuleException($"An extension must be approved on or before the due date {reading.DueOn:yyyy-MM-dd}; it cannot rescue an overdue case.");
        if (applicantNotifiedOn < approvedOn)
            throw new InvalidInputException("applicantNotifiedOn", "The applicant cannot be told of an extension before it is approved.");
        NotInFuture("applicantNotifiedOn", applicantNotifiedOn, context);
        if (!pastCase) NotifiedWithinOriginalPeriod(applicantNotifiedOn, reading);
        Append(new ExtensionApproved(approvedOn, workingDays, reason.Trim(), applicantNotifiedOn, approver));
    }

    // Art. 33 ¶2: the applicant is told of the extension within the original period; a notice after the due date tells them
    // too late. (A past case imported as it happened, pastCase, keeps the date the office recorded.)
    private static void NotifiedWithinOriginalPeriod(DateOnly applicantNotifiedOn, ClockReading reading)
    {
        if (reading.DueOn is { } due && applicantNotifiedOn > due)
            throw new InvalidInputException("applicantNotifiedOn",
                $"The applicant must be told of the extension within the original period, on or before {due:yyyy-MM-dd} (Art. 33 ¶2); {applicantNotifiedOn:yyyy-MM-dd} is after it.");
    }

    /// <summary>The extension request waiting for an approver (the last one neither approved nor refused), or null.</summary>
    public ExtensionRequested? PendingExtensionRequest => Pending<ExtensionRequested, ExtensionApproved, ExtensionRefused>();

    /// <summary>
    /// A handler asks for the one extension (Art. 33 ¶2; 2008 Art. 24 ¶2), both regimes: at most 20 (15) working days, with a
    /// reason, on or before the due date. Refused when the case was extended or deferred, a request already waits, or the
    /// case is decided, closed or not running.
    /// </summary>
    public void RequestExtension(DateOnly requestedOn, int workingDays, string reason, string requestedBy, ClockContext context)
    {
        var reading = Running(context);
        NotDecided(reading);
        CanStillExtend(reading);
        if (PendingExtensionRequest is { } pending)
            throw new DomainRuleException($"An extension of {pending.WorkingDays} working days asked on {pending.RequestedOn:yyyy-MM-dd} by {pending.RequestedBy} waits for an approver; it must be approved or refused first.");
        CheckExtensionDays(workingDays, reading);
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidInputException("reason", "Give the reason for the extension.");
        Dated("requestedOn", requestedOn, context);
        if (requestedOn > reading.DueOn)
            throw new DomainRuleException($"An extension must be asked for and approved on or before the due date {reading.DueOn:yyyy-MM-dd}; it cannot rescue an overdue case.");
        Append(new ExtensionRequested(requestedOn, workingDays, reason.Trim(), requestedBy));
    }

    /// <summary>
    /// An approver grants the pending extension request (Art. 33 ¶2): the extension is recorded with the days and reason asked,
    /// who asked and when, who approved and when, and the day the applicant was told. Refused without a pending request,
    /// after the due date, before the request, or when the applicant is told before the approval or after the original due date.
    /// </summary>
    public void ApproveExtensionRequest(DateOnly approvedOn, DateOnly applicantNotifiedOn, string approver, ClockContext context)
    {
        var reading = Running(context);
        NotDecided(reading);
        var request = PendingExtensionRequest
            ?? throw new DomainRuleException("No extension request waits for a decision on this case.");
        CanStillExtend(reading);
        Dated("approvedOn", approvedOn, context);
        if (approvedOn > reading.DueOn)
            throw new DomainRuleException($"An extension must be approved on or before the due date {reading.DueOn:yyyy-MM-dd}; it cannot rescue an overdue case.");
        if (applicantNotifiedOn < approvedOn)
            throw new InvalidInputException("applicantNotifiedOn", "The applicant cannot be told of an extension before it is approved.");
        NotInFuture("applicantNotifiedOn", applicantNotifiedOn, context);
        NotifiedWithinOriginalPeriod(applicantNotifiedOn, reading);
        Append(new ExtensionApproved(approvedOn, request.WorkingDays, request.Reason, applicantNotifiedOn, approver, request.RequestedOn, request.RequestedBy));
    }

    /// <summary>An approver refuses the pending extension request with a reason; the due date stays. Refused without a pending request.</summary>
    public void RefuseExtensionRequest(DateOnly refusedOn, string reason, string refusedBy, ClockContext context)
    {
        Open(context);
        if (PendingExtensionRequest is null)
            throw new DomainRuleException("No extension request waits for a decision on this case.");
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidInputException("reason", "Give the reason for refusing the extension.");
        Dated("refusedOn", refusedOn, context);
        Append(new ExtensionRefused(refusedOn, reason.Trim(), refusedBy));
    }

    private void CanStillExtend(ClockReading reading)
    {
        if (events.OfType<ExtensionApproved>().FirstOrDefault() is { } earlier)
            throw new DomainRuleException($"An extension of {earlier.WorkingDays} working days was already approved on {earlier.ApprovedOn:yyyy-MM-dd}; a case may be extended only once ({(reading.Regime == Cases.Regime.Regime2008 ? "2008 Art. 24 ¶2" : "Art. 33 ¶2")}).");
        if (events.OfType<DeferralApproved>().Any())
            throw new DomainRuleException("The answer was deferred under Art. 35; an extension cannot be added to a deferred date.");
    }

    private static void CheckExtensionDays(int workingDays, ClockReading reading)
    {
        var max = reading.Regime!.Value.MaxExtensionWorkingDays();
        if (workingDays < 1 || workingDays > max)
            throw new DomainRuleException($"An extension is at most {max} working days under {(reading.Regime == Cases.Regime.Regime2008 ? "Regime 2008" : "Regime 2019")}; {workingDays} were asked.");
    }

    /// <summary>
    /// 延迟答复 (Art. 35, Regime 2019 only): a later working day as the due date for excessive requests, approver required.
    /// Refused on a Regime 2008 case (the 2008 text has no such step), twice, after the due date, for an earlier date, or
    /// while a handler's request waits.
    /// </summary>
    public void ApproveDeferral(DateOnly approvedOn, DateOnly dueOn, string reason, string approver, ClockContext context)
    {
        var reading = Running(context);
        CanStillDefer(reading);
        if (PendingDeferralRequest is { } pending)
            throw new DomainRuleException($"A deferral to {pending.DueOn:yyyy-MM-dd} asked on {pending.RequestedOn:yyyy-MM-dd} by {pending.RequestedBy} waits for a decision: approve or refuse that request.");
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidInputException("reason", "Give the reason for deferring the answer (Art. 35).");
        Dated("approvedOn", approvedOn, context);
        if (approvedOn > reading.DueOn)
            throw new DomainRuleException($"A deferral must be approved on or before the due date {reading.DueOn:yyyy-MM-dd}.");
        CheckDeferredDate(dueOn, reading, context);
        Append(new DeferralApproved(approvedOn, dueOn, reason.Trim(), approver));
    }

    /// <summary>The deferral request waiting for an approver (the last one neither approved nor refused), or null.</summary>
    public DeferralRequested? PendingDeferralRequest => Pending<DeferralRequested, DeferralApproved, DeferralRefused>();

    /// <summary>The last <typeparamref name="TRequested"/> not followed by an approval or a refusal, or null.</summary>
    private TRequested? Pending<TRequested, TApproved, TRefused>() where TRequested : CaseEvent
    {
        TRequested? pending = null;
        foreach (var e in events)
            pending = e switch { TRequested r => r, TApproved or TRefused => null, _ => pending };
        return pending;
    }

    /// <summary>
    /// A handler asks for the deferred answer (延迟答复, Art. 35, Regime 2019 only): a later working day as the due date, with
    /// a reason, on or before the due date. Refused on a Regime 2008 case, when the answer was deferred, a request already
    /// waits, or the case is decided, closed or not running.
    /// </summary>
    public void RequestDeferral(DateOnly requestedOn, DateOnly dueOn, string reason, string requestedBy, ClockContext context)
    {
        var reading = Running(context);
        CanStillDefer(reading);
        if (PendingDeferralRequest is { } pending)
            throw new DomainRuleException($"A deferral to {pending.DueOn:yyyy-MM-dd} asked on {pending.RequestedOn:yyyy-MM-dd} by {pending.RequestedBy} waits for an approver; it must be approved or refused first.");
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidInputException("reason", "Give the reason for deferring the answer (Art. 35).");
        Dated("requestedOn", requestedOn, context);
        if (requestedOn > reading.DueOn)
            throw new DomainRuleException($"A deferral must be asked for and approved on or before the due date {reading.DueOn:yyyy-MM-dd}.");
        CheckDeferredDate(dueOn, reading, context);
        Append(new DeferralRequested(requestedOn, dueOn, reason.Trim(), requestedBy));
    }

    /// <summary>
    /// An approver grants the pending deferral request (Art. 35): the deferral is recorded with the date and reason asked, who
    /// asked and when, who approved and when. Refused without a pending request, on a Regime 2008 case, after the due date,
    /// or when the date asked is no longer later than the due date.
    /// </summary>
    public void ApproveDeferralRequest(DateOnly approvedOn, string approver, ClockContext context)
    {
        var reading = Running(context);
        var request = PendingDeferralRequest
            ?? throw new DomainRuleException("No deferral request waits for a decision on this case.");
        CanStillDefer(reading);
        Dated("approvedOn", approvedOn, context);
        if (approvedOn < request.RequestedOn)
            throw new InvalidInputException("approvedOn", "A deferral cannot be approved before it was asked for.");
        if (approvedOn > reading.DueOn)
            throw new DomainRuleException($"A deferral must be approved on or before the due date {reading.DueOn:yyyy-MM-dd}.");
        CheckDeferredDate(request.DueOn, reading, context);
        Append(new DeferralApproved(approvedOn, request.DueOn, request.Reason, approver, request.RequestedOn, request.RequestedBy));
    }

    /// <summary>An approver refuses the pending deferral request with a reason; the due date stays. Refused without a pending request.</summary>
    public void RefuseDeferralRequest(DateOnly refusedOn, string reason, string refusedBy, ClockContext context)
    {
        Open(context);
        if (PendingDeferralRequest is null)
            throw new DomainRuleException("No deferral request waits for a decision on this case.");
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidInputException("reason", "Give the reason for refusing the deferral.");
        Dated("refusedOn", refusedOn, context);
        Append(new DeferralRefused(refusedOn, reason.Trim(), refusedBy));
    }

    private void CanStillDefer(ClockReading reading)
    {
        if (reading.Regime == Cases.Regime.Regime2008)
            throw new DomainRuleException("Regime 2008 has no deferred answer (延迟答复 is Art. 35 of the 2019 text): a Regime 2008 case may only be extended once, by at most 15 working days (2008 Art. 24 ¶2).");
        NotDecided(reading);
        if (events.OfType<DeferralApproved>().FirstOrDefault() is { } earlier)
            throw new DomainRuleException($"The answer was already deferred to {earlier.DueOn:yyyy-MM-dd} on {earlier.ApprovedOn:yyyy-MM-dd}.");
    }

    private static void CheckDeferredDate(DateOnly dueOn, ClockReading reading, ClockContext context)
    {
        if (dueOn <= reading.DueOn)
            throw new InvalidInputException("dueOn", $"A deferred answer date must be later than the current due date {reading.DueOn:yyyy-MM-dd}.");
        var day = context.Calendar.Day(dueOn);
        if (!day.IsWorkingDay)
            throw new InvalidInputException("dueOn", $"{dueOn:yyyy-MM-dd} is not a working day{(day.HolidayName is null ? "" : $" ({day.HolidayName})")}; choose a working day.");
    }

    /// <summary>
    /// 信息处理费 notice (Art. 42, 国办函〔2020〕109号): Regime 2019 cases received from 2021-01-01, inside the answer period,
    /// once. Returns the amount. Refused on a Regime 2008 case or a case received earlier.
    /// </summary>
    public FeeAssessment IssueFeeNotice(DateOnly issuedOn, FeeMethod method, int? pages, int ordinalInMonth, ClockContext context)
    {
        var reading = Running(context);
        if (method == FeeMethod.Cost)
            throw new DomainRuleException(reading.Regime == Cases.Regime.Regime2008
                ? "A cost fee (method Cost) is recorded with its items: Search (检索费), Copy (复制费) or Post (邮寄费) and the amount in yuan (2008 Art. 27)."
                : "The cost fees of searching, copying and posting (method Cost, 2008 Art. 27) apply only to Regime 2008 cases, received before 2019-05-15; a Regime 2019 case received from 2021-01-01 is charged 信息处理费 PerRequest or PerPage (国办函〔2020〕109号).");
        if (reading.Regime == Cases.Regime.Regime2008)
            throw new DomainRuleException($"PerRequest and PerPage are the 信息处理费 of Regime 2019 (Art. 42, 国办函〔2020〕109号); a Regime 2008 case is charged only the cost of searching, copying and posting: use method Cost with its items (2008 Art. 27).");
        NotDecided(reading);
        if (reading.CountedReceiptDate < ClockSettings.FeesFrom)
            throw new DomainRuleException($"A request received on {reading.CountedReceiptDate:yyyy-MM-dd} is charged no fee at all: the 2019 Regulation charges nothing for disclosure before 2021-01-01, when 信息处理费 began (国办函〔2020〕109号), and the 2008 cost fees ended on 2019-05-14.");
        if (events.OfType<FeeNoticeIssued>().FirstOrDefault() is { } earlier)
            throw new DomainRuleException($"A fee notice was already issued on {earlier.IssuedOn:yyyy-MM-dd}; a request is charged by one method, once.");
        Dated("issuedOn", issuedOn, context);
        if (issuedOn > reading.DueOn)
            throw new DomainRuleException($"A fee notice must be issued within the answer period, by {reading.DueOn:yyyy-MM-dd}.");
        var assessment = FeeAssessment.Compute(method, ordinalInMonth, pages);
        if (assessment.ComputedYuan == 0m)
            throw new DomainRuleException(method == FeeMethod.PerPage
                ? $"{pages} pages are free (pages 1–{FeeSchedule.FreePages} cost nothing): no fee notice is issued and the clock does not pause (国办函〔2020〕109号)."
                : $"This is the applicant's request {ordinalInMonth} of the month; requests 1–{FeeSchedule.FreeRequestsPerMonth} are free: no fee notice is issued and the clock does not pause (国办函〔2020〕109号).");
        Append(new FeeNoticeIssued(issuedOn, method, pages, ordinalInMonth, assessment.ComputedYuan));
        return assessment;
    }

    /// <summary>
    /// Regime 2008 cost fees (2008 Art. 27): the 检索费, 复制费 and 邮寄费 typed by the office from its own cost schedule, once per case,
    /// while the case is open (before or after the decision: copies are made once disclosure is decided). It does not pause the clock,
    /// which the 2008 Regulation never does for a fee, and has no time to pay. Returns the amount. Refused on a Regime 2019 case, on a
    /// case not yet received, a second time, and for items that are empty, repeated or not a positive amount in yuan and fen.
    /// </summary>
    public FeeAssessment IssueCostFeeNotice(DateOnly issuedOn, IReadOnlyList<CostFeeItem> items, ClockContext context)
    {
        var reading = Open(context);
        if (reading.Regime is not { } regime)
            throw new DomainRuleException("The receipt is not confirmed yet (Art. 31): no clock runs until it is.");
        if (regime == Cases.Regime.Regime2019)
            throw new DomainRuleException("The cost fees of searching, copying and posting (method Cost, 2008 Art. 27) apply only to Regime 2008 cases, received before 2019-05-15; a Regime 2019 case received from 2021-01-01 is charged 信息处理费 PerRequest or PerPage (国办函〔2020〕109号).");
        if (events.OfType<FeeNoticeIssued>().FirstOrDefault() is { } earlier)
            throw new DomainRuleException($"A fee notice was already issued on {earlier.IssuedOn:yyyy-MM-dd}; a request is charged by one method, once.");
        Dated("issuedOn", issuedOn, context);
        var assessment = FeeAssessment.ComputeCost(items);
        Append(new FeeNoticeIssued(issuedOn, FeeMethod.Cost, null, 0, assessment.ComputedYuan, items.ToList()));
        return assessment;
    }

    /// <summary>
    /// Reduces or waives (0) the unpaid fee with a reason: a 信息处理费 (国办函〔2020〕109号), or a Regime 2008 cost fee (2008 Art. 28:
    /// waived for an applicant in economic difficulty, 经济困难).
    /// </summary>
    public void ReduceFee(DateOnly reducedOn, decimal toYuan, string reason, ClockContext context)
    {
        Open(context);
        var notice = UnpaidFeeNotice();
        Dated("reducedOn", reducedOn, context);
        var assessment = CurrentFee(notice).Reduce(toYuan, reason);
        Append(new FeeReduced(reducedOn, assessment.DueYuan, reason.Trim()));
    }

    /// <summary>
    /// Records the payment of the fee notice, both regimes; <paramref name="amountYuan"/> null takes the amount due. Refused when no
    /// fee is left to pay, after the time to pay of a 信息处理费 (国办函〔2020〕109号; a 2008 cost fee has none), or for an amount other
    /// than the one due.
    /// </summary>
    public void RecordFeePayment(DateOnly paidOn, decimal? amountYuan, ClockContext context)
    {
        var reading = Open(context);
        var notice = UnpaidFeeNotice();
        Dated("paidOn", paidOn, context);
        if (paidOn > reading.FeePaymentDeadline)
            throw new DomainRuleException($"The time to pay ended on {reading.FeePaymentDeadline:yyyy-MM-dd}; close the case with outcome Other.FeeUnpaid.");
        var due = CurrentFee(notice).DueYuan;
        if (amountYuan is { } paid && paid != due)
            throw new DomainRuleException($"The fee notice asks for {due:0.##} yuan; {paid:0.##} was recorded.");
        Append(new FeePaid(paidOn, due));
    }

    /// <summary>
    /// The decision (Art. 36–39; 2008 Art. 21), both regimes, with an outcome code of the case's regime (reports.md). Refused before
    /// the receipt is confirmed, a second time, while a supplement is awaited, and while a fee is unpaid (law.md §4 Fee).
    /// </summary>
    public void Decide(DateOnly decidedOn, string outcomeCode, string? summary, ClockContext context)
    {
        var reading = Open(context);
        if (reading.Regime is not { } regime)
            throw new DomainRuleException("The receipt date is not confirmed yet; confirm it before deciding.");
        NotDecided(reading);
        NoUnpaidFee(context);
        var outcome = Outcome.Find(regime, outcomeCode);
        Dated("decidedOn", decidedOn, context);
        CheckOutcomeFits(outcome, decidedOn, reading);
        Append(new Decided(decidedOn, outcome.Code, summary?.Trim()));
    }

    /// <summary>
    /// 送达 of the decided answer, both regimes: closes the case. <paramref name="trackingNumber"/>: the 邮件号 of a delivery by post
    /// (送达回证, 国办公开办函〔2016〕235号), only with <see cref="DeliveryMethod.Post"/>.
    /// </summary>
    public void Deliver(DateOnly deliveredOn, DeliveryMethod method, ClockContext context, string? trackingNumber = null)
    {
        var reading = Open(context);
        if (reading.DecidedOn is null)
            throw new DomainRuleException("Record the decision before delivering the answer.");
        Dated("deliveredOn", deliveredOn, context);
        if (trackingNumber is not null && method != DeliveryMethod.Post)
            throw new InvalidInputException("trackingNumber", "A tracking number (邮件号) is recorded only for a delivery by post (method Post).");
        Append(new Delivered(deliveredOn, method) { TrackingNumber = trackingNumber });
    }

    /// <summary>
    /// The address a delivery by <paramref name="method"/> was sent to must be on the case (trial D finding 10): an e-mail delivery
    /// needs the applicant's e-mail address, a fax delivery a number to fax to (the applicant's phone, which the 送达回证 writes as
    /// its 送达地址), a delivery by post the applicant's postal address; in person and through the online platform need none.
    /// The 送达回证 (国办公开办函〔2016〕235号) fills its 送达地址 line from these, so a delivery recorded without one would issue
    /// a paper that does not say where the answer went. Refused (field <c>method</c>) with a sentence naming what is missing and
    /// how to add it: a 更正 of the applicant's contact (POST /api/cases/{id}/correction), then the delivery. Called by the live
    /// delivery and on-the-spot steps; a past case imported from an office's register (<see cref="PastCase"/>) is not checked,
    /// since its paper, if any, was issued long ago.
    /// </summary>
    public void RequireDeliveryAddress(DeliveryMethod method)
    {
        switch (method)
        {
            case DeliveryMethod.Email when string.IsNullOrWhiteSpace(Applicant.Email):
                throw new InvalidInputException("method",
                    $"Case {CaseNumber} holds no e-mail address of the applicant, so an e-mail delivery cannot be recorded: add it by a correction (更正) of the applicant's contact (applicant.email), then record the delivery.");
            case DeliveryMethod.Fax when string.IsNullOrWhiteSpace(Applicant.Phone):
                throw new InvalidInputException("method",
                    $"Case {CaseNumber} holds no fax number of the applicant (the 送达回证 takes it from the applicant's phone), so a fax delivery cannot be recorded: add it by a correction (更正) of the applicant's contact (applicant.phone), then record the delivery.");
            case DeliveryMethod.Post when string.IsNullOrWhiteSpace(Applicant.Address):
                throw new InvalidInputException("method",
                    $"Case {CaseNumber} holds no postal address of the applicant, so a delivery by post cannot be recorded: add it by a correction (更正) of the applicant's contact (applicant.address), then record the delivery.");
        }
    }

    /// <summary>当场答复 (Art. 33 ¶1; 2008 Art. 24 ¶1), both regimes: decision and delivery on the recorded receipt date.</summary>
    public void AnswerOnTheSpot(DateOnly answeredOn, string outcomeCode, string? summary, DeliveryMethod method, ClockContext context)
    {
        var reading = Running(context);
        NotDecided(reading);
        NoUnpaidFee(context);
        if (answeredOn != reading.ReceiptDate)
            throw new DomainRuleException($"An on-the-spot answer is given on the receipt date {reading.ReceiptDate:yyyy-MM-dd}.");
        var outcome = Outcome.Find(reading.Regime!.Value, outcomeCode);
        Dated("answeredOn", answeredOn, context);
        CheckOutcomeFits(outcome, answeredOn, reading);
        Append(new AnsweredOnTheSpot(answeredOn, outcome.Code, summary?.Trim(), method));
    }

    /// <summary>The applicant withdraws, both regimes (also before the receipt is confirmed): closes the case.</summary>
    public void Withdraw(DateOnly withdrawnOn, ClockContext context)
    {
        var reading = Open(context);
        Dated("withdrawnOn", withdrawnOn, context);
        var regime = reading.Regime ?? Regimes.ForReceiptDate(SubmittedOn);
        Append(new Withdrawn(withdrawnOn, Outcome.Withdrawal(regime).Code));
    }

    /// <summary>
    /// Closes an abandoned request (Regime 2019 only): supplement not supplied (Art. 30), or fee not paid, in time.
    /// Refused on a Regime 2008 case, which has neither 补正 nor 信息处理费.
    /// </summary>
    public void CloseAsAbandoned(DateOnly closedOn, string outcomeCode, ClockContext context)
    {
        var reading = Open(context);
        if (reading.Regime is not { } regime)
            throw new DomainRuleException("The receipt date is not confirmed yet.");
        if (regime == Cases.Regime.Regime2008)
            throw new DomainRuleException("Regime 2008 has neither 补正 nor 信息处理费, so a Regime 2008 request never lapses as abandoned: record the decision (an unclear request is answered ChangeOrSupplement, 2008 Art. 21(4)) or the withdrawal.");
        var outcome = Outcome.Find(regime, outcomeCode);
        if (outcome.Code != Outcome.SupplementOverdue.Code && outcome.Code != Outcome.FeeUnpaid.Code)
            throw new DomainRuleException("Only Other.SupplementOverdue or Other.FeeUnpaid close a case as abandoned.");
        Dated("closedOn", closedOn, context);
        CheckOutcomeFits(outcome, closedOn, reading);
        Append(new Abandoned(closedOn, outcome.Code));
    }

    /// <summary>
    /// Names the handler responsible for the case (user id and display name, trimmed) as of today; refused (409) once the
    /// case is closed, since a closed case needs no handler. It moves no date, so it is not an event: the caller stores it.
    /// </summary>
    public Assignment Assign(string userId, string name, ClockContext context)
    {
        var reading = Clock(context.Calendar, context.Settings);
        if (reading.IsClosed)
            throw new DomainRuleException($"The case was closed on {reading.ClosedOn:yyyy-MM-dd}; it needs no handler.");
        return new Assignment(userId.Trim(), name.Trim(), context.Today);
    }

    private void CheckOutcomeFits(Outcome outcome, DateOnly on, ClockReading reading)
    {
        if (outcome.Code == Outcome.Withdrawal(outcome.Regime).Code)
            throw new DomainRuleException("A withdrawal is recorded with the withdrawal step, not as a decision.");
        if (outcome.Regime == Cases.Regime.Regime2019 && outcome.Code == Outcome.SupplementOverdue.Code)
        {
            if (reading.Status != CaseStatus.AwaitingSupplement || on <= reading.SupplyBy)
                throw new DomainRuleException(reading.SupplyBy is { } by && reading.Status == CaseStatus.AwaitingSupplement
                    ? $"The applicant has until {by:yyyy-MM-dd} to supply the missing details."
                    : "Other.SupplementOverdue applies only when a supplement notice went unanswered.");
        }
        else if (outcome.Regime == Cases.Regime.Regime2019 && outcome.Code == Outcome.FeeUnpaid.Code)
        {
            if (reading.FeePaymentDeadline is not { } deadline || on <= deadline)
                throw new DomainRuleException(reading.FeePaymentDeadline is { } d
                    ? $"The applicant has until {d:yyyy-MM-dd} to pay."
                    : "Other.FeeUnpaid applies only when a fee notice went unpaid.");
        }
        else if (reading.Status == CaseStatus.AwaitingSupplement)
        {
            throw new DomainRuleException($"The case waits for the applicant's supplement until {reading.SupplyBy:yyyy-MM-dd}.");
        }
        else if (outcome.Code == "Unable.StillUnclear" && !events.OfType<SupplementReceived>().Any())
        {
            throw new DomainRuleException("Unable.StillUnclear applies only after a supplement was received (Art. 30).");
        }
    }

    private const string No补正In2008 =
        "Regime 2008 has no 补正 pause: answer with the outcome ChangeOrSupplement (告知作出更改补充), which closes the case (2008 Art. 21(4)).";

    /// <summary>law.md §4 Fee: while a fee is unpaid (its pause open) no answer can be recorded.</summary>
    private void NoUnpaidFee(ClockContext context)
    {
        // A 2008 cost fee never pauses the clock nor holds the answer back (2008 Art. 27).
        if (events.OfType<FeeNoticeIssued>().FirstOrDefault() is not { } notice || notice.Method == FeeMethod.Cost
            || events.Any(e => e is FeePaid or FeeReduced { ToYuan: 0 }))
            return;
        var payBy = StatutoryClock.FeePaymentDeadline(notice.IssuedOn, context.Calendar, context.Settings);
        throw new DomainRuleException(
            $"The fee notice of {notice.IssuedOn:yyyy-MM-dd} is unpaid and the clock is paused: record the payment, waive the fee (reduce it to 0), "
            + $"or, once the time to pay has ended on {payBy:yyyy-MM-dd}, close the case as Other.FeeUnpaid.");
    }

    private FeeNoticeIssued UnpaidFeeNotice()
    {
        var notice = events.OfType<FeeNoticeIssued>().FirstOrDefault()
            ?? throw new DomainRuleException("No fee notice was issued on this case.");
        if (events.OfType<FeePaid>().FirstOrDefault() is { } paid)
            throw new DomainRuleException($"The fee was already paid on {paid.PaidOn:yyyy-MM-dd}.");
        if (events.OfType<FeeReduced>().Any(r => r.ToYuan == 0))
            throw new DomainRuleException("The fee was waived; nothing is left to pay.");
        return notice;
    }

    private FeeAssessment CurrentFee(FeeNoticeIssued notice)
    {
        var assessment = notice.Method == FeeMethod.Cost
            ? FeeAssessment.ComputeCost(notice.Items ?? [])
            : FeeAssessment.Compute(notice.Method, notice.OrdinalInMonth, notice.Pages);
        return events.OfType<FeeReduced>().LastOrDefault() is { } reduced ? assessment.Reduce(reduced.ToYuan, reduced.Reason) : assessment;
    }

    private ClockReading Open(ClockContext context)
    {
        var reading = Clock(context.Calendar, context.Settings);
        if (reading.IsClosed)
            throw new DomainRuleException($"The case was closed on {reading.ClosedOn:yyyy-MM-dd}; no further step can be recorded.");
        return reading;
    }

    private ClockReading Running(ClockContext context)
    {
        var reading = Open(context);
        if (reading.Status == CaseStatus.AwaitingConfirmation)
            throw new DomainRuleException("The receipt is not confirmed yet (Art. 31): no clock runs until it is.");
        if (reading.Status == CaseStatus.AwaitingSupplement)
            throw new DomainRuleException($"The case waits for the applicant's supplement until {reading.SupplyBy:yyyy-MM-dd}; the clock is stopped.");
        return reading;
    }

    private static void NotDecided(ClockReading reading)
    {
        if (reading.DecidedOn is { } decided)
            throw new DomainRuleException($"The case was already decided on {decided:yyyy-MM-dd}; deliver the answer.");
    }

    private void Dated(string field, DateOnly date, ClockContext context)
    {
        NotInFuture(field, date, context);
        var last = events.Max(e => e.On);
        if (date < last)
            throw new InvalidInputException(field, $"{date:yyyy-MM-dd} is before the case's last recorded step ({last:yyyy-MM-dd}); steps are recorded in date order.");
    }

    private static void NotInFuture(string field, DateOnly date, ClockContext context)
    {
        if (date > context.Today)
            throw new InvalidInputException(field, $"{date:yyyy-MM-dd} is in the future (today is {context.Today:yyyy-MM-dd}).");
    }

    private static void InForce(string field, DateOnly receipt)
    {
        if (receipt < Regimes.Regulation2008InForce)
            throw new InvalidInputException(field, "The Regulation took effect on 2008-05-01; a receipt date cannot be earlier.");
    }

    private void Append(CaseEvent e)
    {
        events.Add(e);
        Version++;
    }
}
