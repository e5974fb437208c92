using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.Withdraw;

public sealed record WithdrawCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? WithdrawnOn { get; init; }

    public void Validate(Validator v)
    {
        v.Required("withdrawnOn", WithdrawnOn);
    }
}

internal sealed class WithdrawHandler(CaseSteps steps) : ICommandHandler<WithdrawCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(WithdrawCommand command, CancellationToken cancellationToken)
    {
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) => c.Withdraw(command.WithdrawnOn!.Value, context), cancellationToken));
    }
}

public static class WithdrawEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<WithdrawCommand>("withdrawal", Policies.Withdraw,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("Withdraw")
        .WithSummary("The applicant withdrew: closes the case.");
}
