using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Clock;

public class DeadlineExplanationTests
{
    [Fact]
    public void For_WhenCountCrossesSpringFestival_NamesEachHolidayAndMakeUpDay()
    {
        var explanation = DeadlineExplanation.For([ReceivedInPerson("2018-02-09")], Cal);
        Assert.Equal(D("2018-02-09"), explanation.BaseDate);
        Assert.Equal(D("2018-03-07"), explanation.DueOn);
        Assert.Equal(15, explanation.CountedWorkingDays);
        Assert.Equal(7, explanation.HolidaysSkipped.Count(h => h.Name == "春节"));
        // Sunday 2018-02-11 and Saturday 2018-02-24 were both 春节 make-up working days.
        Assert.Equal([D("2018-02-11"), D("2018-02-24")], explanation.MakeUpWorkdays.Select(m => m.Date));
        Assert.All(explanation.MakeUpWorkdays, m => Assert.Equal("春节", m.Name));
        Assert.Contains(explanation.Lines, l => l.Contains("2018-02-16") && l.Contains("春节"));
        Assert.Contains(explanation.Lines, l => l.Contains("调休"));
    }

    [Fact]
    public void For_WhenPausedAndExtended_ShowsEachRangePauseAndExtension()
    {
        var id = Guid.NewGuid();
        var explanation = DeadlineExplanation.For([
            ReceivedInPerson("2026-03-02"),
            new ConsultationSent(id, ConsultationKind.ThirdParty, "某公司", D("2026-03-10")),
            new ConsultationReplied(id, D("2026-03-20"), false),
            new ExtensionApproved(D("2026-04-01"), 5, "需调取档案", D("2026-04-01"), "李四"),
        ], Cal);

        Assert.Equal(D("2026-04-17"), explanation.DueOn);
        Assert.Equal([new CountedRange(D("2026-03-03"), D("2026-03-10"), 6), new CountedRange(D("2026-03-23"), D("2026-04-17"), 19)], explanation.CountedRanges);
        var pause = Assert.Single(explanation.Pauses);
        Assert.Equal((D("2026-03-11"), D("2026-03-20"), 8), (pause.From, pause.To, pause.WorkingDays));
        Assert.Equal(5, explanation.Extension!.WorkingDays);
        Assert.Contains(explanation.HolidaysSkipped, h => h.Date == D("2026-04-06") && h.Name == "清明节");
        Assert.Contains(explanation.Lines, l => l.StartsWith("Paused 2026-03-11 to 2026-03-20 (8 working days"));
        Assert.Contains(explanation.Lines, l => l.StartsWith("Extended by 5 working days"));
    }

    // Trial B: two consultations running at once are each shown with their own days, and the clock stood still for their
    // union — 03-11 to 03-20, 8 working days — not 6 + 6. The total is said once, in English, in Chinese and as data.
    [Fact]
    public void For_WhenTwoConsultationsOverlap_SaysTheWorkingDaysPausedInAllCountingTheOverlapOnce()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var explanation = DeadlineExplanation.For([
            ReceivedInPerson("2026-03-02"),
            new ConsultationSent(a, ConsultationKind.ThirdParty, "甲", D("2026-03-10")),
            new ConsultationSent(b, ConsultationKind.OtherAgency, "乙", D("2026-03-12")),
            new ConsultationReplied(a, D("2026-03-18"), true),
            new ConsultationReplied(b, D("2026-03-20"), null),
        ], Cal);

        Assert.Equal([(D("2026-03-11"), D("2026-03-18"), 6), (D("2026-03-13"), D("2026-03-20"), 6)], explanation.Pauses.Select(p => (p.From, p.To, p.WorkingDays)));
        Assert.Equal(8, explanation.PausedWorkingDays);
        Assert.Equal(D("2026-04-10"), explanation.DueOn);
        var workingDaysAfterBase = Cal.WorkingDaysBetween(explanation.BaseDate!.Value, explanation.DueOn!.Value);
        Assert.Equal(workingDaysAfterBase, explanation.CountedWorkingDays + explanation.PausedWorkingDays);
        Assert.Contains("Paused 8 working days in all: a day under two pauses at once is counted once.", explanation.Lines);
        Assert.Contains("中止计时合计8个工作日（同一天有两项中止的只计一次）。", ChineseExplanation.Lines(explanation));

        // One pause: its own line says it all, no total line.
        var one = DeadlineExplanation.For([ReceivedInPerson("2026-03-02"), new ConsultationSent(a, ConsultationKind.ThirdParty, "甲", D("2026-03-10")),
            new ConsultationReplied(a, D("2026-03-18"), true)], Cal);
        Assert.Equal(6, one.PausedWorkingDays);
        Assert.DoesNotContain(one.Lines, l => l.Contains("in all", StringComparison.Ordinal));
    }

    // The same over many overlapping consultations: the total never exceeds the sum of the pauses nor falls below the
    // longest, and the counted plus the paused days are every working day after the base date up to the due date.
    [Fact]
    public void For_AnyConsultationsOverlapping_PausedInAllLiesBetweenTheLongestPauseAndTheirSum()
    {
        var random = new Random(16);
        for (var round = 0; round < 300; round++)
        {
            var received = D("2026-01-05").AddDays(random.Next(0, 300));
            List<CaseEvent> events = [ReceivedInPerson(received.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))];
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                var id = Guid.NewGuid();
                var sent = received.AddDays(random.Next(1, 15));
                events.Add(new ConsultationSent(id, random.Next(2) == 0 ? ConsultationKind.ThirdParty : ConsultationKind.OtherAgency, "甲", sent));
                events.Add(new ConsultationReplied(id, sent.AddDays(random.Next(1, 20)), null));
            }

            var e = DeadlineExplanation.For([.. events.OrderBy(x => x is ConsultationSent s ? s.SentOn : x is ConsultationReplied r ? r.ReceivedOn : DateOnly.MinValue)], Cal);
            Assert.Equal(Cal.WorkingDaysBetween(e.BaseDate!.Value, e.DueOn!.Value), e.CountedWorkingDays + e.PausedWorkingDays);
            Assert.InRange(e.PausedWorkingDays, e.Pauses.Select(p => p.WorkingDays).DefaultIfEmpty(0).Max(), e.Pauses.Sum(p => p.WorkingDays));
            Assert.Equal(e.Pauses.Count > 1, e.Lines.Any(l => l.Contains("in all", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void For_WhenProvisional_SaysWhichYear()
    {
        var explanation = DeadlineExplanation.For([ReceivedInPerson("2026-12-15")], Cal);
        Assert.True(explanation.Provisional);
        Assert.Contains(explanation.Lines, l => l.StartsWith("Provisional") && l.Contains("2027"));
    }

    [Fact]
    public void For_WhenAwaitingConfirmation_SaysNoClockRuns()
    {
        var explanation = DeadlineExplanation.For([new Registered(D("2026-03-02"), Channel.Online, null, null)], Cal);
        Assert.Null(explanation.DueOn);
        Assert.Contains("No receipt date yet", Assert.Single(explanation.Lines));
    }
}
