using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.RecordFeePayment;

public sealed record RecordFeePaymentCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? PaidOn { get; init; }
    public decimal? AmountYuan { get; init; }

    public void Validate(Validator v)
    {
        v.Required("paidOn", PaidOn);
        if (AmountYuan is < 0 or > 1_000_000_000m) v.Error("amountYuan", "amountYuan must be between 0 and 1,000,000,000.");
    }
}

internal sealed class RecordFeePaymentHandler(CaseSteps steps) : ICommandHandler<RecordFeePaymentCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(RecordFeePaymentCommand command, CancellationToken cancellationToken)
    {
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) => c.RecordFeePayment(command.PaidOn!.Value, command.AmountYuan, context), cancellationToken));
    }
}

public static class RecordFeePaymentEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<RecordFeePaymentCommand>("fee-payment", Policies.Process,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("RecordFeePayment")
        .WithSummary("Record the fee payment (amountYuan left out: the amount due): the clock resumes.");
}
