using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Outcomes;

/// <summary>
/// The six outcome groups of the annual report's table 三 (国办公开办函〔2021〕30号, rows （一）予以公开 … （六）其他处理), by which
/// the 督办 charts and the trends count closed cases. A Regime 2008 outcome goes through the report's crosswalk (reports.md §2),
/// so the groups of every year of the register are comparable. Keys are public (JSON, case-list filter <c>outcomeGroup</c>).
/// </summary>
public static class OutcomeGroups
{
    public const string Disclosed = "disclosed";
    public const string PartiallyDisclosed = "partially_disclosed";
    public const string Withheld = "withheld";
    public const string Unable = "unable";
    public const string NotProcessed = "not_processed";
    public const string Other = "other";

    /// <summary>The groups in the order of table 三.</summary>
    public static IReadOnlyList<string> Keys { get; } = [Disclosed, PartiallyDisclosed, Withheld, Unable, NotProcessed, Other];

    /// <summary>The group's label as table 三 prints it (<c>（三）不予公开</c>).</summary>
    public static string Label(string group) => ReportFormats.Gov2021.Table("table3").Row("outcome." + group).Label;

    /// <summary>
    /// The group of a closed case's outcome: the gov2021 row of the outcome (crosswalked for Regime 2008), cut to its group.
    /// A case without an outcome or regime, or with a code outside the catalogue (an imported register's own wording), counts
    /// under <see cref="Other"/>, as table 三 would have to place it.
    /// </summary>
    public static string Of(Regime? regime, string? outcomeCode)
    {
        if (regime is not { } r || outcomeCode is null || !Outcome.TryFind(r, outcomeCode, out var outcome)) return Other;
        var row = outcome.Gov2021RowKey["outcome.".Length..];
        var dot = row.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? row : row[..dot];
    }

    /// <summary>The outcome codes of each regime that fall in the group (the case-list filter <c>outcomeGroup</c> selects by them).</summary>
    public static IReadOnlyList<(Regime Regime, string Code)> Codes(string group)
        => [.. Outcome.All.Where(o => Of(o.Regime, o.Code) == group).Select(o => (o.Regime, o.Code))];

    /// <summary>True for one of <see cref="Keys"/>.</summary>
    public static bool IsKey(string? group) => group is not null && Keys.Contains(group, StringComparer.Ordinal);
}
