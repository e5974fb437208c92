using System.Text.Json;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Calendar;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Calendar;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Calendar.LoadNotice;

public sealed record DueDateChange(Guid CaseId, string CaseNumber, DateOnly? DueBefore, DateOnly? DueAfter, bool ProvisionalBefore, bool ProvisionalAfter);

public sealed record NoticeLoaded(int Year, int Days, int OpenCasesChecked, IReadOnlyList<DueDateChange> Changes);

public sealed record LoadNoticeCommand(int Year, string NoticeJson) : ICommand<NoticeLoaded>;

/// <summary>
/// Loads a State Council notice (law.md §2) and, in the same transaction, recomputes every open case's due
/// date, writing each change (old date, new date, why) into that case's history. The register is read in one
/// streamed pass; only the cases whose due date moves are loaded and saved. The calendar is national: only an
/// Administrator of a root agency may load a notice (403 otherwise), the notice is checked first (400 per field, nothing
/// changes), and the answer lists the changes of the cases the administrator sees (every open case is recomputed).
/// </summary>
internal sealed class LoadNoticeHandler(DbSession session, CalendarNoticeStore notices, ICaseRepository cases, CalendarProvider calendars, RegisterClock clock, CurrentUser user,
    AgencyAccess access, Alerts.CaseAlertsFollower alerts)
    : ICommandHandler<LoadNoticeCommand, NoticeLoaded>
{
    public async ValueTask<NoticeLoaded> Handle(LoadNoticeCommand command, CancellationToken cancellationToken)
    {
        await EnsureRootAdministrator(cancellationToken);
        var notice = HolidayNotice.CheckBeforeLoading(command.NoticeJson, command.Year);

        await notices.Save(notice.Year, notice.ToJson(), clock.Now, user.Actor.Name, cancellationToken);

        var before = calendars.Current;
        var after = before.WithNotice(notice);
        var (checkedCount, changed) = await CasesWhoseDueDateMoves(before, after, cancellationToken);
        var changes = new List<DueDateChange>();
        var why = JsonSerializer.Serialize(new
        {
            year = notice.Year,
            reason = $"The State Council holiday notice for {notice.Year} was loaded; the due date was recomputed.",
        }, ApiJson.Options);
        var visible = await access.Visible(cancellationToken);
        foreach (var id in changed)
        {
            var @case = (await cases.Find(new CaseId(Guid.Parse(id)), cancellationToken))!;
            var old = @case.Clock(before, clock.Settings);
            var fresh = @case.Clock(after, clock.Settings);
            await cases.SaveNote(@case, old.DueOn, fresh, new CaseNote("CalendarRecomputed", clock.Today, why), user.Actor, clock.Now, cancellationToken);
            await alerts.Follow(@case, fresh, cancellationToken, after);
            // Every case is recomputed, but the answer lists only the cases the administrator may see.
            if (visible.Contains(@case.AgencyCode))
                changes.Add(new DueDateChange(@case.Id.Value, @case.CaseNumber, old.DueOn, fresh.DueOn, old.DueOnProvisional, fresh.DueOnProvisional));
        }

        session.OnCommit(() => calendars.Replace(after));
        return new NoticeLoaded(notice.Year, notice.Days.Count, checkedCount, changes.OrderBy(c => c.CaseNumber, StringComparer.Ordinal).ToList());
    }

    /// <summary>The calendar is national (law.md §2): only an administrator of a root agency may load a notice.</summary>
    private async Task EnsureRootAdministrator(CancellationToken cancellationToken)
    {
        var own = await access.Find(user.AgencyCode, cancellationToken);
        if (own is { ParentCode: null } && user.Roles.Contains(Roles.Administrator)) return;
        throw new ForbiddenException(own is null
            ? $"Loading a holiday notice needs an Administrator of a root agency (the calendar is national); your agency {user.AgencyCode} is not in the register."
            : $"Loading a holiday notice needs an Administrator of a root agency (the calendar is national); your agency {own.Code} is under {own.ParentCode}.");
    }

    /// <summary>
    /// Every open, received case's clock under the old and the new calendar, from its events streamed a case at a
    /// time (one query, however large the register): the ids of those whose due date or provisional mark changes.
    /// Only these are then loaded and written.
    /// </summary>
    private async Task<(int Checked, List<string> Changed)> CasesWhoseDueDateMoves(WorkingCalendar before, WorkingCalendar after,
        CancellationToken cancellationToken)
    {
        var changed = new List<string>();
        var count = 0;
        await foreach (var (id, events) in session.EventsByCase("""
            SELECT h.case_id, h.kind, h.payload FROM case_history h JOIN cases c ON c.id = h.case_id
            WHERE c.status <> 'Closed' AND c.received_on IS NOT NULL AND h.voided_by_seq IS NULL
            ORDER BY h.case_id, h.seq
            """, null, cancellationToken))
        {
            count++;
            var old = StatutoryClock.Compute(events, before, clock.Settings);
            var fresh = StatutoryClock.Compute(events, after, clock.Settings);
            if (old.DueOn != fresh.DueOn || old.DueOnProvisional != fresh.DueOnProvisional) changed.Add(id);
        }

        return (count, changed);
    }
}

public static class LoadNoticeEndpoint
{
    public static void Map(RouteGroupBuilder calendar)
        => calendar.MapPut("/{year:int}", async (int year, JsonElement notice, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new LoadNoticeCommand(year, notice.GetRawText()), ct)))
            .RequireAuthorization(Policies.Administer)
            .WithName("LoadHolidayNotice")
            .WithSummary("Load a State Council holiday notice (holiday-cn JSON shape); every open case's due date is recomputed and the change recorded.");
}
