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

    public void Validate(Validator v)
    {
        v.Required("deliveredOn", DeliveredOn);
        v.Required("method", Method);
    }
}

internal sealed class DeliverHandler(CaseSteps steps) : ICommandHandler<DeliverCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(DeliverCommand command, CancellationToken cancellationToken)
    {
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) => c.Deliver(command.DeliveredOn!.Value, command.Method!.Value, context), cancellationToken));
    }
}

public static class DeliverEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<DeliverCommand>("delivery", Policies.Process,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("Deliver")
        .WithSummary("Record delivery (送达): closes the case; on time when on or before the due date.");
}
