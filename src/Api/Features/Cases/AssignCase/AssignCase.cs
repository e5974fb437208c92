using System.Text.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Mediator;
using CaseTracker.Domain;
using CaseTracker.Infrastructure.Users;
using Microsoft.AspNetCore.Identity;

namespace CaseTracker.Api.Features.Cases.AssignCase;

public sealed record AssignCaseRequest(string? UserId, string? Name);

public sealed record AssignCaseCommand : ICommand<CaseDetails>, IValidatable
{
    public required Guid CaseId { get; init; }
    public int? ExpectedVersion { get; init; }
    public string? UserId { get; init; }
    public string? Name { get; init; }

    public void Validate(Validator v) => v.Text("userId", UserId, 100, required: true).Text("name", Name, Validator.ShortText, required: false);
}

/// <summary>
/// Names the handler responsible for a case: an existing, active user of the case's agency (400 otherwise), recorded
/// with the name their account holds; one history event.
/// </summary>
internal sealed class AssignCaseHandler(CaseSteps steps, ICaseRepository cases, DbSession session, RegisterClock clock, CurrentUser user, CaseReader reader,
    UserManager<UserAccount> users)
    : ICommandHandler<AssignCaseCommand, CaseDetails>
{
    public async ValueTask<CaseDetails> Handle(AssignCaseCommand command, CancellationToken cancellationToken)
    {
        var @case = await steps.Load(command.CaseId, command.ExpectedVersion, cancellationToken);
        var context = clock.Context();
        var assignee = await users.FindByNameAsync(command.UserId!.Trim());
        if (@case.Clock(context.Calendar, context.Settings).IsClosed is false
            && (assignee is not { Active: true } || assignee.AgencyCode != @case.AgencyCode))
            throw new InvalidInputException("userId", $"There is no active user {command.UserId!.Trim()} of agency {@case.AgencyCode}.");
        var assignment = @case.Assign(assignee?.Id ?? command.UserId!.Trim(), assignee?.Name ?? "", context);
        var reading = @case.Clock(context.Calendar, context.Settings);
        var details = JsonSerializer.Serialize(new { userId = assignment.UserId, name = assignment.Name }, ApiJson.Options);
        await cases.SaveNote(@case, reading.DueOn, reading, new CaseNote("Assigned", assignment.On, details), user.Actor, clock.Now, cancellationToken);
        await session.Execute("UPDATE cases SET assigned_user_id = @userId, assigned_user_name = @name WHERE id = @id",
            new { userId = assignment.UserId, name = assignment.Name, id = command.CaseId.ToString() }, cancellationToken);
        return (await reader.Find(command.CaseId, cancellationToken))!;
    }
}

public static class AssignCaseEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/{id:guid}/assignment",
            async (Guid id, AssignCaseRequest body, HttpRequest http, ISender sender, CancellationToken ct) =>
            {
                var details = await sender.Send(new AssignCaseCommand
                {
                    CaseId = id, ExpectedVersion = Preconditions.ExpectedVersion(http), UserId = body.UserId, Name = body.Name,
                }, ct);
                http.HttpContext.Response.Headers.ETag = Preconditions.ETag(details.Version);
                return TypedResults.Ok(details);
            })
        .RequireAuthorization(Policies.Assign)
        .WithTags("Cases")
        .WithName("AssignCase")
        .WithSummary("Name the handler responsible for the case.");
}
