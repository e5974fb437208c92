using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure;
using Mediator;

namespace CaseTracker.Api.Features.Cases.GetDeadline;

public sealed record DeadlineResponse(Guid CaseId, string CaseNumber, DateOnly Today, bool Overdue, int? WorkingDaysLeft, DeadlineExplanation Explanation);

public sealed record GetDeadlineQuery(Guid CaseId) : IQuery<DeadlineResponse>;

internal sealed class GetDeadlineHandler(ICaseRepository cases, AgencyAccess access, RegisterClock clock) : IQueryHandler<GetDeadlineQuery, DeadlineResponse>
{
    public async ValueTask<DeadlineResponse> Handle(GetDeadlineQuery query, CancellationToken cancellationToken)
    {
        var @case = await access.VisibleCase(query.CaseId, await cases.Find(new CaseId(query.CaseId), cancellationToken), c => c.AgencyCode, cancellationToken);
        var calendar = clock.Calendar;
        var reading = @case.Clock(calendar, clock.Settings);
        var today = clock.Today;
        return new DeadlineResponse(query.CaseId, @case.CaseNumber, today, reading.IsOverdue(today), reading.WorkingDaysLeft(today, calendar),
            DeadlineExplanation.For(@case.Events, calendar, clock.Settings));
    }
}

public static class GetDeadlineEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/{id:guid}/deadline",
            async (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var deadline = await sender.Send(new GetDeadlineQuery(id), ct);
                http.Response.Headers.Vary = "Accept-Language";
                // The desk and any zh client read the explanation in Chinese, rendered from its data (issue 13): the lines, the article,
                // the base reason and the pauses' details alike (trial C finding 19); English for any other request.
                return TypedResults.Ok(ChineseText.PrefersChinese(http.Request)
                    ? deadline with { Explanation = ChineseExplanation.InChinese(deadline.Explanation) }
                    : deadline);
            })
        .RequireAuthorization(Policies.Read)
        .WithName("GetCaseDeadline")
        .WithSummary("The due date explained: base date, counted ranges, holidays and make-up days by name, pauses, extension, provisional years; "
            + "the lines, article, base reason and pause details in Chinese when Accept-Language asks for zh.");
}
