using System.Globalization;
using System.Text.RegularExpressions;

namespace CaseTracker.Domain.Applicants;

/// <summary>The kind of document an applicant's ID number belongs to (证件类型).</summary>
public enum IdDocumentKind
{
    /// <summary>居民身份证: 18 characters of GB 11643-1999, or the old 15-digit form.</summary>
    ResidentIdCard,
    /// <summary>护照: 5–17 letters and digits.</summary>
    Passport,
    /// <summary>港澳居民来往内地通行证: H or M and 8 digits (10 digits on the 2019 card: 8 and a 2-digit issue count).</summary>
    HongKongMacaoPermit,
    /// <summary>台湾居民来往大陆通行证: 8 digits (10 with the issue count).</summary>
    TaiwanPermit,
    /// <summary>外国人永久居留身份证: 3 letters and 12 digits (2004 card), or 18 characters by GB 11643 starting with 9 (2017 card).</summary>
    ForeignPermanentResidentCard,
    /// <summary>统一社会信用代码 of an organisation (GB 32100-2015): 18 digits and capital letters (no I, O, Z, S, V).</summary>
    CreditCode,
    /// <summary>Any other document: 1–40 letters, digits, '-' or '/'.</summary>
    Other,
}

/// <summary>
/// The one check of an applicant's ID number, used by registration and by import alike (security.md "Personal data":
/// length, birth date, GB 11643 check digit; other documents by kind). A number that Excel turned into scientific notation
/// (<c>5.32329E+17</c>) is refused with a sentence that says so: its last digits are gone and cannot be recovered.
/// </summary>
public static partial class IdDocument
{
    [GeneratedRegex(@"^\d+(\.\d+)?[eE]\+?\d+$")]
    private static partial Regex Scientific();

    [GeneratedRegex(@"^[A-Z0-9]{5,17}$")]
    private static partial Regex PassportNumber();

    [GeneratedRegex(@"^[HM]\d{8}(\d{2})?$")]
    private static partial Regex HongKongMacao();

    [GeneratedRegex(@"^\d{8}(\d{2})?$")]
    private static partial Regex Taiwan();

    [GeneratedRegex(@"^[A-Z]{3}\d{12}$")]
    private static partial Regex OldPermanentResident();

    [GeneratedRegex(@"^[0-9A-HJ-NPQRTUWXY]{18}$")]
    private static partial Regex CreditCodeCharacters();

    [GeneratedRegex(@"^[A-Za-z0-9\-/]{1,40}$")]
    private static partial Regex OtherNumber();

    /// <summary>
    /// An ID number as the register keeps it: trimmed, letters in upper case (GB 11643's check character X, the capitals of a
    /// 统一社会信用代码 or a passport), so a number typed with a lower-case x prints as the document has it; null for blank.
    /// Comparisons were already case-blind (the keyed hash upper-cases too).
    /// </summary>
    public static string? Normalize(string? number) => string.IsNullOrWhiteSpace(number) ? null : Plain(number);

    // Full-width digits and letters (the forms a Chinese input method types, ５３０１…Ｘ) read as the ASCII ones (NFKC), trimmed, upper case.
    private static string Plain(string number) => number.Normalize(System.Text.NormalizationForm.FormKC).Trim().ToUpperInvariant();

    /// <summary>
    /// Why a whole number given to find an applicant by (the case list's <c>idNumber</c>) cannot be anyone's: a number in
    /// scientific notation (Excel's <c>5.32329E+17</c>), or 17 digits and a digit or X that is neither a valid 居民身份证 number
    /// (GB 11643-1999 check character, birth date) nor a valid 统一社会信用代码 (GB 32100-2015); null otherwise (other documents
    /// are taken as typed). The sentence is registration's own, so a search says what a registration would have said.
    /// </summary>
    public static string? SearchProblem(string number, DateOnly today)
    {
        var n = Plain(number);
        if (Scientific().IsMatch(n)) return Problem(IdDocumentKind.ResidentIdCard, n, today);
        var citizenShape = n.Length == 18 && n[..17].All(char.IsAsciiDigit) && (char.IsAsciiDigit(n[17]) || n[17] == 'X');
        if (!citizenShape || Problem(IdDocumentKind.CreditCode, n, today) is null) return null;
        return Problem(IdDocumentKind.ResidentIdCard, n, today);
    }

    /// <summary>The kind assumed when none is given: a natural person's 居民身份证, an organisation's 统一社会信用代码.</summary>
    public static IdDocumentKind DefaultFor(bool naturalPerson) => naturalPerson ? IdDocumentKind.ResidentIdCard : IdDocumentKind.CreditCode;

    /// <summary>
    /// Why <paramref name="number"/> is not a valid number of a <paramref name="kind"/> document, or null when it is. Letters are
    /// compared in upper case, full-width characters as the ASCII ones; surrounding spaces are ignored. <paramref name="today"/> (a China date) bounds the birth date.
    /// </summary>
    public static string? Problem(IdDocumentKind kind, string number, DateOnly today)
    {
        var n = Plain(number);
        if (Scientific().IsMatch(n))
            return $"The ID number {n} is in scientific notation: a spreadsheet turned it into a number and its last digits are lost; format the column as text and type the number again.";
        return kind switch
        {
            IdDocumentKind.ResidentIdCard => ResidentCard(n, today),
            IdDocumentKind.Passport => PassportNumber().IsMatch(n) ? null : "A passport number is 5 to 17 letters and digits.",
            IdDocumentKind.HongKongMacaoPermit => HongKongMacao().IsMatch(n)
                ? null
                : "A Mainland Travel Permit for Hong Kong and Macao Residents number is H or M followed by 8 or 10 digits.",
            IdDocumentKind.TaiwanPermit => Taiwan().IsMatch(n) ? null : "A Mainland Travel Permit for Taiwan Residents number is 8 or 10 digits.",
            IdDocumentKind.ForeignPermanentResidentCard => OldPermanentResident().IsMatch(n) || (n.Length == 18 && n[0] == '9' && ResidentCard(n, today) is null)
                ? null
                : "A Foreign Permanent Resident ID Card number is 3 letters and 12 digits, or 18 characters starting with 9 with a valid check character.",
            IdDocumentKind.CreditCode => CreditCode(n),
            _ => OtherNumber().IsMatch(n) ? null : "A document number is 1 to 40 letters, digits, '-' or '/'.",
        };
    }

    private static string? ResidentCard(string n, DateOnly today)
    {
        if (n.Length == 15)
        {
            // The 1984 form (GB 11643-1989): 6-digit address code, 6-digit birth date of the 1900s, 3-digit sequence; no check character.
            if (n.Any(c => c is < '0' or > '9')) return "An old 15-digit citizen identity number has digits only.";
            return BirthDateProblem("19" + n[6..12], today);
        }

        return ResidentIdNumber.Check(n) switch
        {
            IdNumberProblem.None => BirthDateProblem(n[6..14], today),
            IdNumberProblem.Length => $"A citizen identity number has 18 characters (or 15 digits in the old form); {n.Length} were given.",
            IdNumberProblem.Digits => "The first 17 characters of a citizen identity number are digits.",
            IdNumberProblem.BirthDate => $"Characters 7–14 of a citizen identity number are the birth date; {n[6..14]} is not a date.",
            _ => $"The check character does not match (GB 11643-1999): a digit was mistyped; the 18th character would be {ResidentIdNumber.CheckCharacter(n[..17])} for these 17 digits.",
        };
    }

    private static string? BirthDateProblem(string yyyymmdd, DateOnly today)
    {
        if (!DateOnly.TryParseExact(yyyymmdd, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born) || born.Year < 1900)
            return $"The birth date in a citizen identity number, {yyyymmdd}, is not a date.";
        return born > today ? $"The birth date in a citizen identity number, {yyyymmdd}, is in the future." : null;
    }

    private static string? CreditCode(string n)
    {
        if (!CreditCodeCharacters().IsMatch(n))
            return "A unified social credit code has 18 digits and capital letters (without I, O, S, V or Z).";
        // GB 32100-2015 §5: weights 3^i mod 31 over the first 17, check = 31 - sum mod 31 (31 → 0).
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var sum = 0;
        var weight = 1;
        for (var i = 0; i < 17; i++)
        {
            sum += alphabet.IndexOf(n[i]) * weight;
            weight = weight * 3 % 31;
        }

        var check = alphabet[(31 - sum % 31) % 31];
        return n[17] == check ? null : $"The check character of a unified social credit code does not match (GB 32100-2015): the 18th character would be {check}.";
    }
}
