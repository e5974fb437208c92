using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Clock;

/// <summary>The facts the clock needs, folded from a case's events in order.</summary>
internal sealed class CaseFacts
{
    public sealed record ConsultationFact(Guid Id, ConsultationKind Kind, string Party, DateOnly SentOn, DateOnly? RepliedOn);

    public DateOnly? ReceiptDate { get; private set; }
    public SupplementRequested? SupplementRequest { get; private set; }
    public DateOnly? SupplementReceivedOn { get; private set; }
    public List<ConsultationFact> Consultations { get; } = [];
    public ExtensionApproved? Extension { get; private set; }
    public DeferralApproved? Deferral { get; private set; }
    public DateOnly? FeeNoticeIssuedOn { get; private set; }
    public DateOnly? FeePaidOn { get; private set; }
    public decimal? FeePaidYuan { get; private set; }
    public string? Outcome { get; private set; }
    public DateOnly? DecidedOn { get; private set; }
    public DateOnly? DeliveredOn { get; private set; }
    public DateOnly? ClosedOn { get; private set; }

    public static CaseFacts From(IReadOnlyList<CaseEvent> events)
    {
        var facts = new CaseFacts();
        foreach (var e in events) facts.Apply(e);
        return facts;
    }

    private void Apply(CaseEvent e)
    {
        switch (e)
        {
            case Registered r: ReceiptDate = r.ReceivedOn; break;
            case ReceiptConfirmed c: ReceiptDate = c.ConfirmedOn; break;
            case SupplementRequested s: SupplementRequest = s; break;
            case SupplementReceived s: SupplementReceivedOn = s.ReceivedOn; break;
            case ConsultationSent c: Consultations.Add(new ConsultationFact(c.ConsultationId, c.ConsultationKind, c.Party, c.SentOn, null)); break;
            case ConsultationReplied r:
                var index = Consultations.FindIndex(c => c.Id == r.ConsultationId);
                if (index >= 0) Consultations[index] = Consultations[index] with { RepliedOn = r.ReceivedOn };
                break;
            case ExtensionApproved x: Extension = x; break;
            case DeferralApproved d: Deferral = d; break;
            case FeeNoticeIssued f: FeeNoticeIssuedOn = f.IssuedOn; break;
            case FeePaid p: FeePaidOn = p.PaidOn; FeePaidYuan = p.AmountYuan; break;
            case FeeReduced { ToYuan: 0 } w: FeePaidOn ??= w.ReducedOn; break; // waived: nothing left to pay
            case AnsweredOnTheSpot a: Outcome = a.Outcome; DecidedOn = a.AnsweredOn; DeliveredOn = a.AnsweredOn; ClosedOn = a.AnsweredOn; break;
            case Decided d: Outcome = d.Outcome; DecidedOn = d.DecidedOn; break;
            case Delivered d: DeliveredOn = d.DeliveredOn; ClosedOn = d.DeliveredOn; break;
            case Withdrawn w: ClosedOn = w.WithdrawnOn; Outcome = w.Outcome; DecidedOn = w.WithdrawnOn; break;
            case Abandoned a: ClosedOn = a.ClosedOn; Outcome = a.Outcome; DecidedOn = a.ClosedOn; break;
        }
    }
}
