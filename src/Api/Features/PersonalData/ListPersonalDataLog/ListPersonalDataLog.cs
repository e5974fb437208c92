using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.PersonalData;
using Mediator;

namespace CaseTracker.Api.Features.PersonalData.ListPersonalDataLog;

public sealed record PersonalDataLogPage(IReadOnlyList<PersonalDataLogEntry> Items, int Total, int Page, int PageSize);

/// <summary>
/// The access log of applicants' personal data for administrators (security.md "Personal data"): every full read and every
/// erasure in the agencies the administrator sees, newest first, filtered by case, user and China dates
/// (<see cref="From"/> and <see cref="To"/> inclusive), paged (pageSize 1–200). Refuses To before From.
/// </summary>
public sealed record ListPersonalDataLogQuery : IQuery<PersonalDataLogPage>, IValidatable
{
    public Guid? CaseId { get; init; }
    public string? UserId { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;

    public void Validate(Validator v)
    {
        v.Text("userId", UserId, 100, required: false).Range("page", Page, 1, 1_000_000).Range("pageSize", PageSize, 1, 200);
        if (From is { } from && To is { } to && to < from) v.Error("to", "to must not be before from.");
    }
}

internal sealed class ListPersonalDataLogHandler(AgencyAccess access, PersonalDataLog log) : IQueryHandler<ListPersonalDataLogQuery, PersonalDataLogPage>
{
    public async ValueTask<PersonalDataLogPage> Handle(ListPersonalDataLogQuery query, CancellationToken cancellationToken)
    {
        var agencies = await access.Visible(cancellationToken);
        var (items, total) = await log.Page(agencies, query.CaseId, string.IsNullOrWhiteSpace(query.UserId) ? null : query.UserId.Trim(),
            query.From is { } from ? ChinaMidnight(from) : null, query.To is { } to ? ChinaMidnight(to.AddDays(1)) : null,
            query.Page, query.PageSize, cancellationToken);
        return new PersonalDataLogPage(items, total, query.Page, query.PageSize);
    }

    private static DateTimeOffset ChinaMidnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), RegisterClock.China.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue)));
}

public static class ListPersonalDataLogEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/audit/personal-data",
            async (Guid? caseId, string? userId, DateOnly? from, DateOnly? to, int? page, int? pageSize, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new ListPersonalDataLogQuery
                {
                    CaseId = caseId, UserId = userId, From = from, To = to, Page = page ?? 1, PageSize = pageSize ?? 50,
                }, ct)))
        .RequireAuthorization(Policies.Administer)
        .WithName("ListPersonalDataLog")
        .WithSummary("Who read which applicant's personal data in full, when and why, and the erasures of the retention job (administrators; caseId, userId, from, to, paged).");
}
