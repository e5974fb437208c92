using System.Text;
using System.Text.RegularExpressions;

namespace CaseTracker.Domain.Translation;

/// <summary>
/// Turns a sentence the code wrote in English into Chinese by its template: each English template (the sentence with its
/// interpolated holes written <c>{0}</c>, <c>{1}</c>… in source order) is matched against the whole sentence (literal parts
/// exactly, holes lazily), and the Chinese template of the best match (most literal text) is filled with the holes, each
/// hole itself put into Chinese when it is a known term (<see cref="Terms"/>), an article reference, a list of terms, or a
/// sentence of the catalogue. A sentence no template matches comes back unchanged (<see cref="TryTranslate"/> says so).
/// </summary>
public sealed partial class TemplateTranslator
{
    private readonly List<Entry> entries;
    private readonly IReadOnlyDictionary<string, string> terms;
    private readonly IReadOnlyDictionary<string, string> fields;
    private readonly IReadOnlyDictionary<string, string> codeLabels;

    /// <param name="templates">English template → Chinese template.</param>
    /// <param name="terms">English term (a role, a regime, an enum name) → Chinese.</param>
    /// <param name="fields">A request field's name as the API spells it (<c>reason</c>, <c>applicant.idNumber</c>) → its Chinese name
    /// (<c>理由</c>, <c>申请人证件号码</c>); a hole holding a field's name is filled with it (<see cref="FieldName"/>).</param>
    /// <param name="codeLabels">Codes that are not general terms (outcome codes such as <c>Unable.NotHeld</c>) → their Chinese
    /// label, used only in a list of choices (<see cref="Choices"/>).</param>
    public TemplateTranslator(IEnumerable<KeyValuePair<string, string>> templates, IReadOnlyDictionary<string, string> terms,
        IReadOnlyDictionary<string, string>? fields = null, IReadOnlyDictionary<string, string>? codeLabels = null)
    {
        entries = templates.Where(t => !string.IsNullOrEmpty(t.Key)).Select(t => new Entry(t.Key, t.Value)).ToList();
        this.terms = terms;
        this.fields = fields ?? new Dictionary<string, string>(StringComparer.Ordinal);
        this.codeLabels = codeLabels ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>
    /// A list of the codes the API accepts (the hole after "one of" / "one of:" in a refusal), each code kept as the API needs
    /// it and followed by its Chinese label: <c>InPerson, Letter</c> → <c>InPerson（当面）、Letter（信函）</c>, so a Chinese reader
    /// is never offered a label the API would refuse (trial A finding 3). Null when an item is neither a term, a labelled code
    /// nor a field name (the list is then filled as any other hole).
    /// </summary>
    public string? Choices(string value)
    {
        var items = value.Split(", ");
        var labelled = new List<string>(items.Length);
        foreach (var raw in items)
        {
            var item = raw.Trim();
            var label = terms.TryGetValue(item, out var t) ? t : codeLabels.TryGetValue(item, out var c) ? c
                : fields.TryGetValue(item, out var f) ? f : null;
            if (label is null || item.Length == 0) return null;
            labelled.Add($"{item}（{label}）");
        }

        return string.Join("、", labelled);
    }

    /// <summary>
    /// The Chinese name of a request field as a validation error names it: the catalogue's entry for the whole path
    /// (<c>applicant.idNumber</c> → 申请人证件号码), else segment by segment (<c>days[2].date</c> → 节假日第3项的日期; a segment
    /// may also be a term, <c>prefixes.Receipt</c>, or already Chinese, <c>columns.申请人</c>). Null when the text is not shaped like
    /// a field path or a segment is neither in the catalogue nor a term.
    /// </summary>
    public string? FieldName(string path)
    {
        if (fields.TryGetValue(path, out var whole)) return whole;
        if (!FieldPath().IsMatch(path)) return null;
        var parts = new List<string>();
        foreach (var segment in path.Split('.'))
        {
            var m = FieldSegment().Match(segment);
            var name = m.Groups["name"].Value;
            string? zh = fields.TryGetValue(name, out var f) ? f : terms.TryGetValue(name, out var t) ? t : name.Any(char.IsAsciiLetter) ? null : name;
            if (zh is null) return null;
            if (m.Groups["index"].Success)
                zh += $"第{int.Parse(m.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}项";
            parts.Add(zh);
        }

        return parts.Count > 1 ? string.Join("的", parts) : null;
    }

    // A field path: a camelCase name, then ".name" segments (a name may be any text without dots: a column or a document field),
    // each optionally indexed ([2]).
    [GeneratedRegex(@"^[a-z][A-Za-z0-9]*(?:\[\d+\])?(?:\.[^.\s\[\]]+(?:\[\d+\])?)+$")]
    private static partial Regex FieldPath();

    [GeneratedRegex(@"^(?<name>[^\[\]]+)(?:\[(?<index>\d+)\])?$")]
    private static partial Regex FieldSegment();

    /// <summary>The English templates, each with its Chinese.</summary>
    public IEnumerable<KeyValuePair<string, string>> Templates => entries.Select(e => KeyValuePair.Create(e.English, e.Chinese));

    public IReadOnlyDictionary<string, string> Terms => terms;

    /// <summary>Whether an English template (holes <c>{0}</c>…) is in the catalogue.</summary>
    public bool Knows(string englishTemplate) => entries.Any(e => e.English == englishTemplate);

    /// <summary>The Chinese of <paramref name="english"/>; the English itself when nothing matches.</summary>
    public string Translate(string english) => TryTranslate(english, out var chinese) ? chinese : english;

    public bool TryTranslate(string english, out string chinese) => TryTranslate(english, 0, out chinese);

    private bool TryTranslate(string english, int depth, out string chinese)
    {
        chinese = english;
        if (string.IsNullOrWhiteSpace(english)) return false;
        if (terms.TryGetValue(english, out var term))
        {
            chinese = term;
            return true;
        }

        var (best, bestMatch) = BestMatch(english);

        // Several sentences joined by a space (a validation problem's detail): each on its own, unless one template
        // holds the whole text without a sentence inside a hole.
        var spansSentences = bestMatch is not null && bestMatch.Groups.Cast<Group>().Skip(1).Any(g => SentenceEnd().IsMatch(g.Value));
        if ((best is null || spansSentences) && depth < 2 && SplitSentences(english) is { Count: > 1 } parts)
        {
            var translated = new List<string>();
            foreach (var part in parts)
            {
                if (!TryTranslate(part, depth + 1, out var zh)) break;
                translated.Add(zh);
            }

            if (translated.Count == parts.Count)
            {
                chinese = string.Concat(translated);
                return true;
            }
        }

        if (best is null || bestMatch is null) return false;

        var holes = new string[best.Holes];
        for (var i = 0; i < best.Holes; i++)
        {
            var value = bestMatch.Groups[i + 1].Value;
            holes[i] = best.IsMemberName(i) ? value : (best.IsChoiceList(i) ? Choices(value) : null) ?? Hole(value, depth);
        }
        chinese = Fill(best.Chinese, holes);
        return true;
    }

    private (Entry? Best, Match? Match) BestMatch(string english)
    {
        Entry? best = null;
        Match? bestMatch = null;
        foreach (var entry in entries)
        {
            if (best is not null && entry.LiteralLength <= best.LiteralLength) continue;
            var match = entry.Pattern.Match(english);
            if (!match.Success) continue;
            best = entry;
            bestMatch = match;
        }

        return (best, bestMatch);
    }

    /// <summary>A hole's text in Chinese: a term, an article, a list of terms, a sentence of the catalogue, or as it is.</summary>
    private string Hole(string value, int depth)
    {
        if (value.Length == 0) return value;
        if (terms.TryGetValue(value, out var term)) return term;
        if (FieldName(value) is { } field) return field;
        var trimmed = value.Trim();
        if (trimmed.Length != value.Length && trimmed.Length > 0 && terms.TryGetValue(trimmed, out term)) return term;
        if (Articles.Translate(value) is { } article) return article;
        foreach (var (separator, joiner) in ListSeparators)
        {
            if (!value.Contains(separator, StringComparison.Ordinal)) continue;
            var items = value.Split(separator);
            if (items.All(i => terms.ContainsKey(i.Trim()) || Articles.Translate(i.Trim()) is not null))
                return string.Join(joiner, items.Select(i => terms.TryGetValue(i.Trim(), out var t) ? t : Articles.Translate(i.Trim())));
        }

        if (depth < 3 && value.Length > 12 && value.Contains(' ') && TryTranslate(value, depth + 1, out var sentence)) return sentence;
        return value;
    }

    private static readonly (string Separator, string Joiner)[] ListSeparators = [(", ", "、"), (" or ", "或"), (" and ", "和")];

    /// <summary>Fills <c>{0}</c>, <c>{1}</c>… of a Chinese template (no other brace is special).</summary>
    public static string Fill(string template, IReadOnlyList<string> holes)
        => HolePattern().Replace(template, m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i < holes.Count ? holes[i] : m.Value);

    /// <summary>How many holes a template has (the highest <c>{n}</c> plus one).</summary>
    public static int HoleCount(string template)
        => HolePattern().Matches(template).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();

    private static List<string>? SplitSentences(string text)
    {
        var parts = SentenceEnd().Split(text).Where(p => p.Length > 0).ToList();
        return parts.Count > 1 ? parts : null;
    }

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex HolePattern();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=\S)")]
    private static partial Regex SentenceEnd();

    private sealed class Entry
    {
        public Entry(string english, string chinese)
        {
            English = english;
            Chinese = chinese;
            var pattern = new StringBuilder("^");
            var at = 0;
            foreach (Match hole in HolePattern().Matches(english))
            {
                before.Add(english[at..hole.Index]);
                pattern.Append(Regex.Escape(english[at..hole.Index]));
                LiteralLength += hole.Index - at;
                pattern.Append("(.*?)");
                Holes++;
                at = hole.Index + hole.Length;
            }

            pattern.Append(Regex.Escape(english[at..])).Append('$');
            LiteralLength += english.Length - at;
            Pattern = new Regex(pattern.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        }

        private readonly List<string> before = [];

        /// <summary>Whether hole <paramref name="index"/> is the list of choices of a "… one of {n}" / "one or more of {n}" / "Choose one of: {n}" sentence.</summary>
        public bool IsChoiceList(int index)
            => index < before.Count && (before[index].EndsWith("one of ", StringComparison.OrdinalIgnoreCase)
                || before[index].EndsWith("one or more of ", StringComparison.OrdinalIgnoreCase)
                || before[index].EndsWith("one of: ", StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// Whether hole <paramref name="index"/> holds JSON member names exactly as a request sent or must send them ("… property
        /// {n}", "… properties are {n}"): kept as they are, never put into Chinese, since the client has to type them.
        /// </summary>
        public bool IsMemberName(int index)
            => index < before.Count && (before[index].EndsWith("property ", StringComparison.OrdinalIgnoreCase)
                || before[index].EndsWith("properties are ", StringComparison.OrdinalIgnoreCase));

        public string English { get; }
        public string Chinese { get; }
        public int Holes { get; }
        public int LiteralLength { get; }
        public Regex Pattern { get; }
    }
}

/// <summary>Article references of the Regulation in Chinese: <c>Art. 33 ¶2</c> → 第三十三条第二款, <c>2008 Art. 21(4)</c> → 2008年条例第二十一条第（四）项.</summary>
public static partial class Articles
{
    public static string? Translate(string text)
    {
        var m = ArticlePattern().Match(text);
        if (!m.Success) return null;
        var sb = new StringBuilder(m.Groups["y"].Success ? "2008年《条例》" : "《条例》");
        sb.Append('第').Append(Numerals.Chinese(int.Parse(m.Groups["a"].Value, System.Globalization.CultureInfo.InvariantCulture))).Append('条');
        if (m.Groups["p"].Success) sb.Append('第').Append(Numerals.Chinese(int.Parse(m.Groups["p"].Value, System.Globalization.CultureInfo.InvariantCulture))).Append('款');
        if (m.Groups["i"].Success) sb.Append("第（").Append(Numerals.Chinese(int.Parse(m.Groups["i"].Value, System.Globalization.CultureInfo.InvariantCulture))).Append("）项");
        return sb.ToString();
    }

    [GeneratedRegex(@"^(?<y>2008 )?Art\. (?<a>\d+)(?:\((?<i>\d+)\))?(?: ¶(?<p>\d+))?$")]
    private static partial Regex ArticlePattern();
}

/// <summary>Chinese numerals for article numbers (1–99).</summary>
public static class Numerals
{
    private const string Digits = "〇一二三四五六七八九";

    public static string Chinese(int n) => n switch
    {
        < 0 or > 99 => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        < 10 => Digits[n].ToString(),
        10 => "十",
        < 20 => "十" + Digits[n % 10],
        _ => Digits[n / 10] + "十" + (n % 10 == 0 ? "" : Digits[n % 10].ToString()),
    };
}
