using CaseTracker.Api.Pipeline;
using CaseTracker.Api.Identity;
using Mediator;

namespace CaseTracker.Api.Features.Cases.Steps;

/// <summary>Maps a case step: POST /api/cases/{id}/&lt;step&gt; with the acting date in the body and an optional If-Match.</summary>
public static class StepEndpoints
{
    /// <summary>
    /// The body binds to the command itself; <paramref name="command"/> adds what the body does not carry, the case id
    /// of the route and the version of If-Match (<c>body with { … }</c>). Those properties have an internal init, so JSON
    /// never sets them and the OpenAPI document leaves them out of the body.
    /// </summary>
    public static RouteHandlerBuilder MapStep<TCommand>(this RouteGroupBuilder group, string step, string policy,
        Func<Guid, TCommand, int?, TCommand> command) where TCommand : ICommand<CaseDetails>
        => group.MapPost($"/{{id:guid}}/{step}", async (Guid id, TCommand body, HttpRequest http, ISender sender, CancellationToken ct) =>
            {
                var details = await sender.Send(command(id, body, Preconditions.ExpectedVersion(http)), ct);
                http.HttpContext.Response.Headers.ETag = Preconditions.ETag(details.Version);
                return TypedResults.Ok(details);
            })
            .RequireAuthorization(policy);
}
