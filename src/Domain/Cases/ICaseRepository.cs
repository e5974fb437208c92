using CaseTracker.Domain.Clock;

namespace CaseTracker.Domain.Cases;

/// <summary>Who did something: the user's id and display name.</summary>
public sealed record Actor(string UserId, string Name)
{
    public static Actor System { get; } = new("system", "CaseTracker");
}

/// <summary>The register's store of cases. Each call runs inside the command's transaction.</summary>
public interface ICaseRepository
{
    Task<Case?> Find(CaseId id, CancellationToken cancellationToken);

    /// <summary>The next number of the agency's sequence for the year, unique under concurrent registration.</summary>
    Task<int> NextSequence(string agencyCode, int year, CancellationToken cancellationToken);

    /// <summary>Stores a new case and its first history event.</summary>
    Task Add(Case @case, ClockReading reading, Actor actor, DateTimeOffset recordedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the events recorded since the case was loaded, one history event each, and refreshes the
    /// case's projection; throws <see cref="ConcurrencyConflictException"/> if the case changed meanwhile.
    /// </summary>
    Task Save(Case @case, DateOnly? dueBefore, ClockReading reading, Actor actor, DateTimeOffset recordedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Records a change that is not a step of the clock (assignment, a recomputation after a holiday notice
    /// was loaded) as one history event, refreshing the projection from <paramref name="reading"/>.
    /// </summary>
    Task SaveNote(Case @case, DateOnly? dueBefore, ClockReading reading, CaseNote note, Actor actor, DateTimeOffset recordedAt, CancellationToken cancellationToken);
}

/// <summary>A history event that is not a case event: its kind, acting date and a JSON object with its details.</summary>
public sealed record CaseNote(string Kind, DateOnly ActingOn, string DetailsJson);

public sealed class ConcurrencyConflictException(string message) : Exception(message);
