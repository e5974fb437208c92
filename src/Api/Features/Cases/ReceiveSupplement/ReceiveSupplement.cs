using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ReceiveSupplement;

public sealed record ReceiveSupplementCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? ReceivedOn { get; init; }

    public void Validate(Validator v)
    {
        v.Required("receivedOn", ReceivedOn);
    }
}

internal sealed class ReceiveSupplementHandler(CaseSteps steps) : ICommandHandler<ReceiveSupplementCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(ReceiveSupplementCommand command, CancellationToken cancellationToken)
    {
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) => c.ReceiveSupplement(command.ReceivedOn!.Value, context), cancellationToken));
    }
}

public static class ReceiveSupplementEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<ReceiveSupplementCommand>("supplement", Policies.Process,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("ReceiveSupplement")
        .WithSummary("Record the supplement: the clock restarts with 20 working days from this date (Art. 30).");
}
