using CaseTracker.Api.Errors;

namespace CaseTracker.Api.Features.Cases.ImportCases;

/// <summary>One import error as the preview lists it: the data row (1 = the first under the header; null for the file or header), the column as the file heads it, the sentence.</summary>
public sealed record ImportError(int? Row, string? Column, string Message);

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

    /// <summary>Every error in the order found: the data row (null for the file or header), the column as the file names it, the sentence.</summary>
    public IReadOnlyList<ImportError> List => list;

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
        return new ValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), summary);
    }

    public static ValidationException FileError(string message)
    {
        var errors = new ImportErrors();
        errors.File(message);
        return errors.Exception();
    }
}
