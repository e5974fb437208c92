using CaseTracker.Api.Errors;
using CaseTracker.Api.Features.Alerts.GetAlert;
using CaseTracker.Api.Identity;
using CaseTracker.Domain;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Alerts;
using Mediator;

namespace CaseTracker.Api.Features.Alerts.AcknowledgeAlert;

/// <summary>
/// Acknowledges an alert of an agency the caller sees (404 otherwise), for its recipients only (security.md): the handler
/// it names, or a supervisor of the agency it is addressed to (or of an agency above it); anyone else is refused with 403.
/// A resolved alert is refused (nothing left to acknowledge).
/// </summary>
public sealed record AcknowledgeAlertCommand(Guid Id) : ICommand<AlertView>;

internal sealed class AcknowledgeAlertHandler(AlertStore store, ISender sender, CurrentUser user, RegisterClock clock, AgencyAccess access)
    : ICommandHandler<AcknowledgeAlertCommand, AlertView>
{
    public async ValueTask<AlertView> Handle(AcknowledgeAlertCommand command, CancellationToken cancellationToken)
    {
        var alert = await sender.Send(new GetAlertQuery(command.Id), cancellationToken);
        var visible = await access.Visible(cancellationToken);
        var recipient = alert.Recipients.Contains($"user:{user.UserId}")
            || (user.IsInRole(Roles.Supervisor) && alert.Recipients.Any(r => r.StartsWith("supervisors:", StringComparison.Ordinal) && visible.Contains(r["supervisors:".Length..])));
        if (!recipient)
            throw new ForbiddenException($"Only the alert's recipients ({string.Join(", ", alert.Recipients)}) may acknowledge it.");
        if (alert.ResolvedAt is { } resolved)
            throw new DomainRuleException($"The alert was resolved on {resolved:yyyy-MM-dd}; there is nothing to acknowledge.");
        await store.Acknowledge(command.Id, user.Actor.Name, clock.Now, cancellationToken);
        return await sender.Send(new GetAlertQuery(command.Id), cancellationToken);
    }
}

public static class AcknowledgeAlertEndpoint
{
    public static void Map(RouteGroupBuilder group)
        => group.MapPost("/{id:guid}/acknowledgement", async (Guid id, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new AcknowledgeAlertCommand(id), ct)))
            .WithName("AcknowledgeAlert");
}
