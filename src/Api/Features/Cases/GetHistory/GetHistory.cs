using System.Text.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Cases.GetHistory;

public sealed record HistoryEntry(
    int Seq, string Kind, DateOnly ActingOn, DateTimeOffset RecordedAt, AssigneeDetails Actor, DateOnly? DueBefore, DateOnly? DueAfter,
    JsonElement? Details);

public sealed record HistoryResponse(Guid CaseId, string CaseNumber, IReadOnlyList<HistoryEntry> Items);

public sealed record GetHistoryQuery(Guid CaseId) : IQuery<HistoryResponse>;

internal sealed class GetHistoryHandler(DbSession session, CaseReader reader, AgencyAccess access) : IQueryHandler<GetHistoryQuery, HistoryResponse>
{
    private sealed class Row
    {
        public int Seq { get; init; }
        public string Kind { get; init; } = default!;
        public DateOnly ActingOn { get; init; }
        public DateTimeOffset RecordedAt { get; init; }
        public string ActorId { get; init; } = default!;
        public string ActorName { get; init; } = default!;
        public DateOnly? DueBefore { get; init; }
        public DateOnly? DueAfter { get; init; }
        public string? Payload { get; init; }
    }

    public async ValueTask<HistoryResponse> Handle(GetHistoryQuery query, CancellationToken cancellationToken)
    {
        var details = await access.VisibleCase(query.CaseId, await reader.Find(query.CaseId, cancellationToken), d => d.AgencyCode, cancellationToken);
        var rows = await session.Query<Row>("""
            SELECT seq, kind, acting_on, recorded_at, actor_id, actor_name, due_before, due_after, payload
            FROM case_history WHERE case_id = @id ORDER BY seq
            """, new { id = query.CaseId.ToString() }, cancellationToken);
        return new HistoryResponse(details.Id, details.CaseNumber, rows.Select(r => new HistoryEntry(
            r.Seq, r.Kind, r.ActingOn, r.RecordedAt, new AssigneeDetails(r.ActorId, r.ActorName), r.DueBefore, r.DueAfter,
            r.Payload is null ? null : JsonDocument.Parse(r.Payload).RootElement.Clone())).ToList());
    }
}

public static class GetHistoryEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/{id:guid}/history",
            async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetHistoryQuery(id), ct)))
        .RequireAuthorization(Policies.Read)
        .WithName("GetCaseHistory")
        .WithSummary("Every event of the case: what, acting date, who, when recorded, due date before and after.");
}
