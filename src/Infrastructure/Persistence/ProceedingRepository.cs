using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Proceedings;

namespace CaseTracker.Infrastructure.Persistence;

public sealed class ProceedingRepository(DbSession session) : IProceedingRepository
{
    private sealed class Row
    {
        public string Id { get; init; } = default!;
        public string? CaseId { get; init; }
        public string AgencyCode { get; init; } = default!;
        public string Kind { get; init; } = default!;
        public DateOnly FiledOn { get; init; }
        public string? Result { get; init; }
        public DateOnly? ConcludedOn { get; init; }
    }

    private sealed class CaseRow
    {
        public string AgencyCode { get; init; } = default!;
        public DateOnly? ReceivedOn { get; init; }
    }

    public async Task<Proceeding?> Find(ProceedingId id, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefault<Row>(
            "SELECT id, case_id, agency_code, kind, filed_on, result, concluded_on FROM proceedings WHERE id = @id", new { id = id.ToString() }, cancellationToken);
        return row is null
            ? null
            : Proceeding.Rehydrate(new ProceedingId(Guid.Parse(row.Id)), row.CaseId is null ? null : new CaseId(Guid.Parse(row.CaseId)), row.AgencyCode,
                Enum.Parse<ProceedingKind>(row.Kind), row.FiledOn, row.Result is null ? null : Enum.Parse<ProceedingResult>(row.Result), row.ConcludedOn);
    }

    public async Task<ProceedingCase> FindCase(CaseId id, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefault<CaseRow>("SELECT agency_code, received_on FROM cases WHERE id = @id",
            new { id = id.Value.ToString() }, cancellationToken);
        return new ProceedingCase(id, row?.AgencyCode, row?.ReceivedOn);
    }

    public async Task Add(Proceeding proceeding, DateTimeOffset createdAt, CancellationToken cancellationToken)
        => await session.Execute("""
            INSERT INTO proceedings (id, case_id, agency_code, kind, filed_on, created_at) VALUES (@id, @caseId, @agency, @kind, @filedOn, @now)
            """, new
        {
            id = proceeding.Id.ToString(), caseId = proceeding.CaseId?.ToString(), agency = proceeding.AgencyCode, kind = proceeding.Kind.ToString(),
            filedOn = proceeding.FiledOn, now = createdAt,
        }, cancellationToken);

    public async Task SaveConclusion(Proceeding proceeding, CancellationToken cancellationToken)
        => await session.Execute("UPDATE proceedings SET result = @result, concluded_on = @concludedOn WHERE id = @id AND result IS NULL",
            new { result = proceeding.Result.ToString(), concludedOn = proceeding.ConcludedOn, id = proceeding.Id.ToString() }, cancellationToken);
}
