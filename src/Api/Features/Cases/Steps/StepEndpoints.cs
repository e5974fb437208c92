using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Identity;
using Mediator;

namespace CaseTracker.Api.Features.Cases.Steps;

/// <summary>Maps a case step: POST /api/cases/{id}/&lt;step&gt; with the acting date in the body and an optional If-Match.</summary>
public static class StepEndpoints
{
    public static RouteHandlerBuilder MapStep<TRequest>(this RouteGroupBuilder group, string step, string policy,
        Func<Guid, TRequest, int?, ICommand<CaseDetails>> command)
        => group.MapPost($"/{{id:guid}}/{step}", async (Guid id, TRequest body, HttpRequest http, ISender sender, CancellationToken ct) =>
            {
                var details = await sender.Send(command(id, body, Preconditions.ExpectedVersion(http)), ct);
                http.HttpContext.Response.Headers.ETag = Preconditions.ETag(details.Version);
                return TypedResults.Ok(details);
            })
            .RequireAuthorization(policy)
            .WithTags("Cases");
}
