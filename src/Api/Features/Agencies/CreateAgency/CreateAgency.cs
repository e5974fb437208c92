using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Agencies.CreateAgency;

/// <summary>The body of <c>POST /api/agencies</c>: the new agency's code, name, and the code of the agency above it (none: a root).</summary>
public sealed record CreateAgencyRequest(string? Code, string? Name, string? ParentCode);

public sealed record AgencyResponse(string Code, string Name, string? ParentCode);

/// <summary>Creates an agency (<see cref="CreateAgencyRequest"/>, codes trimmed and a blank parent taken as none).</summary>
public sealed record CreateAgencyCommand : ICommand<AgencyResponse>, IValidatable, IIdempotent
{
    public required CreateAgencyRequest Request { get; init; }
    public string? IdempotencyKey { get; init; }

    public void Validate(Validator v)
        => v.Code("code", Request.Code, required: true).Text("name", Request.Name, Validator.ShortText, required: true)
            .Code("parentCode", Request.ParentCode, required: false);
}

/// <summary>
/// An administrator creates agencies below their own; a root agency only under their own code, which is
/// how the first administrator of a deployment sets up the top of the tree.
/// </summary>
internal sealed class CreateAgencyHandler(DbSession session, AgencyStore agencies, AgencyAccess access, AgencyDirectory directory, CurrentUser user, RegisterClock clock)
    : ICommandHandler<CreateAgencyCommand, AgencyResponse>
{
    public async ValueTask<AgencyResponse> Handle(CreateAgencyCommand command, CancellationToken cancellationToken)
    {
        var (code, name, parentCode) = (command.Request.Code!, command.Request.Name!.Trim(), command.Request.ParentCode);
        if (await access.Find(code, cancellationToken) is not null)
            throw new DomainRuleException($"Agency {code} already exists.");
        if (parentCode is null)
        {
            if (code != user.AgencyCode)
                throw new ForbiddenException($"You may create a root agency only for your own agency code ({user.AgencyCode}).");
        }
        else
        {
            if (await access.Find(parentCode, cancellationToken) is null)
                throw new InvalidInputException("parentCode", $"There is no agency {parentCode}.");
            if (!(await access.Visible(cancellationToken)).Contains(parentCode))
                throw new ForbiddenException($"Agency {parentCode} is outside your agency {user.AgencyCode}.");
        }

        await agencies.Add(code, name, parentCode, clock.Now, cancellationToken);
        session.OnCommit(directory.Invalidate);
        return new AgencyResponse(code, name, parentCode);
    }
}

public static class CreateAgencyEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/", async (CreateAgencyRequest body, HttpRequest http, ISender sender, CancellationToken ct) =>
        {
            var agency = await sender.Send(new CreateAgencyCommand
            {
                Request = body with { Code = body.Code?.Trim(), ParentCode = string.IsNullOrWhiteSpace(body.ParentCode) ? null : body.ParentCode.Trim() },
                IdempotencyKey = Preconditions.IdempotencyKey(http),
            }, ct);
            return TypedResults.Created($"/api/agencies/{agency.Code}", agency);
        })
        .RequireAuthorization(Policies.Administer)
        .WithName("CreateAgency");
}
