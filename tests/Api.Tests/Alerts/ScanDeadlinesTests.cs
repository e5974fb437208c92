using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Features.Alerts.ScanDeadlines;
using CaseTracker.Api.Features.Reports.WatchAnnualReports;
using CaseTracker.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests;

public sealed class AlertKindsFactory : CaseTrackerFactory
{
    protected override DateTimeOffset StartTime => new(2026, 10, 26, 2, 0, 0, TimeSpan.Zero);
}

/// <summary>The other alert kinds: 补正 window, consultation and supplement/fee deadlines (warn, or close per agency setting), calendar, annual report.</summary>
public class AlertKindsTests(AlertKindsFactory factory) : IClassFixture<AlertKindsFactory>
{
    private async Task<T> Send<T>(Mediator.ICommand<T> command)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(command);
    }

    private void At(string chinaDate) => factory.Time.SetUtcNow(DateTimeOffset.Parse(chinaDate + "T10:00:00+08:00"));

    private async Task<List<(string Kind, string? Case, string? Due)>> Open(Scenario s)
    {
        var list = await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Root}&subtree=true&pageSize=200"));
        return list["items"]!.AsArray().Where(a => a!["resolvedAt"] is null)
            .Select(a => ((string)a!["kind"]!, (string?)a["caseId"], (string?)a["dueOn"])).ToList();
    }

    [Fact]
    public async Task EachKind_IsRaisedWhenItsRuleSaysSo()
    {
        var s = await Create(factory);
        var window = (string)(await s.Register("InPerson", "2026-10-26"))["id"]!;          // 补正 window ends 2026-11-04
        var lapsed = (string)(await s.Register("InPerson", "2026-10-12"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{lapsed}/supplement-request", new { requestedOn = "2026-10-13", items = "年份", supplyBy = "2026-10-20" }));
        var consulting = (string)(await s.Register("InPerson", "2026-09-14"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{consulting}/consultations", new { kind = "OtherAgency", party = "州财政局", sentOn = "2026-09-15" }));
        var fee = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{fee}/fee-notice", new { issuedOn = "2026-09-02", method = "PerPage", pages = 50 }));

        await Send(new ScanDeadlinesCommand());
        var alerts = await Open(s);
        Assert.Contains(("SupplementLapsed", lapsed, "2026-10-20"), alerts);
        Assert.Contains(("ConsultationOverdue", consulting, "2026-10-12"), alerts); // 15 working days after 09-15, across 国庆节
        Assert.Contains(alerts, a => a.Kind == "FeeLapsed" && a.Case == fee);
        Assert.DoesNotContain(alerts, a => a.Kind is "SupplementNoticeWindow" or "CalendarMissing");

        // Two working days before the 补正 window closes; from 1 November the missing 2027 notice.
        At("2026-11-02");
        await Send(new ScanDeadlinesCommand());
        alerts = await Open(s);
        Assert.Contains(("SupplementNoticeWindow", window, "2026-11-04"), alerts);
        Assert.Contains(alerts, a => a.Kind == "CalendarMissing" && a.Due == "2026-12-31");

        // The agency chooses to close lapsed cases: the scan closes them and their alerts resolve.
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", System.Net.Http.Json.JsonContent.Create(new { closeLapsedCases = true })));
        var result = await Send(new ScanDeadlinesCommand());
        Assert.Equal(2, result.CasesClosedAsLapsed);
        Assert.Equal("Other.SupplementOverdue", (string?)(await Ok(s.Handler.GetAsync($"/api/cases/{lapsed}")))["outcome"]);
        Assert.Equal("Other.FeeUnpaid", (string?)(await Ok(s.Handler.GetAsync($"/api/cases/{fee}")))["outcome"]);
        alerts = await Open(s);
        Assert.DoesNotContain(alerts, a => a.Kind is "SupplementLapsed" or "FeeLapsed");
        Assert.DoesNotContain(alerts, a => a.Case == lapsed || a.Case == fee); // closed in this scan: none of their alerts stays open
        var history = await Ok(s.Handler.GetAsync($"/api/cases/{lapsed}/history"));
        Assert.Equal("system", (string?)history["items"]!.AsArray().Last()!["actor"]!["userId"]);

        // Loading the notice resolves the calendar alert; a report not published as 31 January nears raises one.
        await Ok(s.Admin.PutAsync("/api/calendar/2027", System.Net.Http.Json.JsonContent.Create(new
        {
            year = 2027, papers = Array.Empty<string>(), days = new[] { new { name = "元旦", date = "2027-01-01", isOffDay = true } },
        })));
        await Send(new ScanDeadlinesCommand());
        Assert.DoesNotContain(await Open(s), a => a.Kind == "CalendarMissing");
        At("2027-01-25");
        await Send(new WatchAnnualReportsCommand());
        await Send(new ScanDeadlinesCommand());
        Assert.Equal(2, (await Open(s)).Count(a => a.Kind == "AnnualReportDue" && a.Due == "2027-01-31"));
    }
}
