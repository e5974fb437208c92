namespace CaseTracker.Api.Pipeline;

/// <summary>
/// security.md "Abuse and faults": every response (screens, API, problem details, static files, the HTML report) carries
/// a Content-Security-Policy without inline script, <c>X-Content-Type-Options: nosniff</c>, a Referrer-Policy, and
/// <c>frame-ancestors 'none'</c> with <c>X-Frame-Options: DENY</c>. Swagger UI and the Hangfire dashboard are third-party
/// pages built on inline script and style: they get their own policy (<see cref="ToolPolicy"/>), still framed by no site
/// and loading nothing from elsewhere. A response that set its own policy (the HTML report) keeps it.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The screens' and the API's policy: scripts and styles of this site only, nothing inline.</summary>
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Swagger UI and the Hangfire dashboard: their inline script and style allowed, still only from this site.</summary>
    public const string ToolPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers to every response, whatever ends it (set when the response starts, after an error handler's reset).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var path = context.Request.Path;
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                headers.ContentSecurityPolicy = path.StartsWithSegments("/swagger") || path.StartsWithSegments("/hangfire") ? ToolPolicy : Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
