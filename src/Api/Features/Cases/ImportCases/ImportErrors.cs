using CaseTracker.Api.Errors;

namespace CaseTracker.Api.Features.Cases.ImportCases;

/// <summary>
/// One import error (or row warning) as the preview lists it: the data row (1 = the first under the header; null for the file or
/// header), the column as the file heads it, the sentence; and <see cref="SheetRow"/>, the row number as Excel shows it.
/// </summary>
public sealed record ImportError(int? Row, string? Column, string Message)
{
    /// <summary>The row as the spreadsheet numbers it (the header's row + <see cref="Row"/>; trial E finding 4), null for the file or header.</summary>
    public int? SheetRow { get; init; }
}

/// <summary>
/// The import's errors, keyed as the problem details' <c>errors</c>: <c>file</c> for the file as a whole,
/// <c>header: &lt;column&gt;</c> for the header row, <c>row N: &lt;column&gt;</c> for data row N (1 = the first row under
/// the header; <c>row N</c> alone when the row itself cannot be read).
/// </summary>
internal sealed class ImportErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);
    private readonly HashSet<int> rows = [];
    private readonly HashSet<(int Row, string Column)> cells = [];
    private readonly List<ImportError> list = [];

    /// <summary>Every error, the file's and header's first, then by row (in the order found within a row): the data row (null for the file or header), the column as the file names it, the sentence.</summary>
    public IReadOnlyList<ImportError> List => list.OrderBy(e => e.Row ?? 0).ToList();

    public bool Any => errors.Count > 0;

    public bool HasRow(int row) => rows.Contains(row);

    /// <summary>Whether data row <paramref name="row"/> has an error in <paramref name="column"/> (as the file heads it).</summary>
    public bool HasCell(int row, string column) => cells.Contains((row, column));

    public void File(string message)
    {
        list.Add(new ImportError(null, "file", message));
        Add("file", message);
    }

    public void Header(string column, string message)
    {
        list.Add(new ImportError(null, column, message));
        Add($"header: {column}", message);
    }

    public void Row(int row, string? column, string message)
    {
        rows.Add(row);
        if (column is not null) cells.Add((row, column));
        list.Add(new ImportError(row, column, message));
        Add(string.IsNullOrEmpty(column) ? $"row {row}" : $"row {row}: {column}", message);
    }

    private static string KeyOf(ImportError error) => error.Row is { } row
        ? string.IsNullOrEmpty(error.Column) ? $"row {row}" : $"row {row}: {error.Column}"
        : error.Column == "file" ? "file" : $"header: {error.Column}";

    /// <summary>
    /// An import's error key in Chinese (trial A finding 4h): <c>row 3: 申请人类型</c> → <c>第3行：申请人类型</c>, <c>row 3</c> → <c>第3行</c>,
    /// <c>header: 提交日期</c> → <c>列名：提交日期</c>; <c>file</c> and other keys as they are.
    /// </summary>
    public static string ChineseKey(string key)
    {
        var match = System.Text.RegularExpressions.Regex.Match(key, @"^row (\d+)(?:: (.*))?$", System.Text.RegularExpressions.RegexOptions.Singleline);
        if (match.Success) return match.Groups[2].Success ? $"第{match.Groups[1].Value}行：{match.Groups[2].Value}" : $"第{match.Groups[1].Value}行";
        return key.StartsWith("header: ", StringComparison.Ordinal) ? "列名：" + key["header: ".Length..] : key;
    }

    private void Add(string key, string message)
    {
        if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
        list.Add(message);
    }

    public ValidationException Exception()
    {
        var summary = rows.Count > 0
            ? $"{rows.Count} row{(rows.Count == 1 ? " has" : "s have")} errors; nothing was imported. Correct the rows listed and send the whole file again."
            : "Nothing was imported: " + string.Join(" ", errors.Values.SelectMany(v => v));
        // Keyed in row order (the file's and header's first), as the preview lists them.
        var order = list.Select((e, i) => (Key: KeyOf(e), e.Row, i)).GroupBy(k => k.Key).ToDictionary(g => g.Key, g => (Row: g.First().Row ?? 0, Index: g.First().i));
        return new ValidationException(errors.OrderBy(e => order[e.Key].Row).ThenBy(e => order[e.Key].Index).ToDictionary(e => e.Key, e => e.Value.ToArray()), summary);
    }

    public static ValidationException FileError(string message)
    {
        var errors = new ImportErrors();
        errors.File(message);
        return errors.Exception();
    }
}
