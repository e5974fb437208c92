using System.Text.Json;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CaseTracker.Api.Errors;

/// <summary>
/// The one place exceptions become RFC 9457 problem details. A domain refusal is 409 with the clerk's
/// sentence; malformed input 400 with per-field errors; anything unexpected a bare 500 (and a log entry).
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger, SqlDialect dialect,
    WriteProbeSchedule writeProbes, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException v => Validation(v.Errors, v.Summary),
            InvalidInputException i => Validation(i.Errors),
            BadHttpRequestException b => BadRequest(b),
            NotFoundException n => Problem(StatusCodes.Status404NotFound, "Not found", n.Message),
            ForbiddenException f => Problem(StatusCodes.Status403Forbidden, "Forbidden", f.Message),
            ConcurrencyConflictException c => Problem(StatusCodes.Status409Conflict, "Version conflict", c.Message),
            DomainRuleException d => Problem(StatusCodes.Status409Conflict, "Refused by a rule", d.Message),
            IdempotencyKeyReusedException r => Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused", r.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ when dialect.IsStorageUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                "The register cannot save anything right now: its database is full or read-only. Nothing was saved; try again later."),
            _ when dialect.IsConnectionLost(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                "The register lost its connection to the database server (it restarted or moved to another node). Nothing was saved; try again in a moment."),
            _ => null,
        };
        if (problem?.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // The transaction was rolled back; the service recovers by itself once the database can be written again. Readiness
            // probes again at once instead of answering from its last healthy probe.
            writeProbes.StorageFailed();
            logger.LogError(exception, "The database cannot be written (full, read-only or its connection lost) on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = "60";
        }

        if (problem is null)
        {
            if (exception is OperationCanceledException) return true;
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, "Server error", "Something went wrong on the server; nothing was saved.");
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Validation(IReadOnlyDictionary<string, string[]> errors, string? summary = null)
        => new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid input",
            Detail = summary ?? string.Join(" ", errors.SelectMany(e => e.Value)),
        };

    private ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", exception.Message);
        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            // The framework's own 415 for a JSON endpoint ('Expected a supported JSON media type but got "text/plain".') says
            // which type was sent; the problem says which one is accepted (trial A finding 12).
            var mediaType = System.Text.RegularExpressions.Regex.Match(exception.Message, "^Expected a supported JSON media type but got \"(.*)\"\\.?$");
            var detail = mediaType.Success
                ? $"The request body must be sent as application/json (UTF-8), not as \"{mediaType.Groups[1].Value}\"."
                : exception.Message;
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);
        }

        // A query or route value that cannot be converted: 'Failed to bind parameter "bool? subtree" from "yes".'
        var binding = System.Text.RegularExpressions.Regex.Match(exception.Message, "^Failed to bind parameter \"(?:([^\"]*) )?(\\w+)\" from \"(.*)\"\\.?$");
        if (binding.Success)
        {
            var (type, name, value) = (binding.Groups[1].Value, binding.Groups[2].Value, binding.Groups[3].Value);
            // A date parameter (the audit log's from/to…) gets the date's format, not the generic list of kinds.
            var sentence = type.Contains("Date", StringComparison.Ordinal)
                ? $"{name} cannot be '{value}': write the date as yyyy-MM-dd (e.g. 2026-09-01)."
                : $"{name} cannot be '{value}': give a value of the right kind (a number, true/false or a date).";
            return Validation(new Dictionary<string, string[]> { [name] = [sentence] });
        }
        var json = exception.InnerException as JsonException;
        // Text that is not JSON at all (a bare word, a missing comma or quote) is the body's fault wherever the parser stood:
        // System.Text.Json wraps its reader's error, which carries the line, whatever path it had reached.
        var syntax = json?.InnerException?.GetType().Name == "JsonReaderException";
        if (!syntax && json is not null && UnknownMember(json) is { } unknown) return unknown;
        var field = !syntax && json?.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
        string message;
        if (json is null) message = exception.Message;
        else if (!syntax && json.Path == "$")
            // Valid JSON of another shape (an array, a string, a number) where the endpoint reads an object.
            message = "The request body is valid JSON but not an object: send one JSON object ({ … }) with the request's fields.";
        else if (field == "body" && json.LineNumber is { } line && json.BytePositionInLine is { } position)
            // Line and byte in the line counted from 1, as an editor shows them; the parser's own English reason follows for API clients.
            message = $"The request body is not valid JSON at line {line + 1}, byte {position + 1}: {FirstSentence(json.Message)}";
        else if (field == "body") message = $"The request body is not valid JSON: {FirstSentence(json.Message)}";
        else if (json.Message.StartsWith("must be", StringComparison.Ordinal)) message = $"{field} {FirstSentence(json.Message)}";
        else message = $"{field} has a value of the wrong type (text, number, true/false or date as the field needs).";
        return Validation(new Dictionary<string, string[]> { [field] = [message] });
    }

    /// <summary>
    /// The refusal of a member of the body that no property of the request takes (<see cref="Pipeline.ApiJson.ConfigureRequests"/>):
    /// 400 with the member's JSON path as the field (<c>applicant.mobile</c>, <c>items[1].perDisk</c>) and a sentence naming it
    /// and the members accepted at that level, as the request type spells them; null for any other JSON error. The member and
    /// the type are read from System.Text.Json's English message: a runtime in another UI language would fall back to the
    /// generic wrong-shape sentence (still 400, nothing changed).
    /// </summary>
    private HttpValidationProblemDetails? UnknownMember(JsonException json)
    {
        var match = UnmappedMember().Match(json.Message);
        if (!match.Success) return null;
        var (name, typeName) = (match.Groups[1].Value, match.Groups[2].Value);
        // The path the reader stood at: the object holding the member ("$.applicant"), or the member itself.
        var at = (json.Path ?? "$").TrimStart('$');
        if (at.StartsWith('.')) at = at[1..];
        var lastSegment = at.Split('.')[^1];
        var path = at.Length == 0 ? name : lastSegment == name || lastSegment == $"['{name}']" ? at : $"{at}.{name}";
        if (path.EndsWith($"['{name}']", StringComparison.Ordinal)) path = path[..^(name.Length + 4)].TrimEnd('.') is { Length: > 0 } p ? $"{p}.{name}" : name;
        var accepted = AcceptedMembers(typeName);
        var sentence = accepted.Count > 0
            ? $"There is no property {path}; the accepted properties are {string.Join(", ", accepted)}."
            : $"There is no property {path} in this request.";
        return (HttpValidationProblemDetails)Validation(new Dictionary<string, string[]> { [path] = [sentence] });
    }

    /// <summary>The members a request type reads from JSON (settable or bound to its constructor), as the API spells them.</summary>
    private IReadOnlyList<string> AcceptedMembers(string typeName)
    {
        var type = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("CaseTracker", StringComparison.Ordinal) == true)
            .Select(a => a.GetType(typeName, throwOnError: false)).FirstOrDefault(t => t is not null);
        if (type is null) return [];
        var info = jsonOptions.Value.SerializerOptions.GetTypeInfo(type);
        if (info.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object) return [];
        return info.Properties.Where(p => !p.IsExtensionData && (p.Set is not null || p.AssociatedParameter is not null))
            .Select(p => p.Name).ToList();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^The JSON property '(.*)' could not be mapped to any \.NET member contained in type '(.*)'\.")]
    private static partial System.Text.RegularExpressions.Regex UnmappedMember();

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] + "." : message;
    }

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
