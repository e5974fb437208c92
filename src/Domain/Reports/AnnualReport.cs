using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Domain.Proceedings;

namespace CaseTracker.Domain.Reports;

public readonly record struct ReceivedCount(Channel Channel, ApplicantKind Kind, int Count);

public readonly record struct KindCount(ApplicantKind Kind, int Count);

/// <summary>Cases closed in the year, grouped: the outcome, whether extended, whether delivered late.</summary>
public readonly record struct ClosedCount(ApplicantKind Kind, string Outcome, Regime Regime, bool Extended, bool Late, int Count);

/// <summary>Proceedings filed in the year; <see cref="Result"/> is null while pending at 31 December.</summary>
public readonly record struct ProceedingCount(ProceedingKind Kind, ProceedingResult? Result, int Count);

/// <summary>
/// What the register says about one year of one agency (or agency tree): the grouped counts the database
/// computes (GROUP BY over indexed columns), from which every format's table is assembled.
/// </summary>
public sealed record ReportCounts
{
    public IReadOnlyList<ReceivedCount> Received { get; init; } = [];
    public IReadOnlyList<KindCount> CarriedIn { get; init; } = [];
    public IReadOnlyList<KindCount> CarriedOut { get; init; } = [];

    /// <summary>
    /// The fees received in the year by each agency of the report, in yuan: the legacy row 七 rounds each to 万元 with 4 decimals
    /// before adding them, so a tree's figure is the sum of its members' own figures (reports.md §3, §5).
    /// </summary>
    public IReadOnlyList<decimal> FeesYuanByAgency { get; init; } = [];

    public IReadOnlyList<ClosedCount> Closed { get; init; } = [];
    public IReadOnlyList<ProceedingCount> Proceedings { get; init; } = [];
    public int Complaints { get; init; }
    public decimal FeesYuan { get; init; }

    /// <summary>The year's 信息处理费 steps (reports.md §7); <see cref="ReportFees.None"/> when the register has none.</summary>
    public ReportFees Fees { get; init; } = ReportFees.None;
}

/// <summary>
/// Fees in the annual report (reports.md §7, section 六 of the 2021 report, 其他需要报告的事项: 信息处理费; 国办函〔2020〕109号,
/// Regime 2019 cases received from 2021-01-01). For one report year (China dates, 1 January–31 December):
/// <see cref="NoticesIssued"/> fee notices whose issue date is in the year; <see cref="Paid"/> cases whose fee was paid in
/// the year and <see cref="CollectedYuan"/> the yuan paid by them; <see cref="Reduced"/> and <see cref="Waived"/> cases whose
/// fee was reduced to a lower amount, or waived (reduced to 0), in the year (a case reduced more than once counts once, by
/// its last reduction of the year). Voided steps are not counted. Regime 2008 cost fees (2008 Art. 27) are not included.
/// </summary>
public sealed record ReportFees(int NoticesIssued, int Paid, decimal CollectedYuan, int Reduced, int Waived)
{
    public static ReportFees None { get; } = new(0, 0, 0m, 0, 0);

    /// <summary>The fees of several agencies' registers together (a roll-up is the sum of its members).</summary>
    public ReportFees Plus(ReportFees other)
        => new(NoticesIssued + other.NoticesIssued, Paid + other.Paid, CollectedYuan + other.CollectedYuan, Reduced + other.Reduced, Waived + other.Waived);
}

public sealed record CheckResult(string Table, string Rule, string Column, decimal Left, decimal Right)
{
    public bool Holds => Left == Right;
}

/// <summary>
/// One report: every row and column of the format, zeros included. <see cref="Cells"/> maps table key →
/// row key → column key → value; a table without columns (legacy) uses the column key "".
/// </summary>
public sealed record AnnualReport(
    ReportDefinition Definition,
    int Year,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>> Cells,
    IReadOnlyList<CheckResult> Checks)
{
    public const string Value = "";

    /// <summary>The year's fee figures (reports.md §7), beside the tables; not a table of the official form.</summary>
    public ReportFees Fees { get; init; } = ReportFees.None;

    public decimal this[string table, string row, string column = Value] => Cells[table][row][column];

    /// <summary>
    /// reports.md §7: a report of a year that has not ended (China date <paramref name="today"/> still in or before it)
    /// is provisional and cannot be published; throws <see cref="DomainRuleException"/> (409).
    /// </summary>
    public static void EnsurePublishable(int year, DateOnly today)
    {
        if (today.Year <= year)
            throw new DomainRuleException(
                $"The {year} report cannot be published before the year has ended: its figures are provisional until 31 December {year}. Generate it again and publish it from 1 January {year + 1}.");
    }

    /// <summary>Assembles the format's tables from the counts (reports.md §3–4).</summary>
    public static AnnualReport Build(ReportFormat format, int year, ReportCounts counts)
    {
        format.EnsureAvailable(year);
        var definition = format.Definition();
        var cells = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>>();
        var checks = new List<CheckResult>();
        foreach (var table in definition.Tables)
        {
            var leaves = Leaves(format, table, counts);
            var filled = Fill(table, leaves);
            cells[table.Key] = filled;
            checks.AddRange(Check(table, filled));
        }

        if (format == ReportFormat.Legacy)
        {
            var rows = cells["rows"];
            // Every reply closes a case, but not every closed case has a reply (withdrawn): answered ≤ closed.
            var answered = rows["answered.total"][Value];
            var closed = rows["closed.total"][Value];
            checks.Add(new CheckResult("rows", "answered.total <= closed.total", Value, Math.Min(answered, closed), answered));
        }

        return new AnnualReport(definition, year, cells, checks) { Fees = counts.Fees };
    }

    private static Dictionary<(string Row, string Column), decimal> Leaves(ReportFormat format, ReportTable table, ReportCounts counts)
    {
        var leaves = new Dictionary<(string, string), decimal>();
        void Add(string row, string column, decimal value) => leaves[(row, column)] = leaves.GetValueOrDefault((row, column)) + value;

        switch (table.Key)
        {
            case "rows":
                foreach (var r in counts.Received) Add(ChannelRow(r.Channel), Value, r.Count);
                foreach (var c in counts.Closed)
                {
                    Add(c.Extended ? "closed.extended" : "closed.on_time", Value, c.Count);
                    if (c.Late) Add("closed.late", Value, c.Count);
                    var outcome = Outcome.Find(c.Regime, c.Outcome);
                    if (format.OutcomeRowKey(outcome) is { } key) Add(key, Value, c.Count);
                }

                foreach (var p in counts.Proceedings)
                {
                    var group = p.Kind == ProceedingKind.Review ? "review" : "litigation";
                    Add($"{group}.{p.Result switch { ProceedingResult.Upheld => "upheld", ProceedingResult.Corrected => "corrected", _ => "other" }}", Value, p.Count);
                }

                Add("complaints.total", Value, counts.Complaints);
                foreach (var yuan in counts.FeesYuanByAgency) Add("fees.total", Value, Math.Round(yuan / 10_000m, 4, MidpointRounding.AwayFromZero));
                break;
            case "table3":
                foreach (var r in counts.Received) Add("new_received", r.Kind.ColumnKey(), r.Count);
                foreach (var k in counts.CarriedIn) Add("carried_in", k.Kind.ColumnKey(), k.Count);
                foreach (var k in counts.CarriedOut) Add("carried_out", k.Kind.ColumnKey(), k.Count);
                foreach (var c in counts.Closed)
                {
                    var outcome = Outcome.Find(c.Regime, c.Outcome);
                    Add(format.OutcomeRowKey(outcome)!, c.Kind.ColumnKey(), c.Count);
                }

                break;
            case "table4":
                foreach (var p in counts.Proceedings)
                {
                    var row = p.Kind switch
                    {
                        ProceedingKind.Review => "review",
                        ProceedingKind.LitigationDirect => "litigation_direct",
                        _ => "litigation_after_review",
                    };
                    var column = p.Result switch
                    {
                        ProceedingResult.Upheld => "upheld",
                        ProceedingResult.Corrected => "corrected",
                        ProceedingResult.Other => "other",
                        _ => "pending",
                    };
                    Add(row, column, p.Count);
                }

                break;
        }

        return leaves;
    }

    private static string ChannelRow(Channel channel) => channel switch
    {
        Channel.InPerson => "received.in_person",
        Channel.Fax => "received.fax",
        Channel.Online => "received.online",
        _ => "received.letter",
    };

    private static Dictionary<string, IReadOnlyDictionary<string, decimal>> Fill(ReportTable table, Dictionary<(string Row, string Column), decimal> leaves)
    {
        var leafColumns = table.Columns.Count == 0 ? [Value] : table.Columns.Where(c => !c.IsTotal).Select(c => c.Key).ToList();
        var result = new Dictionary<string, IReadOnlyDictionary<string, decimal>>();
        foreach (var row in table.Rows)
        {
            var leafRows = table.LeafKeys(row.Key);
            var values = new Dictionary<string, decimal>();
            foreach (var column in leafColumns) values[column] = leafRows.Sum(r => leaves.GetValueOrDefault((r, column)));
            foreach (var total in table.Columns.Where(c => c.IsTotal)) values[total.Key] = total.Members.Sum(m => values[m]);
            result[row.Key] = values;
        }

        return result;
    }

    private static IEnumerable<CheckResult> Check(ReportTable table, Dictionary<string, IReadOnlyDictionary<string, decimal>> filled)
    {
        foreach (var check in table.Checks)
        foreach (var column in table.Columns.Count == 0 ? [Value] : table.Columns.Select(c => c.Key))
            yield return new CheckResult(table.Key, check.Rule, column,
                check.Left.Sum(r => filled[r][column]), check.Right.Sum(r => filled[r][column]));
    }
}
