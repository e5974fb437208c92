using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Features.Reports.TakeAnnualSnapshots;
using CaseTracker.Api.Features.Reports.WatchAnnualReports;
using CaseTracker.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Reports;

public sealed class SnapshotFactory : CaseTrackerFactory;

/// <summary>
/// reports.md and law.md §7: the 1 January job stores the previous year's reports without anyone pressing a
/// button; snapshots are immutable versions that can be published; a later edit that changes a published
/// year is flagged with the difference; reminders are recorded as the deadlines approach.
/// </summary>
public class SnapshotTests(SnapshotFactory factory) : IClassFixture<SnapshotFactory>
{
    private async Task<T> Send<T>(Mediator.ICommand<T> command)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(command);
    }

    private void At(string chinaTime)
    {
        var at = DateTimeOffset.Parse(chinaTime + "+08:00");
        if (at > factory.Time.GetUtcNow()) factory.Time.SetUtcNow(at);
    }

    [Fact]
    public async Task AnnualCycle_SnapshotPublishDriftAndReminders()
    {
        At("2026-11-25T10:00:00");
        var s = await Create(factory);
        var closed = (string)(await s.Register("InPerson", "2026-03-02"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{closed}/decision", new { decidedOn = "2026-03-10", outcome = "Disclosed" }));
        await Ok(s.Handler.Post($"/api/cases/{closed}/delivery", new { deliveredOn = "2026-03-10", method = "Post" }));
        await s.Register("InPerson", "2026-11-02");

        var manual = await Ok(s.Supervisor.Post("/api/reports/snapshots", new { year = 2026, agency = s.Child }));
        Assert.Equal(1, (int)manual["version"]!);
        Assert.Equal("manual", (string?)manual["source"]);
        await Refused(s.Handler.Post("/api/reports/snapshots", new { year = 2026, agency = s.Child }), HttpStatusCode.Forbidden);
        await Refused(s.Supervisor.Post("/api/reports/snapshots", new { year = 2026 }), HttpStatusCode.BadRequest);

        // 01:00 on 1 January in China: the job stores 2026 for every agency, alone and with its subordinates; twice is harmless.
        At("2027-01-01T01:00:00");
        var first = await Send(new TakeAnnualSnapshotsCommand());
        Assert.Equal(2026, first.Year);
        Assert.Equal(4, first.Taken);
        var again = await Send(new TakeAnnualSnapshotsCommand());
        Assert.Equal((0, 4), (again.Taken, again.AlreadyThere));

        var list = (await Ok(s.Supervisor.GetAsync("/api/reports/snapshots?year=2026"))).AsArray();
        Assert.Equal(5, list.Count);
        var scheduledChild = list.Single(x => (string?)x!["agencyCode"] == s.Child && !(bool)x["subtree"]! && (string?)x["source"] == "scheduled")!;
        Assert.Equal(2, (int)scheduledChild["version"]!); // the manual one stays as version 1
        var content = await Ok(s.Supervisor.GetAsync($"/api/reports/snapshots/{scheduledChild["id"]}"));
        Assert.Equal("gov2021", (string?)content["format"]);
        Assert.Equal(2, (int)content["table3"]!["new_received"]!["natural_person"]!);
        Assert.False((bool)content["provisional"]!);

        var published = await Ok(s.Supervisor.Post($"/api/reports/snapshots/{scheduledChild["id"]}/publication", new { }));
        Assert.NotNull(published["publishedAt"]);
        Assert.False((bool)published["changedSincePublished"]!);
        await Refused(s.Supervisor.Post($"/api/reports/snapshots/{scheduledChild["id"]}/publication", new { }), HttpStatusCode.Conflict);

        // A 2026 request registered late (paper found in a drawer) changes the published figures.
        await s.Register("InPerson", "2026-06-01");
        var flagged = (await Ok(s.Supervisor.GetAsync($"/api/reports/snapshots?agency={s.Child}&year=2026"))).AsArray()
            .Single(x => (string?)x!["id"] == (string?)scheduledChild["id"])!;
        Assert.True((bool)flagged["changedSincePublished"]!);
        var differences = flagged["difference"]!.AsArray();
        Assert.Contains(differences, d => (string?)d!["row"] == "new_received" && (string?)d["column"] == "natural_person"
            && (int)d["published"]! == 2 && (int)d["now"]! == 3);
        var watch = await Send(new WatchAnnualReportsCommand());
        Assert.Equal((1, 1), (watch.PublishedChecked, watch.ChangedSincePublished));

        // The regenerated version is new; the published one is kept as it was.
        var regenerated = await Ok(s.Supervisor.Post("/api/reports/snapshots", new { year = 2026, agency = s.Child }));
        Assert.Equal(3, (int)regenerated["version"]!);
        var kept = await Ok(s.Supervisor.GetAsync($"/api/reports/snapshots/{scheduledChild["id"]}"));
        Assert.Equal(2, (int)kept["table3"]!["new_received"]!["natural_person"]!);

        // Reminders: 10 days before 31 January for an own report not published (the root), once.
        At("2027-01-25T08:00:00");
        Assert.Equal(1, (await Send(new WatchAnnualReportsCommand())).RemindersRecorded);
        Assert.Equal(0, (await Send(new WatchAnnualReportsCommand())).RemindersRecorded);
        At("2027-03-25T08:00:00");
        Assert.Equal(1, (await Send(new WatchAnnualReportsCommand())).RemindersRecorded); // the root's roll-up of its subordinates
        var reminders = (await Ok(s.Supervisor.GetAsync("/api/reports/reminders"))).AsArray();
        Assert.Equal([("OwnReport", "2027-01-31"), ("RollUp", "2027-03-31")],
            reminders.Select(r => ((string)r!["kind"]!, (string)r["dueOn"]!)));
        Assert.All(reminders, r => Assert.Equal(s.Root, (string?)r!["agencyCode"]));
    }
}
