using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Hosting;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Support;

/// <summary>Builds the CSV of a spreadsheet register: one dictionary per row, the header the union of their columns.</summary>
internal static class RegisterFile
{
    public const string Description = "2025年城市道路维修预算及执行情况";

    public static Dictionary<string, string> Row(string agency, string channel, string submittedOn, params (string Column, string Value)[] more)
    {
        var row = new Dictionary<string, string>
        {
            ["agencyCode"] = agency,
            ["channel"] = channel,
            ["submittedOn"] = submittedOn,
            ["applicantKind"] = "NaturalPerson",
            ["applicantName"] = "张三",
            ["description"] = Description,
        };
        foreach (var (column, value) in more) row[column] = value;
        return row;
    }

    public static string Csv(params Dictionary<string, string>[] rows)
    {
        var header = rows.SelectMany(r => r.Keys).Distinct().ToList();
        var text = new StringBuilder(string.Join(",", header)).Append("\r\n");
        foreach (var row in rows) text.Append(string.Join(",", header.Select(h => Quote(row.GetValueOrDefault(h, ""))))).Append("\r\n");
        return text.ToString();
    }

    private static string Quote(string value)
        => value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    /// <summary>
    /// Posts <paramref name="csv"/> to the import. The synthetic registers of the tests repeat one applicant, date and description, so
    /// the duplicate check (trial A finding 2) is off unless <paramref name="allowDuplicates"/> is false (ImportTrialATests tests it).
    /// </summary>
    public static Task<HttpResponseMessage> Import(this HttpClient client, string csv, string? idempotencyKey = null, string mediaType = "text/csv",
        bool allowDuplicates = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases/import" + (allowDuplicates ? "?allowDuplicates=true" : "")) { Content = new StringContent(csv, Encoding.UTF8, mediaType) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }
}
