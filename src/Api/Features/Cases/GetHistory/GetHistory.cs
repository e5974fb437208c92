using System.Text.Json;
using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Cases.GetHistory;

/// <summary>
/// One entry of a case's history. A step voided by 撤销上一步 stays, with <see cref="Voided"/> saying which entry voided it,
/// who and why; an event rewritten by a correction shows its current details and, in <see cref="OriginalDetails"/>, the
/// details first recorded, with <see cref="CorrectedBySeq"/> naming the latest correction. A correction's own entry
/// (RegistrationCorrected, StepVoided, DecisionAmended) holds the reason and every field before → after in its details.
/// </summary>
public sealed record HistoryEntry(
    int Seq, string Kind, DateOnly ActingOn, DateTimeOffset RecordedAt, AssigneeDetails Actor, DateOnly? DueBefore, DateOnly? DueAfter,
    JsonElement? Details)
{
    public VoidDetails? Voided { get; init; }
    public int? CorrectedBySeq { get; init; }
    public JsonElement? OriginalDetails { get; init; }
}

/// <summary>Which entry voided a step (its seq), who did it and why.</summary>
public sealed record VoidDetails(int BySeq, AssigneeDetails Actor, string? Reason, DateTimeOffset RecordedAt);

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
        public int? VoidedBySeq { get; init; }
        public int? CorrectedBySeq { get; init; }
        public string? OriginalPayload { get; init; }
    }

    public async ValueTask<HistoryResponse> Handle(GetHistoryQuery query, CancellationToken cancellationToken)
    {
        var details = await access.VisibleCase(query.CaseId, await reader.Find(query.CaseId, cancellationToken), d => d.AgencyCode, cancellationToken);
        var rows = await session.Query<Row>("""
            SELECT seq, kind, acting_on, recorded_at, actor_id, actor_name, due_before, due_after, payload, voided_by_seq, corrected_by_seq,
                original_payload
            FROM case_history WHERE case_id = @id ORDER BY seq
            """, new { id = query.CaseId.ToString() }, cancellationToken);
        var bySeq = rows.ToDictionary(r => r.Seq);
        VoidDetails? Voided(Row r)
        {
            if (r.VoidedBySeq is not { } by || !bySeq.TryGetValue(by, out var v)) return null;
            var reason = v.Payload is null ? null
                : JsonDocument.Parse(v.Payload).RootElement.TryGetProperty("reason", out var text) ? text.GetString() : null;
            return new VoidDetails(by, new AssigneeDetails(v.ActorId, v.ActorName), reason, v.RecordedAt);
        }

        return new HistoryResponse(details.Id, details.CaseNumber, rows.Select(r => new HistoryEntry(
            r.Seq, r.Kind, r.ActingOn, r.RecordedAt, new AssigneeDetails(r.ActorId, r.ActorName), r.DueBefore, r.DueAfter,
            r.Payload is null ? null : JsonDocument.Parse(r.Payload).RootElement.Clone())
        {
            Voided = Voided(r),
            CorrectedBySeq = r.CorrectedBySeq,
            OriginalDetails = r.OriginalPayload is null ? null : JsonDocument.Parse(r.OriginalPayload).RootElement.Clone(),
        }).ToList());
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
