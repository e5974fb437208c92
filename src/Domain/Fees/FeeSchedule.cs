using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Fees;

/// <summary>
/// 信息处理费 amounts of 国办函〔2020〕109号 (law.md §4, Fee), in yuan. A request is charged by one
/// method only: 按件 (per request, counted per applicant per calendar month) or 按量 (per page).
/// </summary>
public static class FeeSchedule
{
    public const int FreeRequestsPerMonth = 10;
    public const int FreePages = 30;

    /// <summary>The fee for the n-th request of one applicant in one calendar month.</summary>
    public static decimal PerRequestFee(int ordinalInMonth)
    {
        if (ordinalInMonth < 1)
        {
            throw new InvalidInputException(
                "ordinalInMonth",
                $"The request's number within the applicant's month must be 1 or more (the first request of the month is 1); got {ordinalInMonth}.");
        }

        return ordinalInMonth switch
        {
            <= FreeRequestsPerMonth => 0m,
            <= 30 => 100m,
            // 31–40: 200, 41–50: 300, … each further band of 10 costs 100 more.
            _ => 200m + (100m * ((ordinalInMonth - 31) / 10)),
        };
    }

    /// <summary>The fees of an applicant's first n requests of a calendar month together.</summary>
    public static decimal PerRequestTotal(int requestsInMonth)
    {
        if (requestsInMonth < 0)
        {
            throw new InvalidInputException(
                "requestsInMonth",
                $"The number of requests in a month cannot be negative; got {requestsInMonth}.");
        }

        if (requestsInMonth <= 30)
        {
            return 100m * Math.Max(0, requestsInMonth - FreeRequestsPerMonth);
        }

        // Closed form rather than a loop: 2,000 for requests 11–30, then m full bands of 10 at
        // 200, 300, … and r requests of the band in progress.
        decimal m = (requestsInMonth - 30) / 10;
        decimal r = (requestsInMonth - 30) % 10;
        return 2000m + (2000m * m) + (500m * m * (m - 1)) + (r * (200m + (100m * m)));
    }

    /// <summary>The fee for one request charged by the page: 1–30 free, 31–100 at 10, 101–200 at 20, 201 and over at 40 yuan a page.</summary>
    public static decimal PerPageFee(int pages)
    {
        if (pages < 1)
        {
            throw new InvalidInputException("pages", $"A per-page fee needs the number of pages provided, 1 or more; got {pages}.");
        }

        decimal band31To100 = Math.Clamp(pages, FreePages, 100) - FreePages;
        decimal band101To200 = Math.Clamp(pages, 100, 200) - 100;
        decimal from201 = Math.Max(pages, 200) - 200;
        return (10m * band31To100) + (20m * band101To200) + (40m * from201);
    }
}

/// <summary>
/// The fee of one request: the amount the schedule gives, and the reduction or waiver (减免) the office
/// granted, always with its reason.
/// </summary>
public sealed record FeeAssessment
{
    private FeeAssessment(FeeMethod method, decimal computedYuan, decimal? reducedToYuan, string? reductionReason)
    {
        Method = method;
        ComputedYuan = computedYuan;
        ReducedToYuan = reducedToYuan;
        ReductionReason = reductionReason;
    }

    public FeeMethod Method { get; }

    public decimal ComputedYuan { get; }

    public decimal? ReducedToYuan { get; }

    public string? ReductionReason { get; }

    public decimal DueYuan => ReducedToYuan ?? ComputedYuan;

    public bool IsWaived => ReducedToYuan == 0m;

    /// <param name="ordinalInMonth">Used by <see cref="FeeMethod.PerRequest"/>: the request's number among the applicant's requests of the calendar month.</param>
    /// <param name="pages">Required by <see cref="FeeMethod.PerPage"/>; ignored by per-request charging, since one method excludes the other.</param>
    public static FeeAssessment Compute(FeeMethod method, int ordinalInMonth, int? pages)
    {
        var computed = method switch
        {
            FeeMethod.PerRequest => FeeSchedule.PerRequestFee(ordinalInMonth),
            FeeMethod.PerPage => FeeSchedule.PerPageFee(
                pages ?? throw new InvalidInputException("pages", "A per-page fee needs the number of pages provided.")),
            _ => throw new InvalidInputException("method", $"\"{method}\" is not a fee method; use PerRequest (按件) or PerPage (按量)."),
        };
        return new FeeAssessment(method, computed, null, null);
    }

    /// <summary>
    /// The cost fees of a Regime 2008 case (2008 Art. 27): 检索费, 复制费 and 邮寄费 as the office typed them from its own cost
    /// schedule, each kind at most once, each amount more than 0 yuan with at most two decimals (fen); the fee is their sum.
    /// Refuses (400) no item, a kind named twice, or an amount of 0, below 0 or with more than two decimals.
    /// </summary>
    public static FeeAssessment ComputeCost(IReadOnlyList<CostFeeItem> items)
    {
        if (items.Count == 0)
            throw new InvalidInputException("items", "A cost fee needs at least one item: Search (检索费), Copy (复制费) or Post (邮寄费) with its amount in yuan.");
        var twice = items.GroupBy(i => i.Kind).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new InvalidInputException("items", $"The cost fee {twice.Key} is listed twice; give each kind (Search, Copy, Post) once with its total amount.");
        foreach (var item in items)
        {
            if (item.AmountYuan <= 0m)
                throw new InvalidInputException("items", $"The amount of the cost fee {item.Kind} must be more than 0 yuan; leave out a kind that is not charged (got {item.AmountYuan}).");
            if (decimal.Round(item.AmountYuan, 2) != item.AmountYuan)
                throw new InvalidInputException("items", $"An amount in yuan has at most two decimals (fen); got {item.AmountYuan}.");
        }

        return new FeeAssessment(FeeMethod.Cost, items.Sum(i => i.AmountYuan), null, null);
    }

    /// <summary>Reduces the fee to <paramref name="toYuan"/>, or waives it with 0; replaces any earlier reduction.</summary>
    public FeeAssessment Reduce(decimal toYuan, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainRuleException("A fee can only be reduced or waived with a recorded reason; please enter the reason.");
        }

        if (toYuan < 0m)
        {
            throw new DomainRuleException($"A fee cannot be reduced below 0 yuan; to waive it, reduce it to 0 (got {toYuan} yuan).");
        }

        if (toYuan > ComputedYuan)
        {
            throw new DomainRuleException(
                $"A reduction cannot raise the fee: the computed fee is {ComputedYuan} yuan and {toYuan} yuan is more than that.");
        }

        if (decimal.Round(toYuan, 2) != toYuan)
        {
            throw new InvalidInputException("toYuan", $"An amount in yuan has at most two decimals (fen); got {toYuan}.");
        }

        return new FeeAssessment(Method, ComputedYuan, toYuan, reason.Trim());
    }
}
