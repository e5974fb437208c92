using System.Globalization;

namespace CaseTracker.Domain.Cases;

/// <summary>
/// The register's case numbers, <c>&lt;agency&gt;-&lt;year&gt;-&lt;5 digits&gt;</c>, one sequence per agency and year.
/// A number a case already holds (kept from an imported register) is never given again: the live sequence skips
/// it and goes on with the next free number, so an imported number never blocks registration.
/// </summary>
public static class CaseNumbers
{
    /// <summary>The last number of a year's sequence.</summary>
    public const int Last = 99_999;

    /// <summary>The case number of <paramref name="sequence"/> in the agency's sequence for the year, e.g. CX-2026-00001.</summary>
    public static string Format(string agencyCode, int year, int sequence)
        => $"{agencyCode}-{year.ToString(CultureInfo.InvariantCulture)}-{sequence.ToString("D5", CultureInfo.InvariantCulture)}";

    /// <summary>The refusal (409) when the agency's numbers of the year have run out.</summary>
    public static DomainRuleException UsedUp(string agencyCode, int year)
        => new($"Agency {agencyCode} has used all 99,999 case numbers of {year}; no further case can be numbered in that year.");
}
