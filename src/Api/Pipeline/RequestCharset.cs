using Microsoft.Net.Http.Headers;

namespace CaseTracker.Api.Pipeline;

/// <summary>
/// Every request body is read as UTF-8 (JSON by RFC 8259, the CSV import as "CSV UTF-8"). A Content-Type naming another
/// charset (gbk, utf-7, utf-16, a name that is no charset) is refused with 415 before any route reads the body; a
/// spelling of UTF-8 (<c>utf-8</c>, <c>"UTF-8"</c>, <c>utf8</c>) or US-ASCII, its subset, is accepted and passed on as
/// <c>charset=utf-8</c>.
/// </summary>
public static class RequestCharset
{
    private static readonly string[] Utf8Names = ["utf-8", "utf8", "us-ascii"];

    public static IApplicationBuilder UseUtf8RequestBodies(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var header = context.Request.ContentType;
        if (!string.IsNullOrEmpty(header) && MediaTypeHeaderValue.TryParse(header, out var contentType) && contentType.Charset.HasValue)
        {
            var charset = contentType.Charset.Value!.Trim().Trim('"').Trim();
            if (!Utf8Names.Contains(charset, StringComparer.OrdinalIgnoreCase))
                throw new BadHttpRequestException(
                    $"The request body is sent as charset \"{charset}\"; this service reads UTF-8 only. Send it as UTF-8 (for a spreadsheet: save as \"CSV UTF-8\").",
                    StatusCodes.Status415UnsupportedMediaType);
            contentType.Charset = "utf-8";
            context.Request.ContentType = contentType.ToString();
        }

        await next(context);
    });
}
