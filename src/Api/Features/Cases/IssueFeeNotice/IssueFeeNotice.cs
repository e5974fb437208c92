using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Cases.IssueFeeNotice;

public sealed record FeeNoticeResponse(FeeMethod Method, int? Pages, int RequestOfTheMonth, decimal AmountYuan, DateOnly PayBy, CaseDetails Case);

public sealed record IssueFeeNoticeCommand : ICommand<FeeNoticeResponse>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public DateOnly? IssuedOn { get; init; }
    public FeeMethod? Method { get; init; }
    public int? Pages { get; init; }

    public void Validate(Validator v)
    {
        v.Required("issuedOn", IssuedOn).Required("method", Method).Range("pages", Pages, 1, 10_000_000);
        if (Method == FeeMethod.PerPage) v.Required("pages", Pages, "pages is required for a per-page fee.");
        if (Method == FeeMethod.PerRequest && Pages is not null) v.Error("pages", "A per-request fee does not count pages; one method per request.");
    }
}

/// <summary>
/// 国办函〔2020〕109号: per request, the n-th request of this applicant at this agency in the calendar month
/// of receipt; per page, the pages supplied. The amount is computed, never typed in.
/// </summary>
internal sealed class IssueFeeNoticeHandler(CaseSteps steps, DbSession session) : ICommandHandler<IssueFeeNoticeCommand, FeeNoticeResponse>
{
    public async ValueTask<FeeNoticeResponse> Handle(IssueFeeNoticeCommand command, CancellationToken cancellationToken)
    {
        var ordinal = await RequestOfTheMonth(command.CaseId, cancellationToken);
        Domain.Fees.FeeAssessment? assessment = null;
        DateOnly payBy = default;
        var details = await steps.Apply(command.CaseId, command.ExpectedVersion, (c, context) =>
        {
            assessment = c.IssueFeeNotice(command.IssuedOn!.Value, command.Method!.Value, command.Pages, ordinal, context);
            payBy = StatutoryClock.FeePaymentDeadline(command.IssuedOn!.Value, context.Calendar, context.Settings);
        }, cancellationToken);
        return new FeeNoticeResponse(assessment!.Method, command.Pages, ordinal, assessment.DueYuan, payBy, details);
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
        .WithSummary("Issue a fee notice (cases received from 2021-01-01): the amount is computed; time to payment is not counted.");
}
