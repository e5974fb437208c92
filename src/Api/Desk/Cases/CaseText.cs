using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;

namespace CaseTracker.Api.Desk.Cases;

/// <summary>The text of the intake, case and approval screens (CaseText.resx, Chinese).</summary>
public sealed class CaseText;

/// <summary>
/// Chinese names of the register's values (key: type name, underscore, value): from <see cref="CaseText"/> where the case
/// screens word a value their own way, else from <see cref="DeskText"/>, the desk's one catalogue of value names (lists,
/// export, case page). A case status is named in DeskText only, so it reads the same on every screen and in the export.
/// </summary>
public static class CaseLabels
{
    private static readonly ResourceManager Names = new("CaseTracker.Api.Desk.DeskText", typeof(DeskText).Assembly);

    public static string Of<T>(this IStringLocalizer<CaseText> text, T value) where T : struct, Enum
    {
        var key = $"{typeof(T).Name}_{value}";
        var found = text[key];
        if (!found.ResourceNotFound) return found.Value;
        return Names.GetString(key, CultureInfo.CurrentUICulture) ?? value.ToString();
    }

    public static IReadOnlyList<(string Value, string Text)> Options<T>(this IStringLocalizer<CaseText> text) where T : struct, Enum
        => Enum.GetValues<T>().Select(v => (v.ToString(), text.Of(v))).ToList();

    /// <summary>yyyy-MM-dd, the desk's one date format.</summary>
    public static string Iso(this DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Iso(this DateOnly? date) => date?.Iso() ?? "—";
}
