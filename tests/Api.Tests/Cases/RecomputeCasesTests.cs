using CaseTracker.Api.Tests.Support;
using CaseTracker.Domain.Clock;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// Stored projections follow the rules in force: a register computed under earlier rules (here: before the rest-day
/// receipt shift of law.md §3) is recomputed once when the service starts, each change written to the case's history.
/// </summary>
public class RecomputeCasesTests
{
    [Fact]
    public async Task Startup_WhenTheClockRulesChanged_RecomputesStoredCasesOnceWithANote()
    {
        using var first = new CaseTrackerFactory();
        var s = await Create(first);
        var id = (string)(await s.Register("Online", "2026-11-13"))["id"]!;
        // law.md §3: confirmed on Sunday 2026-11-15, counted from Monday 2026-11-16.
        var confirmed = await Ok(s.Intake.Post($"/api/cases/{id}/receipt-confirmation", new { confirmedOn = "2026-11-15" }));
        var due = (string)confirmed["dueOn"]!;
        Assert.Equal("2026-12-14", due);
        Assert.Equal(ClockSettings.Default.Fingerprint, first.Database.Scalar("SELECT fingerprint FROM applied_rules WHERE name = 'clock'"));

        // As an earlier version stored it: counted from the Sunday, under rules revision 1.
        first.Database.Scalar("UPDATE cases SET due_on = '2026-12-11' WHERE id = @id", ("id", id));
        first.Database.Scalar("UPDATE applied_rules SET fingerprint = 'rules 1' WHERE name = 'clock'");

        using (var restarted = new CaseTrackerFactory(first.Database, ownsDatabase: false)) _ = restarted.Services;

        Assert.Equal(due, (string?)(await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["dueOn"]);
        var history = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/history")))["items"]!.AsArray();
        var note = Assert.Single(history, h => (string?)h!["kind"] == "RulesRecomputed")!;
        Assert.Equal("2026-12-11", (string?)note["dueBefore"]);
        Assert.Equal(due, (string?)note["dueAfter"]);
        Assert.Equal(ClockSettings.Default.Fingerprint, first.Database.Scalar("SELECT fingerprint FROM applied_rules WHERE name = 'clock'"));

        using (var again = new CaseTrackerFactory(first.Database, ownsDatabase: false)) _ = again.Services;
        history = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/history")))["items"]!.AsArray();
        Assert.Single(history, h => (string?)h!["kind"] == "RulesRecomputed");
    }
}
