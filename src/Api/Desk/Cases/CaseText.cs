using Microsoft.Extensions.Localization;

namespace CaseTracker.Api.Desk.Cases;

/// <summary>The text of the intake, case and approval screens (CaseText.resx, Chinese).</summary>
public sealed class CaseText;

/// <summary>Chinese names of the register's values, from <see cref="CaseText"/> (key: type name, underscore, value).</summary>
public static class CaseLabels
{
    public static string Of<T>(this IStringLocalizer<CaseText> text, T value) where T : struct, Enum
    {
        var key = $"{typeof(T).Name}_{value}";
        var found = text[key];
        return found.ResourceNotFound ? value.ToString() : found.Value;
    }

    public static IReadOnlyList<(string Value, string Text)> Options<T>(this IStringLocalizer<CaseText> text) where T : struct, Enum
        => Enum.GetValues<T>().Select(v => (v.ToString(), text.Of(v))).ToList();

    /// <summary>yyyy-MM-dd, the desk's one date format.</summary>
    public static string Iso(this DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Iso(this DateOnly? date) => date?.Iso() ?? "—";
}
