using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Complaints;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Complaints.RegisterComplaint;

/// <summary>The body of <c>POST /api/complaints</c>: the agency complained about, the day the complaint was received, and its subject.</summary>
public sealed record RegisterComplaintRequest(string? AgencyCode, DateOnly? ReceivedOn, string? Subject);

public sealed record ComplaintResponse(Guid Id, string AgencyCode, DateOnly ReceivedOn, string Subject);

/// <summary>Registers a complaint (<see cref="RegisterComplaintRequest"/>).</summary>
public sealed record RegisterComplaintCommand : ICommand<ComplaintResponse>, IValidatable, IIdempotent
{
    public required RegisterComplaintRequest Request { get; init; }
    public string? IdempotencyKey { get; init; }

    public void Validate(Validator v)
        => v.Code("agencyCode", Request.AgencyCode, required: true).Required("receivedOn", Request.ReceivedOn)
            .Text("subject", Request.Subject, Validator.LongText, required: true);
}

/// <summary>A complaint or report (举报投诉) about the agency's disclosure work; counted in the legacy table's row 六.</summary>
internal sealed class RegisterComplaintHandler(ComplaintStore complaints, AgencyAccess access, RegisterClock clock)
    : ICommandHandler<RegisterComplaintCommand, ComplaintResponse>
{
    public async ValueTask<ComplaintResponse> Handle(RegisterComplaintCommand command, CancellationToken cancellationToken)
    {
        var (agencyCode, receivedOn, subject) = (command.Request.AgencyCode!, command.Request.ReceivedOn!.Value, command.Request.Subject!.Trim());
        await access.EnsureCanActIn(agencyCode, cancellationToken);
        if (receivedOn > clock.Today)
            throw new InvalidInputException("receivedOn", $"{receivedOn:yyyy-MM-dd} is in the future (today is {clock.Today:yyyy-MM-dd}).");
        var id = Guid.CreateVersion7();
        await complaints.Add(id, agencyCode, receivedOn, subject, clock.Now, cancellationToken);
        return new ComplaintResponse(id, agencyCode, receivedOn, subject);
    }
}

public static class RegisterComplaintEndpoint
{
    public static void Map(RouteGroupBuilder complaints)
        => complaints.MapPost("/", async (RegisterComplaintRequest body, HttpRequest http, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(new RegisterComplaintCommand { Request = body, IdempotencyKey = Preconditions.IdempotencyKey(http) }, ct);
                return TypedResults.Created($"/api/complaints/{created.Id}", created);
            })
            .RequireAuthorization(Policies.Complaints)
            .WithName("RegisterComplaint");
}

/// <summary>A replayed complaint is read again by its id: the idempotency record does not keep its subject (it may name people).</summary>
internal sealed class RegisterComplaintReplay(DbSession session) : IReplayReader<RegisterComplaintCommand, ComplaintResponse>
{
    public string Reference(ComplaintResponse response) => response.Id.ToString();

    public async ValueTask<ComplaintResponse?> Read(string reference, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefault<ComplaintRow>(
            "SELECT id, agency_code, received_on, subject FROM complaints WHERE id = @id", new { id = reference }, cancellationToken);
        return row is null ? null : new ComplaintResponse(Guid.Parse(row.Id), row.AgencyCode, row.ReceivedOn, row.Subject);
    }

    private sealed class ComplaintRow
    {
        public string Id { get; init; } = default!;
        public string AgencyCode { get; init; } = default!;
        public DateOnly ReceivedOn { get; init; }
        public string Subject { get; init; } = default!;
    }
}
