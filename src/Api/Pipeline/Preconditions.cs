using Microsoft.Extensions.Primitives;

namespace CaseTracker.Api.Pipeline;

public static class Preconditions
{
    /// <summary>Reads <c>If-Match: "7"</c> (quotes and W/ optional) as the expected version.</summary>
    public static int? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (StringValues.IsNullOrEmpty(header)) return null;
        var text = header.ToString().Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal)) text = text[2..];
        text = text.Trim('"');
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version > 0)
            return version;
        throw new Domain.InvalidInputException("If-Match", "If-Match must hold the case version you read, e.g. \"3\".");
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
