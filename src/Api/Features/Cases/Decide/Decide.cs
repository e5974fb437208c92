using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.Decide;

public sealed record DecideCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? DecidedOn { get; init; }
    public string? Outcome { get; init; }
    public string? Summary { get; init; }

    public void Validate(Validator v)
    {
        v.Required("decidedOn", DecidedOn);
        v.Text("outcome", Outcome, 60, required: true);
        v.Text("summary", Summary, 4000, required: false);
    }
}

internal sealed class DecideHandler(CaseSteps steps) : ICommandHandler<DecideCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(DecideCommand command, CancellationToken cancellationToken)
    {
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) => c.Decide(command.DecidedOn!.Value, command.Outcome!, command.Summary, context), cancellationToken));
    }
}

public static class DecideEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<DecideCommand>("decision", Policies.Process,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("Decide")
        .WithSummary("Record the decision with an outcome code of the case's regime (reports.md §2).");
}
