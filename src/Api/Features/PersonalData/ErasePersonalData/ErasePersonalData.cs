using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.PersonalData;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.PersonalData.ErasePersonalData;

/// <summary>
/// Erases the personal data of cases closed longer ago than their agency's retention (<see cref="Retention"/>); returns how many
/// cases were erased. Statistics, outcomes and dates are untouched, so every report reads the same after it.
/// </summary>
public sealed record ErasePersonalDataCommand : ICommand<int>
{
    public const string Job = "erase-expired-personal-data";
}

internal sealed class ErasePersonalDataHandler(Retention retention, RegisterClock clock) : ICommandHandler<ErasePersonalDataCommand, int>
{
    public async ValueTask<int> Handle(ErasePersonalDataCommand command, CancellationToken cancellationToken)
        => await retention.EraseExpired(clock.Today, Actor.System, clock.Now, cancellationToken);
}

/// <summary>The recurring Hangfire job (<see cref="ErasePersonalDataCommand.Job"/>, daily): thin, it sends the command.</summary>
public sealed class ErasePersonalDataJob(ISender sender)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task Run(CancellationToken cancellationToken) => await sender.Send(new ErasePersonalDataCommand(), cancellationToken);
}
