using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ReduceFee;

public sealed record ReduceFeeCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? ReducedOn { get; init; }
    public decimal? ToYuan { get; init; }
    public string? Reason { get; init; }

    public void Validate(Validator v)
    {
        v.Required("reducedOn", ReducedOn);
        v.Required("toYuan", ToYuan);
        v.Text("reason", Reason, 1000, required: true);
        if (ToYuan is < 0 or > 1_000_000_000m) v.Error("toYuan", "toYuan must be between 0 and 1,000,000,000.");
    }
}

internal sealed class ReduceFeeHandler(CaseSteps steps) : ICommandHandler<ReduceFeeCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(ReduceFeeCommand command, CancellationToken cancellationToken)
    {
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) => c.ReduceFee(command.ReducedOn!.Value, command.ToYuan!.Value, command.Reason!, context), cancellationToken));
    }
}

public static class ReduceFeeEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<ReduceFeeCommand>("fee-reduction", Policies.Process,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("ReduceFee")
        .WithSummary("Reduce or waive (to 0) the fee, with the reason.");
}
