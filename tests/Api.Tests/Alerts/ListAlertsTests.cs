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

namespace CaseTracker.Api.Tests.Alerts;

public sealed class AlertsFactory : CaseTrackerFactory;

/// <summary>
/// The deadline watch under a fake clock: walked day by day through 中秋节, the 2026-09-20 调休 Sunday and the
/// 国庆节 week, the alerts that exist each day are exactly those the rules call for, each raised once; a restart
/// in the middle changes nothing; the webhook receives them signed, and a failed delivery is retried.
/// </summary>
public class ListAlertsTests(AlertsFactory factory) : IClassFixture<AlertsFactory>
{
    private static Task<ScanResult> Scan(CaseTrackerFactory on) => Alerting.Scan(on);

    private static void At(CaseTrackerFactory on, DateOnly day) => Alerting.At(on, day);

    [Fact]
    public async Task AlertList_IsPagedDueDateFirst_AndMineIsFilteredBeforePaging()
    {
        At(factory, new DateOnly(2026, 11, 25));
        var s = await Create(factory);
        var ids = new List<string>();
        foreach (var submitted in new[] { "2026-10-14", "2026-10-05", "2026-10-13", "2026-10-08", "2026-10-12" })
            ids.Add((string)(await s.Register("InPerson", submitted))["id"]!); // all overdue on 2026-11-25
        factory.EnsureUser("pager-1", s.Child, "CaseHandler"); // assignment names an existing user of the case's agency
        foreach (var id in ids.Take(2)) await Ok(s.Supervisor.Post($"/api/cases/{id}/assignment", new { userId = "pager-1", name = "赵六" }));
        await Scan(factory);

        var seen = new List<JsonNode>();
        for (var page = 1; page <= 3; page++)
        {
            var list = await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Child}&pageSize=2&page={page}"));
            Assert.Equal(5, (int)list["total"]!);
            Assert.Equal(page, (int)list["page"]!);
            Assert.Equal(2, (int)list["pageSize"]!);
            seen.AddRange(list["items"]!.AsArray().Select(a => a!));
        }

        Assert.Equal(ids.Order(), seen.Select(a => (string)a["caseId"]!).Order());
        var dues = seen.Select(a => (string)a["dueOn"]!).ToList();
        Assert.Equal(dues.Order(StringComparer.Ordinal), dues);

        var handler = factory.As("pager-1", s.Child, "CaseHandler");
        var mine = await Ok(handler.GetAsync("/api/alerts?mine=true&pageSize=1"));
        Assert.Equal(2, (int)mine["total"]!);
        Assert.Single(mine["items"]!.AsArray());
        Assert.Contains((string)mine["items"]![0]!["caseId"]!, ids.Take(2));
        Assert.Equal(5, (int)(await Ok(factory.As("sup", s.Child, "Supervisor").GetAsync($"/api/alerts?agency={s.Child}&mine=true")))["total"]!);
        Assert.Equal(0, (int)(await Ok(factory.As("nobody", s.Child, "CaseHandler").GetAsync("/api/alerts?mine=true")))["total"]!);

        foreach (var bad in new[] { "pageSize=0", "pageSize=201", "page=0", "page=-1" })
            await Refused(s.Supervisor.GetAsync($"/api/alerts?agency={s.Child}&{bad}"), HttpStatusCode.BadRequest);
    }
}
