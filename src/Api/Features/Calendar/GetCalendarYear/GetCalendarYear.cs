using CaseTracker.Api.Identity;
using CaseTracker.Domain;
using CaseTracker.Domain.Calendar;
using CaseTracker.Infrastructure.Calendar;
using Mediator;

namespace CaseTracker.Api.Features.Calendar.GetCalendarYear;

public sealed record CalendarDayView(DateOnly Date, DayKind Kind, string? Name);

public sealed record CalendarYearView(int Year, bool Provisional, IReadOnlyList<string> Papers, int WorkingDays, IReadOnlyList<CalendarDayView> NamedDays);

public sealed record GetCalendarYearQuery(int Year) : IQuery<CalendarYearView>;

internal sealed class GetCalendarYearHandler(CalendarProvider calendars) : IQueryHandler<GetCalendarYearQuery, CalendarYearView>
{
    public ValueTask<CalendarYearView> Handle(GetCalendarYearQuery query, CancellationToken cancellationToken)
    {
        if (query.Year < WorkingCalendar.FirstSupportedDate.Year || query.Year > WorkingCalendar.LastSupportedDate.Year)
            throw new InvalidInputException("year", $"The calendar covers {WorkingCalendar.FirstSupportedDate.Year}–{WorkingCalendar.LastSupportedDate.Year}.");
        var calendar = calendars.Current;
        var first = new DateOnly(query.Year, 1, 1);
        var last = new DateOnly(query.Year, 12, 31);
        var named = calendar.Days(first, last).Where(d => d.HolidayName is not null).Select(d => new CalendarDayView(d.Date, d.Kind, d.HolidayName)).ToList();
        return ValueTask.FromResult(new CalendarYearView(query.Year, calendar.IsProvisional(query.Year), calendar.NoticeFor(query.Year)?.Papers ?? [],
            calendar.WorkingDaysBetween(first.AddDays(-1), last), named));
    }
}

public static class GetCalendarYearEndpoint
{
    public static void Map(RouteGroupBuilder calendar)
        => calendar.MapGet("/{year:int}", async (int year, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetCalendarYearQuery(year), ct)))
            .RequireAuthorization(Policies.Read)
            .WithName("GetCalendarYear");
}
