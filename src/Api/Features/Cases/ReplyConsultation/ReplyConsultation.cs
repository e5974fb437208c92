using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ReplyConsultation;

public sealed record ReplyConsultationCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public Guid ConsultationId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? ReceivedOn { get; init; }
    public bool? Consents { get; init; }

    public void Validate(Validator v) => v.Required("receivedOn", ReceivedOn);
}

internal sealed class ReplyConsultationHandler(CaseSteps steps) : ICommandHandler<ReplyConsultationCommand, CaseDetails>
{
    public ValueTask<CaseDetails> Handle(ReplyConsultationCommand command, CancellationToken cancellationToken)
        => new(steps.Apply(command.CaseId, command.ExpectedVersion,
            (c, context) => c.ReceiveConsultationReply(command.ConsultationId, command.ReceivedOn!.Value, command.Consents, context), cancellationToken));
}

public static class ReplyConsultationEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/{id:guid}/consultations/{cid:guid}/reply",
            async (Guid id, Guid cid, ReplyConsultationCommand body, HttpRequest http, ISender sender, CancellationToken ct) =>
            {
                var details = await sender.Send(body with { CaseId = id, ConsultationId = cid, ExpectedVersion = Preconditions.ExpectedVersion(http) }, ct);
                http.HttpContext.Response.Headers.ETag = Preconditions.ETag(details.Version);
                return TypedResults.Ok(details);
            })
        .RequireAuthorization(Policies.Process)
        .WithName("ReplyConsultation")
        .WithSummary("Record the reply to a consultation: the clock resumes (silence of another agency counts as consent, Art. 34).");
}
