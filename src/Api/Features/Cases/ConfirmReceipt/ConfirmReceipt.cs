using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ConfirmReceipt;

public sealed record ConfirmReceiptCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? ConfirmedOn { get; init; }

    public void Validate(Validator v)
    {
        v.Required("confirmedOn", ConfirmedOn);
    }
}

internal sealed class ConfirmReceiptHandler(CaseSteps steps) : ICommandHandler<ConfirmReceiptCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(ConfirmReceiptCommand command, CancellationToken cancellationToken)
    {
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) => c.ConfirmReceipt(command.ConfirmedOn!.Value, context), cancellationToken));
    }
}

public static class ConfirmReceiptEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<ConfirmReceiptCommand>("receipt-confirmation", Policies.ConfirmReceipt,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("ConfirmReceipt")
        .WithSummary("Fix the receipt date of an online, fax or ordinary-mail request (Art. 31): the clock starts.");
}
