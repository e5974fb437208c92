using System.Security.Cryptography;

namespace CaseTracker.Domain.Documents;

/// <summary>
/// The receipt's 查询码 (documents.md "Templates"): random, printed on the 登记回执, needed with the case number for the
/// status lookup. Not derived from the case id or number.
/// </summary>
public static class LookupCode
{
    /// <summary>Characters without look-alikes: digits 2–9 and upper-case letters without I, L, O (no 0/O, 1/I/l); 31 symbols.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>Length of a code: 10 characters, about 49.5 random bits.</summary>
    public const int Length = 10;

    /// <summary>A new code: <see cref="Length"/> characters drawn uniformly from <see cref="Alphabet"/> by <see cref="RandomNumberGenerator"/>.</summary>
    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>
    /// Whether <paramref name="code"/> (spaces and case ignored, as a clerk may read it out) has the form of a code:
    /// <see cref="Length"/> characters of <see cref="Alphabet"/>.
    /// </summary>
    public static bool IsWellFormed(string? code) => Normalize(code) is not null;

    /// <summary>The code in upper case without spaces or hyphens, or null when it is not well formed.</summary>
    public static string? Normalize(string? code)
    {
        if (code is null) return null;
        var compact = new string(code.Where(c => c is not (' ' or '-')).Select(char.ToUpperInvariant).ToArray());
        return compact.Length == Length && compact.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? compact : null;
    }
}
