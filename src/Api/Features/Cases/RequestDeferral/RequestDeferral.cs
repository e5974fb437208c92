using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using Mediator;

namespace CaseTracker.Api.Features.Cases.RequestDeferral;

/// <summary>A handler asks for the deferred answer (延迟答复, Art. 35); an approver decides it (<see cref="ApproveDeferralRequestCommand"/>).</summary>
public sealed record RequestDeferralCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? RequestedOn { get; init; }
    public DateOnly? DueOn { get; init; }
    public string? Reason { get; init; }

    public void Validate(Validator v)
    {
        v.Required("requestedOn", RequestedOn);
        v.Required("dueOn", DueOn);
        v.Text("reason", Reason, 1000, required: true);
    }
}

internal sealed class RequestDeferralHandler(CaseSteps steps, CurrentUser user) : ICommandHandler<RequestDeferralCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(RequestDeferralCommand command, CancellationToken cancellationToken)
    {
        var handler = user.Name;
        return new(steps.Apply(command.CaseId, command.ExpectedVersion,
            (c, context) => c.RequestDeferral(command.RequestedOn!.Value, command.DueOn!.Value, command.Reason!, handler, context), cancellationToken));
    }
}

/// <summary>An approver grants the pending deferral request (Art. 35), on or before the due date.</summary>
public sealed record ApproveDeferralRequestCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? ApprovedOn { get; init; }

    public void Validate(Validator v) => v.Required("approvedOn", ApprovedOn);
}

internal sealed class ApproveDeferralRequestHandler(CaseSteps steps, CurrentUser user) : ICommandHandler<ApproveDeferralRequestCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(ApproveDeferralRequestCommand command, CancellationToken cancellationToken)
    {
        var approver = user.Name;
        return new(steps.Apply(command.CaseId, command.ExpectedVersion,
            (c, context) => c.ApproveDeferralRequest(command.ApprovedOn!.Value, approver, context), cancellationToken));
    }
}

/// <summary>An approver refuses the pending deferral request with a reason; the due date stays.</summary>
public sealed record RefuseDeferralRequestCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? RefusedOn { get; init; }
    public string? Reason { get; init; }

    public void Validate(Validator v)
    {
        v.Required("refusedOn", RefusedOn);
        v.Text("reason", Reason, 1000, required: true);
    }
}

internal sealed class RefuseDeferralRequestHandler(CaseSteps steps, CurrentUser user) : ICommandHandler<RefuseDeferralRequestCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(RefuseDeferralRequestCommand command, CancellationToken cancellationToken)
    {
        var approver = user.Name;
        return new(steps.Apply(command.CaseId, command.ExpectedVersion,
            (c, context) => c.RefuseDeferralRequest(command.RefusedOn!.Value, command.Reason!, approver, context), cancellationToken));
    }
}

public static class RequestDeferralEndpoint
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapStep<RequestDeferralCommand>("deferral-request", Policies.Process,
                (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
            .WithName("RequestDeferral")
            .WithSummary("A handler asks for the deferred answer (延迟答复, Art. 35, Regime 2019 only): a later working day as the due date, on or before the due date; an approver decides.");
        group.MapStep<ApproveDeferralRequestCommand>("deferral-request/approval", Policies.Approve,
                (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
            .WithName("ApproveDeferralRequest")
            .WithSummary("Approve the pending deferral request on or before the due date: the due date becomes the day asked.");
        group.MapStep<RefuseDeferralRequestCommand>("deferral-request/refusal", Policies.Approve,
                (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
            .WithName("RefuseDeferralRequest")
            .WithSummary("Refuse the pending deferral request with a reason; the due date stays.");
    }
}
