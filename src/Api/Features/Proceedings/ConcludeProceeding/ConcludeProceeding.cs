using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Proceedings;
using CaseTracker.Infrastructure;
using Mediator;

namespace CaseTracker.Api.Features.Proceedings.ConcludeProceeding;

public sealed record ConcludeProceedingRequest(DateOnly? ConcludedOn, ProceedingResult? Result);

public sealed record ConcludeProceedingCommand : ICommand<ProceedingResponse>, IValidatable
{
    public required Guid Id { get; init; }
    public DateOnly? ConcludedOn { get; init; }
    public ProceedingResult? Result { get; init; }

    public void Validate(Validator v) => v.Required("concludedOn", ConcludedOn).Required("result", Result);
}

/// <summary>Records the result of a proceeding the caller sees (else 404); the rules are <see cref="Proceeding.Conclude"/>'s.</summary>
internal sealed class ConcludeProceedingHandler(IProceedingRepository proceedings, AgencyAccess access, RegisterClock clock)
    : ICommandHandler<ConcludeProceedingCommand, ProceedingResponse>
{
    public async ValueTask<ProceedingResponse> Handle(ConcludeProceedingCommand command, CancellationToken cancellationToken)
    {
        var proceeding = await proceedings.Find(new ProceedingId(command.Id), cancellationToken);
        if (proceeding is null || !(await access.Visible(cancellationToken)).Contains(proceeding.AgencyCode))
            throw new NotFoundException("proceeding", $"There is no proceeding {command.Id}.");
        proceeding.Conclude(command.Result!.Value, command.ConcludedOn!.Value, clock.Today);
        await proceedings.SaveConclusion(proceeding, cancellationToken);
        return ProceedingResponse.Of(proceeding);
    }
}

public static class ConcludeProceedingEndpoint
{
    public static void Map(RouteGroupBuilder proceedings)
        => proceedings.MapPost("/{id:guid}/conclusion", async (Guid id, ConcludeProceedingRequest body, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new ConcludeProceedingCommand { Id = id, ConcludedOn = body.ConcludedOn, Result = body.Result }, ct)))
            .RequireAuthorization(Policies.Proceedings)
            .WithName("ConcludeProceeding");
}
