using CaseTracker.Infrastructure.PersonalData;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.PersonalData.EnsureKeys;

/// <summary>
/// Rotation of the Data Protection key ring that seals applicants' personal data (<see cref="PersonalDataProtector.EnsureKeys"/>):
/// a new key is made 14 days before the one in force expires and takes over 2 days before it, so no request ever writes a key.
/// Returns true when a key was made.
/// </summary>
public sealed record EnsurePersonalDataKeysCommand : ICommand<bool>
{
    public const string Job = "personal-data-keys";
}

internal sealed class EnsurePersonalDataKeysHandler(PersonalDataProtector protector) : ICommandHandler<EnsurePersonalDataKeysCommand, bool>
{
    public ValueTask<bool> Handle(EnsurePersonalDataKeysCommand command, CancellationToken cancellationToken) => new(protector.EnsureKeys());
}

/// <summary>The recurring Hangfire job (<see cref="EnsurePersonalDataKeysCommand.Job"/>, daily): thin, it sends the command.</summary>
public sealed class EnsurePersonalDataKeysJob(ISender sender)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task Run(CancellationToken cancellationToken) => await sender.Send(new EnsurePersonalDataKeysCommand(), cancellationToken);
}
