using System.Globalization;

namespace CaseTracker.Domain.Applicants;

/// <summary>
/// The citizen identity number of GB 11643-1999 (公民身份号码): 17 digits (address code, birth date, sequence) and a check
/// character computed by ISO 7064 MOD 11-2. The number is personal data: <see cref="Mask"/> is what a screen shows.
/// </summary>
public enum IdNumberProblem { None, Length, Digits, BirthDate, CheckCharacter }

public static class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>
    /// Why <paramref name="number"/> is not a valid 18-character identity number, or null when it is: 17 digits and the
    /// check character (X upper or lower case) of GB 11643-1999 §8.2, with a real birth date. Refuses the old 15-digit form
    /// (it carries no check character, so a slip of one digit cannot be caught), spaces and any other character.
    /// </summary>
    public static string? Problem(string number) => Check(number) switch
    {
        IdNumberProblem.None => null,
        IdNumberProblem.Length => $"A citizen identity number has 18 characters; {number.Trim().Length} were given.",
        IdNumberProblem.Digits => "The first 17 characters of a citizen identity number are digits.",
        IdNumberProblem.BirthDate => $"Characters 7–14 of a citizen identity number are the birth date; {number.Trim()[6..14]} is not a date.",
        _ => $"The check character does not match (GB 11643-1999): a digit was mistyped; the 18th character would be {CheckCharacter(number.Trim()[..17])} for these 17 digits.",
    };

    /// <summary>Which rule of GB 11643-1999 <paramref name="number"/> breaks first, <see cref="IdNumberProblem.None"/> when valid.</summary>
    public static IdNumberProblem Check(string number)
    {
        var n = number.Trim();
        if (n.Length != 18) return IdNumberProblem.Length;
        for (var i = 0; i < 17; i++)
            if (n[i] is < '0' or > '9')
                return IdNumberProblem.Digits;
        if (!DateOnly.TryParseExact(n[6..14], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born) || born.Year < 1900)
            return IdNumberProblem.BirthDate;
        return char.ToUpperInvariant(n[17]) == CheckCharacter(n[..17]) ? IdNumberProblem.None : IdNumberProblem.CheckCharacter;
    }

    /// <summary>The check character (0–9 or X) of the first 17 digits, ISO 7064 MOD 11-2.</summary>
    public static char CheckCharacter(string first17)
    {
        if (first17.Length != 17 || first17.Any(c => c is < '0' or > '9'))
            throw new ArgumentException("17 digits are needed.", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    /// <summary>The number as a screen shows it after saving: the first 4 and last 4 characters, the rest as *; short text all *.</summary>
    public static string Mask(string number)
    {
        var n = number.Trim();
        return n.Length <= 8 ? new string('*', n.Length) : n[..4] + new string('*', n.Length - 8) + n[^4..];
    }
}
