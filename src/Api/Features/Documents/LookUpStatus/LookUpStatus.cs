using CaseTracker.Api.Errors;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure.Documents;
using CaseTracker.Infrastructure.PersonalData;
using Mediator;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseTracker.Api.Features.Documents.LookUpStatus;

/// <summary>
/// What the status lookup tells an applicant: the case's status (its code, e.g. InProgress, and <see cref="StatusLabel"/>, the
/// same in Chinese for the applicant, e.g. 办理中), due date (closed on, once closed), the day the request was received
/// (收到申请之日, Art. 31; null while it awaits confirmation) and the day it was answered (答复日期, once decided) — China
/// dates, nothing personal.
/// </summary>
public sealed record CaseStatusResponse(string CaseNumber, string Status, string StatusLabel, DateOnly? DueOn, DateOnly? ClosedOn,
    DateOnly? ReceivedOn = null, DateOnly? DecidedOn = null);

/// <summary>
/// The applicant's status lookup (documents.md "查询码"): the case number and the 查询码 of its receipt (the latest one, not
/// replaced) together open the status and due date. A wrong code answers exactly as an unknown number does (404), so the
/// lookup tells nothing about which case numbers exist; the code is compared by its keyed hash.
/// </summary>
public sealed record LookUpStatusQuery(string? Number, string? Code) : IQuery<CaseStatusResponse>, IValidatable
{
    public void Validate(Validator v) => v.Text("number", Number, 40, required: true)
        // The applicant's word is 查询码 (printed on the receipt), not the generic 代码 of an agency code (trial D finding 15).
        .Required("code", Code, "code (the 查询码 printed on the receipt) is required.").Text("code", Code, 40, required: false);
}

internal sealed class LookUpStatusHandler(IssuedDocumentStore documents, PersonalDataProtector personalData) : IQueryHandler<LookUpStatusQuery, CaseStatusResponse>
{
    public async ValueTask<CaseStatusResponse> Handle(LookUpStatusQuery query, CancellationToken cancellationToken)
    {
        var number = query.Number!.Trim();
        var code = LookupCode.Normalize(query.Code);
        var found = code is null ? null : await documents.StatusByLookupCode(number, personalData.LookupCodeHash(number, code), cancellationToken);
        if (found is null) throw new NotFoundException("case", $"There is no case {number} with this 查询码: check both against the receipt.");
        return new CaseStatusResponse(found.CaseNumber, found.Status, ChineseText.Instance.Term(found.Status), found.ClosedOn is null ? found.DueOn : null, found.ClosedOn,
            found.ReceivedOn, found.DecidedOn);
    }
}

public static class LookUpStatusEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/status",
            async (string? number, string? code, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                http.Response.Headers.CacheControl = "no-store";
                http.Response.Headers.Vary = "Accept-Language"; // Chinese unless English is asked for (an applicants' route)
                return TypedResults.Ok(await sender.Send(new LookUpStatusQuery(number, code), ct));
            })
        .AllowAnonymous()
        .RequireRateLimiting(RateLimits.StatusLookupPerAddress)
        .WithName("LookUpStatus")
        .WithSummary("For the applicant, without signing in: the case number and the 查询码 of its receipt give the status and due date (rate limited per address; a wrong code is 404 like an unknown number).");
}
