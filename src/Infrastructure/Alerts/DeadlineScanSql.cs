using CaseTracker.Domain.Alerts;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Alerts;

/// <summary>
/// The set-based statements of the deadline scan, one per engine dialect. Each raises or resolves a whole
/// family of alerts in one pass over the register, so a million open cases cost a handful of statements,
/// not a statement per band or per receipt date. The rules are <see cref="CaseAlerts"/>'s: the bands' bounds and the
/// 补正 windows come in as parameters worked out by it (<see cref="CaseAlerts.DueSoonBands"/>,
/// <see cref="CaseAlerts.SupplementWindowsClosingSoon"/>), the key is <see cref="AlertKey"/>'s, and the scan is checked
/// against it day by day (Api.Tests ScanAgreesWithCaseAlertsTests).
/// </summary>
public static class DeadlineScanSql
{
    private const string AlertColumns = "id, kind, case_id, agency_code, due_on, dedupe_key, recipients, details, raised_at";

    /// <summary>Cases whose answer clock runs (not closed, not waiting for the applicant or for confirmation).</summary>
    private const string Running = "c.status NOT IN ('Closed', 'AwaitingSupplement', 'AwaitingConfirmation')";

    /// <summary>The key's separator as an SQL literal.</summary>
    private static readonly string Separator = $"'{AlertKey.Separator}'";

    private const string NoSupplementNotice = "NOT EXISTS (SELECT 1 FROM case_history h WHERE h.case_id = c.id AND h.kind = 'SupplementRequested' AND h.voided_by_seq IS NULL)";

    /// <summary>
    /// The due-date alert a running case should have today, as SQL over <c>c</c>: Overdue before @today, DueToday on
    /// it, then DueSoon in the narrowest band whose upper bound (@to0 &lt; @to1 &lt; …, the thresholds ascending)
    /// holds the due date, keyed with the band's @band0… suffix ("|1", "|3", "|5") and described by @details0….
    /// </summary>
    private static (string Kind, string Key, string Details) DueDateAlert(SqlDialect d, int bands)
    {
        var suffix = "CASE WHEN c.due_on <= @today THEN ''"
            + string.Concat(Enumerable.Range(0, bands).Select(i => $" WHEN c.due_on <= @to{i} THEN @band{i}")) + " ELSE '' END";
        var details = "CASE WHEN c.due_on <= @today THEN NULL"
            + string.Concat(Enumerable.Range(0, bands).Select(i => $" WHEN c.due_on <= @to{i} THEN @details{i}")) + " ELSE NULL END";
        const string Kind = "CASE WHEN c.due_on < @today THEN 'Overdue' WHEN c.due_on = @today THEN 'DueToday' ELSE 'DueSoon' END";
        return (Kind, d.Concat(Kind, Separator, "c.id", Separator, d.DateText("c.due_on"), suffix), details);
    }

    /// <summary>Overdue, due today and due soon, raised for every running case due on or before @last that lacks its alert.</summary>
    public static string RaiseDueDateAlerts(SqlDialect d, int bands)
    {
        var (kind, key, details) = DueDateAlert(d, bands);
        return $"""
            INSERT INTO alerts ({AlertColumns})
            SELECT {d.OrderedIdSql("idPrefix")}, {kind}, c.id, c.agency_code, c.due_on, {key}, '[]', {details}, @now FROM cases c
            WHERE {Running} AND c.due_on <= @last AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.dedupe_key = {key})
            """;
    }

    /// <summary>Resolves every open due-date alert that is no longer the one its case should have (due date moved, band passed, case closed or waiting).</summary>
    public static string ResolveDueDateAlerts(SqlDialect d, int bands)
    {
        var (_, key, _) = DueDateAlert(d, bands);
        return $"""
            UPDATE alerts SET resolved_at = @now
            WHERE kind IN ('Overdue', 'DueToday', 'DueSoon') AND resolved_at IS NULL AND NOT EXISTS (
                SELECT 1 FROM cases c WHERE c.id = alerts.case_id AND {Running} AND c.due_on <= @last AND {key} = alerts.dedupe_key)
            """;
    }

    /// <summary>
    /// Art. 30: the 补正 window of each Regime 2019 request received on @received0, @received1, … closes on
    /// @window0, @window1, … and no notice went out: one alert per case and window end.
    /// </summary>
    public static string RaiseSupplementWindowAlerts(SqlDialect d, int receiptDates)
    {
        var dates = Enumerable.Range(0, receiptDates).ToArray();
        var window = "CASE c.received_on" + string.Concat(dates.Select(i => $" WHEN @received{i} THEN @window{i}")) + " END";
        var key = d.Concat($"'{nameof(AlertKind.SupplementNoticeWindow)}{AlertKey.Separator}'", "c.id", Separator, d.DateText(window));
        return $"""
            INSERT INTO alerts ({AlertColumns})
            SELECT {d.OrderedIdSql("idPrefix")}, '{nameof(AlertKind.SupplementNoticeWindow)}', c.id, c.agency_code, {window}, {key}, '[]', @details, @now FROM cases c
            WHERE c.received_on IN ({string.Join(", ", dates.Select(i => $"@received{i}"))}) AND c.status = 'InProgress' AND c.regime = 'Regime2019'
              AND {NoSupplementNotice} AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.dedupe_key = {key})
            """;
    }

    /// <summary>
    /// Resolves the 补正-window alerts whose window has closed (due before @today), whose case moved on or
    /// whose notice went out. One anti-join without OR, so the engine can hash it instead of probing per alert.
    /// </summary>
    public const string ResolveSupplementWindowAlerts = $"""
        UPDATE alerts SET resolved_at = @now
        WHERE kind = '{nameof(AlertKind.SupplementNoticeWindow)}' AND resolved_at IS NULL AND NOT EXISTS (
            SELECT 1 FROM cases c WHERE c.id = alerts.case_id AND alerts.due_on >= @today AND c.status = 'InProgress' AND {NoSupplementNotice})
        """;

    /// <summary>Every statement above for a dialect, with up to <paramref name="maxCount"/> bands or receipt dates (the SQL Server check parses them all).</summary>
    public static IEnumerable<string> All(SqlDialect d, int maxCount)
    {
        yield return ResolveSupplementWindowAlerts;
        for (var n = 0; n <= maxCount; n++)
        {
            yield return RaiseDueDateAlerts(d, n);
            yield return ResolveDueDateAlerts(d, n);
            if (n > 0) yield return RaiseSupplementWindowAlerts(d, n);
        }
    }
}
