using CaseTracker.Domain;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Cases.GetCaseByNumber;

/// <summary>A case by its number as the office writes it (<c>CX-2026-00001</c>; letters in any case, spaces around ignored).</summary>
public sealed record GetCaseByNumberQuery(string CaseNumber) : IQuery<CaseDetails>, IValidatable
{
    public string Normalized => CaseNumber.Trim().ToUpperInvariant();

    public void Validate(Validator v) => v.Required("caseNumber", CaseNumber).MaxLength("caseNumber", CaseNumber?.Trim(), 40);
}

internal sealed class GetCaseByNumberHandler(DbSession session, CaseReader reader, AgencyAccess access) : IQueryHandler<GetCaseByNumberQuery, CaseDetails>
{
    public async ValueTask<CaseDetails> Handle(GetCaseByNumberQuery query, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefault<CaseRow>($"SELECT {CaseRow.Columns} FROM cases WHERE case_number = @caseNumber",
            new { caseNumber = query.Normalized }, cancellationToken);
        // Unknown and not visible read the same: for this user the case does not exist.
        if (row is null || !(await access.Visible(cancellationToken)).Contains(row.AgencyCode))
            throw new NotFoundException("case", $"There is no case {query.Normalized}.");
        return await reader.WithDelivery(reader.ToDetails(row), cancellationToken);
    }
}

public static class GetCaseByNumberEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/by-number/{caseNumber}", async (string caseNumber, HttpContext http, ISender sender,
            CancellationToken ct) =>
        {
            var details = await sender.Send(new GetCaseByNumberQuery(caseNumber), ct);
            http.Response.Headers.ETag = Preconditions.ETag(details.Version);
            return TypedResults.Ok(details);
        })
        .RequireAuthorization(Policies.Read)
        .WithName("GetCaseByNumber")
        .WithSummary("The case with this number (e.g. CX-2026-00001), if the caller may see it; 404 otherwise.");
}
