using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.CloseAbandoned;

public sealed record CloseAbandonedCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? ClosedOn { get; init; }
    public string? Outcome { get; init; }

    public void Validate(Validator v)
    {
        v.Required("closedOn", ClosedOn);
        v.Text("outcome", Outcome, 60, required: true);
    }
}

internal sealed class CloseAbandonedHandler(CaseSteps steps) : ICommandHandler<CloseAbandonedCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(CloseAbandonedCommand command, CancellationToken cancellationToken)
    {
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) => c.CloseAsAbandoned(command.ClosedOn!.Value, command.Outcome!, context), cancellationToken));
    }
}

public static class CloseAbandonedEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<CloseAbandonedCommand>("abandonment", Policies.Process,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("CloseAbandoned")
        .WithSummary("Close a request whose supplement (Other.SupplementOverdue) or fee (Other.FeeUnpaid) did not come in time.");
}
