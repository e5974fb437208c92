using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Proceedings;

/// <summary>Administrative review (行政复议) and litigation (行政诉讼), law.md §6.</summary>
public enum ProceedingKind { Review, LitigationDirect, LitigationAfterReview }

public enum ProceedingResult { Upheld, Corrected, Other }

public readonly record struct ProceedingId(Guid Value)
{
    public static ProceedingId New() => new(Guid.CreateVersion7());
    public override string ToString() => Value.ToString();
}

/// <summary>The case a proceeding is about, as the register holds it: its agency and receipt date; null agency when there is no such case.</summary>
public sealed record ProceedingCase(CaseId Id, string? AgencyCode, DateOnly? ReceivedOn);

/// <summary>
/// A review or lawsuit brought against an agency's answer (counted in table 四 and the legacy table): filed on a
/// date not in the future, about a case of the same agency received no later, concluded once, with a result, on or
/// after the day it was filed.
/// </summary>
public sealed class Proceeding
{
    private Proceeding(ProceedingId id, CaseId? caseId, string agencyCode, ProceedingKind kind, DateOnly filedOn, ProceedingResult? result, DateOnly? concludedOn)
    {
        Id = id;
        CaseId = caseId;
        AgencyCode = agencyCode;
        Kind = kind;
        FiledOn = filedOn;
        Result = result;
        ConcludedOn = concludedOn;
    }

    public ProceedingId Id { get; }
    public CaseId? CaseId { get; }
    public string AgencyCode { get; }
    public ProceedingKind Kind { get; }
    public DateOnly FiledOn { get; }
    public ProceedingResult? Result { get; private set; }
    public DateOnly? ConcludedOn { get; private set; }
    public bool IsConcluded => Result is not null;

    /// <summary>
    /// Files a proceeding of <paramref name="agencyCode"/>, about <paramref name="about"/> when given. Refuses (as invalid input)
    /// a filing date after <paramref name="today"/>, a case the agency does not hold, a filing before the case was received.
    /// </summary>
    public static Proceeding File(ProceedingId id, string agencyCode, ProceedingKind kind, DateOnly filedOn, DateOnly today, ProceedingCase? about = null)
    {
        if (filedOn > today)
            throw new InvalidInputException("filedOn", $"{filedOn:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd}).");
        if (about is not null)
        {
            if (about.AgencyCode != agencyCode)
                throw new InvalidInputException("caseId", $"Agency {agencyCode} has no case {about.Id}.");
            if (about.ReceivedOn is { } received && filedOn < received)
                throw new InvalidInputException("filedOn", "A review or lawsuit cannot be filed before the request was received.");
        }

        return new Proceeding(id, about?.Id, agencyCode, kind, filedOn, null, null);
    }

    /// <summary>A proceeding as stored.</summary>
    public static Proceeding Rehydrate(ProceedingId id, CaseId? caseId, string agencyCode, ProceedingKind kind, DateOnly filedOn, ProceedingResult? result,
        DateOnly? concludedOn)
        => new(id, caseId, agencyCode, kind, filedOn, result, concludedOn);

    /// <summary>
    /// Records the result. Refuses a proceeding already concluded (a rule), a date after <paramref name="today"/> or before the
    /// filing (invalid input).
    /// </summary>
    public void Conclude(ProceedingResult result, DateOnly concludedOn, DateOnly today)
    {
        if (Result is not null)
            throw new DomainRuleException($"The proceeding was already concluded on {ConcludedOn:yyyy-MM-dd} ({Result}).");
        if (concludedOn > today)
            throw new InvalidInputException("concludedOn", $"{concludedOn:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd}).");
        if (concludedOn < FiledOn)
            throw new InvalidInputException("concludedOn", $"A proceeding filed on {FiledOn:yyyy-MM-dd} cannot conclude before it.");
        Result = result;
        ConcludedOn = concludedOn;
    }
}

/// <summary>The register's store of proceedings. Each call runs inside the command's transaction.</summary>
public interface IProceedingRepository
{
    Task<Proceeding?> Find(ProceedingId id, CancellationToken cancellationToken);

    /// <summary>The agency and receipt date of the case with this id; an empty agency (null) when the register has no such case.</summary>
    Task<ProceedingCase> FindCase(CaseId id, CancellationToken cancellationToken);

    /// <summary>Stores a newly filed proceeding.</summary>
    Task Add(Proceeding proceeding, DateTimeOffset createdAt, CancellationToken cancellationToken);

    /// <summary>Stores the conclusion; a proceeding concluded meanwhile is left as it is.</summary>
    Task SaveConclusion(Proceeding proceeding, CancellationToken cancellationToken);
}
