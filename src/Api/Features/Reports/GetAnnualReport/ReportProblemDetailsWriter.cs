using System.Diagnostics;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Pipeline;
using Microsoft.AspNetCore.Mvc;

namespace CaseTracker.Api.Features.Reports.GetAnnualReport;

/// <summary>Marks a route whose errors are problem details even when its request accepted only an export type.</summary>
public sealed class ProblemDetailsForAnyAcceptMetadata;

/// <summary>
/// The default problem-details writer declines a request whose Accept excludes JSON, which left an export request
/// (<c>Accept: text/csv</c>) refused with 400/403/409 and an empty body, and a request accepting only <c>text/html</c>
/// refused with an empty 500 (no writer at all). This writer, consulted after the default one, writes the RFC 9457
/// JSON all the same, on every route (those marked with <see cref="ProblemDetailsForAnyAcceptMetadata"/> included).
/// </summary>
public sealed class ReportProblemDetailsWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        ChineseText.Instance.Apply(context);
        if (!problem.Extensions.ContainsKey("traceId"))
            problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), ApiJson.Options, "application/problem+json", http.RequestAborted));
    }
}
