using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Proceedings;
using CaseTracker.Domain.Reports;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Reports;

/// <summary>
/// The counts behind every annual table, computed by the database: nine GROUP BY queries over indexed
/// columns of the register (agency + received_on, agency + closed_on, …); no case is loaded into memory.
/// </summary>
public sealed class ReportCountsQuery(DbSession session)
{
    private sealed class ReceivedRow
    {
        public string Channel { get; init; } = "";
        public string ApplicantKind { get; init; } = "";
        public long Count { get; init; }
    }

    private sealed class KindRow
    {
        public string ApplicantKind { get; init; } = "";
        public long Count { get; init; }
    }

    private sealed class ClosedRow
    {
        public string ApplicantKind { get; init; } = "";
        public string Outcome { get; init; } = "";
        public string Regime { get; init; } = "";
        public bool Extended { get; init; }
        public bool ClosedLate { get; init; }
        public long Count { get; init; }
    }

    private sealed class ProceedingRow
    {
        public string Kind { get; init; } = "";
        public string? Result { get; init; }
        public long Count { get; init; }
    }

    private sealed class FeeStepRow
    {
        public string CaseId { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Payload { get; init; } = "";
    }

    private sealed class FeePaidRow
    {
        public string AgencyCode { get; init; } = "";
        public long Count { get; init; }

        // As the engine gives it: SQLite's SUM is INTEGER for one agency and REAL for the next, which a typed member of a
        // multi-row read cannot take (Dapper types the column by the first row); converted once here.
        public object? PaidYuan { get; init; }

        public decimal Yuan => PaidYuan is null or DBNull ? 0m : Convert.ToDecimal(PaidYuan, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<ReportCounts> Count(IReadOnlyCollection<string> agencies, int year, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var cases = d.InList("agency_code", "agencies");
        var p = new
        {
            agencies = agencies.ToArray(),
            start = new DateOnly(year, 1, 1),
            end = new DateOnly(year, 12, 31),
        };

        var received = await session.Query<ReceivedRow>($"""
            SELECT channel, applicant_kind, COUNT(*) AS count FROM cases
            WHERE {cases} AND received_on >= @start AND received_on <= @end
            GROUP BY channel, applicant_kind
            """, p, cancellationToken);
        // Fees paid in the year, one row per agency: the legacy row 七 adds each member's own figure, rounded as that member reports
        // it (reports.md §3, §5); the fees block (reports.md §7) takes their totals. One read serves both.
        var paidByAgency = await session.Query<FeePaidRow>($"""
            SELECT agency_code, COUNT(*) AS count, SUM(fee_paid_yuan) AS paid_yuan FROM cases
            WHERE {cases} AND fee_paid_on >= @start AND fee_paid_on <= @end
            GROUP BY agency_code
            """, p, cancellationToken);
        // Open at a date = closed after it, or not closed: two ranges of the closed_on index (not a scan of every
        // case received before it, which in a register of many years is nearly all of them).
        var carriedIn = (await session.Query<KindRow>($"""
            SELECT applicant_kind, COUNT(*) AS count FROM cases
            WHERE {cases} AND closed_on >= @start AND received_on < @start
            GROUP BY applicant_kind
            """, p, cancellationToken)).Concat(await session.Query<KindRow>($"""
            SELECT applicant_kind, COUNT(*) AS count FROM cases
            WHERE {cases} AND closed_on IS NULL AND received_on < @start
            GROUP BY applicant_kind
            """, p, cancellationToken));
        var carriedOut = (await session.Query<KindRow>($"""
            SELECT applicant_kind, COUNT(*) AS count FROM cases
            WHERE {cases} AND closed_on > @end AND received_on <= @end
            GROUP BY applicant_kind
            """, p, cancellationToken)).Concat(await session.Query<KindRow>($"""
            SELECT applicant_kind, COUNT(*) AS count FROM cases
            WHERE {cases} AND closed_on IS NULL AND received_on <= @end
            GROUP BY applicant_kind
            """, p, cancellationToken));
        var closed = await session.Query<ClosedRow>($"""
            SELECT applicant_kind, outcome, regime, extended, closed_late, COUNT(*) AS count FROM cases
            WHERE {cases} AND received_on IS NOT NULL AND closed_on >= @start AND closed_on <= @end
            GROUP BY applicant_kind, outcome, regime, extended, closed_late
            """, p, cancellationToken);
        var proceedings = await session.Query<ProceedingRow>($"""
            SELECT kind, CASE WHEN concluded_on <= @end THEN result END AS result, COUNT(*) AS count FROM proceedings
            WHERE {cases} AND filed_on >= @start AND filed_on <= @end
            GROUP BY kind, CASE WHEN concluded_on <= @end THEN result END
            """, p, cancellationToken);
        var complaints = await session.ExecuteScalar<long>($"""
            SELECT COUNT(*) FROM complaints WHERE {cases} AND received_on >= @start AND received_on <= @end
            """, p, cancellationToken);

        var fees = await Fees(agencies, paidByAgency, p, cancellationToken);

        return new ReportCounts
        {
            FeesYuanByAgency = paidByAgency.Select(f => f.Yuan).ToList(),
            Received = received.Select(r => new ReceivedCount(Enum.Parse<Channel>(r.Channel), Enum.Parse<ApplicantKind>(r.ApplicantKind), (int)r.Count)).ToList(),
            CarriedIn = carriedIn.Select(r => new KindCount(Enum.Parse<ApplicantKind>(r.ApplicantKind), (int)r.Count)).ToList(),
            CarriedOut = carriedOut.Select(r => new KindCount(Enum.Parse<ApplicantKind>(r.ApplicantKind), (int)r.Count)).ToList(),
            Closed = closed.Select(r => new ClosedCount(Enum.Parse<ApplicantKind>(r.ApplicantKind), r.Outcome, Enum.Parse<Regime>(r.Regime),
                r.Extended, r.ClosedLate, (int)r.Count)).ToList(),
            Proceedings = proceedings.Select(r => new ProceedingCount(Enum.Parse<ProceedingKind>(r.Kind),
                r.Result is null ? null : Enum.Parse<ProceedingResult>(r.Result), (int)r.Count)).ToList(),
            Complaints = (int)complaints,
            FeesYuan = fees.CollectedYuan,
            Fees = fees,
        };
    }

    /// <summary>
    /// The year's fee figures (<see cref="ReportFees"/>): payments from <paramref name="paidByAgency"/> (the cases' stored payment,
    /// agency + fee_paid_on index, read once for row 七 and this block), notices and reductions from the history's fee steps (the partial index of migration 0025, whose predicate the
    /// query repeats word for word so that every engine uses it).
    /// </summary>
    private async Task<ReportFees> Fees(IReadOnlyCollection<string> agencies, IReadOnlyList<FeePaidRow> paidByAgency, object p, CancellationToken cancellationToken)
    {
        var steps = await session.Query<FeeStepRow>($"""
            SELECT h.case_id, h.kind, h.payload FROM case_history h JOIN cases c ON c.id = h.case_id
            WHERE h.kind IN ('FeeNoticeIssued', 'FeeReduced') AND h.acting_on >= @start AND h.acting_on <= @end
              AND h.voided_by_seq IS NULL AND {session.Dialect.InList("c.agency_code", "agencies")}
            ORDER BY h.case_id, h.seq
            """, p, cancellationToken);
        var notices = steps.Count(s => s.Kind == nameof(FeeNoticeIssued));
        // A case reduced more than once in the year counts once, by its last reduction (rows come in the case's order).
        var lastReductions = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var step in steps.Where(s => s.Kind == nameof(FeeReduced)))
            lastReductions[step.CaseId] = ((FeeReduced)CaseEventSerializer.Deserialize(step.Kind, step.Payload)).ToYuan;
        return new ReportFees(notices, (int)paidByAgency.Sum(r => r.Count), paidByAgency.Sum(r => r.Yuan),
            lastReductions.Values.Count(v => v > 0), lastReductions.Values.Count(v => v == 0));
    }
}
