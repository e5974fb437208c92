using System.Reflection;
using System.Text.RegularExpressions;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Tests.Support;

namespace CaseTracker.Api.Tests.Chinese;

/// <summary>
/// Trial finding 7 of issue 14: a Chinese validation message names its field in Chinese (<c>申请理由为必填项。</c>, not
/// <c>reason为必填项。</c>). The field-name catalogue (src/Api/Errors/FieldNames.resx) must cover every field a validation error
/// can name: each property of every request record, command and query the API binds or validates (nested records as
/// <c>applicant.idNumber</c>), and each field name the source passes to a validator or an <c>InvalidInputException</c>.
/// </summary>
public sealed partial class FieldNameCatalogueTests
{
    /// <summary>The request records, commands and queries of the API, and every record type reachable from their properties.</summary>
    private static IEnumerable<string> RequestFieldNames()
    {
        var api = typeof(ChineseText).Assembly;
        var roots = api.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
                                              && (typeof(IValidatable).IsAssignableFrom(t)
                                                  || (t.Namespace?.StartsWith("CaseTracker.Api.Features", StringComparison.Ordinal) == true
                                                      && (t.Name.EndsWith("Request", StringComparison.Ordinal) || t.Name.EndsWith("Command", StringComparison.Ordinal)
                                                          || t.Name.EndsWith("Query", StringComparison.Ordinal)))));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in roots) Walk(root, "", names, depth: 0);
        return names;
    }

    private static void Walk(Type type, string prefix, HashSet<string> names, int depth)
    {
        if (depth > 3) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null) continue;
            var name = JsonName(property.Name);
            var element = ElementType(property.PropertyType);
            // A command's "Request" is the body itself: its fields are named without a prefix.
            var path = property.Name == "Request" && IsRequestRecord(element) ? prefix.TrimEnd('.') : prefix + name;
            if (path.Length > 0) names.Add(path);
            if (IsRequestRecord(element)) Walk(element, path.Length == 0 ? "" : path + ".", names, depth + 1);
        }
    }

    private static Type ElementType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray) return type.GetElementType()!;
        if (type != typeof(string) && type.IsGenericType && type.GetGenericArguments().Length == 1
            && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)) return type.GetGenericArguments()[0];
        return type;
    }

    private static bool IsRequestRecord(Type type)
        => type.IsClass && type != typeof(string) && type.Assembly == typeof(ChineseText).Assembly
           && type.Namespace?.StartsWith("CaseTracker.Api.Features", StringComparison.Ordinal) == true && type.Name.EndsWith("Request", StringComparison.Ordinal);

    private static string JsonName(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>The first argument of <c>v.Required/Text/Code/MaxLength/Range/Error("…"</c> and <c>new InvalidInputException("…"</c> in src/Api and src/Domain.</summary>
    private static IEnumerable<string> ValidatorFieldNames()
    {
        var root = TestData.RepositoryRoot;
        var files = new[] { "src/Api", "src/Domain", "src/Infrastructure" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in files)
        foreach (Match m in FieldArgument().Matches(File.ReadAllText(file)))
            yield return m.Groups["field"].Value;
    }

    [GeneratedRegex(@"(?:\b(?:v|validator)\s*\.\s*(?:Required|Text|Code|MaxLength|Range|Error)|\.(?:Required|Text|Code|MaxLength|Range)|new\s+InvalidInputException)\s*(?:<[^>]*>)?\(\s*""(?<field>[A-Za-z][A-Za-z0-9.\-]*)""")]
    private static partial Regex FieldArgument();

    /// <summary>Header names are refused by their own name (Idempotency-Key, If-Match): a header is not a field of the body.</summary>
    private static bool IsHeader(string name) => name.Contains('-');

    [Fact]
    public void Scan_FindsTheRequestFieldsOfEveryArea()
    {
        var request = RequestFieldNames().ToHashSet();
        var validated = ValidatorFieldNames().ToHashSet();
        Assert.True(request.Count > 100, $"only {request.Count} request fields found");
        Assert.Contains("applicant.idNumber", request);
        Assert.Contains("reason", request);
        Assert.Contains("submittedOn", request);
        Assert.Contains("reason", validated);
        Assert.Contains("agencyCode", validated);
    }

    [Fact]
    public void EveryRequestField_AndEveryValidatedField_HasItsChineseName()
    {
        var missing = RequestFieldNames().Concat(ValidatorFieldNames()).Where(n => !IsHeader(n)).Distinct()
            .Where(n => ChineseText.Instance.FieldName(n) is not { } zh || AsciiWord().IsMatch(zh))
            .OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Fields without a Chinese name (add them to src/Api/Errors/FieldNames.resx):\n" + string.Join("\n", missing));
    }

    [Theory]
    [InlineData("reason is required.", "理由为必填项。")]
    [InlineData("applicant.idNumber is required.", "申请人证件号码为必填项。")]
    [InlineData("receivedOn is required. decidedOn is required.", "收到日期为必填项。答复日期为必填项。")]
    [InlineData("days[2].date is outside the calendar's range.", null)]
    public void Zh_NamesTheFieldInChinese(string english, string? chinese)
    {
        var zh = ChineseText.Instance.Zh(english);
        if (chinese is not null) Assert.Equal(chinese, zh);
        Assert.DoesNotMatch(@"\b(?:reason|applicant|idNumber|receivedOn|decidedOn|days)\b", zh);
    }

    [Fact]
    public void IndexedAndNestedPaths_AreNamedSegmentBySegment()
    {
        Assert.Equal("节假日第3项的日期", ChineseText.Instance.FieldName("days[2].date"));
        Assert.Equal("申请人证件号码", ChineseText.Instance.FieldName("applicant.idNumber"));
        Assert.Null(ChineseText.Instance.FieldName("noSuchField"));
    }

    [GeneratedRegex("[A-Za-z]")]
    private static partial Regex AsciiWord();
}
