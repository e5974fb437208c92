using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.RequestSupplement;

public sealed record RequestSupplementCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? RequestedOn { get; init; }
    public string? Items { get; init; }
    public DateOnly? SupplyBy { get; init; }

    public void Validate(Validator v)
    {
        v.Required("requestedOn", RequestedOn);
        v.Text("items", Items, 2000, required: true);
    }
}

internal sealed class RequestSupplementHandler(CaseSteps steps) : ICommandHandler<RequestSupplementCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(RequestSupplementCommand command, CancellationToken cancellationToken)
    {
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) => c.RequestSupplement(command.RequestedOn!.Value, command.Items!, command.SupplyBy, context), cancellationToken));
    }
}

public static class RequestSupplementEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<RequestSupplementCommand>("supplement-request", Policies.Process,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("RequestSupplement")
        .WithSummary("Send the one 补正 notice (Art. 30, within 7 working days of receipt): the clock stops.");
}
