using System.Text.RegularExpressions;

namespace CaseTracker.Domain.Applicants;

/// <summary>
/// The check of a phone number read from an office's spreadsheet (issue 17 item 6): a number Excel stored as a number
/// comes back in scientific notation (1.38001E+10) or without its leading 0 (a landline's area code 0871 becomes 871…);
/// either is refused with a sentence asking for the column to be formatted as text, since the digits cannot be recovered.
/// </summary>
public static partial class ContactPhone
{
    [GeneratedRegex(@"^\d+(\.\d+)?[eE]\+?\d+$")]
    private static partial Regex Scientific();

    [GeneratedRegex(@"^[2-9]\d{9}$")]
    private static partial Regex LostLeadingZero();

    /// <summary>Why <paramref name="phone"/> was mangled by a spreadsheet, or null when it reads as typed.</summary>
    public static string? Problem(string phone)
    {
        var n = phone.Trim();
        if (Scientific().IsMatch(n))
            return $"The phone number {n} is in scientific notation: a spreadsheet turned it into a number and its last digits are lost; format the column as text and type the number again.";
        if (LostLeadingZero().IsMatch(n))
            return $"The phone number {n} has 10 digits and no leading 0: a spreadsheet turned it into a number and dropped the 0 of the area code; format the column as text and type the number again.";
        return null;
    }
}
