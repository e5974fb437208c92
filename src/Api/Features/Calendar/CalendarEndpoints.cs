namespace CaseTracker.Api.Features.Calendar;

/// <summary>The Calendar area's routes, under /api/calendar: a year's working calendar, and loading a holiday notice.</summary>
public static class CalendarEndpoints
{
    public static void MapCalendar(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calendar").WithTags("Calendar");
        GetCalendarYear.GetCalendarYearEndpoint.Map(group);
        LoadNotice.LoadNoticeEndpoint.Map(group);
    }
}
