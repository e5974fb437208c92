using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Clock;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Alerts;

/// <summary>The alert key (raised once per case, kind and due date) and the recipients (README "Recipients").</summary>
public class AlertKeyAndRecipientsTests
{
    private static readonly Guid Case = Guid.Parse("0196a1b2-0000-7000-8000-000000000001");

    [Fact]
    public void Key_IsKindCaseAndDueDate_WithTheBandForDueSoon()
    {
        Assert.Equal("Overdue|0196a1b2-0000-7000-8000-000000000001|2026-09-29", new CaseAlert(AlertKind.Overdue, Case, D("2026-09-29"), null).Key);
        Assert.Equal("DueSoon|0196a1b2-0000-7000-8000-000000000001|2026-09-29|3",
            new CaseAlert(AlertKind.DueSoon, Case, D("2026-09-29"), null, AlertKey.Band(3)).Key);
        Assert.Equal("CalendarMissing|CX|", AlertKey.Of(AlertKind.CalendarMissing, "CX", null));
    }

    [Fact]
    public void Recipients_OfACase_AreItsHandlerAndItsAgencysSupervisors()
    {
        Assert.Equal(["user:handler-1", "supervisors:CX"], CaseAlert.Recipients("CX", "handler-1"));
        Assert.Equal(["supervisors:CX"], CaseAlert.Recipients("CX", null));
        Assert.Equal(["supervisors:CX"], AlertRecipients.OfAgency("CX"));
    }

    [Fact]
    public void DueSoonBands_AreTheConfiguredWorkingDaysNarrowestFirst_WithTheirLastDueDate()
    {
        // 2026-09-21 + 1, 3, 5 working days, 中秋节 (09-25) and the weekend skipped: 09-22, 09-24, 09-29.
        var bands = CaseAlerts.DueSoonBands(D("2026-09-21"), Cal, new AlertSettings { DueSoonWorkingDays = [5, 3, 1, 3, 0] });
        Assert.Equal([(1, D("2026-09-22")), (3, D("2026-09-24")), (5, D("2026-09-29"))], bands.Select(b => (b.WorkingDays, b.UpTo)));
        Assert.Equal(["|1", "|3", "|5"], bands.Select(b => b.Band));
        Assert.Equal("5 working days or fewer left.", bands[2].Details);
    }

    [Fact]
    public void SupplementWindowsClosingSoon_AreThoseTheCaseRuleWarnsOf()
    {
        // Art. 30: the register-wide form of SupplementNoticeWindow gives, for each day, exactly the receipt dates the per-case rule warns of.
        for (var today = D("2026-09-15"); today <= D("2026-10-20"); today = today.AddDays(1))
        {
            var windows = CaseAlerts.SupplementWindowsClosingSoon(today, Cal, ClockSettings.Default, AlertSettings.Default);
            for (var received = today.AddDays(-30); received <= today; received = received.AddDays(1))
            {
                var c = NewCase(submitted: received.ToString("yyyy-MM-dd"), received: received.ToString("yyyy-MM-dd"), today: today.ToString("yyyy-MM-dd"));
                var facts = CaseAlertFacts.Of(c, c.Clock(Cal, ClockSettings.Default));
                var rule = CaseAlerts.SupplementNoticeWindow(facts, today, Cal, ClockSettings.Default, AlertSettings.Default);
                var window = windows.SingleOrDefault(w => w.ReceivedOn == received);
                Assert.True(rule?.DueOn == window?.ClosesOn, $"{today:yyyy-MM-dd}, received {received:yyyy-MM-dd}: rule {rule?.DueOn}, windows {window?.ClosesOn}");
            }
        }
    }
}
