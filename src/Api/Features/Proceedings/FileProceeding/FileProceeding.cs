using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Reports;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Proceedings.FileProceeding;






public sealed record FileProceedingRequest(Guid? CaseId, string? AgencyCode, ProceedingKind? Kind, DateOnly? FiledOn);

public sealed record ProceedingResponse(Guid Id, Guid? CaseId, string AgencyCode, ProceedingKind Kind, DateOnly FiledOn, ProceedingResult? Result, DateOnly? ConcludedOn);

public sealed record FileProceedingCommand : ICommand<ProceedingResponse>, IValidatable, IIdempotent
{
    public Guid? CaseId { get; init; }
    public string? AgencyCode { get; init; }
    public ProceedingKind? Kind { get; init; }
    public DateOnly? FiledOn { get; init; }
    public string? IdempotencyKey { get; init; }

    public void Validate(Validator v) => v.Code("agencyCode", AgencyCode, required: true).Required("kind", Kind).Required("filedOn", FiledOn);
}

internal sealed class FileProceedingHandler(DbSession session, AgencyAccess access, RegisterClock clock)
    : ICommandHandler<FileProceedingCommand, ProceedingResponse>
{
    public async ValueTask<ProceedingResponse> Handle(FileProceedingCommand command, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(command.AgencyCode!, cancellationToken);
        if (command.FiledOn > clock.Today)
            throw new InvalidInputException("filedOn", $"{command.FiledOn:yyyy-MM-dd} is in the future (today is {clock.Today:yyyy-MM-dd}).");
        if (command.CaseId is { } caseId)
        {
            var owner = await session.QuerySingleOrDefault<CaseOwner>("SELECT agency_code, received_on FROM cases WHERE id = @id",
                new { id = caseId.ToString() }, cancellationToken);
            if (owner is null || owner.AgencyCode != command.AgencyCode)
                throw new InvalidInputException("caseId", $"Agency {command.AgencyCode} has no case {caseId}.");
            if (owner.ReceivedOn is { } received && command.FiledOn < received)
                throw new InvalidInputException("filedOn", "A review or lawsuit cannot be filed before the request was received.");
        }

        var id = Guid.CreateVersion7();
        await session.Execute("""
            INSERT INTO proceedings (id, case_id, agency_code, kind, filed_on, created_at) VALUES (@id, @caseId, @agency, @kind, @filedOn, @now)
            """, new { id = id.ToString(), caseId = command.CaseId?.ToString(), agency = command.AgencyCode, kind = command.Kind.ToString(), filedOn = command.FiledOn, now = clock.Now },
            cancellationToken);
        return new ProceedingResponse(id, command.CaseId, command.AgencyCode!, command.Kind!.Value, command.FiledOn!.Value, null, null);
    }

    private sealed class CaseOwner

    {

        public string AgencyCode { get; init; } = default!;

        public DateOnly? ReceivedOn { get; init; }

    }
}

public sealed record ConcludeProceedingRequest(DateOnly? ConcludedOn, ProceedingResult? Result);

public sealed record ConcludeProceedingCommand : ICommand<ProceedingResponse>, IValidatable
{
    public required Guid Id { get; init; }
    public DateOnly? ConcludedOn { get; init; }
    public ProceedingResult? Result { get; init; }

    public void Validate(Validator v) => v.Required("concludedOn", ConcludedOn).Required("result", Result);
}

internal sealed class ConcludeProceedingHandler(DbSession session, AgencyAccess access, RegisterClock clock)
    : ICommandHandler<ConcludeProceedingCommand, ProceedingResponse>
{
    private sealed class Row
    {
        public string Id { get; init; } = default!;
        public string? CaseId { get; init; }
        public string AgencyCode { get; init; } = default!;
        public string Kind { get; init; } = default!;
        public DateOnly FiledOn { get; init; }
        public string? Result { get; init; }
        public DateOnly? ConcludedOn { get; init; }
    }

    public async ValueTask<ProceedingResponse> Handle(ConcludeProceedingCommand command, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefault<Row>(
            "SELECT id, case_id, agency_code, kind, filed_on, result, concluded_on FROM proceedings WHERE id = @id", new { id = command.Id.ToString() }, cancellationToken);
        if (row is null || !(await access.Visible(cancellationToken)).Contains(row.AgencyCode))
            throw new NotFoundException("proceeding", $"There is no proceeding {command.Id}.");
        if (row.Result is not null)
            throw new DomainRuleException($"The proceeding was already concluded on {row.ConcludedOn:yyyy-MM-dd} ({row.Result}).");
        if (command.ConcludedOn > clock.Today)
            throw new InvalidInputException("concludedOn", $"{command.ConcludedOn:yyyy-MM-dd} is in the future (today is {clock.Today:yyyy-MM-dd}).");
        if (command.ConcludedOn < row.FiledOn)
            throw new InvalidInputException("concludedOn", $"A proceeding filed on {row.FiledOn:yyyy-MM-dd} cannot conclude before it.");
        await session.Execute("UPDATE proceedings SET result = @result, concluded_on = @concludedOn WHERE id = @id AND result IS NULL",
            new { result = command.Result.ToString(), concludedOn = command.ConcludedOn, id = row.Id }, cancellationToken);
        return new ProceedingResponse(command.Id, row.CaseId is null ? null : Guid.Parse(row.CaseId), row.AgencyCode, Enum.Parse<ProceedingKind>(row.Kind),
            row.FiledOn, command.Result, command.ConcludedOn);
    }
}

public static class ProceedingsEndpoints
{
    public static void MapProceedings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/proceedings").WithTags("Review and litigation");
        group.MapPost("/", async (FileProceedingRequest body, HttpRequest http, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(new FileProceedingCommand
                {
                    CaseId = body.CaseId, AgencyCode = body.AgencyCode, Kind = body.Kind, FiledOn = body.FiledOn, IdempotencyKey = Preconditions.IdempotencyKey(http),
                }, ct);
                return TypedResults.Created($"/api/proceedings/{created.Id}", created);
            })
            .RequireAuthorization(Policies.Proceedings)
            .WithName("FileProceeding");
        group.MapPost("/{id:guid}/conclusion", async (Guid id, ConcludeProceedingRequest body, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new ConcludeProceedingCommand { Id = id, ConcludedOn = body.ConcludedOn, Result = body.Result }, ct)))
            .RequireAuthorization(Policies.Proceedings)
            .WithName("ConcludeProceeding");
    }
}
