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
        // Fees received per agency: the legacy row 七 adds each member's own figure, rounded as that member reports it (reports.md §3, §5).
        var feesByAgency = await session.Query<decimal?>($"""
            SELECT SUM(fee_paid_yuan) FROM cases WHERE {cases} AND fee_paid_on >= @start AND fee_paid_on <= @end
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
        var fees = await session.ExecuteScalar<decimal?>($"""
            SELECT SUM(fee_paid_yuan) FROM cases WHERE {cases} AND fee_paid_on >= @start AND fee_paid_on <= @end
            """, p, cancellationToken);

        return new ReportCounts
        {
            FeesYuanByAgency = feesByAgency.Select(f => f ?? 0m).ToList(),
            Received = received.Select(r => new ReceivedCount(Enum.Parse<Channel>(r.Channel), Enum.Parse<ApplicantKind>(r.ApplicantKind), (int)r.Count)).ToList(),
            CarriedIn = carriedIn.Select(r => new KindCount(Enum.Parse<ApplicantKind>(r.ApplicantKind), (int)r.Count)).ToList(),
            CarriedOut = carriedOut.Select(r => new KindCount(Enum.Parse<ApplicantKind>(r.ApplicantKind), (int)r.Count)).ToList(),
            Closed = closed.Select(r => new ClosedCount(Enum.Parse<ApplicantKind>(r.ApplicantKind), r.Outcome, Enum.Parse<Regime>(r.Regime),
                r.Extended, r.ClosedLate, (int)r.Count)).ToList(),
            Proceedings = proceedings.Select(r => new ProceedingCount(Enum.Parse<ProceedingKind>(r.Kind),
                r.Result is null ? null : Enum.Parse<ProceedingResult>(r.Result), (int)r.Count)).ToList(),
            Complaints = (int)complaints,
            FeesYuan = fees ?? 0m,
        };
    }
}
