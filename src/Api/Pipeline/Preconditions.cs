using Microsoft.Extensions.Primitives;

namespace CaseTracker.Api.Pipeline;

public static class Preconditions
{
    /// <summary>
    /// Reads <c>If-Match: "7"</c> (quotes and W/ optional) as the expected version of a case (api.md: optimistic concurrency);
    /// null without the header. Refuses (400, field If-Match) anything but a positive whole number.
    /// </summary>
    public static int? ExpectedVersion(HttpRequest request) => ExpectedVersion(request, agency: false);

    /// <summary>
    /// As <see cref="ExpectedVersion(HttpRequest)"/>, for an agency's version (GET /api/agencies/{code}) when
    /// <paramref name="agency"/> is true, so the refusal does not speak of a case.
    /// </summary>
    public static int? ExpectedVersion(HttpRequest request, bool agency)
    {
        var header = request.Headers.IfMatch;
        if (StringValues.IsNullOrEmpty(header)) return null;
        var text = header.ToString().Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal)) text = text[2..];
        text = text.Trim('"');
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version > 0)
            return version;
        throw new Domain.InvalidInputException("If-Match", agency
            ? "If-Match must hold the agency version you read, e.g. \"3\"."
            : "If-Match must hold the case version you read, e.g. \"3\".");
    }

    public static string? IdempotencyKey(HttpRequest request)
    {
        var key = request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrEmpty(key)) return null;
        if (key.Length > 100 || key.Any(char.IsControl))
            throw new Domain.InvalidInputException("Idempotency-Key", "Idempotency-Key is at most 100 printable characters.");
        return key;
    }

    public static string ETag(int version) => $"\"{version}\"";
}
