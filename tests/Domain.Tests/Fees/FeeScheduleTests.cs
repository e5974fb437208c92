using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Fees;

namespace CaseTracker.Domain.Tests.Fees;

public sealed class FeeScheduleTests
{
    [Theory]
    // 国办函〔2020〕109号 按件: 1–10 free, 11–30 100, 31–40 200, 41–50 300, each band of 10 100 more.
    [InlineData(1, 0)]
    [InlineData(10, 0)]
    [InlineData(11, 100)]
    [InlineData(30, 100)]
    [InlineData(31, 200)]
    [InlineData(40, 200)]
    [InlineData(41, 300)]
    [InlineData(45, 300)]
    [InlineData(51, 400)]
    public void PerRequestFee_WhenNthRequestOfMonth_ChargesItsBand(int ordinal, int yuan)
    {
        Assert.Equal(yuan, FeeSchedule.PerRequestFee(ordinal));
    }

    [Theory]
    // 国办函〔2020〕109号 按件: the month's fees add up request by request.
    [InlineData(0, 0)]
    [InlineData(10, 0)]
    [InlineData(11, 100)]
    [InlineData(30, 2000)]
    [InlineData(31, 2200)]
    [InlineData(45, 5500)]
    [InlineData(50, 7000)]
    public void PerRequestTotal_WhenRequestsInMonth_SumsEachRequestsFee(int requests, int yuan)
    {
        Assert.Equal(yuan, FeeSchedule.PerRequestTotal(requests));
    }

    [Fact]
    public void PerRequestTotal_WhenAnyCount_EqualsTheSumOfSingleFees()
    {
        // 国办函〔2020〕109号 按件: the closed form matches request-by-request charging.
        var running = 0m;
        for (var n = 1; n <= 200; n++)
        {
            running += FeeSchedule.PerRequestFee(n);
            Assert.Equal(running, FeeSchedule.PerRequestTotal(n));
        }
    }

    [Theory]
    // 国办函〔2020〕109号 按量: 1–30 free, 31–100 10/page, 101–200 20/page, 201+ 40/page (150 pages = 1,700).
    [InlineData(1, 0)]
    [InlineData(30, 0)]
    [InlineData(31, 10)]
    [InlineData(100, 700)]
    [InlineData(150, 1700)]
    [InlineData(200, 2700)]
    [InlineData(250, 4700)]
    public void PerPageFee_WhenPages_ChargesEachBandAtItsRate(int pages, int yuan)
    {
        Assert.Equal(yuan, FeeSchedule.PerPageFee(pages));
    }

    [Theory]
    // 国办函〔2020〕109号 按件: requests are numbered from 1 within the month.
    [InlineData(0)]
    [InlineData(-1)]
    public void PerRequestFee_WhenOrdinalBelowOne_IsRefused(int ordinal)
    {
        var ex = Assert.Throws<InvalidInputException>(() => FeeSchedule.PerRequestFee(ordinal));

        Assert.Equal("ordinalInMonth", ex.Field);
    }

    [Fact]
    public void PerRequestTotal_WhenNegative_IsRefused()
    {
        // 国办函〔2020〕109号 按件: a month cannot hold fewer than 0 requests.
        var ex = Assert.Throws<InvalidInputException>(() => FeeSchedule.PerRequestTotal(-1));

        Assert.Equal("requestsInMonth", ex.Field);
    }

    [Theory]
    // 国办函〔2020〕109号 按量: a per-page fee needs at least one page.
    [InlineData(0)]
    [InlineData(-5)]
    public void PerPageFee_WhenPagesBelowOne_IsRefused(int pages)
    {
        var ex = Assert.Throws<InvalidInputException>(() => FeeSchedule.PerPageFee(pages));

        Assert.Equal("pages", ex.Field);
    }

    [Fact]
    public void Compute_WhenPerRequest_UsesTheOrdinalAndIgnoresPages()
    {
        // law.md §4 Fee: one method per request, never both.
        var fee = FeeAssessment.Compute(FeeMethod.PerRequest, 31, pages: 150);

        Assert.Equal(FeeMethod.PerRequest, fee.Method);
        Assert.Equal(200m, fee.ComputedYuan);
        Assert.Equal(200m, fee.DueYuan);
        Assert.Null(fee.ReducedToYuan);
        Assert.Null(fee.ReductionReason);
    }

    [Fact]
    public void Compute_WhenPerPage_UsesThePages()
    {
        // law.md §4 Fee: 150 pages = 70×10 + 50×20 = 1,700 yuan.
        var fee = FeeAssessment.Compute(FeeMethod.PerPage, 45, pages: 150);

        Assert.Equal(FeeMethod.PerPage, fee.Method);
        Assert.Equal(1700m, fee.ComputedYuan);
        Assert.Equal(1700m, fee.DueYuan);
    }

    [Fact]
    public void Compute_WhenPerPageWithoutPages_IsRefused()
    {
        // law.md §4 Fee: 按量 is computed from the number of pages.
        var ex = Assert.Throws<InvalidInputException>(() => FeeAssessment.Compute(FeeMethod.PerPage, 1, pages: null));

        Assert.Equal("pages", ex.Field);
    }

    [Fact]
    public void Reduce_WhenReasonGiven_RecordsTheReducedAmountAndReason()
    {
        // law.md §4 Fee: fees can be reduced with a recorded reason.
        var fee = FeeAssessment.Compute(FeeMethod.PerPage, 1, pages: 150).Reduce(500m, "  申请人为低保户  ");

        Assert.Equal(1700m, fee.ComputedYuan);
        Assert.Equal(500m, fee.ReducedToYuan);
        Assert.Equal(500m, fee.DueYuan);
        Assert.Equal("申请人为低保户", fee.ReductionReason);
        Assert.False(fee.IsWaived);
    }

    [Fact]
    public void Reduce_WhenToZero_WaivesTheFee()
    {
        // law.md §4 Fee: fees can be waived (免) with a recorded reason.
        var fee = FeeAssessment.Compute(FeeMethod.PerRequest, 11, pages: null).Reduce(0m, "Applicant's hardship");

        Assert.Equal(100m, fee.ComputedYuan);
        Assert.Equal(0m, fee.DueYuan);
        Assert.True(fee.IsWaived);
    }

    [Fact]
    public void Reduce_WhenAgain_ReplacesTheEarlierReduction()
    {
        // law.md §4 Fee: the due amount is the last reduction granted, still bounded by the computed fee.
        var fee = FeeAssessment.Compute(FeeMethod.PerPage, 1, pages: 250)
            .Reduce(3000m, "First review")
            .Reduce(4000m, "Second review");

        Assert.Equal(4000m, fee.DueYuan);
        Assert.Equal("Second review", fee.ReductionReason);
    }

    [Theory]
    // law.md §4 Fee: a reduction or waiver needs a recorded reason.
    [InlineData("")]
    [InlineData("   ")]
    public void Reduce_WhenReasonBlank_IsRefused(string reason)
    {
        var fee = FeeAssessment.Compute(FeeMethod.PerPage, 1, pages: 150);

        var ex = Assert.Throws<DomainRuleException>(() => fee.Reduce(100m, reason));

        Assert.Contains("reason", ex.Message);
    }

    [Fact]
    public void Reduce_WhenReasonNull_IsRefused()
    {
        // law.md §4 Fee: a reduction or waiver needs a recorded reason.
        var fee = FeeAssessment.Compute(FeeMethod.PerPage, 1, pages: 150);

        Assert.Throws<DomainRuleException>(() => fee.Reduce(100m, null!));
    }

    [Fact]
    public void Reduce_WhenAboveComputed_IsRefused()
    {
        // law.md §4 Fee: a reduction cannot raise the fee above the schedule's amount.
        var fee = FeeAssessment.Compute(FeeMethod.PerPage, 1, pages: 150);

        var ex = Assert.Throws<DomainRuleException>(() => fee.Reduce(1700.01m, "Typo"));

        Assert.Contains("1700", ex.Message);
    }

    [Fact]
    public void Reduce_WhenNegative_IsRefused()
    {
        // law.md §4 Fee: 0 is a full waiver; nothing goes below it.
        var fee = FeeAssessment.Compute(FeeMethod.PerPage, 1, pages: 150);

        Assert.Throws<DomainRuleException>(() => fee.Reduce(-1m, "Refund"));
    }

    [Fact]
    public void Reduce_WhenMoreThanTwoDecimals_IsRefused()
    {
        // Amounts are in yuan to the fen.
        var fee = FeeAssessment.Compute(FeeMethod.PerPage, 1, pages: 150);

        var ex = Assert.Throws<InvalidInputException>(() => fee.Reduce(10.001m, "Rounding"));

        Assert.Equal("toYuan", ex.Field);
    }

    [Fact]
    public void Reduce_WhenCalled_LeavesTheOriginalAssessmentUnchanged()
    {
        // law.md §4 Fee: the computed amount stays on record beside the reduction.
        var fee = FeeAssessment.Compute(FeeMethod.PerPage, 1, pages: 150);

        _ = fee.Reduce(0m, "Waived");

        Assert.Null(fee.ReducedToYuan);
        Assert.Equal(1700m, fee.DueYuan);
    }
}
