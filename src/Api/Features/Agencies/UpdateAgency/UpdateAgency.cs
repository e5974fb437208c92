using CaseTracker.Api.Errors;
using CaseTracker.Api.Features.Agencies.CreateAgency;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Agencies.UpdateAgency;

/// <summary>
/// The agency as it should be: its name, the agency above it (null: a root), whether it takes new cases, and the reason for
/// the change (required when anything changes; at least 2 letters, digits or 汉字), kept in the agency's history.
/// </summary>
public sealed record UpdateAgencyRequest(string? Name, string? ParentCode, bool? Active, string? Reason = null);

/// <summary>An agency after a change, with <see cref="Version"/> (1 + its recorded changes) for If-Match.</summary>
public sealed record AgencyDetails(string Code, string Name, string? ParentCode, bool Active, int Version);

public sealed record UpdateAgencyCommand : ICommand<AgencyDetails>, IValidatable
{
    public required string Code { get; init; }
    public string? Name { get; init; }
    public string? ParentCode { get; init; }
    public bool Active { get; init; } = true;
    public string? Reason { get; init; }
    public int? ExpectedVersion { get; init; }

    public void Validate(Validator v) => v.Text("name", Name, Validator.ShortText, required: true).Code("parentCode", ParentCode, required: false)
        .Reason("reason", Reason, 1000, required: false,
            "reason must say why the agency is renamed, moved or deactivated, in at least 2 letters or digits (not only spaces and punctuation).");
}

/// <summary>
/// Renames, moves or (de)activates an agency (issue 16 item 5), Administrator only, with a reason. Renaming keeps the history
/// (who, when, why, name before → after): a report names the agency by the name in force when it is generated (any year),
/// a stored snapshot keeps the name it was generated with. A move
/// needs an Administrator of both the agency and its new parent (both inside the caller's tree), and never puts an agency
/// under itself or its own subordinates. A deactivated agency takes no new case; its cases stay. Case numbers never change.
/// Refused: 404 unknown agency, 403 outside the caller's tree, 400 a bad parent or a change without a reason, 409 a stale
/// If-Match (as every If-Match of the API, api.md; without If-Match the change is made on the current version).
/// </summary>
internal sealed class UpdateAgencyHandler(DbSession session, AgencyStore agencies, AgencyAccess access, AgencyDirectory directory, CurrentUser user,
    RegisterClock clock) : ICommandHandler<UpdateAgencyCommand, AgencyDetails>
{
    public async ValueTask<AgencyDetails> Handle(UpdateAgencyCommand command, CancellationToken cancellationToken)
    {
        var agency = await access.Find(command.Code, cancellationToken)
            ?? throw new NotFoundException("agency", $"There is no agency {command.Code}.");
        var visible = await access.Visible(cancellationToken);
        if (!visible.Contains(agency.Code))
            throw new ForbiddenException($"Agency {agency.Code} is outside your agency {user.AgencyCode}.");
        var version = await agencies.Version(agency.Code, cancellationToken);
        if (command.ExpectedVersion is { } expected && expected != version)
            throw new ConcurrencyConflictException($"Agency {agency.Code} is at version {version}, not {expected}: someone changed it since you read it; reload and try again.");

        var name = command.Name!.Trim();
        if (command.ParentCode != agency.ParentCode)
        {
            if (command.ParentCode is null)
                throw new InvalidInputException("parentCode", $"Agency {agency.Code} stays under an agency: name the agency it moves to.");
            if (await access.Find(command.ParentCode, cancellationToken) is null)
                throw new InvalidInputException("parentCode", $"There is no agency {command.ParentCode}.");
            if (!visible.Contains(command.ParentCode))
                throw new ForbiddenException($"Moving agency {agency.Code} under {command.ParentCode} needs an Administrator of both; {command.ParentCode} is outside your agency {user.AgencyCode}.");
            if ((await access.Subtree(agency.Code, cancellationToken)).Contains(command.ParentCode))
                throw new InvalidInputException("parentCode", $"Agency {agency.Code} cannot move under {command.ParentCode}, which is itself or one of its subordinates.");
        }

        if (name == agency.Name && command.ParentCode == agency.ParentCode && command.Active == agency.Active)
            return new AgencyDetails(agency.Code, agency.Name, agency.ParentCode, agency.Active, version);

        if (string.IsNullOrWhiteSpace(command.Reason))
            throw new InvalidInputException("reason", $"Give the reason for changing agency {agency.Code} (rename, move or deactivation); it is kept in the agency's history.");
        await agencies.Change(new AgencyChange(agency.Code, agency.Name, name, agency.ParentCode, command.ParentCode, agency.Active, command.Active, command.Reason.Trim()),
            user.Actor.UserId, user.Actor.Name, clock.Now, cancellationToken);
        session.OnCommit(directory.Invalidate);
        return new AgencyDetails(agency.Code, name, command.ParentCode, command.Active, version + 1);
    }
}

public static class UpdateAgencyEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPut("/{code}", async (string code, UpdateAgencyRequest body, HttpRequest http, ISender sender,
            CancellationToken ct) =>
        {
            var agency = await sender.Send(new UpdateAgencyCommand
            {
                Code = code, Name = body.Name, ParentCode = string.IsNullOrWhiteSpace(body.ParentCode) ? null : body.ParentCode.Trim(),
                Active = body.Active ?? true, Reason = body.Reason, ExpectedVersion = Preconditions.ExpectedVersion(http, agency: true),
            }, ct);
            http.HttpContext.Response.Headers.ETag = Preconditions.ETag(agency.Version);
            return TypedResults.Ok(agency);
        })
        .RequireAuthorization(Policies.Administer)
        .WithName("UpdateAgency")
        .WithSummary("Rename, move (Administrator of both) or deactivate an agency (no new cases; existing cases and case numbers stay) with a reason, its history kept; If-Match takes the version of GET /api/agencies/{code} (stale: 409).");
}

/// <summary>The recorded changes of an agency (rename, move, (de)activation), oldest first; 404 unknown, 403 outside the caller's tree.</summary>
public sealed record GetAgencyHistoryQuery(string Code) : IQuery<IReadOnlyList<AgencyChangeRow>>;

internal sealed class GetAgencyHistoryHandler(AgencyStore agencies, AgencyAccess access, CurrentUser user) : IQueryHandler<GetAgencyHistoryQuery, IReadOnlyList<AgencyChangeRow>>
{
    public async ValueTask<IReadOnlyList<AgencyChangeRow>> Handle(GetAgencyHistoryQuery query, CancellationToken cancellationToken)
    {
        if (await access.Find(query.Code, cancellationToken) is null)
            throw new NotFoundException("agency", $"There is no agency {query.Code}.");
        if (!(await access.Visible(cancellationToken)).Contains(query.Code))
            throw new ForbiddenException($"Agency {query.Code} is outside your agency {user.AgencyCode}.");
        return await agencies.History(query.Code, cancellationToken);
    }
}

public static class GetAgencyHistoryEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/{code}/history",
            async (string code, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetAgencyHistoryQuery(code), ct)))
        .RequireAuthorization(Policies.Read)
        .WithName("GetAgencyHistory")
        .WithSummary("The agency's renames, moves and (de)activations: who, when, why, before → after.");
}
