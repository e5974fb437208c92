using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Proceedings;
using CaseTracker.Infrastructure;
using Mediator;

namespace CaseTracker.Api.Features.Proceedings.FileProceeding;

public sealed record FileProceedingRequest(Guid? CaseId, string? AgencyCode, ProceedingKind? Kind, DateOnly? FiledOn);

public sealed record FileProceedingCommand : ICommand<ProceedingResponse>, IValidatable, IIdempotent
{
    public Guid? CaseId { get; init; }
    public string? AgencyCode { get; init; }
    public ProceedingKind? Kind { get; init; }
    public DateOnly? FiledOn { get; init; }
    public string? IdempotencyKey { get; init; }

    public void Validate(Validator v) => v.Code("agencyCode", AgencyCode, required: true).Required("kind", Kind).Required("filedOn", FiledOn);
}

/// <summary>Files a review or lawsuit in an agency the caller acts in; the rules are <see cref="Proceeding.File"/>'s.</summary>
internal sealed class FileProceedingHandler(IProceedingRepository proceedings, AgencyAccess access, RegisterClock clock)
    : ICommandHandler<FileProceedingCommand, ProceedingResponse>
{
    public async ValueTask<ProceedingResponse> Handle(FileProceedingCommand command, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(command.AgencyCode!, cancellationToken);
        var about = command.CaseId is { } caseId ? await proceedings.FindCase(new CaseId(caseId), cancellationToken) : null;
        var proceeding = Proceeding.File(ProceedingId.New(), command.AgencyCode!, command.Kind!.Value, command.FiledOn!.Value, clock.Today, about);
        await proceedings.Add(proceeding, clock.Now, cancellationToken);
        return ProceedingResponse.Of(proceeding);
    }
}

public static class FileProceedingEndpoint
{
    public static void Map(RouteGroupBuilder proceedings)
        => proceedings.MapPost("/", async (FileProceedingRequest body, HttpRequest http, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(new FileProceedingCommand
                {
                    CaseId = body.CaseId, AgencyCode = body.AgencyCode, Kind = body.Kind, FiledOn = body.FiledOn, IdempotencyKey = Preconditions.IdempotencyKey(http),
                }, ct);
                return TypedResults.Created($"/api/proceedings/{created.Id}", created);
            })
            .RequireAuthorization(Policies.Proceedings)
            .WithName("FileProceeding");
}
