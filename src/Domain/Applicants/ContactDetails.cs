using System.Text.RegularExpressions;

namespace CaseTracker.Domain.Applicants;

/// <summary>
/// The checks of an applicant's phone and e-mail, used by registration and by import alike, so that a reply or a notice
/// (告知书, 补正通知) can reach the applicant: a phone is digits with optional + - ( ) and spaces, 7–20 digits, and an
/// extension after 转 or ext (<c>0871-12345678转123</c>); an e-mail has one @ and a domain with a dot. A phone number a
/// spreadsheet turned into a number (issue 17 item 6) is told apart first (<see cref="MangledPhoneProblem"/>), with the
/// sentence that says how to fix the column.
/// </summary>
public static partial class ContactDetails
{
    [GeneratedRegex(@"^\+?[0-9 ()\-]+$")]
    private static partial Regex PhoneMain();

    [GeneratedRegex(@"^(?<main>.*?)\s*(?:转|ext\.?|EXT\.?|Ext\.?)\s*(?<extension>[0-9]{1,6})$")]
    private static partial Regex WithExtension();

    [GeneratedRegex(@"^[^\s@]+@[^\s@]+$")]
    private static partial Regex OneAt();

    [GeneratedRegex(@"^\d+(\.\d+)?[eE]\+?\d+$")]
    private static partial Regex Scientific();

    [GeneratedRegex(@"^[2-9]\d{9}$")]
    private static partial Regex LostLeadingZero();

    /// <summary>Why <paramref name="phone"/> is not a phone number (the sentence names the value), or null when it is; surrounding spaces are ignored.</summary>
    public static string? PhoneProblem(string phone)
    {
        var t = phone.Trim();
        // A number a spreadsheet mangled gets the sentence that says how to fix the column.
        if (MangledPhoneProblem(t) is { } mangled) return mangled;
        var main = WithExtension().Match(t) is { Success: true } m ? m.Groups["main"].Value : t;
        var digits = main.Count(char.IsAsciiDigit);
        // A Chinese mobile number (手机号) is 1 and ten more digits, and no landline with its area code starts with 1: a number
        // without + or area code in brackets that starts with 1 and has 10 or 12 digits is a mobile with a digit lost or doubled
        // (trial A finding 12). Shorter numbers starting with 1 (service numbers) are left alone.
        if (PhoneMain().IsMatch(main) && main == t && main.StartsWith('1') && !main.Contains('(') && digits is 10 or 12)
            return $"The phone number {t} starts with 1 like a mobile number but has {digits} digits: a mobile number has 11 digits.";
        return PhoneMain().IsMatch(main) && digits is >= 7 and <= 20
            ? null
            : $"The phone number {t} is not one: digits with optional + - ( ) and spaces, 7 to 20 digits, an extension after 转 or ext.";
    }

    /// <summary>
    /// Why <paramref name="phone"/> was mangled by a spreadsheet, or null when it reads as typed: a number Excel stored as a
    /// number comes back in scientific notation (1.38001E+10) or without its leading 0 (a landline's area code 0871 becomes
    /// 871…); either is refused asking for the column to be formatted as text, since the digits cannot be recovered.
    /// </summary>
    public static string? MangledPhoneProblem(string phone)
    {
        var n = phone.Trim();
        if (Scientific().IsMatch(n))
            return $"The phone number {n} is in scientific notation: a spreadsheet turned it into a number and its last digits are lost; format the column as text and type the number again.";
        if (LostLeadingZero().IsMatch(n))
            return $"The phone number {n} has 10 digits and no leading 0: a spreadsheet turned it into a number and dropped the 0 of the area code; format the column as text and type the number again.";
        return null;
    }

    /// <summary>Why <paramref name="email"/> is not an e-mail address (the sentence names the value), or null when it is.</summary>
    public static string? EmailProblem(string email)
    {
        var t = email.Trim();
        if (OneAt().IsMatch(t))
        {
            var domain = t[(t.IndexOf('@') + 1)..];
            var labels = domain.Split('.');
            if (labels.Length >= 2 && labels.All(l => l.Length > 0 && !l.StartsWith('-') && !l.EndsWith('-'))) return null;
        }

        return $"The e-mail address {t} is not one: one @ followed by a domain with a dot, such as name@example.cn.";
    }
}
