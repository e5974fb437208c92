using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using Mediator;

namespace CaseTracker.Api.Features.Cases.VoidLastStep;

/// <summary>撤销上一步 (issue 16 item 2): the reason the last step is voided.</summary>
public sealed record VoidLastStepCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public string? Reason { get; init; }

    public void Validate(Validator v) => v.Text("reason", Reason, Validator.LongText, required: true);
}

internal sealed class VoidLastStepHandler(CaseSteps steps) : ICommandHandler<VoidLastStepCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(VoidLastStepCommand command, CancellationToken cancellationToken)
        => new(steps.Correct(command.CaseId, command.ExpectedVersion, (c, context) => c.VoidLastStep(command.Reason!, context), cancellationToken));
}

public static class VoidLastStepEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<VoidLastStepCommand>("void-last-step", Policies.Approve,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("VoidLastStep")
        .WithSummary("撤销上一步 (Approver): the last step stays in the history marked void with the reason; the case and its clock are as if it had not happened.");
}
