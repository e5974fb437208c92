using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Fees;

/// <summary>
/// An agency's default unit prices for the cost fees of Regime 2008 cases (2008 Art. 27; issue 20: "an agency setting may hold
/// default unit prices per page and per item"), in yuan: <see cref="PerPageYuan"/> for 复制费 (per page copied),
/// <see cref="PerSearchYuan"/> for 检索费 (per search), <see cref="PerItemPostedYuan"/> for 邮寄费 (per item posted). A null price
/// is not set: an item of that kind needs its amount typed.
/// </summary>
public sealed record CostFeePrices(decimal? PerPageYuan, decimal? PerSearchYuan, decimal? PerItemPostedYuan)
{
    /// <summary>The highest unit price taken, in yuan.</summary>
    public const decimal MaxPriceYuan = 100_000m;

    /// <summary>The most pages or items one fee item may count.</summary>
    public const int MaxQuantity = 1_000_000;

    /// <summary>No price set.</summary>
    public static CostFeePrices None { get; } = new(null, null, null);

    /// <summary>True when no price is set.</summary>
    public bool IsEmpty => PerPageYuan is null && PerSearchYuan is null && PerItemPostedYuan is null;

    /// <summary>The unit price of <paramref name="kind"/>: per page for Copy, per search for Search, per item posted for Post; null when not set.</summary>
    public decimal? PriceOf(CostFeeKind kind) => kind switch
    {
        CostFeeKind.Copy => PerPageYuan,
        CostFeeKind.Search => PerSearchYuan,
        _ => PerItemPostedYuan,
    };

    /// <summary>
    /// The problem with one price as typed (field name, sentence), or null when it is a price: more than 0 yuan, at most
    /// <see cref="MaxPriceYuan"/>, at most two decimals (fen).
    /// </summary>
    public static string? PriceProblem(decimal? price) => price switch
    {
        null => null,
        <= 0m => $"A unit price is more than 0 yuan; leave it empty to set none (got {price}).",
        > MaxPriceYuan => $"A unit price is at most {MaxPriceYuan:0} yuan (got {price}).",
        _ when decimal.Round(price.Value, 2) != price.Value => $"An amount in yuan has at most two decimals (fen); got {price}.",
        _ => null,
    };

    /// <summary>
    /// The amount of a cost fee item counted instead of typed: <paramref name="quantity"/> (pages for Copy, searches for Search, items
    /// posted for Post) × the unit price of its kind, in yuan. Refuses (400 on <c>items</c>) a kind without a price (the office types
    /// the amount, or an administrator sets the price on 系统设置) and a quantity outside 1–<see cref="MaxQuantity"/>.
    /// </summary>
    public decimal AmountFor(CostFeeKind kind, int quantity)
    {
        if (quantity is < 1 or > MaxQuantity)
            throw new InvalidInputException("items", $"The pages or count of a cost fee item is between 1 and {MaxQuantity}; got {quantity}.");
        if (PriceOf(kind) is not { } price)
            throw new InvalidInputException("items", $"No unit price for the cost fee {kind} is set for this agency or an agency above it: give the item's amountYuan, or an administrator sets the price under the agency's cost prices.");
        return price * quantity;
    }
}
