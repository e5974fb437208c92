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
/// The answer to a request for the full values: <see cref="Full"/>, or <see cref="Refusal"/> (the 403 sentence) when the
/// caller may not see them. A refusal is an answer, not an exception, so that its access-log row commits with the command's
/// transaction; the endpoint and the desk then refuse with it.
/// </summary>
public sealed record ApplicantRead(ApplicantInFull? Full, string? Refusal)
{
    /// <summary>The full values, or <see cref="ForbiddenException"/> with the refusal.</summary>
    public ApplicantInFull FullOrThrow() => Full ?? throw new ForbiddenException(Refusal!);
}

/// <summary>
/// The full ID number, phone, e-mail and address of one case's applicant (security.md "Personal data"; 个人信息保护法 Art. 28,
/// 51): only to an IntakeOfficer, CaseHandler or Approver of the case's own agency, with a reason; the read is written to the
/// access log in the same transaction. Refuses (403) everyone else, a supervisor of a parent agency included, who sees the
/// masked forms only, and the refused read is logged too (action Refused); a case the user cannot see is 404; a reason of fewer
/// than 2 characters other than spaces and punctuation is 400. After erasure (retention) the values are null.
/// </summary>
public sealed record ShowApplicantCommand : ICommand<ApplicantRead>, IValidatable
{
    public Guid CaseId { get; init; }
    public string? Reason { get; init; }

    public void Validate(Validator v)
    {
        v.Reason("reason", Reason, 500, required: true,
            "reason must say why the full values are needed, in at least 2 letters or digits (not only spaces and punctuation).");
    }
}

internal sealed class ShowApplicantHandler(DbSession session, AgencyAccess access, CurrentUser user, PersonalDataProtector protector, PersonalDataLog log,
    RegisterClock clock) : ICommandHandler<ShowApplicantCommand, ApplicantRead>
{
    private sealed class Row
    {
        public string Id { get; init; } = default!;
        public string CaseNumber { get; init; } = default!;
        public string AgencyCode { get; init; } = default!;
        public string ApplicantKind { get; init; } = default!;
        public string ApplicantName { get; init; } = default!;
        public string? ApplicantSealed { get; init; }
    }

    public async ValueTask<ApplicantRead> Handle(ShowApplicantCommand command, CancellationToken cancellationToken)
    {
        var row = await access.VisibleCase(command.CaseId, await session.QuerySingleOrDefault<Row>(
            "SELECT id, case_number, agency_code, applicant_kind, applicant_name, applicant_sealed FROM cases WHERE id = @id",
            new { id = command.CaseId.ToString() }, cancellationToken), r => r.AgencyCode, cancellationToken);
        var refused = !user.MayReadInFull(row.AgencyCode);
        await log.Record(new PersonalDataLogEntry
        {
            Id = Guid.CreateVersion7(),
            Action = refused ? PersonalDataAction.Refused : PersonalDataAction.Read,
            CaseId = command.CaseId,
            CaseNumber = row.CaseNumber,
            AgencyCode = row.AgencyCode,
            UserId = user.UserId,
            UserName = user.Name,
            Reason = command.Reason!.Trim(),
            At = clock.Now,
        }, cancellationToken);
        if (refused)
            return new ApplicantRead(null,
                $"Only an intake officer, case handler or approver of agency {row.AgencyCode} may see this applicant's personal data in full; you see it masked.");
        var secrets = protector.Unseal(row.ApplicantSealed);
        return new ApplicantRead(new ApplicantInFull(command.CaseId, row.CaseNumber, Enum.Parse<ApplicantKind>(row.ApplicantKind), row.ApplicantName,
            secrets.IdNumber, secrets.Phone, secrets.Email, secrets.Address), null);
    }
}

public static class ShowApplicantEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/cases/{id:guid}/applicant",
            async (Guid id, string? reason, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var full = (await sender.Send(new ShowApplicantCommand { CaseId = id, Reason = reason }, ct)).FullOrThrow();
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(full);
            })
        .RequireAuthorization(Policies.Read)
        .WithName("ShowApplicant")
        .WithSummary("The applicant's ID number, phone, e-mail and address in full, for a handling role of the case's own agency, with ?reason= (at least 2 letters or digits); the read is logged, and so is a refused one (403).");
}
