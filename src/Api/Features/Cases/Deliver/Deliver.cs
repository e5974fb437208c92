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

    /// <summary>The refusal of a 邮件号 given with a method other than Post (the same sentence as <see cref="Case.Deliver"/>'s).</summary>
    internal const string TrackingOnlyByPost = "A tracking number (邮件号) is recorded only for a delivery by post (method Post).";

    /// <summary>
    /// Refuses a missing date or method; a <see cref="TrackingNumber"/> with a method other than Post (before its form is looked
    /// at: 邮件号只用于邮寄送达); a 邮件号 by post that is not 5–40 letters, digits or hyphens.
    /// </summary>
    public void Validate(Validator v)
    {
        v.Required("deliveredOn", DeliveredOn);
        v.Required("method", Method);
        // A 邮件号 on a delivery that is not by post is refused for that reason first (trial D finding 9: "EA1" on an e-mail delivery
        // was told it was not letters and digits); its form is checked only for a delivery by post.
        if (!string.IsNullOrWhiteSpace(TrackingNumber) && Method is { } method && method != DeliveryMethod.Post)
        {
            v.Error("trackingNumber", TrackingOnlyByPost);
            return;
        }

        v.Text("trackingNumber", TrackingNumber, 40, required: false);
        if (!string.IsNullOrWhiteSpace(TrackingNumber) && !Attachments.AddAttachment.TrackingNumbers.IsWellFormed(TrackingNumber))
            v.Error("trackingNumber", "trackingNumber must be a postal tracking number (邮件号) of letters and digits, at most 40.");
    }
}

internal sealed class DeliverHandler(CaseSteps steps) : ICommandHandler<DeliverCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(DeliverCommand command, CancellationToken cancellationToken)
    {
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) =>
        {
            // The address the answer went to must be on the case (Case.RequireDeliveryAddress, trial D finding 10).
            c.RequireDeliveryAddress(command.Method!.Value);
            c.Deliver(command.DeliveredOn!.Value, command.Method!.Value, context,
                string.IsNullOrWhiteSpace(command.TrackingNumber) ? null : Attachments.AddAttachment.TrackingNumbers.Normalise(command.TrackingNumber));
        }, cancellationToken));
    }
}

public static class DeliverEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<DeliverCommand>("delivery", Policies.Process,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("Deliver")
        .WithSummary("Record delivery (送达): closes the case; on time when on or before the due date. A delivery by post may carry its trackingNumber (邮件号; refused with any other method); a delivery by e-mail, fax or post is refused when the case holds no e-mail address, phone (the fax number) or postal address of the applicant (correct the applicant first); the answer's delivery { deliveredOn, method, trackingNumber } echoes what was recorded.");
}
