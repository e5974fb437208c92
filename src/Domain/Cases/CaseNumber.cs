using System.Globalization;
using System.Text.RegularExpressions;

namespace CaseTracker.Domain.Cases;

/// <summary>
/// A case number of the register, <c>&lt;agency&gt;-&lt;year&gt;-&lt;5 digits&gt;</c> (e.g. CX-2026-00001): one sequence per agency and
/// year. A number a case already holds (kept from an imported register) is never given again: the live sequence skips
/// it and goes on with the next free number, so an imported number never blocks registration.
/// </summary>
public readonly partial record struct CaseNumber(string AgencyCode, int Year, int Sequence)
{
    /// <summary>The last number of a year's sequence.</summary>
    public const int Last = 99_999;

    /// <summary>The number as the register writes it, e.g. CX-2026-00001.</summary>
    public override string ToString()
        => $"{AgencyCode}-{Year.ToString(CultureInfo.InvariantCulture)}-{Sequence.ToString("D5", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Reads <paramref name="text"/> written as the register writes numbers (an agency code of 1–20 letters, digits, '-' or
    /// '_', a 4-digit year, a 5-digit sequence); false for anything else. Sequence 00000 is read (the import refuses it with
    /// its own sentence).
    /// </summary>
    public static bool TryParse(string? text, out CaseNumber number)
    {
        var match = text is null ? Match.Empty : Pattern().Match(text);
        number = match.Success
            ? new CaseNumber(match.Groups["agency"].Value, int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["seq"].Value, CultureInfo.InvariantCulture))
            : default;
        return match.Success;
    }

    /// <summary>Reads a number known to be written as the register writes numbers; throws <see cref="FormatException"/> otherwise.</summary>
    public static CaseNumber Parse(string text)
        => TryParse(text, out var number) ? number : throw new FormatException($"\"{text}\" is not a case number <agencyCode>-<year>-<5 digits>.");

    /// <summary>The refusal (409) when the agency's numbers of the year have run out.</summary>
    public static DomainRuleException UsedUp(string agencyCode, int year)
        => new($"Agency {agencyCode} has used all 99,999 case numbers of {year}; no further case can be numbered in that year.");

    [GeneratedRegex("^(?<agency>[A-Za-z0-9_-]{1,20})-(?<year>[0-9]{4})-(?<seq>[0-9]{5})$")]
    private static partial Regex Pattern();
}
