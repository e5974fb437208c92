namespace CaseTracker.Domain.Cases;

/// <summary>
/// The delivery (送达) in force of a case (Regulation 2019 Art. 33, 40; issue 19 item 3): the China date the answer reached the
/// applicant, how it went, and for a delivery by post its tracking number (邮件号) when one was recorded. 当场答复 (Art. 33 ¶1) is a
/// delivery on the answering day by its own method, without a tracking number.
/// </summary>
public sealed record CaseDelivery(DateOnly DeliveredOn, DeliveryMethod Method, string? TrackingNumber)
{
    /// <summary>
    /// The last <see cref="Delivered"/> or <see cref="AnsweredOnTheSpot"/> among <paramref name="events"/> (the events in force, in
    /// order: a voided delivery is not among them); null while the case has none (open, withdrawn or abandoned).
    /// </summary>
    public static CaseDelivery? Of(IEnumerable<CaseEvent> events) => events.LastOrDefault(e => e is Delivered or AnsweredOnTheSpot) switch
    {
        Delivered d => new CaseDelivery(d.DeliveredOn, d.Method, d.TrackingNumber),
        AnsweredOnTheSpot a => new CaseDelivery(a.AnsweredOn, a.Method, null),
        _ => null,
    };
}
