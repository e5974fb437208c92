using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Alerts;

/// <summary>
/// The Api's day-by-day walk (AlertsWalkTests) as pure rules: through 中秋节 (2026-09-25), the 国庆节 week (10-01..10-07)
/// and the 2026-10-10 调休 Saturday, the alerts a case should have each day are exactly those the README names, and each
/// alert, once gone, never comes back (so the scan raises each once).
/// </summary>
public class DayByDayWalkTests
{
    [Fact]
    public void Walk_ThroughHolidaysAndAMakeUpSaturday_GivesEachAlertOnItsDaysOnly()
    {
        // Art. 33: received 2026-09-01, due 2026-09-29 (中秋节 skipped, the 09-20 调休 Sunday counted).
        var a = NewCase(submitted: "2026-09-01", received: "2026-09-01");
        Assert.Equal(D("2026-09-29"), a.Clock(Cal, ClockSettings.Default).DueOn);
        // Art. 31: submitted online on 2026-09-30, never confirmed; the next working day after 国庆节 is 10-08.
        var b = NewCase(Channel.Online, submitted: "2026-09-30", received: null);

        var daysOf = new Dictionary<string, List<DateOnly>>();
        for (var day = D("2026-09-18"); day <= D("2026-10-12"); day = day.AddDays(1))
        {
            var cases = day >= D("2026-09-30") ? new[] { (a, "A"), (b, "B") } : [(a, "A")];
            var alerts = cases.SelectMany(c => CaseAlerts.For(CaseAlertFacts.Of(c.Item1, c.Item1.Clock(Cal, ClockSettings.Default)), day, Cal,
                    ClockSettings.Default, AlertSettings.Default).Select(x => $"{c.Item2}:{x.Key.Replace($"|{c.Item1.Id.Value}|", "|")}"))
                .Order(StringComparer.Ordinal).ToList();

            var want = new List<string>();
            if (day >= D("2026-09-21") && day <= D("2026-09-22")) want.Add("A:DueSoon|2026-09-29|5");
            if (day >= D("2026-09-23") && day <= D("2026-09-27")) want.Add("A:DueSoon|2026-09-29|3"); // 中秋节 and the weekend count nothing
            if (day == D("2026-09-28")) want.Add("A:DueSoon|2026-09-29|1");
            if (day == D("2026-09-29")) want.Add("A:DueToday|2026-09-29");
            if (day > D("2026-09-29")) want.Add("A:Overdue|2026-09-29");
            if (day > D("2026-10-08")) want.Add("B:ReceiptUnconfirmed|2026-10-08");
            Assert.True(want.SequenceEqual(alerts), $"{day:yyyy-MM-dd}: expected [{string.Join(", ", want)}], got [{string.Join(", ", alerts)}]");
            foreach (var key in alerts) (daysOf.TryGetValue(key, out var days) ? days : daysOf[key] = []).Add(day);

            // The 08:00 digest: not on 国庆节 or a Sunday, but on the 调休 Saturday.
            if (day == D("2026-10-01") || day == D("2026-10-10") || day == D("2026-10-11"))
                Assert.Equal(day == D("2026-10-10"), AlertDigest.GoesOutOn(day, Cal));
        }

        // Each alert on consecutive days only: once resolved it is not raised again.
        Assert.All(daysOf, kv => Assert.Equal(kv.Value.Count - 1, kv.Value[^1].DayNumber - kv.Value[0].DayNumber));
        Assert.Equal(["A:DueSoon", "A:DueSoon", "A:DueSoon", "A:DueToday", "A:Overdue", "B:ReceiptUnconfirmed"],
            daysOf.Keys.Select(k => k[..k.IndexOf('|', StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
    }
}
