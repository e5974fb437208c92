using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Domain.Translation;

namespace CaseTracker.Api.Desk.Cases;

/// <summary>
/// The 答复决定 / 当场答复 drop-down: the answer outcomes of a case's regime, under the headings of the official table
/// (reports.md §2: gov2021 table 三 for Regime 2019 — （一）予以公开 … （六）其他处理; legacy for Regime 2008 — 4.不同意公开答复数).
/// </summary>
public static class OutcomeOptions
{
    /// <summary>
    /// Takes the case's regime; returns one option per answer outcome (value: the outcome code, unchanged; text: the official
    /// label, with its article in Chinese where it has one, so that no two options read the same) and its heading, or null
    /// where the row stands alone. Closings that are not answers (withdrawal, 补正 or fee overdue) are left out: they have their own steps.
    /// </summary>
    public static IReadOnlyList<(string Value, string Text, string? Group)> For(Regime regime)
    {
        var table = regime == Regime.Regime2019 ? ReportFormats.Gov2021.Table("table3") : ReportFormats.Legacy.Table("rows");
        var outcomes = Outcome.ForRegime(regime)
            .Where(o => o.IsAnswer && o.Code is not ("Other.Withdrawn" or "Other.SupplementOverdue" or "Other.FeeUnpaid"))
            .ToList();
        var sharedRows = outcomes.GroupBy(o => o.RowKey).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var options = outcomes.Select(o => (Value: o.Code, Text: Text(o), Group: Group(table, o, sharedRows))).ToList();

        // Two outcomes of one row without articles would still read alike: name the code, never show twins.
        return options
            .Select(o => options.Count(x => x.Text == o.Text) > 1 ? o with { Text = $"{o.Text}（{o.Value}）" } : o)
            .ToList();
    }

    /// <summary>
    /// An outcome as the desk names it: the official label (reports.md §2), or for a Regime 2008 outcome its own wording (同意公开, not the
    /// report's count 2.同意公开答复数), with its article in Chinese where it has one.
    /// </summary>
    public static string Text(Outcome o)
    {
        var label = o.Detail is { } detail ? $"{o.Name}：{detail}" : o.Name;
        return o.Article is { } article && Articles.Translate(article) is { } cited ? $"{label}（{cited}）" : label;
    }

    // The innermost sub-total holding the row (not the （七）总计 / （三）申请答复数 totals); a row two codes share is its own heading.
    private static string? Group(ReportTable table, Outcome o, HashSet<string?> sharedRows)
    {
        var parent = table.Rows.FirstOrDefault(r => r.IsGroup && !r.Key.EndsWith(".total", StringComparison.Ordinal) && r.Members.Contains(o.RowKey!));
        if (parent is not null) return parent.Label;
        return sharedRows.Contains(o.RowKey) && table.TryGetRow(o.RowKey!, out var row) ? row.Label : null;
    }
}
