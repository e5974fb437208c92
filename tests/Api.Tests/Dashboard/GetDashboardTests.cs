using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Features.Alerts.ScanDeadlines;
using CaseTracker.Api.Tests.Alerts;
using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Dashboard;

public class GetDashboardTests(AlertsFactory factory) : IClassFixture<AlertsFactory>
{
    private static Task<ScanResult> Scan(CaseTrackerFactory on) => Alerting.Scan(on);

    private static void At(CaseTrackerFactory on, DateOnly day) => Alerting.At(on, day);

    [Fact]
    public async Task Dashboard_FiguresMatchTheCaseListsTheyPointTo()
    {
        At(factory, new DateOnly(2026, 11, 25));
        var s = await Create(factory);
        var overdue = await s.Register("InPerson", "2026-10-12");
        factory.EnsureUser("h1", s.Child, "CaseHandler");
        await Ok(s.Supervisor.Post($"/api/cases/{overdue["id"]}/assignment", new { userId = "h1", name = "王五" }));
        await s.Register("InPerson", "2026-11-02"); // due 2026-11-30: within 3 working days
        await s.Register("Online", "2026-11-24");    // awaiting confirmation
        var done = await s.Register("InPerson", "2026-03-02");
        await Ok(s.Approver.Post($"/api/cases/{done["id"]}/extension", new { approvedOn = "2026-03-20", workingDays = 5, reason = "复杂", applicantNotifiedOn = "2026-03-20" }));
        await Ok(s.Handler.Post($"/api/cases/{done["id"]}/decision", new { decidedOn = "2026-04-10", outcome = "Disclosed" }));
        await Ok(s.Handler.Post($"/api/cases/{done["id"]}/delivery", new { deliveredOn = "2026-04-10", method = "Post" }));
        var quick = await s.Register("InPerson", "2026-06-01");
        await Ok(s.Handler.Post($"/api/cases/{quick["id"]}/decision", new { decidedOn = "2026-06-05", outcome = "Disclosed" }));
        await Ok(s.Handler.Post($"/api/cases/{quick["id"]}/delivery", new { deliveredOn = "2026-06-05", method = "Post" }));

        var d = await Ok(s.Supervisor.GetAsync($"/api/dashboard?agency={s.Root}&subtree=true"));
        Assert.Equal(3, (int)d["open"]!);
        Assert.Equal(1, (int)d["overdue"]!);
        Assert.Equal(1, (int)d["awaitingConfirmation"]!);
        Assert.Equal(1, (int)d["dueWithin3"]!);
        Assert.Equal(4, (int)d["year"]!["received"]!); // the online request is not received until confirmed
        Assert.Equal(2, (int)d["year"]!["closed"]!);
        Assert.Equal(1, (int)d["year"]!["closedExtended"]!);
        // 2026-03-02 → 2026-04-10: 28 working days (清明节 2026-04-06 skipped); 2026-06-01 → 06-05: 4; the median of two is their mean.
        Assert.Equal(16m, (decimal)d["year"]!["medianWorkingDays"]!);
        Assert.Equal("h1-name", (string?)d["worstOverdue"]![0]!["assignedTo"]);
        Assert.Contains(d["byHandler"]!.AsArray(), h => (string?)h!["userId"] == "h1" && (int)h["overdue"]! == 1);

        var figures = new Dictionary<string, int>
        {
            ["open"] = (int)d["open"]!, ["awaitingConfirmation"] = (int)d["awaitingConfirmation"]!, ["dueWithin3"] = (int)d["dueWithin3"]!,
            ["dueToday"] = (int)d["dueToday"]!, ["overdue"] = (int)d["overdue"]!,
            ["year.received"] = (int)d["year"]!["received"]!, ["year.closed"] = (int)d["year"]!["closed"]!,
            ["year.closedOnTime"] = (int)d["year"]!["closedOnTime"]!, ["year.closedExtended"] = (int)d["year"]!["closedExtended"]!,
            ["year.closedLate"] = (int)d["year"]!["closedLate"]!, ["year.extensions"] = (int)d["year"]!["extensions"]!,
        };
        foreach (var (figure, value) in figures)
        {
            var list = await Ok(s.Supervisor.GetAsync((string)d["links"]![figure]!));
            Assert.True(value == (int)list["total"]!, $"{figure}: dashboard {value}, list {(int)list["total"]!}");
        }

        foreach (var (status, count) in d["byStatus"]!.AsObject())
            Assert.Equal((int)count!, (int)(await Ok(s.Supervisor.GetAsync((string)d["links"]![$"byStatus.{status}"]!)))["total"]!);
    }
}
