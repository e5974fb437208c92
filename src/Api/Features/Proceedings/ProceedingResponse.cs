using CaseTracker.Domain.Proceedings;

namespace CaseTracker.Api.Features.Proceedings;

/// <summary>A proceeding as the API shows it.</summary>
public sealed record ProceedingResponse(Guid Id, Guid? CaseId, string AgencyCode, ProceedingKind Kind, DateOnly FiledOn, ProceedingResult? Result, DateOnly? ConcludedOn)
{
    public static ProceedingResponse Of(Proceeding proceeding)
        => new(proceeding.Id.Value, proceeding.CaseId?.Value, proceeding.AgencyCode, proceeding.Kind, proceeding.FiledOn, proceeding.Result, proceeding.ConcludedOn);
}
