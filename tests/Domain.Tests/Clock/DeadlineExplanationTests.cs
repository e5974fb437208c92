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
