using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ApproveExtension;

public sealed record ApproveExtensionCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? ApprovedOn { get; init; }
    public int? WorkingDays { get; init; }
    public string? Reason { get; init; }
    public DateOnly? ApplicantNotifiedOn { get; init; }

    public void Validate(Validator v)
    {
        v.Required("approvedOn", ApprovedOn);
        v.Required("workingDays", WorkingDays);
        v.Text("reason", Reason, 1000, required: true);
        v.Required("applicantNotifiedOn", ApplicantNotifiedOn);
        v.Range("workingDays", WorkingDays, 1, 366);
    }
}

internal sealed class ApproveExtensionHandler(CaseSteps steps, CurrentUser user) : ICommandHandler<ApproveExtensionCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(ApproveExtensionCommand command, CancellationToken cancellationToken)
    {
        var approver = user.Name;
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) => c.ApproveExtension(command.ApprovedOn!.Value, command.WorkingDays!.Value, command.Reason!, command.ApplicantNotifiedOn!.Value, approver, context), cancellationToken));
    }
}

public static class ApproveExtensionEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<ApproveExtensionCommand>("extension", Policies.Approve,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("ApproveExtension")
        .WithSummary("Approve the one extension (Art. 33 ¶2): at most 20 (Regime 2008: 15) working days, on or before the due date.");
}
