using System.Text;
using System.Text.RegularExpressions;

namespace CaseTracker.Api.Tests.Chinese;

/// <summary>One English sentence template found in the source: holes <c>{0}</c>, <c>{1}</c>… in source order.</summary>
public sealed record FoundTemplate(string Template, string File, int Line);

/// <summary>
/// Reads src/**/*.cs for every sentence a refusal can carry: the message argument of <c>throw new DomainRuleException(…)</c>,
/// <c>InvalidInputException(field, …)</c>, <c>ForbiddenException(…)</c>, <c>NotFoundException(what, …)</c>, the conflict and
/// idempotency exceptions, <c>BadHttpRequestException</c>, the validators' <c>Error(field, …)</c> / <c>Required(field, value, …)</c>,
/// the import's <c>Row</c>/<c>Header</c>/<c>File</c>/<c>FileError</c>, problem titles and details, and the helpers that return
/// such sentences. Each string expression becomes templates: literals joined by <c>+</c> are one, an expression between
/// or around them is a hole, and the branches of a conditional are templates of their own.
/// </summary>
public static class RefusalSources
{
    /// <summary>A call whose argument <see cref="Argument"/> is a message (-1: the last; null: every argument).</summary>
    private sealed record Trigger(Regex Pattern, int? Argument, int MinArguments = 1);

    private static readonly Trigger[] Triggers =
    [
        new(new(@"new\s+(DomainRuleException|ForbiddenException|ConcurrencyConflictException|IdempotencyKeyReusedException|BadHttpRequestException)\s*\("), 0),
        new(new(@"new\s+(InvalidInputException|NotFoundException)\s*\("), 1, 2),
        new(new(@"(?<![\w])(FileError|File)\s*\("), 0),
        new(new(@"(?<![\w])(Error|Header)\s*\("), 1, 2),
        new(new(@"(?<![\w])Row\s*\("), 2, 3),
        new(new(@"\.Required\s*\("), 2, 3),
        new(new(@"(?<![\w])Problem\s*\(\s*StatusCodes"), null, 3),
        new(new(@"TypedResults\.Problem\s*\("), null),
        new(new(@"(?<![\w.])(Title|Detail)\s*=(?!=)\s*"), null),
        // Per-field messages put straight into an errors dictionary (errors["edits.x"] = ["…"]) before an InvalidInputException.
        new(new(@"(?<![\w.])\w*[eE]rrors\[[^\]\n]*\]\s*=\s*\["), null),
    ];

    /// <summary>Helpers whose returned text is a refusal (file name, member name).</summary>
    private static readonly (string File, string Member)[] Helpers =
    [
        ("FreeText.cs", "Problem"),
        ("WebhookAddress.cs", "UrlProblem"),
        ("WebhookAddress.cs", "AddressProblem"),
        ("WebhookAddress.cs", "Unresolved"),
        ("IdDocument.cs", "Problem"),
        ("IdDocument.cs", "ResidentCard"),
        ("IdDocument.cs", "BirthDateProblem"),
        ("IdDocument.cs", "CreditCode"),
        ("PastCase.cs", "KeptNumberProblem"),
        ("CaseDocuments.cs", "WhyNot"),
        ("DocumentNumber.cs", "PrefixProblem"),
        ("AgencyAccess.cs", "OutsideScope"),
        ("ForbiddenProblemDetails.cs", "Detail"),
        ("ImportErrors.cs", "Exception"),
        ("ImportCasesEndpoint.cs", "TooLarge"),
        ("Validation.cs", "Required"),
        ("Validation.cs", "MaxLength"),
        ("Validation.cs", "Code"),
        ("Validation.cs", "Range"),
        ("ProblemDetailsExceptionHandler.cs", "BadRequest"),
        ("ProblemDetailsExceptionHandler.cs", "TryHandleAsync"),
        ("ProblemDetailsExceptionHandler.cs", "Validation"),
        ("Exceptions.cs", "ValidationException"),
    ];

    /// <summary>Files not read: the desk (its own resource file) and the English due-date explanation.</summary>
    private static readonly string[] Skipped = ["/Desk/", "DeadlineExplanation.cs", "StatutoryClock.cs"];

    public static IReadOnlyList<FoundTemplate> Scan(string root)
    {
        var found = new List<FoundTemplate>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal)) continue;
            if (Skipped.Any(s => relative.Contains(s, StringComparison.Ordinal))) continue;
            var code = StripComments(File.ReadAllText(path));
            var constants = Constants(code);
            foreach (var trigger in Triggers)
            {
                foreach (Match m in trigger.Pattern.Matches(code))
                {
                    if (InsideString(code, m.Index)) continue;
                    string? text;
                    if (trigger.Pattern.ToString().EndsWith(@"=\s*", StringComparison.Ordinal))
                    {
                        text = UntilEndOfExpression(code, m.Index + m.Length);
                    }
                    else
                    {
                        var args = Arguments(code, m.Index + m.Length - 1);
                        if (args is null || args.Count < trigger.MinArguments) continue;
                        text = trigger.Argument switch
                        {
                            null => string.Join(" ,, ", args.Where(a => !NamedOther(a))),
                            -1 => args[^1],
                            { } i when i < args.Count => args[i],
                            _ => null,
                        };
                    }

                    if (text is null) continue;
                    var line = code[..m.Index].Count(c => c == '\n') + 1;
                    foreach (var template in Templates(text, constants)) found.Add(new(template, relative, line));
                }
            }

            foreach (var (file, member) in Helpers.Where(h => relative.EndsWith("/" + h.File, StringComparison.Ordinal)))
            {
                foreach (var (body, at) in MemberBodies(code, member))
                {
                    var line = code[..at].Count(c => c == '\n') + 1;
                    foreach (var template in Templates(body, constants)) found.Add(new(template, relative, line));
                }
            }
        }

        return found.Where(f => LooksLikeSentence(f.Template)).DistinctBy(f => f.Template).ToList();
    }

    /// <summary>A message, not a field name or a format id: some words, a letter.</summary>
    public static bool LooksLikeSentence(string template)
    {
        var text = Regex.Replace(template, @"\{\d+\}", "");
        return text.Count(char.IsAsciiLetter) >= 3 && (text.Contains(' ') || template.Length > 20) && !Regex.IsMatch(template, @"^[\w.\-\[\]{}]+$");
    }

    private static bool NamedOther(string argument)
    {
        var m = Regex.Match(argument.TrimStart(), @"^(\w+)\s*:(?!:)");
        return m.Success && m.Groups[1].Value is not ("title" or "detail");
    }

    private static Dictionary<string, string> Constants(string code)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Regex.Matches(code, @"const\s+string\s+(\w+)\s*=\s*"))
        {
            var expression = UntilEndOfExpression(code, m.Index + m.Length);
            var templates = Templates(expression, result).ToList();
            if (templates.Count == 1) result[m.Groups[1].Value] = templates[0];
        }

        return result;
    }

    /// <summary>The argument texts of the call whose '(' is at <paramref name="open"/>; null when unbalanced.</summary>
    private static List<string>? Arguments(string code, int open)
    {
        var args = new List<string>();
        var depth = 0;
        var start = open + 1;
        for (var i = open; i < code.Length; i++)
        {
            if (SkipLiteral(code, ref i)) continue;
            var c = code[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}')
            {
                depth--;
                if (depth == 0)
                {
                    args.Add(code[start..i]);
                    return args.Where(a => a.Trim().Length > 0).ToList();
                }
            }
            else if (c == ',' && depth == 1)
            {
                args.Add(code[start..i]);
                start = i + 1;
            }
        }

        return null;
    }

    private static string UntilEndOfExpression(string code, int from)
    {
        var depth = 0;
        for (var i = from; i < code.Length; i++)
        {
            if (SkipLiteral(code, ref i)) continue;
            var c = code[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0) return code[from..i];
                depth--;
            }
            else if ((c == ';' || c == ',') && depth == 0) return code[from..i];
        }

        return code[from..];
    }

    /// <summary>The bodies of the members named <paramref name="member"/> (a method's block or expression, a constructor's base call).</summary>
    private static IEnumerable<(string Body, int At)> MemberBodies(string code, string member)
    {
        foreach (Match m in Regex.Matches(code, $@"(?<=[\s>\]?])(?:{Regex.Escape(member)})\s*(<[^>]*>)?\s*\("))
        {
            var before = code[..m.Index].TrimEnd();
            // A declaration has a type (or modifiers) before its name, not '.', '=' or 'new'.
            if (before.EndsWith('.') || before.EndsWith("new", StringComparison.Ordinal) || before.EndsWith('=') || before.EndsWith('(') || before.EndsWith(',')
                || before.EndsWith("return", StringComparison.Ordinal) || before.EndsWith("throw", StringComparison.Ordinal)) continue;
            var open = m.Index + m.Length - 1;
            var depth = 0;
            var i = open;
            for (; i < code.Length; i++)
            {
                if (SkipLiteral(code, ref i)) continue;
                if (code[i] == '(') depth++;
                else if (code[i] == ')' && --depth == 0) break;
            }

            var j = i + 1;
            while (j < code.Length && code[j] is not ('{' or ';' or '=')) j++;
            if (j >= code.Length || code[j] == ';') continue;
            if (code[j] == '=' && j + 1 < code.Length && code[j + 1] == '>')
            {
                var end = j + 2;
                depth = 0;
                for (; end < code.Length; end++)
                {
                    if (SkipLiteral(code, ref end)) continue;
                    if (code[end] is '(' or '[' or '{') depth++;
                    else if (code[end] is ')' or ']' or '}') depth--;
                    else if (code[end] == ';' && depth == 0) break;
                }

                yield return (code[(j + 2)..end], m.Index);
            }
            else if (code[j] == '{')
            {
                var end = j;
                depth = 0;
                for (; end < code.Length; end++)
                {
                    if (SkipLiteral(code, ref end)) continue;
                    if (code[end] == '{') depth++;
                    else if (code[end] == '}' && --depth == 0) break;
                }

                // Each statement's strings on their own: a statement boundary separates templates.
                foreach (var statement in Statements(code[(j + 1)..Math.Min(end, code.Length)]))
                    yield return (statement, m.Index);
            }
            else if (code[j] == '=')
            {
                continue;
            }
        }

        // A primary constructor's base call: Exception(summary ?? "…").
        foreach (Match m in Regex.Matches(code, $@"class\s+{Regex.Escape(member)}\s*\("))
        {
            var colon = code.IndexOf(':', m.Index);
            var brace = code.IndexOf('{', m.Index);
            if (colon < 0 || brace < colon) continue;
            yield return (code[colon..brace], m.Index);
        }
    }

    private static IEnumerable<string> Statements(string block)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < block.Length; i++)
        {
            if (SkipLiteral(block, ref i)) continue;
            var c = block[i];
            if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth--;
            else if ((c == ';' || c == '{' || c == '}') && depth == 0)
            {
                yield return block[start..i];
                start = i + 1;
            }
        }

        yield return block[start..];
    }

    /// <summary>The templates of an expression: runs of literals joined by '+', with holes for what stands between or around them.</summary>
    public static IEnumerable<string> Templates(string expression, IReadOnlyDictionary<string, string> constants)
    {
        var parts = new List<(bool Literal, string Text)>();
        var code = new StringBuilder();
        for (var i = 0; i < expression.Length; i++)
        {
            var start = i;
            if (ReadLiteral(expression, ref i, out var literal))
            {
                parts.Add((false, code.ToString()));
                code.Clear();
                parts.Add((true, literal));
                continue;
            }

            i = start;
            code.Append(expression[i]);
        }

        parts.Add((false, code.ToString()));

        // Bare constants (No补正In2008) are literals too.
        var expanded = new List<(bool Literal, string Text)>();
        foreach (var part in parts)
        {
            if (part.Literal || part.Text.Trim().Length == 0)
            {
                expanded.Add(part);
                continue;
            }

            var tokens = Regex.Split(part.Text, @"(?<![\w.])(\w+)(?![\w(.])");
            var text = new StringBuilder();
            for (var t = 0; t < tokens.Length; t++)
            {
                if (t % 2 == 1 && constants.TryGetValue(tokens[t], out var constant))
                {
                    expanded.Add((false, text.ToString()));
                    text.Clear();
                    expanded.Add((true, constant));
                }
                else text.Append(tokens[t]);
            }

            expanded.Add((false, text.ToString()));
        }

        var current = new StringBuilder();
        var holes = 0;
        var open = false;
        string? pendingCode = null;
        foreach (var (isLiteral, text) in expanded)
        {
            if (!isLiteral)
            {
                pendingCode = (pendingCode ?? "") + text;
                continue;
            }

            var between = (pendingCode ?? "").Trim();
            pendingCode = null;
            if (open)
            {
                if (between == "+") { }
                else if (between.StartsWith('+') && between.EndsWith('+')) current.Append('{').Append(holes++).Append('}');
                else
                {
                    if (current.Length > 0) yield return current.ToString();
                    current.Clear();
                    holes = 0;
                    open = false;
                }
            }

            if (!open)
            {
                if (between.EndsWith('+') && between.Length > 1) current.Append('{').Append(holes++).Append('}');
                open = true;
            }

            current.Append(Renumber(text, ref holes));
        }

        if (open)
        {
            var after = (pendingCode ?? "").Trim();
            if (after.StartsWith('+') && after.Length > 1) current.Append('{').Append(holes++).Append('}');
            if (current.Length > 0) yield return current.ToString();
        }
    }

    /// <summary>A literal's text with its interpolation holes written {n} from <paramref name="holes"/> on.</summary>
    private static string Renumber(string literal, ref int holes)
    {
        var result = new StringBuilder();
        for (var i = 0; i < literal.Length; i++)
        {
            if (literal[i] == '\u0001')
            {
                result.Append('{').Append(holes++).Append('}');
                continue;
            }

            result.Append(literal[i]);
        }

        return result.ToString();
    }

    /// <summary>Reads a string literal at <paramref name="i"/> (regular, verbatim, interpolated); its holes come back as U+0001.</summary>
    private static bool ReadLiteral(string s, ref int i, out string text)
    {
        text = "";
        var interpolated = false;
        var verbatim = false;
        var j = i;
        while (j < s.Length && (s[j] == '$' || s[j] == '@'))
        {
            if (s[j] == '$') interpolated = true;
            else verbatim = true;
            j++;
        }

        if (j >= s.Length || s[j] != '"') return false;
        if (j > i && !interpolated && !verbatim) return false;
        if (j == i && i > 0 && s[i - 1] == '\'') return false;
        var sb = new StringBuilder();
        j++;
        for (; j < s.Length; j++)
        {
            var c = s[j];
            if (!verbatim && c == '\\' && j + 1 < s.Length)
            {
                var e = s[++j];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => e });
                continue;
            }

            if (c == '"')
            {
                if (verbatim && j + 1 < s.Length && s[j + 1] == '"')
                {
                    sb.Append('"');
                    j++;
                    continue;
                }

                break;
            }

            if (interpolated && c == '{')
            {
                if (j + 1 < s.Length && s[j + 1] == '{')
                {
                    sb.Append('{');
                    j++;
                    continue;
                }

                var depth = 1;
                j++;
                for (; j < s.Length && depth > 0; j++)
                {
                    if (SkipLiteral(s, ref j)) continue;
                    if (s[j] == '{') depth++;
                    else if (s[j] == '}') depth--;
                }

                j--;
                sb.Append('\u0001');
                continue;
            }

            if (interpolated && c == '}' && j + 1 < s.Length && s[j + 1] == '}')
            {
                sb.Append('}');
                j++;
                continue;
            }

            sb.Append(c);
        }

        text = sb.ToString();
        i = j;
        return true;
    }

    /// <summary>Moves <paramref name="i"/> to the last character of a string or char literal starting there.</summary>
    private static bool SkipLiteral(string s, ref int i)
    {
        if (s[i] == '\'')
        {
            var j = i + 1;
            if (j < s.Length && s[j] == '\\') j++;
            j++;
            if (j < s.Length && s[j] == '\'')
            {
                i = j;
                return true;
            }

            return false;
        }

        var start = i;
        if (ReadLiteral(s, ref i, out _)) return true;
        i = start;
        return false;
    }

    private static bool InsideString(string code, int index)
    {
        var lineStart = code.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var quotes = code[lineStart..index].Count(c => c == '"');
        return quotes % 2 == 1;
    }

    private static string StripComments(string code)
    {
        var sb = new StringBuilder(code.Length);
        for (var i = 0; i < code.Length; i++)
        {
            var start = i;
            if (SkipLiteral(code, ref i))
            {
                sb.Append(code, start, i - start + 1);
                continue;
            }

            i = start;
            if (code[i] == '/' && i + 1 < code.Length && code[i + 1] == '/')
            {
                while (i < code.Length && code[i] != '\n') i++;
                if (i < code.Length) sb.Append('\n');
                continue;
            }

            if (code[i] == '/' && i + 1 < code.Length && code[i + 1] == '*')
            {
                var end = code.IndexOf("*/", i + 2, StringComparison.Ordinal);
                var skipped = end < 0 ? code[i..] : code[i..(end + 2)];
                sb.Append('\n', skipped.Count(c => c == '\n'));
                i = end < 0 ? code.Length : end + 1;
                continue;
            }

            sb.Append(code[i]);
        }

        return sb.ToString();
    }
}
