namespace CaseTracker.Domain.Applicants;

/// <summary>
/// The one way an applicant's ID number, phone, e-mail and address are shown outside an explicit, logged read of one case
/// (security.md "Personal data"; 个人信息保护法 Art. 28, 51): every list, case JSON, export, alert, webhook, e-mail and log
/// shows these forms. The functions are total: null or blank stays null, any text gives a masked text, never an exception.
/// </summary>
public static class PersonalDataMask
{
    /// <summary>An ID or document number: the first 4 and last 4 characters, the rest as * (<c>5301**********1234</c>); 8 characters or fewer all *.</summary>
    public static string? IdNumber(string? value)
        => string.IsNullOrWhiteSpace(value) ? null : ResidentIdNumber.Mask(value);

    /// <summary>A phone number: the first 3 and last 4 characters, the rest as * (<c>139****1111</c>); 7 characters or fewer keep only the last 2.</summary>
    public static string? Phone(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var p = value.Trim();
        if (p.Length <= 7) return p.Length <= 2 ? new string('*', p.Length) : new string('*', p.Length - 2) + p[^2..];
        return p[..3] + new string('*', p.Length - 7) + p[^4..];
    }

    /// <summary>An e-mail address: the first character of the local part and the domain (<c>z***@example.cn</c>); text without @ as a phone.</summary>
    public static string? Email(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var e = value.Trim();
        var at = e.LastIndexOf('@');
        if (at <= 0) return Phone(e);
        return e[0] + "***" + e[at..];
    }

    /// <summary>A postal address: its first 6 characters (province and city, as a rule) and *** (<c>云南省昆明市***</c>).</summary>
    public static string? Address(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var a = value.Trim();
        return a.Length <= 6 ? new string('*', a.Length) : a[..6] + "***";
    }
}
