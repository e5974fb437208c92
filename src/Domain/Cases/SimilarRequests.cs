namespace CaseTracker.Domain.Cases;

/// <summary>
/// Whether two requests ask about the same thing, for the intake clerk's duplicate hint (a hint only: the Regulation lets an
/// applicant ask again, Art. 36(5) deals with repeated requests at the decision).
/// </summary>
public static class SimilarRequests
{
    /// <summary>How far back a registered request counts as recent: 6 months before the new one's submission.</summary>
    public const int MonthsBack = 6;

    /// <summary>The character-bigram overlap (Dice coefficient, 0–1) of two descriptions, ignoring spaces and punctuation.</summary>
    public static double Similarity(string a, string b)
    {
        var x = Bigrams(a);
        var y = Bigrams(b);
        if (x.Count == 0 || y.Count == 0) return Normalize(a) == Normalize(b) ? 1 : 0;
        var common = x.Intersect(y).Count();
        return 2.0 * common / (x.Count + y.Count);
    }

    /// <summary>True when the descriptions overlap enough (at least half their bigrams) to ask the clerk to look.</summary>
    public static bool AreSimilar(string a, string b) => Similarity(a, b) >= 0.5;

    private static string Normalize(string text) => new(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static HashSet<string> Bigrams(string text)
    {
        var n = Normalize(text);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < n.Length; i++) set.Add(n.Substring(i, 2));
        return set;
    }
}
