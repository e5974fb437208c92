using System.Globalization;
using System.Text.RegularExpressions;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Infrastructure.Cases;

namespace CaseTracker.Api.Features.Cases.ImportCases;

/// <summary>The cells of one row, read by column name; every problem is recorded against the row and column.</summary>
internal sealed partial class RegisterCells(CsvRecord record, IReadOnlyDictionary<string, int> columns, ImportErrors errors)
{
    public string? Raw(string column)
        => columns.TryGetValue(column, out var i) && record.Fields[i].Trim() is { Length: > 0 } value ? value : null;

    public bool Has(string column) => Raw(column) is not null;

    public void Error(string column, string message) => errors.Row(record.Row, column, message);

    public string? Text(string column, int max, bool required = false)
    {
        var value = Raw(column);
        if (value is null)
        {
            if (required) Error(column, $"{column} is required.");
            return null;
        }

        if (value.Length > max) Error(column, $"{column} is at most {max} characters; this one has {value.Length}.");
        else if (FreeText.Problem(column, value) is { } problem) Error(column, problem);
        else return value;
        return null;
    }

    public string? Code(string column)
    {
        var value = Text(column, 20, required: true);
        if (value is not null && !CodePattern().IsMatch(value))
        {
            Error(column, $"{column} must be 1–20 letters, digits, '-' or '_' (e.g. CX).");
            return null;
        }

        return value;
    }

    public DateOnly? Date(string column, bool required = false)
    {
        var value = Raw(column);
        if (value is null)
        {
            if (required) Error(column, $"{column} is required.");
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        Error(column, $"{column} \"{value}\" is not a date written yyyy-MM-dd.");
        return null;
    }

    public T? Enum<T>(string column, bool required = false) where T : struct, Enum
    {
        var value = Raw(column);
        if (value is null)
        {
            if (required) Error(column, $"{column} is required.");
            return null;
        }

        var name = System.Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
        if (name is not null) return System.Enum.Parse<T>(name);
        Error(column, $"{column} \"{value}\" must be one of {string.Join(", ", System.Enum.GetNames<T>())}.");
        return null;
    }

    public int? Int(string column, int min, int max)
    {
        var value = Raw(column);
        if (value is null) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            return number;
        Error(column, $"{column} \"{value}\" must be a whole number from {min} to {max}.");
        return null;
    }

    /// <summary>Each of <paramref name="dependents"/> given without <paramref name="anchor"/> is an error.</summary>
    public void NeedsAnchor(string anchor, params string[] dependents)
    {
        if (Has(anchor)) return;
        foreach (var dependent in dependents.Where(Has))
            Error(dependent, $"{dependent} needs {anchor}: give the date of that step, or leave {dependent} empty.");
    }

    /// <summary>With <paramref name="anchor"/> given, each of <paramref name="required"/> must be given too.</summary>
    public void RequiredWith(string anchor, params string[] required)
    {
        if (!Has(anchor)) return;
        foreach (var column in required.Where(c => !Has(c)))
            Error(column, $"{column} is required with {anchor}.");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,20}$")]
    internal static partial Regex CodePattern();
}
