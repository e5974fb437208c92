using System.Text.RegularExpressions;
using CaseTracker.Api.Errors;

namespace CaseTracker.Api.Pipeline;

/// <summary>A message that checks its own fields before its handler runs.</summary>
public interface IValidatable
{
    void Validate(Validator validator);
}

/// <summary>Collects per-field errors; throws one <see cref="ValidationException"/> with all of them.</summary>
public sealed partial class Validator
{
    public const int ShortText = 200;
    public const int LongText = 4000;

    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public Validator Error(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Validator Required<T>(string field, T? value, string? message = null)
    {
        var missing = value is null || (value is string s && string.IsNullOrWhiteSpace(s));
        return missing ? Error(field, message ?? $"{field} is required.") : this;
    }

    public Validator MaxLength(string field, string? value, int max)
        => value is not null && value.Length > max ? Error(field, $"{field} is at most {max} characters; {value.Length} were sent.") : this;

    /// <summary>Free text to be stored: required or not, at most <paramref name="max"/> characters, and the register's text rule (<see cref="Domain.FreeText"/>).</summary>
    public Validator Text(string field, string? value, int max, bool required)
    {
        if (required) Required(field, value);
        MaxLength(field, value, max);
        if (!string.IsNullOrWhiteSpace(value) && Domain.FreeText.Problem(field, value) is { } problem) Error(field, problem);
        return this;
    }

    /// <summary>
    /// A reason given for a change or a read that is logged: at most <paramref name="max"/> characters, the text rule, and
    /// when given at least 2 letters, digits or ideographs (<see cref="IsMeaningful"/>), else <paramref name="notMeaningful"/>.
    /// </summary>
    public Validator Reason(string field, string? value, int max, bool required, string notMeaningful)
    {
        Text(field, value, max, required);
        if (!string.IsNullOrWhiteSpace(value) && !IsMeaningful(value)) Error(field, notMeaningful);
        return this;
    }

    /// <summary>At least 2 letters, digits or ideographs (Chinese characters count one each): "a", "。。" and "- -" are not a reason.</summary>
    public static bool IsMeaningful(string reason) => reason.Count(char.IsLetterOrDigit) >= 2;

    public Validator Code(string field, string? value, bool required)
    {
        if (required) Required(field, value);
        if (!string.IsNullOrEmpty(value) && !CodePattern().IsMatch(value))
            Error(field, $"{field} must be 1–20 letters, digits, '-' or '_' (e.g. CX).");
        return this;
    }

    public Validator Range(string field, int? value, int min, int max)
        => value is { } v && (v < min || v > max) ? Error(field, $"{field} must be between {min} and {max}.") : this;

    public void ThrowIfAny()
    {
        if (errors.Count > 0) throw new ValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }

    public static void Check(object message)
    {
        if (message is not IValidatable validatable) return;
        var validator = new Validator();
        validatable.Validate(validator);
        validator.ThrowIfAny();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,20}$")]
    private static partial Regex CodePattern();
}
