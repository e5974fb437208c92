using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Clock;

/// <summary>The due date explained in Chinese from the explanation's data (issue 13), on the statutory examples of law.md.</summary>
public class ChineseExplanationTests
{
    private static IReadOnlyList<string> Zh(params CaseEvent[] events) => ChineseExplanation.Lines(DeadlineExplanation.For(events, Cal));

    [Fact]
    public void Lines_WhenPausedAndExtended_NameTheQingmingHolidayThePauseAndTheExtension()
    {
        // Art. 31, 32, 33 ¶2: 20 working days from the day after 2026-03-02, a third-party consultation, one extension.
        var id = Guid.NewGuid();
        var lines = Zh(
            ReceivedInPerson("2026-03-02"),
            new ConsultationSent(id, ConsultationKind.ThirdParty, "某公司", D("2026-03-10")),
            new ConsultationReplied(id, D("2026-03-20"), false),
            new ExtensionApproved(D("2026-04-01"), 5, "需调取档案", D("2026-04-01"), "李四"));

        Assert.Equal("适用2019年条例（《条例》第三十三条：20个工作日）：自2026-03-02（收到申请之日）次日起算20个工作日。", lines[0]);
        Assert.Contains("计入2026-03-03至2026-03-10：6个工作日。", lines);
        Assert.Contains("跳过清明节2026-04-06（星期一）。", lines);
        Assert.Contains("中止计时2026-03-11至2026-03-20（不计8个工作日）：征求某公司意见，2026-03-10发出，2026-03-20收到答复。", lines);
        Assert.Contains("延长5个工作日（《条例》第三十三条第二款），李四于2026-04-01批准，理由：需调取档案；2026-04-01告知申请人。", lines);
        Assert.Equal("答复期限2026-04-17：共计25个工作日。", lines[^1]);
        Assert.All(lines, l => Assert.DoesNotMatch("[A-Za-z]", l));
    }

    [Fact]
    public void Lines_WhenCountCrossesSpringFestival2018_NameHolidaysAndMakeUpDays()
    {
        // 2008 Art. 24: 15 working days; 春节 2018 skipped, the 2018-02-11 and 2018-02-24 make-up days counted (调休).
        var lines = Zh(ReceivedInPerson("2018-02-09"));
        Assert.StartsWith("适用2008年条例（2008年《条例》第二十四条：15个工作日）：自2018-02-09", lines[0]);
        Assert.Contains("跳过春节2018-02-16（星期五）。", lines);
        Assert.Contains("2018-02-11（星期日）为春节调休上班日，计为工作日。", lines);
        Assert.Contains("2018-02-24（星期六）为春节调休上班日，计为工作日。", lines);
        Assert.Equal("答复期限2018-03-07：共计15个工作日。", lines[^1]);
    }

    [Fact]
    public void Lines_WhenReceivedOnARestDay_SayTheShiftToTheNextWorkingDay()
    {
        // law.md §3: a request received on a rest day counts from the next working day (顺延).
        var lines = Zh(ReceivedInPerson("2026-10-03"));
        Assert.Equal("收到日为休息日，顺延至下一工作日：登记的收到申请之日2026-10-03（星期六）不是工作日，按2026-10-08（星期四）收到计算。", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("跳过国庆节", StringComparison.Ordinal) || l.Contains("次日起算", StringComparison.Ordinal));
    }

    [Fact]
    public void Lines_WhenProvisional_NameTheYearWithoutANotice()
    {
        var lines = Zh(ReceivedInPerson("2026-12-15"));
        Assert.Contains("临时日期：尚未载入国务院2027年节假日安排通知，其间只跳过了周末；载入通知后将重新计算。", lines);
    }

    [Fact]
    public void Lines_WhenAwaitingConfirmationOrSupplement_SayNoClockRuns()
    {
        // Art. 31: no receipt date, no clock; Art. 30: a 补正 notice stops it until the supplement arrives.
        Assert.Equal(["尚未确定收到申请之日（《条例》第三十一条）：双方确认后开始计时。"], Zh(new Registered(D("2026-03-02"), Channel.Online, null, null)));
        var supplement = Zh(ReceivedInPerson("2026-03-02"), new SupplementRequested(D("2026-03-04"), "请说明年份", D("2026-03-20")));
        Assert.Equal(["已发出补正通知（《条例》第三十条）：计时停止，收到补正后重新起算20个工作日；申请人补正期限至2026-03-20。"], supplement);
        var restarted = Zh(ReceivedInPerson("2026-03-02"), new SupplementRequested(D("2026-03-04"), "请说明年份", D("2026-03-20")),
            new SupplementReceived(D("2026-03-10")));
        Assert.StartsWith("适用2019年条例（《条例》第三十三条：20个工作日）：自2026-03-10（收到补正之日", restarted[0]);
    }

    [Fact]
    public void Lines_WhenFeeNoticeIssued_ExplainTheFeePause()
    {
        // 国办函〔2020〕109号: a fee notice pauses the clock until payment.
        var lines = Zh(ReceivedInPerson("2026-03-02"), new FeeNoticeIssued(D("2026-03-05"), FeeMethod.PerPage, 200, 1, 100m), new FeePaid(D("2026-03-10"), 100m));
        Assert.Contains(lines, l => l.StartsWith("中止计时2026-03-06至2026-03-10", StringComparison.Ordinal) && l.EndsWith("2026-03-05发出收费通知，2026-03-10缴费。", StringComparison.Ordinal));
    }
}
