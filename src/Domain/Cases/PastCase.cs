using CaseTracker.Domain.Clock;

namespace CaseTracker.Domain.Cases;

/// <summary>
/// A case as a register kept before this one records it (an office's spreadsheet, issue 5): its registration and the date
/// of each step it went through. <see cref="Replay"/> runs those steps through the aggregate in date order, so every rule
/// of law.md applies to past history as to live entry: supplement, consultations (several, each with its consent), extension,
/// deferral, fee (信息处理费 or a 2008 cost fee, with its reduction and payment), on-the-spot answer, decision, delivery,
/// withdrawal, abandonment.
/// </summary>
public sealed record PastCase
{
    public required Registration Registration { get; init; }
    public DateOnly? ConfirmedOn { get; init; }
    public PastSupplement? Supplement { get; init; }
    /// <summary>The consultations in the register's order (first, second, …); each is replayed on its own dates.</summary>
    public IReadOnlyList<PastConsultation> Consultations { get; init; } = [];
    public PastExtension? Extension { get; init; }
    /// <summary>延迟答复 (Art. 35), Regime 2019 only.</summary>
    public PastDeferral? Deferral { get; init; }
    /// <summary>The fee: its notice, reduction or waiver, payment.</summary>
    public PastFee? Fee { get; init; }
    public PastDecision? Decision { get; init; }
    /// <summary>当场答复 (Art. 33 ¶1): decided and delivered on the receipt date; a case answered so has no other decision or delivery.</summary>
    public PastOnTheSpot? OnTheSpot { get; init; }
    public PastDelivery? Delivery { get; init; }
    public DateOnly? WithdrawnOn { get; init; }
    public PastAbandonment? Abandonment { get; init; }

    /// <summary>
    /// The steps in the order they are replayed: by date, and steps of one date in the order of law.md §3–4 (the order of
    /// <see cref="PastStep"/>, consultations of one date in the register's order). The registration comes first and is not listed.
    /// <c>Index</c> is the consultation's number (1 = the first) for its two steps, 0 for every other step.
    /// </summary>
    public IReadOnlyList<(PastStep Step, DateOnly On, int Index)> Steps()
    {
        var steps = new List<(PastStep Step, DateOnly On, int Index)>(12);
        if (ConfirmedOn is { } confirmed) steps.Add((PastStep.ConfirmReceipt, confirmed, 0));
        if (Supplement is { } supplement)
        {
            steps.Add((PastStep.RequestSupplement, supplement.RequestedOn, 0));
            if (supplement.ReceivedOn is { } supplied) steps.Add((PastStep.ReceiveSupplement, supplied, 0));
        }

        for (var i = 0; i < Consultations.Count; i++)
        {
            steps.Add((PastStep.SendConsultation, Consultations[i].SentOn, i + 1));
            if (Consultations[i].RepliedOn is { } replied) steps.Add((PastStep.ReceiveConsultationReply, replied, i + 1));
        }

        if (Extension is { } extension) steps.Add((PastStep.ApproveExtension, extension.ApprovedOn, 0));
        if (Deferral is { } deferral) steps.Add((PastStep.ApproveDeferral, deferral.ApprovedOn, 0));
        if (Fee is { } fee)
        {
            steps.Add((PastStep.IssueFeeNotice, fee.IssuedOn, 0));
            if (fee.Reduction is { } reduction) steps.Add((PastStep.ReduceFee, reduction.ReducedOn, 0));
            if (fee.PaidOn is { } paid) steps.Add((PastStep.PayFee, paid, 0));
        }

        if (OnTheSpot is { } spot) steps.Add((PastStep.AnswerOnTheSpot, spot.AnsweredOn, 0));
        if (Decision is { } decision) steps.Add((PastStep.Decide, decision.DecidedOn, 0));
        if (Delivery is { } delivery) steps.Add((PastStep.Deliver, delivery.DeliveredOn, 0));
        if (WithdrawnOn is { } withdrawn) steps.Add((PastStep.Withdraw, withdrawn, 0));
        if (Abandonment is { } abandonment) steps.Add((PastStep.CloseAsAbandoned, abandonment.ClosedOn, 0));
        return steps.OrderBy(s => s.On).ThenBy(s => s.Step).ThenBy(s => s.Index).ToList();
    }

    /// <summary>
    /// Registers the case under <paramref name="caseNumber"/> and runs its steps (<see cref="Steps"/>) through the aggregate,
    /// returning the case with the due date before and after each event. A step the rules refuse (the registration included)
    /// throws <see cref="PastStepRefusedException"/> naming that step, with the aggregate's refusal inside.
    /// </summary>
    public CaseWithHistory Replay(CaseId id, string caseNumber, ClockContext context)
    {
        var current = PastStep.Register;
        var index = 0;
        try
        {
            var @case = Case.Register(id, caseNumber, Registration, context);
            var reading = @case.Clock(context.Calendar, context.Settings);
            var dues = new List<DueChange> { new(null, reading.DueOn) };
            var consultationIds = new Guid?[Consultations.Count + 1];
            foreach (var (step, on, i) in Steps())
            {
                (current, index) = (step, i);
                var before = reading.DueOn;
                Apply(@case, step, on, i, consultationIds, context);
                reading = @case.Clock(context.Calendar, context.Settings);
                dues.Add(new DueChange(before, reading.DueOn));
            }

            return new CaseWithHistory(@case, reading, dues);
        }
        catch (Exception e) when (e is InvalidInputException or DomainRuleException or NotFoundException)
        {
            throw new PastStepRefusedException(current, e) { Index = index };
        }
    }

    private void Apply(Case @case, PastStep step, DateOnly on, int index, Guid?[] consultationIds, ClockContext context)
    {
        switch (step)
        {
            case PastStep.ConfirmReceipt:
                @case.ConfirmReceipt(on, context);
                break;
            case PastStep.RequestSupplement:
                @case.RequestSupplement(on, Supplement!.Items ?? "", Supplement.SupplyBy, context);
                break;
            case PastStep.ReceiveSupplement:
                @case.ReceiveSupplement(on, context);
                break;
            case PastStep.SendConsultation:
                var consultation = Consultations[index - 1];
                consultationIds[index] = @case.SendConsultation(consultation.Kind, consultation.Party, on, context);
                break;
            case PastStep.ReceiveConsultationReply:
                // Steps run in date order: a reply dated before the consultation comes to this point with none sent.
                var replied = Consultations[index - 1];
                if (consultationIds[index] is not { } sent)
                    throw new DomainRuleException($"The reply to the consultation of {replied.Party} is dated {on:yyyy-MM-dd}, "
                        + $"before the consultation was sent on {replied.SentOn:yyyy-MM-dd}; a reply comes on or after the day it was sent.");
                @case.ReceiveConsultationReply(sent, on, replied.Consents, context);
                break;
            case PastStep.ApproveExtension:
                var extension = Extension!;
                @case.ApproveExtension(on, extension.WorkingDays, extension.Reason, extension.ApplicantNotifiedOn, extension.Approver, context, pastCase: true);
                break;
            case PastStep.ApproveDeferral:
                @case.ApproveDeferral(on, Deferral!.DueOn, Deferral.Reason, Deferral.Approver, context);
                break;
            case PastStep.IssueFeeNotice:
                var fee = Fee!;
                var assessment = fee.Method == FeeMethod.Cost
                    ? @case.IssueCostFeeNotice(on, fee.Items, context)
                    : @case.IssueFeeNotice(on, fee.Method, fee.Pages, fee.RequestOfTheMonth ?? 1, context);
                if (fee.AmountYuan is { } stated && stated != assessment.ComputedYuan)
                    throw new InvalidInputException("amountYuan", fee.Method == FeeMethod.Cost
                        ? $"The fee amount {stated:0.##} yuan is not the sum of its cost fees ({assessment.ComputedYuan:0.##} yuan)."
                        : $"The fee amount {stated:0.##} yuan is not what 国办函〔2020〕109号 charges for it ({assessment.ComputedYuan:0.##} yuan).");
                break;
            case PastStep.ReduceFee:
                @case.ReduceFee(on, Fee!.Reduction!.ToYuan, Fee.Reduction.Reason, context);
                break;
            case PastStep.PayFee:
                @case.RecordFeePayment(on, null, context);
                break;
            case PastStep.AnswerOnTheSpot:
                @case.AnswerOnTheSpot(on, OnTheSpot!.Outcome, OnTheSpot.Summary, OnTheSpot.Method, context);
                break;
            case PastStep.Decide:
                @case.Decide(on, Decision!.Outcome, Decision.Summary, context);
                break;
            case PastStep.Deliver:
                @case.Deliver(on, Delivery!.Method, context);
                break;
            case PastStep.Withdraw:
                @case.Withdraw(on, context);
                break;
            case PastStep.CloseAsAbandoned:
                @case.CloseAsAbandoned(on, Abandonment!.Outcome, context);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "The registration is not a step to replay.");
        }
    }

    /// <summary>
    /// Why the register's own number given for this case cannot be kept, or null when it can: it must be written as
    /// <see cref="CaseNumber"/> writes numbers, belong to the case's agency, be of the year the request was submitted or
    /// received, and not be sequence 00000.
    /// </summary>
    public string? KeptNumberProblem(string caseNumber)
    {
        var registration = Registration;
        if (!CaseNumber.TryParse(caseNumber, out var number))
            return $"\"{caseNumber}\" is not a case number of the register: write <agencyCode>-<year>-<5 digits>, e.g. {registration.AgencyCode}-{registration.SubmittedOn.Year}-00001.";
        if (!string.Equals(number.AgencyCode, registration.AgencyCode, StringComparison.Ordinal))
            return $"Case number {caseNumber} does not belong to agency {registration.AgencyCode}: it must begin with {registration.AgencyCode}-.";
        var receiptYear = (registration.ReceivedOn ?? ConfirmedOn)?.Year;
        if (number.Year != registration.SubmittedOn.Year && number.Year != receiptYear)
            return $"Case number {caseNumber} is of {number.Year}, but the request was submitted in {registration.SubmittedOn.Year}"
                + (receiptYear is { } r && r != registration.SubmittedOn.Year ? $" and received in {r}." : ".");
        if (number.Sequence == 0)
            return $"Case number {caseNumber}: the numbers of a year start at 00001.";
        return null;
    }
}

/// <summary>The steps a past case is replayed through, in the order of law.md §3–4 (which breaks ties between steps of one date).</summary>
public enum PastStep
{
    Register,
    ConfirmReceipt,
    RequestSupplement,
    ReceiveSupplement,
    SendConsultation,
    ReceiveConsultationReply,
    ApproveExtension,
    ApproveDeferral,
    IssueFeeNotice,
    ReduceFee,
    PayFee,
    AnswerOnTheSpot,
    Decide,
    Deliver,
    Withdraw,
    CloseAsAbandoned,
}

/// <summary>A 补正 notice of a past case and, if it came, the applicant's supplement.</summary>
public sealed record PastSupplement(DateOnly RequestedOn, string? Items, DateOnly? SupplyBy, DateOnly? ReceivedOn);

/// <summary>A consultation of a past case and, if it came, the reply and whether the party consented (null: not stated).</summary>
public sealed record PastConsultation(ConsultationKind Kind, string Party, DateOnly SentOn, DateOnly? RepliedOn, bool? Consents = null);

/// <summary>The deferred answer (延迟答复, Art. 35) of a past case: approved date, new due date, reason, approver.</summary>
public sealed record PastDeferral(DateOnly ApprovedOn, DateOnly DueOn, string Reason, string Approver);

/// <summary>
/// The fee of a past case: notice date and method; 信息处理费 by page (<see cref="Pages"/>) or by request (<see cref="RequestOfTheMonth"/>,
/// the request's number among the applicant's requests of the month; 1 when not given), or the 2008 cost fees (<see cref="Items"/>);
/// the amount the register states (checked against the rule's amount, null: not stated); a reduction or waiver; the payment date.
/// </summary>
public sealed record PastFee(DateOnly IssuedOn, FeeMethod Method, int? Pages, int? RequestOfTheMonth, IReadOnlyList<CostFeeItem> Items,
    decimal? AmountYuan, PastFeeReduction? Reduction, DateOnly? PaidOn);

/// <summary>A fee reduced (or waived: 0) on a date, with its reason.</summary>
public sealed record PastFeeReduction(DateOnly ReducedOn, decimal ToYuan, string Reason);

/// <summary>The extension of a past case and who approved it.</summary>
public sealed record PastExtension(DateOnly ApprovedOn, int WorkingDays, string Reason, DateOnly ApplicantNotifiedOn, string Approver);

/// <summary>The decision of a past case: its outcome code of the case's regime.</summary>
public sealed record PastDecision(DateOnly DecidedOn, string Outcome, string? Summary);

/// <summary>A past case answered on the spot (当场答复): the receipt date, the outcome code of the case's regime, how it was given.</summary>
public sealed record PastOnTheSpot(DateOnly AnsweredOn, string Outcome, string? Summary, DeliveryMethod Method);

/// <summary>How and when the answer of a past case was delivered.</summary>
public sealed record PastDelivery(DateOnly DeliveredOn, DeliveryMethod Method);

/// <summary>A past case closed as abandoned (Other.SupplementOverdue or Other.FeeUnpaid).</summary>
public sealed record PastAbandonment(DateOnly ClosedOn, string Outcome);

/// <summary>
/// A step of a past case (<see cref="Step"/>, <see cref="PastStep.Register"/> for the registration) was refused by a rule;
/// <see cref="Refusal"/> is the aggregate's <see cref="InvalidInputException"/>, <see cref="DomainRuleException"/> or
/// <see cref="NotFoundException"/>, whose message this carries.
/// </summary>
public sealed class PastStepRefusedException(PastStep step, Exception refusal) : Exception(refusal.Message, refusal)
{
    public PastStep Step { get; } = step;

    /// <summary>For a consultation's steps, the consultation's number (1 = the first); 0 otherwise.</summary>
    public int Index { get; init; }

    public Exception Refusal { get; } = refusal;
}
