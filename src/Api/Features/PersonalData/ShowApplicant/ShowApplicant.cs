using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using CaseTracker.Infrastructure.PersonalData;
using Mediator;

namespace CaseTracker.Api.Features.PersonalData.ShowApplicant;

/// <summary>An applicant's personal data in full, as one explicit, logged read returns it.</summary>
public sealed record ApplicantInFull(Guid CaseId, string CaseNumber, ApplicantKind Kind, string Name, string? IdNumber, string? Phone, string? Email, string? Address);

/// <summary>
/// The full ID number, phone, e-mail and address of one case's applicant (security.md "Personal data"; 个人信息保护法 Art. 28,
/// 51): only to an IntakeOfficer, CaseHandler or Approver of the case's own agency, with a reason; the read is written to the
/// access log in the same transaction. Refuses (403) everyone else, a supervisor of a parent agency included, who sees the
/// masked forms only; a case the user cannot see is 404; a blank reason is 400. After erasure (retention) the values are null.
/// </summary>
public sealed record ShowApplicantCommand : ICommand<ApplicantInFull>, IValidatable
{
    public Guid CaseId { get; init; }
    public string? Reason { get; init; }

    public void Validate(Validator v) => v.Text("reason", Reason, 500, required: true);
}

internal sealed class ShowApplicantHandler(DbSession session, AgencyAccess access, CurrentUser user, PersonalDataProtector protector, PersonalDataLog log,
    RegisterClock clock) : ICommandHandler<ShowApplicantCommand, ApplicantInFull>
{
    private static readonly string[] HandlingRoles = [Roles.IntakeOfficer, Roles.CaseHandler, Roles.Approver];

    private sealed class Row
    {
        public string Id { get; init; } = default!;
        public string CaseNumber { get; init; } = default!;
        public string AgencyCode { get; init; } = default!;
        public string ApplicantKind { get; init; } = default!;
        public string ApplicantName { get; init; } = default!;
        public string? ApplicantSealed { get; init; }
    }

    public async ValueTask<ApplicantInFull> Handle(ShowApplicantCommand command, CancellationToken cancellationToken)
    {
        var row = await access.VisibleCase(command.CaseId, await session.QuerySingleOrDefault<Row>(
            "SELECT id, case_number, agency_code, applicant_kind, applicant_name, applicant_sealed FROM cases WHERE id = @id",
            new { id = command.CaseId.ToString() }, cancellationToken), r => r.AgencyCode, cancellationToken);
        if (user.AgencyCode != row.AgencyCode || !user.Roles.Any(HandlingRoles.Contains))
            throw new ForbiddenException(
                $"Only an intake officer, case handler or approver of agency {row.AgencyCode} may see this applicant's personal data in full; you see it masked.");
        var secrets = protector.Unseal(row.ApplicantSealed);
        await log.Record(new PersonalDataLogEntry
        {
            Id = Guid.CreateVersion7(),
            Action = PersonalDataAction.Read,
            CaseId = command.CaseId,
            CaseNumber = row.CaseNumber,
            AgencyCode = row.AgencyCode,
            UserId = user.UserId,
            UserName = user.Name,
            Reason = command.Reason!.Trim(),
            At = clock.Now,
        }, cancellationToken);
        return new ApplicantInFull(command.CaseId, row.CaseNumber, Enum.Parse<ApplicantKind>(row.ApplicantKind), row.ApplicantName,
            secrets.IdNumber, secrets.Phone, secrets.Email, secrets.Address);
    }
}

public static class ShowApplicantEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/cases/{id:guid}/applicant",
            async (Guid id, string? reason, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var full = await sender.Send(new ShowApplicantCommand { CaseId = id, Reason = reason }, ct);
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(full);
            })
        .RequireAuthorization(Policies.Read)
        .WithName("ShowApplicant")
        .WithSummary("The applicant's ID number, phone, e-mail and address in full, for a handling role of the case's own agency, with ?reason=; the read is logged.");
}
