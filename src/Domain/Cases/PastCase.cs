using CaseTracker.Domain.Clock;

namespace CaseTracker.Domain.Cases;

/// <summary>
/// A case as a register kept before this one records it (an office's spreadsheet, issue 5): its registration and the date
/// of each step it went through. <see cref="Replay"/> runs those steps through the aggregate in date order, so every rule
/// of law.md applies to past history as to live entry. Not imported: deferrals, fees, consents, more
/// than one consultation.
/// </summary>
public sealed record PastCase
{
    public required Registration Registration { get; init; }
    public DateOnly? ConfirmedOn { get; init; }
    public PastSupplement? Supplement { get; init; }
    public PastConsultation? Consultation { get; init; }
    public PastExtension? Extension { get; init; }
    public PastDecision? Decision { get; init; }
    /// <summary>当场答复 (Art. 33 ¶1): decided and delivered on the receipt date; a case answered so has no other decision or delivery.</summary>
    public PastOnTheSpot? OnTheSpot { get; init; }
    public PastDelivery? Delivery { get; init; }
    public DateOnly? WithdrawnOn { get; init; }
    public PastAbandonment? Abandonment { get; init; }

    /// <summary>
    /// The steps in the order they are replayed: by date, and steps of one date in the order of law.md §3–4 (the order of
    /// <see cref="PastStep"/>). The registration comes first and is not listed.
    /// </summary>
    public IReadOnlyList<(PastStep Step, DateOnly On)> Steps()
    {
        var steps = new List<(PastStep Step, DateOnly On)>(10);
        if (ConfirmedOn is { } confirmed) steps.Add((PastStep.ConfirmReceipt, confirmed));
        if (Supplement is { } supplement)
        {
            steps.Add((PastStep.RequestSupplement, supplement.RequestedOn));
            if (supplement.ReceivedOn is { } supplied) steps.Add((PastStep.ReceiveSupplement, supplied));
        }

        if (Consultation is { } consultation)
        {
            steps.Add((PastStep.SendConsultation, consultation.SentOn));
            if (consultation.RepliedOn is { } replied) steps.Add((PastStep.ReceiveConsultationReply, replied));
        }

        if (Extension is { } extension) steps.Add((PastStep.ApproveExtension, extension.ApprovedOn));
        if (OnTheSpot is { } spot) steps.Add((PastStep.AnswerOnTheSpot, spot.AnsweredOn));
        if (Decision is { } decision) steps.Add((PastStep.Decide, decision.DecidedOn));
        if (Delivery is { } delivery) steps.Add((PastStep.Deliver, delivery.DeliveredOn));
        if (WithdrawnOn is { } withdrawn) steps.Add((PastStep.Withdraw, withdrawn));
        if (Abandonment is { } abandonment) steps.Add((PastStep.CloseAsAbandoned, abandonment.ClosedOn));
        return steps.OrderBy(s => s.On).ThenBy(s => s.Step).ToList();
    }

    /// <summary>
    /// Registers the case under <paramref name="caseNumber"/> and runs its steps (<see cref="Steps"/>) through the aggregate,
    /// returning the case with the due date before and after each event. A step the rules refuse (the registration included)
    /// throws <see cref="PastStepRefusedException"/> naming that step, with the aggregate's refusal inside.
    /// </summary>
    public CaseWithHistory Replay(CaseId id, string caseNumber, ClockContext context)
    {
        var current = PastStep.Register;
        try
        {
            var @case = Case.Register(id, caseNumber, Registration, context);
            var reading = @case.Clock(context.Calendar, context.Settings);
            var dues = new List<DueChange> { new(null, reading.DueOn) };
            Guid? consultationId = null;
            foreach (var (step, on) in Steps())
            {
                current = step;
                var before = reading.DueOn;
                Apply(@case, step, on, ref consultationId, context);
                reading = @case.Clock(context.Calendar, context.Settings);
                dues.Add(new DueChange(before, reading.DueOn));
            }

            return new CaseWithHistory(@case, reading, dues);
        }
        catch (Exception e) when (e is InvalidInputException or DomainRuleException or NotFoundException)
        {
            throw new PastStepRefusedException(current, e);
        }
    }

    private void Apply(Case @case, PastStep step, DateOnly on, ref Guid? consultationId, ClockContext context)
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
                consultationId = @case.SendConsultation(Consultation!.Kind, Consultation.Party, on, context);
                break;
            case PastStep.ReceiveConsultationReply:
                // Steps run in date order: a reply dated before the consultation comes to this point with none sent.
                if (consultationId is not { } sent)
                    throw new DomainRuleException($"The reply to the consultation of {Consultation!.Party} is dated {on:yyyy-MM-dd}, "
                        + $"before the consultation was sent on {Consultation.SentOn:yyyy-MM-dd}; a reply comes on or after the day it was sent.");
                @case.ReceiveConsultationReply(sent, on, consents: null, context);
                break;
            case PastStep.ApproveExtension:
                var extension = Extension!;
                @case.ApproveExtension(on, extension.WorkingDays, extension.Reason, extension.ApplicantNotifiedOn, extension.Approver, context);
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
    AnswerOnTheSpot,
    Decide,
    Deliver,
    Withdraw,
    CloseAsAbandoned,
}

/// <summary>A 补正 notice of a past case and, if it came, the applicant's supplement.</summary>
public sealed record PastSupplement(DateOnly RequestedOn, string? Items, DateOnly? SupplyBy, DateOnly? ReceivedOn);

/// <summary>The one consultation of a past case and, if it came, the reply.</summary>
public sealed record PastConsultation(ConsultationKind Kind, string Party, DateOnly SentOn, DateOnly? RepliedOn);

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

    public Exception Refusal { get; } = refusal;
}
