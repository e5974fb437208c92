using System.Text.RegularExpressions;

namespace CaseTracker.Domain.Applicants;

/// <summary>
/// The checks of an applicant's phone and e-mail, used by registration and by import alike, so that a reply or a notice
/// (告知书, 补正通知) can reach the applicant: a phone is digits with optional + - ( ) and spaces, 7–20 digits, and an
/// extension after 转 or ext (<c>0871-12345678转123</c>); an e-mail has one @ and a domain with a dot.
/// </summary>
public static partial class ContactDetails
{
    [GeneratedRegex(@"^\+?[0-9 ()\-]+$")]
    private static partial Regex PhoneMain();

    [GeneratedRegex(@"^(?<main>.*?)\s*(?:转|ext\.?|EXT\.?|Ext\.?)\s*(?<extension>[0-9]{1,6})$")]
    private static partial Regex WithExtension();

    [GeneratedRegex(@"^[^\s@]+@[^\s@]+$")]
    private static partial Regex OneAt();

    /// <summary>Why <paramref name="phone"/> is not a phone number (the sentence names the value), or null when it is; surrounding spaces are ignored.</summary>
    public static string? PhoneProblem(string phone)
    {
        var t = phone.Trim();
        // A number a spreadsheet mangled gets the sentence that says how to fix the column (ContactPhone).
        if (ContactPhone.Problem(t) is { } mangled) return mangled;
        var main = WithExtension().Match(t) is { Success: true } m ? m.Groups["main"].Value : t;
        var digits = main.Count(char.IsAsciiDigit);
        return PhoneMain().IsMatch(main) && digits is >= 7 and <= 20
            ? null
            : $"The phone number {t} is not one: digits with optional + - ( ) and spaces, 7 to 20 digits, an extension after 转 or ext.";
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
