using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Fees;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Fees;
using Mediator;

namespace CaseTracker.Api.Features.Agencies.CostPrices;

/// <summary>The body of PUT /api/agencies/{code}/cost-prices: unit prices in yuan per page copied, per search, per item posted; null sets none.</summary>
public sealed record CostPricesRequest(decimal? PerPageYuan, decimal? PerSearchYuan, decimal? PerItemPostedYuan);

/// <summary>
/// The cost prices an agency's Regime 2008 fee notices use (2008 Art. 27): per page copied (复制费), per search (检索费), per item posted
/// (邮寄费), in yuan, null where none is set; <see cref="Source"/> says whose they are: <c>own</c>, an ancestor's code (named in
/// <see cref="SourceName"/>) when the agency has none of its own, or <c>none</c> when no agency in its chain set any.
/// </summary>
public sealed record CostPricesView(string AgencyCode, decimal? PerPageYuan, decimal? PerSearchYuan, decimal? PerItemPostedYuan, string Source, string? SourceName);

/// <summary>
/// Sets an agency's own cost prices (a PUT: a price left out is cleared; all left out removes the agency's own prices, so it uses its
/// parent's again): an Administrator of the agency or above it (403 otherwise). Refused (400): a price of 0 or less, over 100,000
/// yuan, or with more than two decimals (fen).
/// </summary>
public sealed record SetCostPricesCommand(string AgencyCode, decimal? PerPageYuan, decimal? PerSearchYuan, decimal? PerItemPostedYuan)
    : ICommand<CostPricesView>, IValidatable
{
    public void Validate(Validator v)
    {
        foreach (var (field, price) in new[] { ("perPageYuan", PerPageYuan), ("perSearchYuan", PerSearchYuan), ("perItemPostedYuan", PerItemPostedYuan) })
            if (CostFeePrices.PriceProblem(price) is { } problem) v.Error(field, problem);
    }
}

/// <summary>The cost prices an agency uses (its own, else its nearest ancestor's): any user who can see the agency (403 otherwise).</summary>
public sealed record GetCostPricesQuery(string AgencyCode) : IQuery<CostPricesView>;

/// <summary>Reads the cost prices in force for an agency: its own row, else the nearest ancestor's (<see cref="CostPriceStore.Nearest"/>).</summary>
public sealed class CostPriceLookup(AgencyAccess access, CostPriceStore store)
{
    /// <summary>The prices in force for <paramref name="agencyCode"/> and whose they are (no access check: the caller made it).</summary>
    public async Task<CostPricesView> InForce(string agencyCode, CancellationToken cancellationToken)
    {
        var stored = await store.Nearest(await access.AgencyAndAncestors(agencyCode, cancellationToken), cancellationToken);
        var source = stored.FromAgency switch { null => "none", var from when from == agencyCode => "own", var from => from };
        var name = stored.FromAgency is { } code && code != agencyCode ? (await access.Find(code, cancellationToken))?.Name : null;
        return new CostPricesView(agencyCode, stored.Prices.PerPageYuan, stored.Prices.PerSearchYuan, stored.Prices.PerItemPostedYuan, source, name);
    }
}

internal sealed class SetCostPricesHandler(AgencyAccess access, CostPriceStore store, CostPriceLookup lookup, CurrentUser user, RegisterClock clock)
    : ICommandHandler<SetCostPricesCommand, CostPricesView>
{
    public async ValueTask<CostPricesView> Handle(SetCostPricesCommand command, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(command.AgencyCode, cancellationToken);
        await store.Save(command.AgencyCode, new CostFeePrices(command.PerPageYuan, command.PerSearchYuan, command.PerItemPostedYuan), user.Actor, clock.Now, cancellationToken);
        return await lookup.InForce(command.AgencyCode, cancellationToken);
    }
}

internal sealed class GetCostPricesHandler(AgencyAccess access, CostPriceLookup lookup) : IQueryHandler<GetCostPricesQuery, CostPricesView>
{
    public async ValueTask<CostPricesView> Handle(GetCostPricesQuery query, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(query.AgencyCode, cancellationToken);
        return await lookup.InForce(query.AgencyCode, cancellationToken);
    }
}

public static class CostPricesEndpoint
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPut("/{code}/cost-prices", async (string code, CostPricesRequest body, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new SetCostPricesCommand(code, body.PerPageYuan, body.PerSearchYuan, body.PerItemPostedYuan), ct)))
            .RequireAuthorization(Policies.Administer)
            .WithName("SetCostPrices")
            .WithSummary("Default unit prices of the agency's Regime 2008 cost fees (2008 Art. 27), in yuan: perPageYuan (复制费), perSearchYuan (检索费), perItemPostedYuan (邮寄费); a price left out is cleared, all left out: the parent's apply.");
        group.MapGet("/{code}/cost-prices", async (string code, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new GetCostPricesQuery(code), ct)))
            .RequireAuthorization(Policies.Read)
            .WithName("GetCostPrices")
            .WithSummary("The cost prices the agency's Regime 2008 fee notices use: its own, else its nearest ancestor's (source: own, the ancestor's code, or none).");
    }
}
