using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Calendar;

/// <summary>Rows of <c>calendar_notices</c>: the State Council holiday notices an administrator loaded, one a year.</summary>
public sealed class CalendarNoticeStore(DbSession session)
{
    /// <summary>Stores the year's notice, replacing one loaded before (the engine's upsert, <see cref="SqlDialect.UpsertNoticeSql"/>).</summary>
    public async Task Save(int year, string noticeJson, DateTimeOffset loadedAt, string loadedBy, CancellationToken cancellationToken)
        => await session.Execute(session.Dialect.UpsertNoticeSql, new { year, notice = noticeJson, loadedAt, loadedBy }, cancellationToken);
}
