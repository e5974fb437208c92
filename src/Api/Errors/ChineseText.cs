using System.Collections;
using System.Globalization;
using System.Resources;
using CaseTracker.Domain.Translation;
using Microsoft.AspNetCore.Mvc;

namespace CaseTracker.Api.Errors;

/// <summary>
/// The Chinese of every sentence the code writes in English for a person: refusals (Refusals.resx), alert texts
/// (Features/Alerts/AlertTexts.resx), each keyed by its English template with holes <c>{0}</c>… and valued by its Chinese,
/// and the English terms that fill holes (Terms.resx: regimes, roles, enum names). The throw sites keep their English;
/// this is the layer the problem details (<see cref="Apply"/>), the desk and the mail use. A singleton; the desk calls
/// <see cref="Zh"/> on the detail or field message of a command's problem.
/// </summary>
public sealed partial class ChineseText
{
    public static ChineseText Instance { get; } = new();

    private readonly TemplateTranslator translator;

    public ChineseText()
    {
        var assembly = typeof(ChineseText).Assembly;
        var templates = Read(new ResourceManager("CaseTracker.Api.Errors.Refusals", assembly))
            .Concat(Read(new ResourceManager("CaseTracker.Api.Features.Alerts.AlertTexts", assembly)));
        var terms = Read(new ResourceManager("CaseTracker.Api.Errors.Terms", assembly)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var fields = Read(new ResourceManager("CaseTracker.Api.Errors.FieldNames", assembly)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        translator = new TemplateTranslator(templates, terms, fields, CodeLabels());
    }

    /// <summary>
    /// The Chinese labels of codes offered in a list of choices that are not general terms: the outcome codes (办理结果, by the
    /// name the import reads back as that code, else the report row's wording without its numbering, with the article where two
    /// codes share a row) and the case list's sort keys.
    /// </summary>
    private static Dictionary<string, string> CodeLabels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["dueOn"] = "答复期限", ["receivedOn"] = "收到日期", ["number"] = "案件编号",
        };
        foreach (var regime in new[] { Domain.Cases.Regime.Regime2019, Domain.Cases.Regime.Regime2008 })
        {
            var withdrawal = Domain.Outcomes.Outcome.Withdrawal(regime).Code;
            foreach (var outcome in Domain.Outcomes.Outcome.ForRegime(regime))
            {
                if (labels.ContainsKey(outcome.Code)) continue;
                var name = outcome.Code == withdrawal ? "申请人撤回申请"
                    : Features.Cases.ImportCases.RegisterValues.OutcomeName(regime, outcome.Code, outcome.Label);
                if (name == outcome.Code) name = outcome.Label;
                name = UnnumberedLabel().Replace(name, "");
                if (outcome.Article is { } article && Articles.Translate(article) is { } zh) name += $"，{zh}";
                labels[outcome.Code] = name;
            }
        }

        return labels;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\(|（)[一二三四五六七八九十]+(\)|）)|^\d+\.")]
    private static partial System.Text.RegularExpressions.Regex UnnumberedLabel();

    /// <summary>The catalogue: English template → Chinese (refusals and alert texts).</summary>
    public IEnumerable<KeyValuePair<string, string>> Templates => translator.Templates;

    /// <summary>The Chinese of an English refusal, field message, problem title or alert text; the English itself when it is not in the catalogue.</summary>
    public string Zh(string english) => translator.Translate(english);

    public bool TryZh(string english, out string chinese) => translator.TryTranslate(english, out chinese);

    /// <summary>Whether the English template is in the catalogue.</summary>
    public bool Knows(string englishTemplate) => translator.Knows(englishTemplate);

    /// <summary>The Chinese of an English term (a role, a regime, an enum name), or the term itself.</summary>
    public string Term(string english) => translator.Terms.TryGetValue(english, out var zh) ? zh : english;

    /// <summary>
    /// The Chinese name of a request field as the API spells it (FieldNames.resx: <c>reason</c> → 理由, <c>applicant.idNumber</c> →
    /// 申请人证件号码, <c>days[2].date</c> → 节假日第3项的日期); null when the catalogue does not know it.
    /// </summary>
    public string? FieldName(string field) => translator.FieldName(field);

    /// <summary>
    /// Whether the request's Accept-Language puts a Chinese language (zh, zh-CN, zh-Hans…) first. On the applicants' routes
    /// (<see cref="ApplicantRoute"/>: <c>/api/status</c>, <c>/status</c>, used without signing in by Chinese-speaking applicants,
    /// often from a plain link or script that sends no Accept-Language) Chinese is the default: English only when English
    /// (en, en-US…) is asked for first (trial F finding 2).
    /// </summary>
    public static bool PrefersChinese(HttpRequest request)
    {
        var languages = request.GetTypedHeaders().AcceptLanguage;
        var first = languages?.Where(l => (l.Quality ?? 1) > 0 && l.Value.Value != "*")
            .OrderByDescending(l => l.Quality ?? 1).FirstOrDefault();
        var tag = first?.Value.Value;
        if (ApplicantRoute(request)) return tag is null || !(tag.Equals("en", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("en-", StringComparison.OrdinalIgnoreCase));
        return tag is not null && (tag.Equals("zh", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether <paramref name="request"/> is on a route for applicants (the status lookup, API and page), where Chinese is the default.</summary>
    public static bool ApplicantRoute(HttpRequest request)
        => request.Path.StartsWithSegments("/api/status", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWithSegments("/status", StringComparison.OrdinalIgnoreCase);

    /// <summary>Puts a problem's title, detail and per-field messages into Chinese when the request asks for it.</summary>
    public void Apply(ProblemDetailsContext context)
    {
        // A refusal on an applicants' route is Chinese unless English is asked for: caches keep the languages apart.
        if (ApplicantRoute(context.HttpContext.Request)) context.HttpContext.Response.Headers.Vary = "Accept-Language";
        if (!PrefersChinese(context.HttpContext.Request)) return;
        Apply(context.ProblemDetails);
    }

    public void Apply(ProblemDetails problem)
    {
        if (problem.Title is { } title) problem.Title = Zh(title);
        IDictionary<string, string[]>? errors = problem is HttpValidationProblemDetails v ? v.Errors : null;
        if (errors is not null && errors.Count > 0)
        {
            var englishJoined = string.Join(" ", errors.SelectMany(e => e.Value));
            foreach (var key in errors.Keys.ToList()) errors[key] = errors[key].Select(Zh).ToArray();
            if (problem.Detail == englishJoined)
            {
                problem.Detail = string.Concat(errors.SelectMany(e => e.Value));
                return;
            }
        }

        if (problem.Detail is { } detail) problem.Detail = Zh(detail);
    }

    private static IEnumerable<KeyValuePair<string, string>> Read(ResourceManager resources)
    {
        var set = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: true);
        if (set is null) yield break;
        foreach (DictionaryEntry entry in set)
            if (entry.Key is string key && entry.Value is string value)
                yield return KeyValuePair.Create(key, value);
    }
}
