using System.Text.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Mediator;
using CaseTracker.Domain;
using CaseTracker.Infrastructure.Users;
using Microsoft.AspNetCore.Identity;

namespace CaseTracker.Api.Features.Cases.AssignCase;

public sealed record AssignCaseCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public string? UserId { get; init; }
    public string? Name { get; init; }

    public void Validate(Validator v) => v.Text("userId", UserId, 100, required: true).Text("name", Name, Validator.ShortText, required: false);
}

/// <summary>
/// Names the handler responsible for a case: an existing, active user of the case's agency (400 otherwise), recorded
/// with the name their account holds; one history event.
/// </summary>
internal sealed class AssignCaseHandler(CaseSteps steps, ICaseRepository cases, RegisterClock clock, CurrentUser user, CaseReader reader,
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
        await cases.SaveAssignment(@case.Id, assignment, cancellationToken);
        return (await reader.Find(command.CaseId, cancellationToken))!;
    }
}

public static class AssignCaseEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<AssignCaseCommand>("assignment", Policies.Assign,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithTags("Cases")
        .WithName("AssignCase")
        .WithSummary("Name the handler responsible for the case.");
}
