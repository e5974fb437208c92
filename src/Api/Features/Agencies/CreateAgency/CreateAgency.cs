using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Agencies.CreateAgency;

public sealed record CreateAgencyRequest(string? Code, string? Name, string? ParentCode);

public sealed record AgencyResponse(string Code, string Name, string? ParentCode);

public sealed record CreateAgencyCommand : ICommand<AgencyResponse>, IValidatable, IIdempotent
{
    public string? Code { get; init; }
    public string? Name { get; init; }
    public string? ParentCode { get; init; }
    public string? IdempotencyKey { get; init; }

    public void Validate(Validator v)
        => v.Code("code", Code, required: true).Text("name", Name, Validator.ShortText, required: true).Code("parentCode", ParentCode, required: false);
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
        if (await access.Find(command.Code!, cancellationToken) is not null)
            throw new DomainRuleException($"Agency {command.Code} already exists.");
        if (command.ParentCode is null)
        {
            if (command.Code != user.AgencyCode)
                throw new ForbiddenException($"You may create a root agency only for your own agency code ({user.AgencyCode}).");
        }
        else
        {
            if (await access.Find(command.ParentCode, cancellationToken) is null)
                throw new InvalidInputException("parentCode", $"There is no agency {command.ParentCode}.");
            if (!(await access.Visible(cancellationToken)).Contains(command.ParentCode))
                throw new ForbiddenException($"Agency {command.ParentCode} is outside your agency {user.AgencyCode}.");
        }

        await agencies.Add(command.Code!, command.Name!.Trim(), command.ParentCode, clock.Now, cancellationToken);
        session.OnCommit(directory.Invalidate);
        return new AgencyResponse(command.Code!, command.Name!.Trim(), command.ParentCode);
    }
}

public static class CreateAgencyEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/", async (CreateAgencyRequest body, HttpRequest http, ISender sender, CancellationToken ct) =>
        {
            var agency = await sender.Send(new CreateAgencyCommand
            {
                Code = body.Code?.Trim(), Name = body.Name, ParentCode = string.IsNullOrWhiteSpace(body.ParentCode) ? null : body.ParentCode.Trim(),
                IdempotencyKey = Preconditions.IdempotencyKey(http),
            }, ct);
            return TypedResults.Created($"/api/agencies/{agency.Code}", agency);
        })
        .RequireAuthorization(Policies.Administer)
        .WithName("CreateAgency");
}
