using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CaseTracker.Api.Desk.Forms;

/// <summary>
/// The fields of the form just posted, read as typed: a date or number that cannot be read becomes a problem beside its
/// field (in Chinese) and the text stays in the input.
/// </summary>
public sealed class PostedForm(IFormCollection form, FormProblem problem)
{
    public static async Task<PostedForm> Read(HttpContext http)
        => new(http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : FormCollection.Empty, new FormProblem());

    public FormProblem Problem { get; } = problem;

    /// <summary>The text typed into <paramref name="name"/>, or null when blank.</summary>
    public string? Text(string name)
    {
        var value = form[name].ToString();
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>
    /// A date typed as the import reads one (<see cref="Features.Cases.ImportCases.RegisterValues.Date"/>): 2026-11-05, 2026/11/05,
    /// 2026.11.5 or 2026年11月5日; blank is null; anything else a problem under <paramref name="field"/>. The API itself keeps yyyy-MM-dd.
    /// </summary>
    public DateOnly? Date(string name, string field)
    {
        var text = Text(name)?.Trim();
        if (text is null) return null;
        if (Features.Cases.ImportCases.RegisterValues.Date(text) is { } date) return date;
        Problem.Add(field, $"“{text}”不是日期，请按 2026-03-02、2026/3/2、2026.3.2 或 2026年3月2日 填写。");
        return null;
    }

    public int? Int(string name, string field)
    {
        var text = Text(name)?.Trim();
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        Problem.Add(field, $"“{text}”不是整数。");
        return null;
    }

    public decimal? Decimal(string name, string field)
    {
        var text = Text(name)?.Trim();
        if (text is null) return null;
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)) return n;
        Problem.Add(field, $"“{text}”不是金额。");
        return null;
    }

    /// <summary>An enum value by its name; blank is null; an unknown name a problem.</summary>
    public T? Enum<T>(string name, string field) where T : struct, System.Enum
    {
        var text = Text(name);
        if (text is null) return null;
        if (System.Enum.TryParse<T>(text, ignoreCase: false, out var value) && System.Enum.IsDefined(value)) return value;
        Problem.Add(field, "请从列表中选择。");
        return null;
    }

    /// <summary>Every field as posted, to put back into the inputs.</summary>
    public IReadOnlyDictionary<string, string> Values => form.ToDictionary(f => f.Key, f => f.Value.ToString());
}
