using System.Text.Json;
using CaseTracker.Api.Features.Attachments;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ArchiveCase;

/// <summary>The body of 归档: the China date of the archival (today when omitted).</summary>
public sealed record ArchiveCaseRequest(DateOnly? ArchivedOn);

/// <summary>An archived case: when and by whom, and where its case file is.</summary>
public sealed record ArchivalDetails(Guid CaseId, string CaseNumber, DateOnly ArchivedOn, string ArchivedById, string ArchivedByName, string CaseFile);

/// <summary>
/// 归档 (issue 19 item 4): marks a closed case archived, by a supervisor or administrator of its agency or a parent. From then on its
/// steps, corrections, documents and attachments are refused with a sentence (409) and the case file (GET /api/cases/{id}/file) is
/// the record; one history entry (<c>Archived</c>). Refused: a case not closed, or already archived (409); a date before the case
/// was closed or after today (400); another role (403); a case the user cannot see (404).
/// </summary>
public sealed record ArchiveCaseCommand(Guid CaseId) : ICommand<ArchivalDetails>
{
    public DateOnly? ArchivedOn { get; init; }
    public int? ExpectedVersion { get; init; }
}

internal sealed class ArchiveCaseHandler(AttachmentAccess access, CaseSteps steps, CaseArchiveStore archives, ICaseRepository cases, RegisterClock clock,
    CurrentUser user) : ICommandHandler<ArchiveCaseCommand, ArchivalDetails>
{
    public async ValueTask<ArchivalDetails> Handle(ArchiveCaseCommand command, CancellationToken cancellationToken)
    {
        var head = await access.Visible(command.CaseId, cancellationToken);
        if (head.Archival is { } already)
            throw new DomainRuleException($"Case {head.CaseNumber} was already archived (归档) on {already.ArchivedOn:yyyy-MM-dd} by {already.ArchivedByName}.");
        var @case = await steps.Load(command.CaseId, command.ExpectedVersion, cancellationToken);
        var context = clock.Context();
        var reading = @case.Clock(context.Calendar, context.Settings);
        if (reading.ClosedOn is not { } closedOn)
            throw new DomainRuleException($"Case {head.CaseNumber} is not closed: only a closed case (delivered, withdrawn or ended) can be archived (归档).");
        var on = command.ArchivedOn ?? clock.Today;
        if (on > clock.Today) throw new InvalidInputException("archivedOn", $"A case cannot be archived on a date after today ({clock.Today:yyyy-MM-dd}).");
        if (on < closedOn) throw new InvalidInputException("archivedOn", $"Case {head.CaseNumber} was closed on {closedOn:yyyy-MM-dd}: it cannot be archived before that.");
        await archives.Archive(command.CaseId, on, user.Actor, clock.Now, cancellationToken);
        var details = JsonSerializer.Serialize(new { archivedOn = on }, ApiJson.Options);
        await cases.SaveNote(@case, reading.DueOn, reading, new CaseNote("Archived", on, details), user.Actor, clock.Now, cancellationToken);
        return new ArchivalDetails(command.CaseId, head.CaseNumber, on, user.UserId, user.Name, $"/api/cases/{command.CaseId}/file");
    }
}

public static class ArchiveCaseEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/{id:guid}/archival",
            async (Guid id, ArchiveCaseRequest? body, HttpRequest http, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new ArchiveCaseCommand(id) { ArchivedOn = body?.ArchivedOn, ExpectedVersion = Preconditions.ExpectedVersion(http) }, ct)))
        .RequireAuthorization(Policies.Archive)
        .WithName("ArchiveCase")
        .WithSummary("归档: mark a closed case archived (Supervisor or Administrator); afterwards its steps and corrections are refused and the case file is the record.");
}
