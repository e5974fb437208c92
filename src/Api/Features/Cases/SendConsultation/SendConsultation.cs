using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.SendConsultation;

public sealed record ConsultationSentResponse(Guid ConsultationId, CaseDetails Case);

public sealed record SendConsultationCommand : ICommand<ConsultationSentResponse>, IValidatable, IIdempotent
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public ConsultationKind? Kind { get; init; }
    public string? Party { get; init; }
    public DateOnly? SentOn { get; init; }
    public string? IdempotencyKey { get; internal init; }

    public void Validate(Validator v) => v.Required("kind", Kind).Text("party", Party, Validator.ShortText, required: true).Required("sentOn", SentOn);
}

internal sealed class SendConsultationHandler(CaseSteps steps) : ICommandHandler<SendConsultationCommand, ConsultationSentResponse>
{
    public async ValueTask<ConsultationSentResponse> Handle(SendConsultationCommand command, CancellationToken cancellationToken)
    {
        var consultationId = Guid.Empty;
        var details = await steps.Apply(command.CaseId, command.ExpectedVersion,
            (c, context) => consultationId = c.SendConsultation(command.Kind!.Value, command.Party!, command.SentOn!.Value, context), cancellationToken);
        return new ConsultationSentResponse(consultationId, details);
    }
}

public static class SendConsultationEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/{id:guid}/consultations",
            async (Guid id, SendConsultationCommand body, HttpRequest http, ISender sender, CancellationToken ct) =>
            {
                var response = await sender.Send(body with
                {
                    CaseId = id, ExpectedVersion = Preconditions.ExpectedVersion(http), IdempotencyKey = Preconditions.IdempotencyKey(http),
                }, ct);
                http.HttpContext.Response.Headers.ETag = Preconditions.ETag(response.Case.Version);
                return TypedResults.Created($"/api/cases/{id}/consultations/{response.ConsultationId}", response);
            })
        .RequireAuthorization(Policies.Process)
        .WithName("SendConsultation")
        .WithSummary("Consult a third party or another agency in writing (Art. 32, 34): its days are not counted, 15 working days at most.");
}

/// <summary>A replayed consultation returns its id and the case as it is now: the idempotency record keeps only the two ids.</summary>
internal sealed class SendConsultationReplay(CaseReader reader) : IReplayReader<SendConsultationCommand, ConsultationSentResponse>
{
    public string Reference(ConsultationSentResponse response) => $"{response.ConsultationId}/{response.Case.Id}";

    public async ValueTask<ConsultationSentResponse?> Read(string reference, CancellationToken cancellationToken)
    {
        var ids = reference.Split('/');
        return await reader.Find(Guid.Parse(ids[1]), cancellationToken) is { } details ? new ConsultationSentResponse(Guid.Parse(ids[0]), details) : null;
    }
}
