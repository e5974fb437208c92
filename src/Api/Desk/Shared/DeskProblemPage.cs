using System.Net;
using CaseTracker.Api.Errors;

namespace CaseTracker.Api.Desk.Shared;

/// <summary>
/// A problem met by a person in a browser on a desk address (not <c>/api</c>, <c>/swagger</c> or <c>/health</c>): a plain
/// Chinese page with the sentence and a way back to 工作台, instead of JSON. Consulted before the default writer; the API
/// keeps its problem details.
/// </summary>
public sealed class DeskProblemPage : IProblemDetailsWriter
{
    private static readonly string[] ApiPrefixes = ["/api", "/swagger", "/health"];

    public bool CanWrite(ProblemDetailsContext context)
    {
        var request = context.HttpContext.Request;
        return !ApiPrefixes.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
               && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
    }

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ?? http.Response.StatusCode;
        var title = ChineseText.Instance.Zh(problem.Title ?? ReasonPhrases(status));
        var detail = string.IsNullOrEmpty(problem.Detail) ? "" : ChineseText.Instance.Zh(problem.Detail);
        var html = $"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(title)} - CaseTracker</title><link rel="stylesheet" href="/desk.css"></head>
            <body><main class="problem-page"><h1>{WebUtility.HtmlEncode(title)}</h1>
            <p>{WebUtility.HtmlEncode(detail)}</p><p><a href="/">返回工作台</a></p></main></body></html>
            """;
        http.Response.ContentType = "text/html; charset=utf-8";
        return new ValueTask(http.Response.WriteAsync(html, http.RequestAborted));
    }

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
