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

    public WorkingCalendar Current => current;

    public void Replace(WorkingCalendar calendar) => current = calendar;

    public async Task Reload(DbSession session, CancellationToken cancellationToken)
        => current = await Load(session, cancellationToken);

    public static async Task<WorkingCalendar> Load(DbSession session, CancellationToken cancellationToken)
    {
        var stored = await session.Query<string>("SELECT notice FROM calendar_notices ORDER BY year", null, cancellationToken);
        var calendar = WorkingCalendar.Bundled;
        foreach (var json in stored) calendar = calendar.WithNotice(HolidayNotice.Parse(json));
        return calendar;
    }
}
