using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Cases.IssueFeeNotice;

/// <summary>
/// The fee noticed: method, pages (按量), the request's number in the applicant's month (按件; 0 for a cost fee), the amount in yuan,
/// the last day to pay (国办函〔2020〕109号; null for a 2008 cost fee, which has none), the cost fee items (2008 Art. 27) and the case.
/// </summary>
public sealed record FeeNoticeResponse(FeeMethod Method, int? Pages, int RequestOfTheMonth, decimal AmountYuan, DateOnly? PayBy,
    IReadOnlyList<CostFeeItem>? Items, CaseDetails Case);

/// <summary>
/// One cost fee of a Regime 2008 case as sent (2008 Art. 27): kind Search | Copy | Post and either the amount in yuan, or instead the
/// pages copied (Copy) or the count of searches or items posted (Search, Post), priced at the unit price of the case's agency (its own,
/// else its nearest ancestor's: GET /api/agencies/{code}/cost-prices).
/// </summary>
public sealed record CostFeeItemBody(CostFeeKind? Kind, decimal? AmountYuan, int? Pages = null, int? Count = null);

public sealed record IssueFeeNoticeCommand : ICommand<FeeNoticeResponse>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? IssuedOn { get; init; }
    public FeeMethod? Method { get; init; }
    public int? Pages { get; init; }
    public IReadOnlyList<CostFeeItemBody>? Items { get; init; }

    public void Validate(Validator v)
    {
        v.Required("issuedOn", IssuedOn).Required("method", Method).Range("pages", Pages, 1, 10_000_000);
        if (Method == FeeMethod.PerPage) v.Required("pages", Pages, "pages is required for a per-page fee.");
        if (Method == FeeMethod.PerRequest && Pages is not null) v.Error("pages", "A per-request fee does not count pages; one method per request.");
        if (Method is FeeMethod.PerRequest or FeeMethod.PerPage && Items is not null)
            v.Error("items", "Items (Search, Copy, Post) are the cost fees of a Regime 2008 case (method Cost); a 信息处理费 is computed from the method and pages.");
        if (Method != FeeMethod.Cost) return;
        if (Pages is not null) v.Error("pages", "A cost fee is typed as amounts per item, not counted by pages; leave pages out.");
        if (Items is not { Count: > 0 })
            v.Error("items", "A cost fee needs at least one item: Search (检索费), Copy (复制费) or Post (邮寄费) with its amount in yuan.");
        else if (Items.Count > 3 || Items.Any(i => i is null || i.Kind is null || i.AmountYuan is < 0 or > 1_000_000_000m))
            v.Error("items", "Each item needs a kind (Search, Copy or Post) and an amountYuan between 0 and 1,000,000,000; at most one item of each kind.");
        else if (Items.Any(i => (i.AmountYuan is null ? 0 : 1) + (i.Pages is null ? 0 : 1) + (i.Count is null ? 0 : 1) != 1))
            v.Error("items", "Give each item its amountYuan, or instead its pages (Copy) or count (Search, Post) to be priced at the agency's unit price; one of them, not two.");
        else if (Items.Any(i => i.Pages is not null && i.Kind != CostFeeKind.Copy))
            v.Error("items", "pages counts the pages of a Copy item; a Search or Post item gives its count.");
        else if (Items.Any(i => i.Count is not null && i.Kind == CostFeeKind.Copy))
            v.Error("items", "A Copy item is counted in pages, not count; count is the number of searches (Search) or items posted (Post).");
    }
}

/// <summary>
/// Regime 2008 (method Cost, 2008 Art. 27): the items typed by the office, or counted (pages, count) and priced at the unit prices in
/// force for the case's agency (<see cref="Agencies.CostPrices.CostPriceLookup"/>; refused, 400, for a kind without a price), summed;
/// no pause, no time to pay.
/// 国办函〔2020〕109号: per request, the n-th request of this applicant at this agency in the calendar month
/// of receipt; per page, the pages supplied. The amount is computed, never typed in.
/// </summary>
internal sealed class IssueFeeNoticeHandler(CaseSteps steps, DbSession session, Agencies.CostPrices.CostPriceLookup prices)
    : ICommandHandler<IssueFeeNoticeCommand, FeeNoticeResponse>
{
    public async ValueTask<FeeNoticeResponse> Handle(IssueFeeNoticeCommand command, CancellationToken cancellationToken)
    {
        if (command.Method == FeeMethod.Cost)
        {
            var inForce = Domain.Fees.CostFeePrices.None;
            if (command.Items!.Any(i => i.AmountYuan is null))
            {
                // Counted items take the prices of the case's own agency (or the nearest above it); Load refuses an unknown or unseen case.
                var agency = (await steps.Load(command.CaseId, command.ExpectedVersion, cancellationToken)).AgencyCode;
                var view = await prices.InForce(agency, cancellationToken);
                inForce = new Domain.Fees.CostFeePrices(view.PerPageYuan, view.PerSearchYuan, view.PerItemPostedYuan);
            }

            var items = command.Items!.Select(i => new CostFeeItem(i.Kind!.Value,
                i.AmountYuan ?? inForce.AmountFor(i.Kind.Value, (i.Pages ?? i.Count)!.Value))).ToList();
            Domain.Fees.FeeAssessment? cost = null;
            var caseDetails = await steps.Apply(command.CaseId, command.ExpectedVersion,
                (c, context) => cost = c.IssueCostFeeNotice(command.IssuedOn!.Value, items, context), cancellationToken);
            return new FeeNoticeResponse(FeeMethod.Cost, null, 0, cost!.DueYuan, null, items, caseDetails);
        }

        var ordinal = await RequestOfTheMonth(command.CaseId, cancellationToken);
        Domain.Fees.FeeAssessment? assessment = null;
        DateOnly payBy = default;
        var details = await steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) =>
        {
            assessment = c.IssueFeeNotice(command.IssuedOn!.Value, command.Method!.Value, command.Pages, ordinal, context);
            payBy = StatutoryClock.FeePaymentDeadline(command.IssuedOn!.Value, context.Calendar, context.Settings);
        }, cancellationToken);
        return new FeeNoticeResponse(assessment!.Method, command.Pages, ordinal, assessment.DueYuan, payBy, null, details);
    }

    private async Task<int> RequestOfTheMonth(Guid caseId, CancellationToken cancellationToken)
    {
        var self = await session.QuerySingleOrDefault<Self>(
            "SELECT agency_code, applicant_key, received_on, case_number FROM cases WHERE id = @id", new { id = caseId.ToString() }, cancellationToken);
        if (self?.ReceivedOn is not { } received) return 1; // the step itself refuses an unknown or unconfirmed case
        var monthStart = new DateOnly(received.Year, received.Month, 1);
        return await session.ExecuteScalar<int>("""
            SELECT COUNT(*) FROM cases
            WHERE agency_code = @agency AND applicant_key = @applicant AND received_on >= @monthStart AND received_on < @nextMonth
              AND (received_on < @received OR (received_on = @received AND case_number <= @caseNumber))
            """, new
        {
            agency = self.AgencyCode,
            applicant = self.ApplicantKey,
            monthStart,
            nextMonth = monthStart.AddMonths(1),
            received,
            caseNumber = self.CaseNumber,
        }, cancellationToken);
    }

    private sealed class Self
    {
        public string AgencyCode { get; init; } = default!;
        public string ApplicantKey { get; init; } = default!;
        public DateOnly? ReceivedOn { get; init; }
        public string CaseNumber { get; init; } = default!;
    }
}

public static class IssueFeeNoticeEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/{id:guid}/fee-notice",
            async (Guid id, IssueFeeNoticeCommand body, HttpRequest http, ISender sender, CancellationToken ct) =>
            {
                var response = await sender.Send(body with { CaseId = id, ExpectedVersion = Preconditions.ExpectedVersion(http) }, ct);
                http.HttpContext.Response.Headers.ETag = Preconditions.ETag(response.Case.Version);
                return TypedResults.Ok(response);
            })
        .RequireAuthorization(Policies.Process)
        .WithName("IssueFeeNotice")
        .WithSummary("Issue a fee notice: 信息处理费 (Regime 2019 cases received from 2021-01-01; computed; time to payment not counted) or the cost fees of a Regime 2008 case (method Cost with items Search/Copy/Post; no pause).");
}
