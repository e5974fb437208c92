using System.Globalization;
using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Infrastructure;
using Microsoft.Extensions.Localization;

namespace CaseTracker.Api.Desk.Shared;

/// <summary>
/// The Chinese names every screen shows for the register's codes (channels, statuses, applicant kinds, alert kinds,
/// roles, outcomes …), from DeskText.resx under <c>&lt;Enum&gt;_&lt;Value&gt;</c>, and the one way dates and times are written.
/// </summary>
public static class DeskNames
{
    /// <summary>The name of an enum value: <c>T.Name(Channel.Online)</c> is 网络.</summary>
    public static string Name<TEnum>(this IStringLocalizer<DeskText> text, TEnum value) where TEnum : struct, Enum
        => text[$"{typeof(TEnum).Name}_{value}"];

    /// <summary>The name of an enum value sent as text (an alert's kind, a role); the text itself when it is no known value.</summary>
    public static string Name<TEnum>(this IStringLocalizer<DeskText> text, string? value) where TEnum : struct, Enum
        => Enum.TryParse<TEnum>(value, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) ? text.Name(parsed) : value ?? "";

    /// <summary>An alert's kind as the API sends it (DueSoon is 即将到期).</summary>
    public static string AlertKind(this IStringLocalizer<DeskText> text, string? kind) => text.Name<Domain.Alerts.AlertKind>(kind);

    /// <summary>A role's name (角色): IntakeOfficer is 登记员.</summary>
    public static string Role(this IStringLocalizer<DeskText> text, string role)
        => Roles.All.Contains(role) ? text[$"Role_{role}"] : role;

    /// <summary>The channel, with the kind of mail for a letter (信函·挂号 / 信函·平信).</summary>
    public static string Channel(this IStringLocalizer<DeskText> text, Channel channel, LetterMail? mail)
        => channel == Domain.Cases.Channel.Letter && mail is { } m ? $"{text.Name(channel)}·{text.Name(m)}" : text.Name(channel);

    /// <summary>
    /// An outcome code as a case names it: the year's report row (reports.md), e.g. Withheld.StateSecret → 1.属于国家秘密, or a Regime 2008
    /// outcome's own wording (Disclosed → 同意公开, not the report's count 2.同意公开答复数).
    /// </summary>
    public static string Outcome(this IStringLocalizer<DeskText> text, Regime? regime, string? code)
    {
        if (string.IsNullOrEmpty(code)) return "";
        if (code is "Withdrawn" or "Other.Withdrawn") return text["Outcome_Withdrawn"];
        foreach (var r in regime is { } known ? [known] : new[] { Regime.Regime2019, Regime.Regime2008 })
            if (Domain.Outcomes.Outcome.TryFind(r, code, out var outcome)) return outcome.Name;
        return code;
    }

    /// <summary>A date as the office writes it: yyyy-MM-dd.</summary>
    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>An instant in Beijing time: yyyy-MM-dd HH:mm.</summary>
    public static string Time(DateTimeOffset? instant)
        => instant is { } i ? TimeZoneInfo.ConvertTime(i, RegisterClock.China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>A date typed into a field: yyyy-MM-dd only (false for anything else, so the screen can say so beside the field).</summary>
    public static bool TryParseDate(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        date = parsed;
        return true;
    }
}
