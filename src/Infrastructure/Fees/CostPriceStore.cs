using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Fees;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Fees;

/// <summary>The cost prices an agency uses and whose they are: <see cref="FromAgency"/> is the agency itself, an ancestor, or null when none in its chain set any.</summary>
public sealed record StoredCostPrices(CostFeePrices Prices, string? FromAgency);

/// <summary>Table <c>agency_cost_prices</c> (migration 0035): the default unit prices of Regime 2008 cost fees per agency (2008 Art. 27).</summary>
public sealed class CostPriceStore(DbSession session)
{
    private sealed class Row
    {
        public string AgencyCode { get; init; } = "";
        public decimal? PerPageYuan { get; init; }
        public decimal? PerSearchYuan { get; init; }
        public decimal? PerItemPostedYuan { get; init; }
    }

    /// <summary>
    /// Replaces the agency's own prices (a PUT: a null price is cleared); with every price null the agency's row is removed, so it
    /// uses its parent's again.
    /// </summary>
    public async Task Save(string agencyCode, CostFeePrices prices, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (prices.IsEmpty)
        {
            await session.Execute("DELETE FROM agency_cost_prices WHERE agency_code = @agency", new { agency = agencyCode }, cancellationToken);
            return;
        }

        var p = new { agency = agencyCode, page = prices.PerPageYuan, search = prices.PerSearchYuan, post = prices.PerItemPostedYuan, by = actor.UserId, now };
        if (await session.Execute("""
                UPDATE agency_cost_prices SET per_page_yuan = @page, per_search_yuan = @search, per_item_posted_yuan = @post, updated_by = @by, updated_at = @now
                WHERE agency_code = @agency
                """, p, cancellationToken) == 0)
            await session.Execute("""
                INSERT INTO agency_cost_prices (agency_code, per_page_yuan, per_search_yuan, per_item_posted_yuan, updated_by, updated_at)
                VALUES (@agency, @page, @search, @post, @by, @now)
                """, p, cancellationToken);
    }

    /// <summary>
    /// The prices of the first agency of <paramref name="agencyAndAncestors"/> (the agency, then its parent, … up to the root) that
    /// has a row: a subordinate without prices of its own uses its parent's. <see cref="CostFeePrices.None"/> with no source when none has.
    /// </summary>
    public async Task<StoredCostPrices> Nearest(IReadOnlyList<string> agencyAndAncestors, CancellationToken cancellationToken)
    {
        if (agencyAndAncestors.Count == 0) return new(CostFeePrices.None, null);
        var rows = await session.Query<Row>($"""
            SELECT agency_code, per_page_yuan, per_search_yuan, per_item_posted_yuan FROM agency_cost_prices
            WHERE {session.Dialect.InList("agency_code", "agencies")}
            """, new { agencies = agencyAndAncestors.ToArray() }, cancellationToken);
        var nearest = agencyAndAncestors.Select(code => rows.FirstOrDefault(r => r.AgencyCode == code)).FirstOrDefault(r => r is not null);
        return nearest is null
            ? new(CostFeePrices.None, null)
            : new(new CostFeePrices(nearest.PerPageYuan, nearest.PerSearchYuan, nearest.PerItemPostedYuan), nearest.AgencyCode);
    }
}
