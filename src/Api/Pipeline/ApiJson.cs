using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaseTracker.Api.Pipeline;

/// <summary>The API's JSON: camelCase, enums as their names (never numbers), dates as yyyy-MM-dd.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new StrictEnumConverterFactory());
        options.Converters.Add(new StrictDateOnlyConverter());
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }

    /// <summary>
    /// The JSON of request bodies bound by the routes: <see cref="Configure"/> plus the refusal of any member no property of the
    /// request type takes (<see cref="JsonUnmappedMemberHandling.Disallow"/>, at every level: the body, a nested object such as
    /// <c>applicant</c>, each object of an array). A misspelt field (<c>mobile</c>, <c>prefix</c> for <c>prefixes</c>) would
    /// otherwise be dropped silently and the request carried out without it (trial D findings 1, 2, 11);
    /// <see cref="Errors.ProblemDetailsExceptionHandler"/> turns the refusal into a 400 naming the member by its JSON path and
    /// the members accepted at that level. A type with <c>[JsonExtensionData]</c> collects the members itself (the documents
    /// routes, which name every unknown member at once). Stored JSON read back (idempotent replies, snapshots) keeps
    /// <see cref="Options"/>, which tolerates members a later version dropped.
    /// </summary>
    public static void ConfigureRequests(JsonSerializerOptions options)
    {
        Configure(options);
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
