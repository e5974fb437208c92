using System.Globalization;
using System.Resources;
using CaseTracker.Domain.Translation;

namespace CaseTracker.Api.Features.Alerts;

/// <summary>The Chinese of the alert e-mail and the morning digest (MailText.resx); holes <c>{0}</c>… filled in order.</summary>
public static class MailText
{
    private static readonly ResourceManager Resources = new("CaseTracker.Api.Features.Alerts.MailText", typeof(MailText).Assembly);

    public static string Get(string key, params object?[] holes)
    {
        var template = Resources.GetString(key, CultureInfo.InvariantCulture) ?? throw new InvalidOperationException($"MailText.resx has no {key}.");
        return TemplateTranslator.Fill(template, holes.Select(h => h switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => h?.ToString() ?? "",
        }).ToArray());
    }

    /// <summary>An optional entry (null when the resource file has none).</summary>
    public static string? Find(string key) => Resources.GetString(key, CultureInfo.InvariantCulture);
}
