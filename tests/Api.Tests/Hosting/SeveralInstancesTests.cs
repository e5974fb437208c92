using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Hosting;

/// <summary>Two API instances on one database: what one does, the other sees.</summary>
public sealed class SeveralInstancesTests : IAsyncLifetime
{
    private readonly CaseTrackerFactory first = new();
    private CaseTrackerFactory second = null!;

    public Task InitializeAsync()
    {
        second = new CaseTrackerFactory(first.Database, ownsDatabase: false);
        first.Time.SetUtcNow(new DateTimeOffset(2026, 12, 20, 2, 0, 0, TimeSpan.Zero));
        second.Time.SetUtcNow(new DateTimeOffset(2026, 12, 20, 2, 0, 0, TimeSpan.Zero));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await second.DisposeAsync();
        await first.DisposeAsync();
    }

    [Fact]
    public async Task NoticeLoadedOnOneInstance_IsInForceOnTheOtherForTheNextStep()
    {
        // law.md §2: once the 2027 notice is loaded, no instance may count 2027-01-01 as a working day.
        var s = await Create(first);
        _ = second.CreateClient(); // start the second instance (and its calendar) before the notice exists
        var onSecond = second.As("intake-2", s.Child, "IntakeOfficer");
        var before = await Ok(onSecond.Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-12-15",
            applicant = new { kind = "NaturalPerson", name = "张三" }, description = "跨年",
        }));
        Assert.Equal("2027-01-12", (string?)before["dueOn"]);

        await Ok(s.Admin.PutAsync("/api/calendar/2027", System.Net.Http.Json.JsonContent.Create(new
        {
            year = 2027, papers = Array.Empty<string>(), days = new[] { new { name = "元旦", date = "2027-01-01", isOffDay = true } },
        })));

        var after = await Ok(onSecond.Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-12-15",
            applicant = new { kind = "NaturalPerson", name = "李四" }, description = "跨年",
        }));
        Assert.Equal("2027-01-13", (string?)after["dueOn"]);
        Assert.False((bool)after["dueOnProvisional"]!);
        var recomputed = await Ok(onSecond.GetAsync($"/api/cases/{before["id"]}"));
        Assert.Equal("2027-01-13", (string?)recomputed["dueOn"]);
    }

    [Fact]
    public async Task RegistrationsOnBothInstances_TakeDistinctNumbers()
    {
        var s = await Create(first);
        var a = s.Intake;
        var b = second.As("intake-b", s.Child, "IntakeOfficer");
        var tasks = Enumerable.Range(0, 20).Select(i => Ok((i % 2 == 0 ? a : b).Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-12-01",
            applicant = new { kind = "NaturalPerson", name = $"申请人{i}" }, description = "并发",
        })));
        var numbers = (await Task.WhenAll(tasks)).Select(c => (string)c["caseNumber"]!).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"{s.Child}-2026-{i:D5}"), numbers);
    }
}
