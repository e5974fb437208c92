using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.Withdraw;

public sealed record WithdrawRequest(DateOnly? WithdrawnOn);

public sealed record WithdrawCommand : ICommand<CaseDetails>, IValidatable
{
    public required Guid CaseId { get; init; }
    public int? ExpectedVersion { get; init; }
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
        .MapStep<WithdrawRequest>("withdrawal", Policies.Withdraw,
            (id, body, version) => new WithdrawCommand { CaseId = id, ExpectedVersion = version, WithdrawnOn = body.WithdrawnOn })
        .WithName("Withdraw")
        .WithSummary("The applicant withdrew: closes the case.");
}
