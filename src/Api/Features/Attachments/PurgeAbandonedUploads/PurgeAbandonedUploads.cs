using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Attachments;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.Attachments.PurgeAbandonedUploads;

/// <summary>
/// Deletes the uploads a stopped server left under way (issue 19): an upload writes its row (status Uploading) and its sealed chunks
/// before the command that makes it an attachment of the case commits; a crash or kill in between leaves them, never part of the case
/// (no history entry, not listed, not in the case file). Those started more than <see cref="AttachmentOptions.AbandonedUploadAge"/>
/// ago (the <c>Attachments:AbandonedUploadMinutes</c> setting, 60 by default; an upload of 20 MB takes seconds) are deleted, chunks,
/// file on disk and row, and each is written to the log (case number, file name, who started it, when, chunks). Returns how many.
/// </summary>
public sealed record PurgeAbandonedUploadsCommand : ICommand<int>
{
    public const string Job = "abandoned-uploads-purge";
}

internal sealed class PurgeAbandonedUploadsHandler(AttachmentStore store, AttachmentOptions options, RegisterClock clock,
    ILogger<PurgeAbandonedUploadsHandler> logger) : ICommandHandler<PurgeAbandonedUploadsCommand, int>
{
    public async ValueTask<int> Handle(PurgeAbandonedUploadsCommand command, CancellationToken cancellationToken)
    {
        var purged = await store.PurgeAbandoned(clock.Now - options.AbandonedUploadAge, cancellationToken);
        foreach (var upload in purged)
            logger.LogWarning(
                "Purged an upload left under way: attachment {AttachmentId} of case {CaseNumber} ({CaseId}), file {FileName}, started by {UploadedBy} at {StartedAt:O}, {Chunks} chunks written, never completed",
                upload.Id, upload.CaseNumber, upload.CaseId, upload.FileName, upload.UploadedByName, upload.CreatedAt, upload.Chunks);
        return purged.Count;
    }
}

/// <summary>The recurring Hangfire job (<see cref="PurgeAbandonedUploadsCommand.Job"/>, hourly by default): thin, it sends the command.</summary>
public sealed class PurgeAbandonedUploadsJob(ISender sender)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task Run(CancellationToken cancellationToken) => await sender.Send(new PurgeAbandonedUploadsCommand(), cancellationToken);
}
