using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using Mediator;

namespace CaseTracker.Api.Features.Cases.AmendDecision;

/// <summary>
/// The decision amended before delivery (issue 16 item 3): a reason, and the right outcome code of the case's regime
/// (reports.md §2; absent: the decided outcome is kept) and/or the summary (absent: kept; empty: cleared). At least one
/// of the two must change, else 400.
/// </summary>
public sealed record AmendDecisionCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public string? Reason { get; init; }
    public string? Outcome { get; init; }
    public string? Summary { get; init; }

    public void Validate(Validator v)
    {
        v.Text("reason", Reason, Validator.LongText, required: true);
        v.Text("outcome", Outcome, 60, required: false);
        v.Text("summary", Summary, 4000, required: false);
    }
}

internal sealed class AmendDecisionHandler(CaseSteps steps) : ICommandHandler<AmendDecisionCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(AmendDecisionCommand command, CancellationToken cancellationToken)
        => new(steps.Correct(command.CaseId, command.ExpectedVersion,
            (c, context) => c.AmendDecision(command.Outcome, command.Summary, command.Reason!, context), cancellationToken));
}

public static class AmendDecisionEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<AmendDecisionCommand>("decision-amendment", Policies.AmendDecision,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("AmendDecision")
        .WithSummary("Amend the recorded decision before delivery, with a reason: the outcome (absent: kept) and/or the summary (absent: kept; empty: cleared); the history keeps each before → after.");
}
