using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Calendar;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Alerts;

/// <summary>The agencies' alerts: CalendarMissing (law.md §2) and AnnualReportDue (law.md §7), and the digest's day.</summary>
public class AgencyAlertsTests
{
    /// <summary>The bundled calendar without next year's notice: 2027 provisional.</summary>
    private static readonly WorkingCalendar Without2027 = Cal;

    [Fact]
    public void CalendarMissing_From1November_WhileNextYearsNoticeIsNotLoaded_IsRaisedDue31December()
    {
        // Law.md §2: the notice for year N is published in November–December of N−1; watched from 1 November.
        Assert.True(Without2027.IsProvisional(2027));
        Assert.Null(AgencyAlerts.CalendarMissing("CX", D("2026-10-31"), Without2027));
        var alert = AgencyAlerts.CalendarMissing("CX", D("2026-11-01"), Without2027)!;
        Assert.Equal("CalendarMissing|CX|2026-12-31", alert.Key);
        Assert.Equal(["supervisors:CX"], alert.Recipients);
        Assert.Contains("2027", alert.Details, StringComparison.Ordinal);
        Assert.True(AgencyAlerts.WatchesNextYearsNotice(D("2026-12-31")));
        Assert.False(AgencyAlerts.WatchesNextYearsNotice(D("2027-01-01")));
    }

    [Fact]
    public void CalendarMissing_WhenNextYearsNoticeIsLoaded_IsNotRaised()
    {
        // 2026's notice is bundled, so on 2025-11-20 there is nothing to warn of.
        Assert.False(Cal.IsProvisional(2026));
        Assert.Null(AgencyAlerts.CalendarMissing("CX", D("2025-11-20"), Cal));
    }

    [Fact]
    public void AnnualReportDue_OwnReportBy31January_RollUpBy31March_RemindedFrom10DaysBefore()
    {
        // Law.md §7: the year's own report by 31 January, the roll-up with the subordinates by 31 March.
        Assert.Equal([new PublicationDeadline("OwnReport", D("2027-01-31"), false), new PublicationDeadline("RollUp", D("2027-03-31"), true)],
            AgencyAlerts.PublicationDeadlines(2027));
        Assert.Empty(AgencyAlerts.ApproachingDeadlines(D("2027-01-20")));
        Assert.Equal(["OwnReport"], AgencyAlerts.ApproachingDeadlines(D("2027-01-21")).Select(d => d.Kind));
        Assert.Equal(["OwnReport"], AgencyAlerts.ApproachingDeadlines(D("2027-01-31")).Select(d => d.Kind));
        Assert.Empty(AgencyAlerts.ApproachingDeadlines(D("2027-02-01")));
        Assert.Equal(["RollUp"], AgencyAlerts.ApproachingDeadlines(D("2027-03-21")).Select(d => d.Kind));
        Assert.Empty(AgencyAlerts.ApproachingDeadlines(D("2027-04-01")));

        var own = AgencyAlerts.AnnualReportDue("CX", 2026, "OwnReport", D("2027-01-31"));
        Assert.Equal("AnnualReportDue|CX|2027-01-31", own.Key);
        Assert.Equal("The 2026 annual report is due by 2027-01-31 and not published.", own.Details);
        Assert.Equal("The 2026 roll-up of the subordinate agencies is due by 2027-03-31 and not published.",
            AgencyAlerts.AnnualReportDue("CX", 2026, "RollUp", D("2027-03-31")).Details);
    }

    [Theory]
    [InlineData("2026-10-01", false)] // 国庆节
    [InlineData("2026-10-09", true)]
    [InlineData("2026-10-10", true)]  // 调休 Saturday
    [InlineData("2026-10-11", false)] // Sunday
    [InlineData("2026-09-25", false)] // 中秋节, a Friday
    public void Digest_GoesOutOnWorkingDaysOnly(string day, bool goesOut)
        => Assert.Equal(goesOut, AlertDigest.GoesOutOn(D(day), Cal));

    [Theory]
    [InlineData("2026-10-09", "10:00", false, true)]  // a working day, past 08:00, not sent: sent at start-up
    [InlineData("2026-10-09", "07:59", false, false)] // before its time: the recurring job sends it
    [InlineData("2026-10-09", "10:00", true, false)]  // sent already
    [InlineData("2026-10-10", "09:00", false, true)]  // 调休 Saturday: a working day
    [InlineData("2026-10-01", "10:00", false, false)] // 国庆节: no digest that day
    public void Digest_MissedAtItsTime_IsSentLaterTheSameWorkingDayOnly(string day, string time, bool sent, bool missed)
        => Assert.Equal(missed, AlertDigest.WasMissed(D(day), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(8, 0), Cal, sent));
}
