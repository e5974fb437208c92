using System.Globalization;
using System.Text.RegularExpressions;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Infrastructure.Cases;

namespace CaseTracker.Api.Features.Cases.ImportCases;

/// <summary>The cells of one row, read by column name; every problem is recorded against the row and column.</summary>
internal sealed partial class RegisterCells(CsvRecord record, ColumnMapping mapping, ImportErrors errors)
{
    private readonly Dictionary<string, string?> overrides = new(StringComparer.Ordinal);

    public string? Raw(string column)
    {
        if (overrides.TryGetValue(column, out var given)) return given;
        return mapping.Columns.TryGetValue(column, out var i) && i < record.Fields.Count && record.Fields[i].Trim() is { Length: > 0 } value ? value : null;
    }

    /// <summary>Reads <paramref name="column"/> as <paramref name="value"/> from now on (a fact the import infers, e.g. the agency of <c>?agency=</c>).</summary>
    public void Set(string column, string? value) => overrides[column] = value;

    public bool Has(string column) => Raw(column) is not null;

    /// <summary>Whether the file has a column read as <paramref name="column"/> (its cell may be empty).</summary>
    public bool HasColumn(string column) => mapping.Columns.ContainsKey(column);

    /// <summary>How many consultations the file's columns carry (at least the template's three; consultation4… when present).</summary>
    public int Consultations => mapping.Consultations;

    /// <summary>The column as the file names it (or the field's name when the file has no such column).</summary>
    public string Name(string column) => mapping.Display(column);

    public void Error(string column, string message) => errors.Row(record.Row, Name(column), message);

    /// <summary>Whether any of <paramref name="columns"/> has an error on this row.</summary>
    public bool AnyError(params string[] columns) => columns.Any(c => errors.HasCell(record.Row, Name(c)));

    public string? Text(string column, int max, bool required = false)
    {
        var value = Raw(column);
        if (value is null)
        {
            if (required) Error(column, $"{Name(column)} is required.");
            return null;
        }

        // The register's CSV export (and a spreadsheet's text prefix) writes text starting with = + - @ behind an apostrophe so it
        // is never run as a formula; the text itself is what follows.
        if (value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r') value = value[1..];
        if (value.Length > max) Error(column, $"{Name(column)} is at most {max} characters; this one has {value.Length}.");
        else if (FreeText.Problem(Name(column), value) is { } problem) Error(column, problem);
        else return value;
        return null;
    }

    public string? Code(string column)
    {
        var value = Text(column, 20, required: true);
        if (value is not null && !CodePattern().IsMatch(value))
        {
            Error(column, $"{Name(column)} must be 1–20 letters, digits, '-' or '_' (e.g. CX).");
            return null;
        }

        return value;
    }

    public DateOnly? Date(string column, bool required = false)
    {
        var value = Raw(column);
        if (value is null)
        {
            if (required) Error(column, $"{Name(column)} is required.");
            return null;
        }

        if (RegisterValues.Date(value) is { } date) return date;
        Error(column, $"{Name(column)} \"{value}\" is not a date: write it as 2025-01-06, 2025/1/6, 2025.1.6 or 2025年1月6日.");
        return null;
    }

    /// <summary>A coded value by its English name or a Chinese name of <paramref name="names"/>; an unreadable one names what is accepted, once.</summary>
    public T? Enum<T>(string column, IReadOnlyDictionary<string, T> names, bool required = false) where T : struct, Enum
    {
        var value = Raw(column);
        if (value is null)
        {
            if (required) Error(column, $"{Name(column)} is required.");
            return null;
        }

        if (names.TryGetValue(RegisterValues.Key(value), out var known)) return known;
        Error(column, $"{Name(column)} \"{value}\" cannot be read: write one of {RegisterValues.Accepted[typeof(T)]}.");
        return null;
    }

    public int? Int(string column, int min, int max)
    {
        var value = Raw(column);
        if (value is null) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            return number;
        Error(column, $"{Name(column)} \"{value}\" must be a whole number from {min} to {max}.");
        return null;
    }

    /// <summary>An amount in yuan (元): 0 to 1,000,000,000 with at most two decimals; a trailing 元 and thousands commas are allowed.</summary>
    public decimal? Yuan(string column)
    {
        var value = Raw(column);
        if (value is null) return null;
        var text = value.Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal).TrimEnd('元').Trim();
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan) && yuan <= 1_000_000_000m && decimal.Round(yuan, 2) == yuan)
            return yuan;
        Error(column, $"{Name(column)} \"{value}\" is not an amount in yuan: write it as 1700 or 45.50 (at most two decimals).");
        return null;
    }

    /// <summary>A consultation's consent: 同意 (true), 不同意 (false), 未表态 or empty (null).</summary>
    public bool? Consents(string column)
    {
        var value = Raw(column);
        if (value is null) return null;
        if (RegisterValues.Consents.TryGetValue(RegisterValues.Key(value), out var consents)) return consents;
        Error(column, $"{Name(column)} \"{value}\" cannot be read: write 同意, 不同意 or 未表态 (or leave it empty).");
        return null;
    }

    /// <summary>Each of <paramref name="dependents"/> given without <paramref name="anchor"/> is an error.</summary>
    public void NeedsAnchor(string anchor, params string[] dependents)
    {
        if (Has(anchor)) return;
        foreach (var dependent in dependents.Where(Has))
            Error(dependent, $"{Name(dependent)} needs {Name(anchor)}: give the date of that step, or leave {Name(dependent)} empty.");
    }

    /// <summary>With <paramref name="anchor"/> given, each of <paramref name="required"/> must be given too.</summary>
    public void RequiredWith(string anchor, params string[] required)
    {
        if (!Has(anchor)) return;
        foreach (var column in required.Where(c => !Has(c)))
            Error(column, $"{Name(column)} is required with {Name(anchor)}.");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,20}$")]
    internal static partial Regex CodePattern();
}
