using CaseTracker.Domain.Cases;

namespace CaseTracker.Infrastructure.Persistence;

/// <summary>Each case's events, one case at a time, from one streamed query: memory follows one case, not the register.</summary>
public static class CaseEventStream
{
    private sealed class EventRow
    {
        public string CaseId { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? Payload { get; init; }
    }

    /// <summary>
    /// <paramref name="sql"/> selects <c>case_id, kind, payload</c> from <c>case_history</c> ordered by case and
    /// sequence; rows that are not events (notes) are skipped.
    /// </summary>
    public static async IAsyncEnumerable<(string CaseId, List<CaseEvent> Events)> EventsByCase(this DbSession session, string sql, object? parameters,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? current = null;
        var events = new List<CaseEvent>();
        await foreach (var row in session.Stream<EventRow>(sql, parameters, cancellationToken))
        {
            if (row.CaseId != current)
            {
                if (current is not null) yield return (current, events);
                current = row.CaseId;
                events = [];
            }

            if (row.Payload is not null && CaseEventSerializer.IsEventKind(row.Kind)) events.Add(CaseEventSerializer.Deserialize(row.Kind, row.Payload));
        }

        if (current is not null) yield return (current, events);
    }
}
