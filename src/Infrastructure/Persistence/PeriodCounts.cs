using Dapper;

namespace CaseTracker.Infrastructure.Persistence;

/// <summary>
/// Cases of a set of agencies counted per period of one date column (receipt date, closing date), each period one count over a
/// range of an index that starts (agency_code, that column) — <c>ix_cases_report_received</c>, <c>ix_cases_report_closed</c> —, all
/// periods in one statement (<c>UNION ALL</c> of the counts). Nothing is computed row by row, so counting a million cases by month
/// costs a walk over the index entries, not a date function per row (bench/README.md, "督办 and trends").
/// </summary>
public static class PeriodCounts
{
    /// <summary>The date columns of <c>cases</c> that may be counted: each leads an index after agency_code.</summary>
    private static readonly HashSet<string> Columns = new(StringComparer.Ordinal) { "received_on", "closed_on" };

    private sealed class Row
    {
        public int K { get; init; }
        public long Cases { get; init; }
    }

    /// <summary>
    /// Takes the agency codes of the scope, the column (<c>received_on</c> or <c>closed_on</c>) and the periods, each from its first
    /// China date to the day after its last (<paramref name="periods"/>: [From, Until)). Returns the number of cases of those
    /// agencies whose date in the column lies in each period, in the periods' order (0 for an empty period; all 0 without an
    /// agency). Refuses (ArgumentException) any other column: the name is written into the statement.
    /// </summary>
    public static async Task<long[]> Count(DbSession session, string column, IReadOnlyList<string> agencies,
        IReadOnlyList<(DateOnly From, DateOnly Until)> periods, CancellationToken cancellationToken)
    {
        if (!Columns.Contains(column)) throw new ArgumentException($"Cases are not counted by period of {column}.", nameof(column));
        var counts = new long[periods.Count];
        if (agencies.Count == 0 || periods.Count == 0) return counts;
        var parameters = new DynamicParameters();
        parameters.Add("agencies", agencies.ToArray());
        var inScope = session.Dialect.InList("agency_code", "agencies");
        var parts = new List<string>(periods.Count);
        for (var i = 0; i < periods.Count; i++)
        {
            parameters.Add($"from{i}", periods[i].From);
            parameters.Add($"until{i}", periods[i].Until);
            parts.Add($"SELECT {i} AS k, COUNT(*) AS cases FROM cases WHERE {inScope} AND {column} >= @from{i} AND {column} < @until{i}");
        }

        foreach (var row in await session.Query<Row>(string.Join("\nUNION ALL\n", parts), parameters, cancellationToken))
            counts[row.K] = row.Cases;
        return counts;
    }
}
