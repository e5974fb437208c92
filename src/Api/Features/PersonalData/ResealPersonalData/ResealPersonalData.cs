using CaseTracker.Infrastructure.PersonalData;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.PersonalData.ResealPersonalData;

/// <summary>
/// Seals applicants' personal data again under the key in force wherever it is still sealed under a key stored unencrypted, revoked
/// or expired, then deletes the unencrypted keys nothing needs any more (<see cref="PersonalDataResealing"/>; security.md
/// "Personal data": rotation). Not one transaction: a transaction per batch, so it may be stopped at any point. Returns what it did.
/// </summary>
public sealed record ResealPersonalDataCommand : IRequest<ResealReport>
{
    public const string Job = "personal-data-reseal";

    /// <summary>Applicant texts sealed again per transaction (1–10,000).</summary>
    public int BatchSize { get; init; } = PersonalDataResealing.DefaultBatchSize;
}

internal sealed class ResealPersonalDataHandler(PersonalDataResealing resealing) : IRequestHandler<ResealPersonalDataCommand, ResealReport>
{
    public async ValueTask<ResealReport> Handle(ResealPersonalDataCommand command, CancellationToken cancellationToken)
        => await resealing.Run(Math.Clamp(command.BatchSize, 1, 10_000), cancellationToken);
}

/// <summary>The Hangfire job (<see cref="ResealPersonalDataCommand.Job"/>): started at start-up and daily; thin, it sends the command.</summary>
public sealed class ResealPersonalDataJob(ISender sender)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task Run(CancellationToken cancellationToken) => await sender.Send(new ResealPersonalDataCommand(), cancellationToken);
}
