using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Features.Alerts.ScanDeadlines;
using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Support;

/// <summary>The deadline scan run under the test clock, and the open alerts an agency sees.</summary>
internal static class Alerting
{
    internal static async Task<ScanResult> Scan(CaseTrackerFactory on)
    {
        using var scope = on.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new ScanDeadlinesCommand());
    }

    internal static void At(CaseTrackerFactory on, DateOnly day)
    {
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
        if (at > on.Time.GetUtcNow()) on.Time.SetUtcNow(at);
    }

    internal static async Task<List<(string Kind, string? Case, string? Due)>> OpenAlerts(HttpClient client, string agency)
    {
        var list = await Ok(client.GetAsync($"/api/alerts?agency={agency}&subtree=true&pageSize=200"));
        return list["items"]!.AsArray().Where(a => a!["resolvedAt"] is null)
            .Select(a => ((string)a!["kind"]!, (string?)a["caseNumber"], (string?)a["dueOn"])).OrderBy(a => a.Item2).ThenBy(a => a.Item1).ToList();
    }
}
