using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Complaints.RegisterComplaint;

public sealed record RegisterComplaintRequest(string? AgencyCode, DateOnly? ReceivedOn, string? Subject);

public sealed record ComplaintResponse(Guid Id, string AgencyCode, DateOnly ReceivedOn, string Subject);

public sealed record RegisterComplaintCommand : ICommand<ComplaintResponse>, IValidatable, IIdempotent
{
    public string? AgencyCode { get; init; }
    public DateOnly? ReceivedOn { get; init; }
    public string? Subject { get; init; }
    public string? IdempotencyKey { get; init; }

    public void Validate(Validator v)
        => v.Code("agencyCode", AgencyCode, required: true).Required("receivedOn", ReceivedOn).Text("subject", Subject, Validator.LongText, required: true);
}

/// <summary>A complaint or report (举报投诉) about the agency's disclosure work; counted in the legacy table's row 六.</summary>
internal sealed class RegisterComplaintHandler(DbSession session, AgencyAccess access, RegisterClock clock)
    : ICommandHandler<RegisterComplaintCommand, ComplaintResponse>
{
    public async ValueTask<ComplaintResponse> Handle(RegisterComplaintCommand command, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(command.AgencyCode!, cancellationToken);
        if (command.ReceivedOn > clock.Today)
            throw new InvalidInputException("receivedOn", $"{command.ReceivedOn:yyyy-MM-dd} is in the future (today is {clock.Today:yyyy-MM-dd}).");
        var id = Guid.CreateVersion7();
        await session.Execute("INSERT INTO complaints (id, agency_code, received_on, subject, created_at) VALUES (@id, @agency, @receivedOn, @subject, @now)",
            new { id = id.ToString(), agency = command.AgencyCode, receivedOn = command.ReceivedOn, subject = command.Subject!.Trim(), now = clock.Now }, cancellationToken);
        return new ComplaintResponse(id, command.AgencyCode!, command.ReceivedOn!.Value, command.Subject!.Trim());
    }
}

public static class ComplaintsEndpoints
{
    public static void MapComplaints(this IEndpointRouteBuilder app)
        => app.MapGroup("/api/complaints").WithTags("Complaints")
            .MapPost("/", async (RegisterComplaintRequest body, HttpRequest http, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(new RegisterComplaintCommand
                {
                    AgencyCode = body.AgencyCode, ReceivedOn = body.ReceivedOn, Subject = body.Subject, IdempotencyKey = Preconditions.IdempotencyKey(http),
                }, ct);
                return TypedResults.Created($"/api/complaints/{created.Id}", created);
            })
            .RequireAuthorization(Policies.Complaints)
            .WithName("RegisterComplaint");
}
