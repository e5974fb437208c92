using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CaseTracker.Api.Pipeline;

/// <summary>
/// Chooses what to send from the Accept header (RFC 9110 §12.5.1): the highest quality wins; on a tie the more specific
/// range, then the range the client listed first, then the order of the offer. No Accept header, or one that does not
/// parse: the first offer. Nothing acceptable: null (the route answers 406).
/// </summary>
public static class ContentNegotiation
{
    /// <summary>The index in <paramref name="offered"/> (media types such as <c>text/csv</c>) of the one to send, or null when none is acceptable.</summary>
    public static int? Negotiate(StringValues accept, IReadOnlyList<string> offered)
    {
        if (StringValues.IsNullOrEmpty(accept)
            || !MediaTypeHeaderValue.TryParseList(accept, out var ranges)
            || ranges.Count == 0)
            return 0;

        int? best = null;
        (double Quality, int Specificity, int Position, int Preference) bestScore = default;
        for (var preference = 0; preference < offered.Count; preference++)
        {
            var match = Match(ranges, offered[preference]);
            if (match is not { } m || m.Quality <= 0) continue;
            var score = (m.Quality, m.Specificity, m.Position, preference);
            if (best is null || Better(score, bestScore))
            {
                best = preference;
                bestScore = score;
            }
        }

        return best;
    }

    private static bool Better((double Quality, int Specificity, int Position, int Preference) a, (double Quality, int Specificity, int Position, int Preference) b)
    {
        if (a.Quality != b.Quality) return a.Quality > b.Quality;
        if (a.Specificity != b.Specificity) return a.Specificity > b.Specificity;
        if (a.Position != b.Position) return a.Position < b.Position;
        return a.Preference < b.Preference;
    }

    /// <summary>The most specific range covering the media type decides its quality (RFC 9110 §12.5.1); parameters other than q are ignored.</summary>
    private static (double Quality, int Specificity, int Position)? Match(IList<MediaTypeHeaderValue> ranges, string mediaType)
    {
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        var type = mediaType[..slash];
        (double Quality, int Specificity, int Position)? found = null;
        for (var i = 0; i < ranges.Count; i++)
        {
            var range = ranges[i];
            int specificity;
            if (range.MatchesAllTypes) specificity = 0;
            else if (range.MatchesAllSubTypes && range.Type.Equals(type, StringComparison.OrdinalIgnoreCase)) specificity = 1;
            else if (range.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase)) specificity = 2;
            else continue;
            if (found is null || specificity > found.Value.Specificity)
                found = (range.Quality ?? 1.0, specificity, i);
        }

        return found;
    }
}
