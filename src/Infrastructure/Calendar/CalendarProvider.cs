using CaseTracker.Domain.Calendar;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Calendar;

/// <summary>
/// The working calendar in force: the notices shipped with the product, amended by those an
/// administrator loaded (stored in <c>calendar_notices</c>). Immutable snapshots, swapped atomically.
/// </summary>
public sealed class CalendarProvider
{
    private volatile WorkingCalendar current = WorkingCalendar.Bundled;
    private volatile string? stamp;

    public WorkingCalendar Current => current;

    public void Replace(WorkingCalendar calendar) => current = calendar;

    public async Task Reload(DbSession session, CancellationToken cancellationToken)
    {
        stamp = await Stamp(session, cancellationToken);
        current = await Load(session, cancellationToken);
    }

    /// <summary>
    /// Several instances share one database: before a command computes a date, make sure a notice another
    /// instance loaded is in force here too (one small query; reloads only when something changed).
    /// </summary>
    public async Task EnsureCurrent(DbSession session, CancellationToken cancellationToken)
    {
        var now = await Stamp(session, cancellationToken);
        if (now == stamp) return;
        current = await Load(session, cancellationToken);
        stamp = now;
    }

    private sealed class StampRow
    {
        public long Notices { get; init; }
        public DateTimeOffset? Latest { get; init; }
    }

    private static async Task<string> Stamp(DbSession session, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefault<StampRow>(
            "SELECT COUNT(*) AS notices, MAX(loaded_at) AS latest FROM calendar_notices", null, cancellationToken);
        return $"{row?.Notices}:{row?.Latest:O}";
    }

    public static async Task<WorkingCalendar> Load(DbSession session, CancellationToken cancellationToken)
    {
        var stored = await session.Query<string>("SELECT notice FROM calendar_notices ORDER BY year", null, cancellationToken);
        var calendar = WorkingCalendar.Bundled;
        foreach (var json in stored) calendar = calendar.WithNotice(HolidayNotice.Parse(json));
        return calendar;
    }
}
