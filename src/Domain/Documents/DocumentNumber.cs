namespace CaseTracker.Domain.Documents;

/// <summary>
/// The number (文号) of an issued document: per agency, per kind, per year (documents.md "Numbering"), written
/// <c>{prefix}〔{year}〕{sequence}号</c> as GB/T 9704-2012 §7.2.4 writes 发文字号 (六角括号, no leading zeros).
/// </summary>
public static class DocumentNumber
{
    /// <summary>The longest prefix an agency may set (a 机关代字 plus a kind character is usually 3–8 characters).</summary>
    public const int MaxPrefixLength = 20;

    /// <summary>
    /// e.g. <c>Format("武政信补", 2026, 3)</c> → "武政信补〔2026〕3号". Refused (400): an empty or over-long prefix, a prefix holding
    /// the brackets 〔〕 or 号 itself, a year outside 2000–2099, a sequence below 1.
    /// </summary>
    public static string Format(string prefix, int year, int sequence)
    {
        var problem = PrefixProblem(prefix);
        if (problem is not null)
            throw new InvalidInputException("prefix", problem);
        if (year is < 2000 or > 2099)
            throw new InvalidInputException("year", $"A document number's year must be between 2000 and 2099; got {year}.");
        if (sequence < 1)
            throw new InvalidInputException("sequence", $"A document number's sequence starts at 1; got {sequence}.");
        return $"{prefix.Trim()}〔{year}〕{sequence}号";
    }

    /// <summary>Why <paramref name="prefix"/> cannot be an agency's prefix of a kind, or null when it can.</summary>
    public static string? PrefixProblem(string? prefix)
    {
        if (string.IsNullOrWhiteSpace(prefix))
            return "A document number needs a prefix (机关代字), e.g. 武政信补.";
        var trimmed = prefix.Trim();
        if (trimmed.Length > MaxPrefixLength)
            return $"A document number's prefix is at most {MaxPrefixLength} characters; got {trimmed.Length}.";
        if (trimmed.IndexOfAny(['〔', '〕', '[', ']', '(', ')', '（', '）', '号']) >= 0 || trimmed.Any(char.IsWhiteSpace) || trimmed.Any(char.IsControl))
            return "A document number's prefix is the agency's code only (e.g. 武政信补): without brackets, 号 or spaces; the year and sequence are added.";
        return FreeText.Problem("prefix", trimmed);
    }

    /// <summary>
    /// The prefix of a kind when the agency has set none: 依申请公开 followed by one character of the kind — 受 (receipt),
    /// 补 (补正), 征 (consultation letter), 征告 (consultation notice), 延 (extension), 迟 (deferral), 费 (fee), 答 (answer),
    /// 送 (delivery record). Every kind has its own prefix, so its own sequence.
    /// </summary>
    public static string DefaultPrefix(DocumentKind kind) => kind switch
    {
        DocumentKind.Receipt => "依申请公开受",
        DocumentKind.SupplementNotice => "依申请公开补",
        DocumentKind.ConsultationLetter => "依申请公开征",
        DocumentKind.ConsultationNotice => "依申请公开征告",
        DocumentKind.ExtensionNotice => "依申请公开延",
        DocumentKind.DeferralNotice => "依申请公开迟",
        DocumentKind.FeeNotice => "依申请公开费",
        DocumentKind.Answer => "依申请公开答",
        DocumentKind.DeliveryRecord => "依申请公开送",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
