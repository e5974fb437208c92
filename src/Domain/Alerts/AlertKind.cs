namespace CaseTracker.Domain.Alerts;

/// <summary>
/// The alert kinds (README "Deadline alerts"): eight a case can have (<see cref="CaseAlerts"/>), two an agency can have
/// (<see cref="AgencyAlerts"/>).
/// </summary>
public enum AlertKind
{
    ReceiptUnconfirmed, SupplementNoticeWindow, DueSoon, DueToday, Overdue, ConsultationOverdue, SupplementLapsed, FeeLapsed,
    CalendarMissing, AnnualReportDue,
}

/// <summary>The configurable parts of the alert rules: the <c>DueSoon</c> bands (5, 3, 1) and the 补正-window warning (2).</summary>
public sealed record AlertSettings
{
    public static AlertSettings Default { get; } = new();

    public IReadOnlyList<int> DueSoonWorkingDays { get; init; } = [5, 3, 1];

    public int SupplementWindowWarningWorkingDays { get; init; } = 2;

    /// <summary>The <c>DueSoon</c> bands in working days, each once, narrowest first (non-positive ones ignored).</summary>
    public IReadOnlyList<int> DueSoonBands => DueSoonWorkingDays.Where(t => t > 0).Distinct().Order().ToList();
}

/// <summary>
/// The key an alert is raised once under (the <c>alerts.dedupe_key</c>): <c>Kind|subject|yyyy-MM-dd</c>, the subject being
/// the case id (or the agency code for an agency's alert), with <c>|band</c> after a <see cref="AlertKind.DueSoon"/>'s date.
/// The scan's SQL builds the same text from <see cref="Separator"/> and <see cref="Band"/>.
/// </summary>
public static class AlertKey
{
    public const char Separator = '|';

    /// <summary>The key of a <paramref name="kind"/> alert about <paramref name="subject"/> due on <paramref name="dueOn"/> (none: empty).</summary>
    public static string Of(AlertKind kind, string subject, DateOnly? dueOn, string band = "")
        => $"{kind}{Separator}{subject}{Separator}{dueOn:yyyy-MM-dd}{band}";

    /// <summary>The key's suffix of the <c>DueSoon</c> band of <paramref name="workingDays"/> (<c>|5</c>, <c>|3</c>, <c>|1</c>).</summary>
    public static string Band(int workingDays) => $"{Separator}{workingDays}";
}

/// <summary>
/// Who an alert goes to (README "Recipients"): a case's alert to the case's assigned handler (<c>user:&lt;id&gt;</c>) and
/// its agency's supervisors (<c>supervisors:&lt;agency&gt;</c>); an agency's alert to its supervisors.
/// </summary>
public static class AlertRecipients
{
    public const string UserPrefix = "user:";
    public const string SupervisorsPrefix = "supervisors:";

    public static string Supervisors(string agencyCode) => SupervisorsPrefix + agencyCode;

    public static string User(string userId) => UserPrefix + userId;

    /// <summary>A case's recipients: its handler as assigned now (none: the supervisors only) and its agency's supervisors.</summary>
    public static string[] OfCase(string agencyCode, string? handler)
        => handler is null ? [Supervisors(agencyCode)] : [User(handler), Supervisors(agencyCode)];

    /// <summary>An agency's alert (calendar, annual report) goes to its supervisors.</summary>
    public static string[] OfAgency(string agencyCode) => [Supervisors(agencyCode)];
}
