namespace CaseTracker.Api.Desk.Calendar;

/// <summary>The text of the 日历 screen (CalendarText.resx, Chinese).</summary>
public sealed class CalendarText;
