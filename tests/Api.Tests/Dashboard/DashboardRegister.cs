using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Dashboard;

/// <summary>
/// A register for the 督办 figures, built through the API on the test clock (today 2026-11-25): open cases (overdue and
/// assigned, due within 3 working days, awaiting confirmation), cases closed this year on time, after an extension and late,
/// with outcomes of three of table 三's groups, a case closed last year in the root agency, one received last year and
/// closed this year, and a Regime 2008 case of 2019 (its outcome crosswalked). The trends' and charts' expected figures are
/// stated by the tests from these cases.
/// </summary>
internal static class DashboardRegister
{
    public static async Task<Scenario> Build(CaseTrackerFactory factory)
    {
        var s = await Create(factory);
        factory.EnsureUser("h1-" + s.Child, s.Child, "CaseHandler");
        var overdue = await s.Register("InPerson", "2026-10-12");
        await Ok(s.Supervisor.Post($"/api/cases/{overdue["id"]}/assignment", new { userId = "h1-" + s.Child, name = "王五" }));
        await s.Register("InPerson", "2026-11-02"); // due 2026-11-30: within 3 working days
        await s.Register("Online", "2026-11-24");    // awaiting confirmation

        var extended = await s.Register("InPerson", "2026-03-02");
        await Ok(s.Approver.Post($"/api/cases/{extended["id"]}/extension", new { approvedOn = "2026-03-20", workingDays = 20, reason = "复杂", applicantNotifiedOn = "2026-03-20" }));
        await Close(s, extended, "2026-04-10", "Disclosed");
        await Close(s, await s.Register("InPerson", "2026-06-01"), "2026-06-05", "Disclosed");
        await Close(s, await s.Register("InPerson", "2026-02-02"), "2026-04-20", "Withheld.StateSecret"); // due 2026-03-03: late
        await Close(s, await AtRoot(s, "2025-05-06"), "2025-05-20", "Unable.NotHeld");
        await Close(s, await AtRoot(s, "2025-12-15"), "2026-01-05", "NotProcessed.Repeat");
        await Close(s, await AtRoot(s, "2019-01-07"), "2019-01-21", "AlreadyPublic"); // Regime 2008 → （一）予以公开
        return s;
    }

    /// <summary>A request registered in person in the root agency by its own intake officer.</summary>
    private static async Task<JsonNode> AtRoot(Scenario s, string submittedOn) => await Ok(s.Factory.As("intake-" + s.Root, s.Root, "IntakeOfficer").Post("/api/cases", new
    {
        agencyCode = s.Root,
        channel = "InPerson",
        submittedOn,
        applicant = new { kind = "NaturalPerson", name = "赵六", address = Scenario.DefaultAddress },
        description = "历年道路维修资金安排",
    }));

    private static async Task Close(Scenario s, JsonNode c, string on, string outcome)
    {
        var client = (string)c["agencyCode"]! == s.Root ? s.Factory.As("handler-" + s.Root, s.Root, "CaseHandler") : s.Handler;
        await Ok(client.Post($"/api/cases/{c["id"]}/decision", new { decidedOn = on, outcome }));
        await Ok(client.Post($"/api/cases/{c["id"]}/delivery", new { deliveredOn = on, method = "Post" }));
    }
}
