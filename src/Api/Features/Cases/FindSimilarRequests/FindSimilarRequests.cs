using CaseTracker.Api.Identity;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using CaseTracker.Infrastructure.PersonalData;
using Mediator;

namespace CaseTracker.Api.Features.Cases.FindSimilarRequests;

public sealed record SimilarRequest(Guid Id, string CaseNumber, DateOnly SubmittedOn, string Description);

/// <summary>
/// The intake clerk's duplicate hint: requests of the same applicant (same name, and the same identity number when both
/// have one) to the same agency submitted in the <see cref="SimilarRequests.MonthsBack"/> months before
/// <see cref="SubmittedOn"/>, asking about the same thing (<see cref="SimilarRequests.AreSimilar"/>). <see cref="ExceptId"/>
/// leaves out the case just registered.
/// </summary>
public sealed record FindSimilarRequestsQuery(string AgencyCode, string ApplicantName, string? IdNumber, string Description, DateOnly SubmittedOn, Guid? ExceptId = null)
    : IQuery<IReadOnlyList<SimilarRequest>>;

internal sealed class FindSimilarRequestsHandler(DbSession session, AgencyAccess access, PersonalDataProtector personalData) : IQueryHandler<FindSimilarRequestsQuery, IReadOnlyList<SimilarRequest>>
{
    private sealed class Row
    {
        public string Id { get; init; } = default!;
        public string CaseNumber { get; init; } = default!;
        public DateOnly SubmittedOn { get; init; }
        public string Description { get; init; } = default!;
        public string? ApplicantIdHash { get; init; }
    }

    public async ValueTask<IReadOnlyList<SimilarRequest>> Handle(FindSimilarRequestsQuery query, CancellationToken cancellationToken)
    {
        if (!(await access.Visible(cancellationToken)).Contains(query.AgencyCode) || string.IsNullOrWhiteSpace(query.ApplicantName)) return [];
        var rows = await session.Query<Row>("""
            SELECT id, case_number, submitted_on, description, applicant_id_hash FROM cases
            WHERE agency_code = @agency AND applicant_name = @name AND submitted_on >= @from AND submitted_on <= @to
            ORDER BY submitted_on DESC
            """, new
        {
            agency = query.AgencyCode,
            name = query.ApplicantName.Trim(),
            from = query.SubmittedOn.AddMonths(-SimilarRequests.MonthsBack),
            to = query.SubmittedOn,
        }, cancellationToken);
        // Compared by keyed hash (security.md "Personal data"): the stored number is sealed.
        var id = personalData.IdHash(query.IdNumber);
        return rows
            .Where(r => query.ExceptId is not { } except || Guid.Parse(r.Id) != except)
            .Where(r => id is null || r.ApplicantIdHash is null || string.Equals(r.ApplicantIdHash, id, StringComparison.Ordinal))
            .Where(r => SimilarRequests.AreSimilar(r.Description, query.Description))
            .Select(r => new SimilarRequest(Guid.Parse(r.Id), r.CaseNumber, r.SubmittedOn, r.Description))
            .Take(5)
            .ToList();
    }
}
