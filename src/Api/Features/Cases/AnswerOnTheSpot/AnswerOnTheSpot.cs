using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.AnswerOnTheSpot;

public sealed record AnswerOnTheSpotCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? AnsweredOn { get; init; }
    public string? Outcome { get; init; }
    public string? Summary { get; init; }
    public DeliveryMethod? Method { get; init; }

    public void Validate(Validator v)
    {
        v.Required("answeredOn", AnsweredOn);
        v.Text("outcome", Outcome, 60, required: true);
        v.Text("summary", Summary, 4000, required: false);
        v.Required("method", Method);
    }
}

internal sealed class AnswerOnTheSpotHandler(CaseSteps steps) : ICommandHandler<AnswerOnTheSpotCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(AnswerOnTheSpotCommand command, CancellationToken cancellationToken)
    {
        return new(steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) =>
        {
            c.RequireDeliveryAddress(command.Method!.Value); // as the delivery step: the 送达回证 says where the answer went
            c.AnswerOnTheSpot(command.AnsweredOn!.Value, command.Outcome!, command.Summary, command.Method!.Value, context);
        }, cancellationToken));
    }
}

public static class AnswerOnTheSpotEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<AnswerOnTheSpotCommand>("on-the-spot-answer", Policies.Withdraw,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("AnswerOnTheSpot")
        .WithSummary("当场答复 (Art. 33 ¶1): decision and delivery on the receipt date.");
}
