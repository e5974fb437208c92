namespace CaseTracker.Domain.Cases;

/// <summary>
/// A dated fact of a case. The statutory clock is a pure function of these events and the
/// working calendar; <see cref="On"/> is the acting date (a China date), never an instant.
/// </summary>
public abstract record CaseEvent(DateOnly On)
{
    /// <summary>The event's name in history ("Registered", "ExtensionApproved", …).</summary>
    public string Kind => GetType().Name;
}

/// <summary>The request was registered; <paramref name="ReceivedOn"/> is null while the receipt awaits confirmation.</summary>
public sealed record Registered(DateOnly SubmittedOn, Channel Channel, LetterMail? LetterMail, DateOnly? ReceivedOn)
    : CaseEvent(ReceivedOn ?? SubmittedOn);

/// <summary>Both sides confirmed an online, fax or ordinary-mail request (Art. 31): the receipt date.</summary>
public sealed record ReceiptConfirmed(DateOnly ConfirmedOn) : CaseEvent(ConfirmedOn);

/// <summary>补正 notice (Art. 30): one complete notice within 7 working days of receipt.</summary>
public sealed record SupplementRequested(DateOnly RequestedOn, string Items, DateOnly SupplyBy) : CaseEvent(RequestedOn);

/// <summary>The applicant supplied what was missing: the clock restarts from this date.</summary>
public sealed record SupplementReceived(DateOnly ReceivedOn) : CaseEvent(ReceivedOn);

/// <summary>Written consultation of a third party or another agency (Art. 32, 34).</summary>
public sealed record ConsultationSent(Guid ConsultationId, ConsultationKind ConsultationKind, string Party, DateOnly SentOn)
    : CaseEvent(SentOn);

public sealed record ConsultationReplied(Guid ConsultationId, DateOnly ReceivedOn, bool? Consents) : CaseEvent(ReceivedOn);

/// <summary>
/// The one extension of Art. 33 ¶2, approved by the head of the disclosure office. When it answers a handler's request,
/// <see cref="RequestedOn"/> and <see cref="RequestedBy"/> say who asked and when (null for a direct approval).
/// </summary>
public sealed record ExtensionApproved(DateOnly ApprovedOn, int WorkingDays, string Reason, DateOnly ApplicantNotifiedOn, string Approver,
    DateOnly? RequestedOn = null, string? RequestedBy = null)
    : CaseEvent(ApprovedOn);

/// <summary>A handler asks for the extension of Art. 33 ¶2; it waits for an approver's approval or refusal.</summary>
public sealed record ExtensionRequested(DateOnly RequestedOn, int WorkingDays, string Reason, string RequestedBy) : CaseEvent(RequestedOn);

/// <summary>An approver refused the pending extension request, with a reason; the due date stays and a new request may follow.</summary>
public sealed record ExtensionRefused(DateOnly RefusedOn, string Reason, string RefusedBy) : CaseEvent(RefusedOn);

/// <summary>
/// 延迟答复 (Art. 35): a later due date for excessive requests, approver required. When it answers a handler's request,
/// <see cref="RequestedOn"/> and <see cref="RequestedBy"/> say who asked and when (null for a direct approval).
/// </summary>
public sealed record DeferralApproved(DateOnly ApprovedOn, DateOnly DueOn, string Reason, string Approver,
    DateOnly? RequestedOn = null, string? RequestedBy = null) : CaseEvent(ApprovedOn);

/// <summary>A handler asks for the deferred answer of Art. 35 (a later working day as the due date); it waits for an approver.</summary>
public sealed record DeferralRequested(DateOnly RequestedOn, DateOnly DueOn, string Reason, string RequestedBy) : CaseEvent(RequestedOn);

/// <summary>An approver refused the pending deferral request, with a reason; the due date stays and a new request may follow.</summary>
public sealed record DeferralRefused(DateOnly RefusedOn, string Reason, string RefusedBy) : CaseEvent(RefusedOn);

/// <summary>
/// Fee notice. 信息处理费 (国办函〔2020〕109号, <see cref="FeeMethod.PerRequest"/> or <see cref="FeeMethod.PerPage"/>): the time from
/// notice to payment is not counted. Regime 2008 cost fees (<see cref="FeeMethod.Cost"/>, 2008 Art. 27): <see cref="Items"/> holds the
/// 检索费/复制费/邮寄费 typed by the office, <see cref="AmountYuan"/> their sum; no pause.
/// </summary>
public sealed record FeeNoticeIssued(DateOnly IssuedOn, FeeMethod Method, int? Pages, int OrdinalInMonth, decimal AmountYuan,
    IReadOnlyList<CostFeeItem>? Items = null)
    : CaseEvent(IssuedOn);

public sealed record FeeReduced(DateOnly ReducedOn, decimal ToYuan, string Reason) : CaseEvent(ReducedOn);

public sealed record FeePaid(DateOnly PaidOn, decimal AmountYuan) : CaseEvent(PaidOn);

public sealed record Decided(DateOnly DecidedOn, string Outcome, string? Summary) : CaseEvent(DecidedOn);

/// <summary>送达: closes the case. On time when on or before the due date.</summary>
public sealed record Delivered(DateOnly DeliveredOn, DeliveryMethod Method) : CaseEvent(DeliveredOn)
{
    /// <summary>The postal tracking number (邮件号) of a delivery by post (issue 19); null when none was given.</summary>
    public string? TrackingNumber { get; init; }
}

public sealed record Withdrawn(DateOnly WithdrawnOn, string Outcome) : CaseEvent(WithdrawnOn);

/// <summary>The case closed without an answer: supplement not supplied or fee not paid in time.</summary>
public sealed record Abandoned(DateOnly ClosedOn, string Outcome) : CaseEvent(ClosedOn);

/// <summary>当场答复 (Art. 33 ¶1): decided and delivered on the receipt date.</summary>
public sealed record AnsweredOnTheSpot(DateOnly AnsweredOn, string Outcome, string? Summary, DeliveryMethod Method) : CaseEvent(AnsweredOn);

