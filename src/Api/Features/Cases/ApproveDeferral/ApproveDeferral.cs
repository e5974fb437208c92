using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ApproveDeferral;

public sealed record ApproveDeferralCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? ApprovedOn { get; init; }
    public DateOnly? DueOn { get; init; }
    public string? Reason { get; init; }

    public void Validate(Validator v)
    {
        v.Required("approvedOn", ApprovedOn);
        v.Required("dueOn", DueOn);
        v.Text("reason", Reason, 1000, required: true);
    }
}

internal sealed class ApproveDeferralHandler(CaseSteps steps, CurrentUser user) : ICommandHandler<ApproveDeferralCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(ApproveDeferralCommand command, CancellationToken cancellationToken)
    {
        var approver = user.Name;
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) => c.ApproveDeferral(command.ApprovedOn!.Value, command.DueOn!.Value, command.Reason!, approver, context), cancellationToken));
    }
}

public static class ApproveDeferralEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<ApproveDeferralCommand>("deferral", Policies.Approve,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("ApproveDeferral")
        .WithSummary("Defer the answer of an excessive request to a later working day (延迟答复, Art. 35).");
}
