using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using Mediator;

namespace CaseTracker.Api.Features.Cases.RequestExtension;

/// <summary>A handler asks for the one extension (Art. 33 ¶2); an approver decides it (<see cref="ApproveExtensionRequestCommand"/>).</summary>
public sealed record RequestExtensionCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? RequestedOn { get; init; }
    public int? WorkingDays { get; init; }
    public string? Reason { get; init; }

    public void Validate(Validator v)
    {
        v.Required("requestedOn", RequestedOn);
        v.Required("workingDays", WorkingDays);
        v.Range("workingDays", WorkingDays, 1, 366);
        v.Text("reason", Reason, 1000, required: true);
    }
}

internal sealed class RequestExtensionHandler(CaseSteps steps, CurrentUser user) : ICommandHandler<RequestExtensionCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(RequestExtensionCommand command, CancellationToken cancellationToken)
    {
        var handler = user.Name;
        return new(steps.Apply(command.CaseId, command.ExpectedVersion,
            (c, context) => c.RequestExtension(command.RequestedOn!.Value, command.WorkingDays!.Value, command.Reason!, handler, context), cancellationToken));
    }
}

/// <summary>An approver grants the pending extension request (Art. 33 ¶2), on or before the due date.</summary>
public sealed record ApproveExtensionRequestCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? ApprovedOn { get; init; }
    public DateOnly? ApplicantNotifiedOn { get; init; }

    public void Validate(Validator v)
    {
        v.Required("approvedOn", ApprovedOn);
        v.Required("applicantNotifiedOn", ApplicantNotifiedOn);
    }
}

internal sealed class ApproveExtensionRequestHandler(CaseSteps steps, CurrentUser user) : ICommandHandler<ApproveExtensionRequestCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(ApproveExtensionRequestCommand command, CancellationToken cancellationToken)
    {
        var approver = user.Name;
        return new(steps.Apply(command.CaseId, command.ExpectedVersion,
            (c, context) => c.ApproveExtensionRequest(command.ApprovedOn!.Value, command.ApplicantNotifiedOn!.Value, approver, context), cancellationToken));
    }
}

/// <summary>An approver refuses the pending extension request with a reason; the due date stays.</summary>
public sealed record RefuseExtensionRequestCommand : ICommand<CaseDetails>, IValidatable
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

internal sealed class RefuseExtensionRequestHandler(CaseSteps steps, CurrentUser user) : ICommandHandler<RefuseExtensionRequestCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(RefuseExtensionRequestCommand command, CancellationToken cancellationToken)
    {
        var approver = user.Name;
        return new(steps.Apply(command.CaseId, command.ExpectedVersion,
            (c, context) => c.RefuseExtensionRequest(command.RefusedOn!.Value, command.Reason!, approver, context), cancellationToken));
    }
}

public static class RequestExtensionEndpoint
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapStep<RequestExtensionCommand>("extension-request", Policies.Process,
                (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
            .WithName("RequestExtension")
            .WithSummary("A handler asks for the one extension (Art. 33 ¶2): at most 20 (Regime 2008: 15) working days, on or before the due date; an approver decides.");
        group.MapStep<ApproveExtensionRequestCommand>("extension-request/approval", Policies.Approve,
                (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
            .WithName("ApproveExtensionRequest")
            .WithSummary("Approve the pending extension request on or before the due date: the due date moves by the days asked.");
        group.MapStep<RefuseExtensionRequestCommand>("extension-request/refusal", Policies.Approve,
                (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
            .WithName("RefuseExtensionRequest")
            .WithSummary("Refuse the pending extension request with a reason; the due date stays.");
    }
}
