using CaseTracker.Domain.Clock;

namespace CaseTracker.Domain.Cases;

/// <summary>Who did something: the user's id and display name.</summary>
public sealed record Actor(string UserId, string Name)
{
    public static Actor System { get; } = new("system", "CaseTracker");
}

/// <summary>A row an import compares with the register (<see cref="ICaseRepository.Lookalikes"/>): its key (the row) and the facts compared.</summary>
public sealed record LookalikeProbe(int Key, string AgencyCode, DateOnly SubmittedOn, string ApplicantName, string? ApplicantIdNumber, string Description);

/// <summary>The register's store of cases. Each call runs inside the command's transaction.</summary>
public interface ICaseRepository
{
    Task<Case?> Find(CaseId id, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the next <paramref name="count"/> numbers of the agency's sequence for the year, in order, skipping every
    /// number a case already holds and those in <paramref name="alsoTaken"/> (numbers kept by the same import), and
    /// moves the sequence to the last one taken (<see cref="CaseNumber"/>). Unique under concurrent registration: the
    /// sequence stays locked until the transaction ends. Returns fewer than <paramref name="count"/> numbers when the
    /// year's 99,999 run out.
    /// </summary>
    Task<IReadOnlyList<int>> TakeNumbers(string agencyCode, int year, int count, IReadOnlySet<string> alsoTaken, CancellationToken cancellationToken);

    /// <summary>
    /// Locks the agency's sequence for the year until the transaction ends (creating it if need be), without taking a
    /// number: an import checking the numbers it keeps does this first, so no live registration takes one meanwhile.
    /// </summary>
    Task LockSequence(string agencyCode, int year, CancellationToken cancellationToken);

    /// <summary>
    /// The cases already in the register that each probe looks like (an import's duplicate check, trial A finding 2): the same
    /// agency, submission date and description (trimmed), and the same applicant — the same ID number (compared by its keyed
    /// hash) or the same name. Returns (probe key, case number) pairs, by case number within a probe.
    /// </summary>
    Task<IReadOnlyList<(int Key, string CaseNumber)>> Lookalikes(IReadOnlyList<LookalikeProbe> probes, CancellationToken cancellationToken);

    /// <summary>Which of these case numbers the register already holds.</summary>
    Task<IReadOnlyList<string>> ExistingCaseNumbers(IReadOnlyCollection<string> caseNumbers, CancellationToken cancellationToken);

    /// <summary>Stores a new case and its first history event.</summary>
    Task Add(Case @case, ClockReading reading, Actor actor, DateTimeOffset recordedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Stores new cases together with every event recorded on them (an imported history), one history event
    /// each with the due date before and after it.
    /// </summary>
    Task AddWithHistory(IReadOnlyList<CaseWithHistory> cases, Actor actor, DateTimeOffset recordedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the events recorded since the case was loaded, one history event each, and refreshes the
    /// case's projection; throws <see cref="ConcurrencyConflictException"/> if the case changed meanwhile.
    /// </summary>
    Task Save(Case @case, DateOnly? dueBefore, ClockReading reading, Actor actor, DateTimeOffset recordedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the correction the case carries (<see cref="Case.PendingCorrection"/>): the projection and registration from the
    /// corrected case (personal data sealed again with its ID hash), the rewritten events (their first payload kept), the
    /// voided step marked, and one history entry with the reason, every field before → after, and the due date before → after;
    /// throws <see cref="ConcurrencyConflictException"/> if the case changed meanwhile.
    /// </summary>
    Task SaveCorrection(Case @case, DateOnly? dueBefore, ClockReading reading, Actor actor, DateTimeOffset recordedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Records a change that is not a step of the clock (assignment, a recomputation after a holiday notice
    /// was loaded) as one history event, refreshing the projection from <paramref name="reading"/>.
    /// </summary>
    Task SaveNote(Case @case, DateOnly? dueBefore, ClockReading reading, CaseNote note, Actor actor, DateTimeOffset recordedAt, CancellationToken cancellationToken);

    /// <summary>Stores who the case is assigned to, beside the note of the assignment (<see cref="SaveNote"/>).</summary>
    Task SaveAssignment(CaseId id, Assignment assignment, CancellationToken cancellationToken);
}

/// <summary>The due date before and after one event of a case.</summary>
public readonly record struct DueChange(DateOnly? Before, DateOnly? After);

/// <summary>A new case with all its events, its clock after the last one, and the due dates around each event (one per event, in order).</summary>
public sealed record CaseWithHistory(Case Case, ClockReading Reading, IReadOnlyList<DueChange> Dues)
{
    /// <summary>A note stored after the events (an imported register's 备注), counted in the case's version; null for none.</summary>
    public CaseNote? Note { get; init; }
}

/// <summary>A history event that is not a case event: its kind, acting date and a JSON object with its details.</summary>
public sealed record CaseNote(string Kind, DateOnly ActingOn, string DetailsJson);
