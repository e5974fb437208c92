using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseTracker.Domain.Cases;

namespace CaseTracker.Infrastructure.Persistence;

/// <summary>Case events as JSON in the history table, keyed by the event's type name.</summary>
public static class CaseEventSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly Dictionary<string, Type> Types = typeof(CaseEvent).Assembly.GetTypes()
        .Where(t => t.IsSealed && t.IsSubclassOf(typeof(CaseEvent)))
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static bool IsEventKind(string kind) => Types.ContainsKey(kind);

    public static string Serialize(CaseEvent e) => JsonSerializer.Serialize(e, e.GetType(), Options);

    public static CaseEvent Deserialize(string kind, string payload)
        => (CaseEvent)JsonSerializer.Deserialize(payload, Types[kind], Options)!;
}
