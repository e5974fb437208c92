using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.Deliver;

public sealed record DeliverCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? DeliveredOn { get; init; }
    public DeliveryMethod? Method { get; init; }

    /// <summary>The postal tracking number (邮件号) of a delivery by post; shown on the case page and in the 送达回证.</summary>
    public string? TrackingNumber { get; init; }

    public void Validate(Validator v)
    {
        v.Required("deliveredOn", DeliveredOn);
        v.Required("method", Method);
        v.Text("trackingNumber", TrackingNumber, 40, required: false);
        if (!string.IsNullOrWhiteSpace(TrackingNumber) && !Attachments.AddAttachment.TrackingNumbers.IsWellFormed(TrackingNumber))
            v.Error("trackingNumber", "trackingNumber must be a postal tracking number (邮件号) of letters and digits, at most 40.");
    }
}

internal sealed class DeliverHandler(CaseSteps steps) : ICommandHandler<DeliverCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(DeliverCommand command, CancellationToken cancellationToken)
    {
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) => c.Deliver(command.DeliveredOn!.Value, command.Method!.Value, context,
            string.IsNullOrWhiteSpace(command.TrackingNumber) ? null : Attachments.AddAttachment.TrackingNumbers.Normalise(command.TrackingNumber)), cancellationToken));
    }
}

public static class DeliverEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<DeliverCommand>("delivery", Policies.Process,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("Deliver")
        .WithSummary("Record delivery (送达): closes the case; on time when on or before the due date. A delivery by post may carry its trackingNumber (邮件号); the answer's delivery { deliveredOn, method, trackingNumber } echoes what was recorded.");
}
