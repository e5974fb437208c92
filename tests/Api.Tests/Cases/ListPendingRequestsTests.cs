using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// The approvers' queues (审批; extension Art. 33 ¶2, deferral Art. 35) read the stored fact of which request waits
/// (cases.pending_extension_seq / pending_deferral_seq, migration 0023), kept by the repository as requests are made and decided.
/// </summary>
public class ListPendingRequestsTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private (long? Extension, long? Deferral) Stored(string id)
    {
        using var connection = factory.Database.Open();
        return connection.QuerySingle<(long?, long?)>("SELECT pending_extension_seq, pending_deferral_seq FROM cases WHERE id = @id", new { id });
    }

    private long LastSeq(string id, string kind)
    {
        using var connection = factory.Database.Open();
        return connection.ExecuteScalar<long>("SELECT MAX(seq) FROM case_history WHERE case_id = @id AND kind = @kind", new { id, kind });
    }

    private static async Task<List<JsonNode>> Queue(Scenario s, string route, string id)
        => (await Ok(s.Approver.GetAsync($"/api/cases/{route}")))["items"]!.AsArray().Where(i => (string?)i!["case"]!["id"] == id).Select(i => i!).ToList();

    [Fact]
    public async Task Queues_CaseWaitingForBothKinds_IsInEachQueue_AndTheStoredSeqFollowsEachRequestAndDecision()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        Assert.Equal((null, null), Stored(id));

        await Ok(s.Handler.Post($"/api/cases/{id}/extension-request", new { requestedOn = "2026-09-20", workingDays = 10, reason = "需调取档案" }));
        await Ok(s.Handler.Post($"/api/cases/{id}/deferral-request", new { requestedOn = "2026-09-20", dueOn = "2026-10-30", reason = "申请数量明显超过合理范围" }));
        Assert.Equal((LastSeq(id, "ExtensionRequested"), LastSeq(id, "DeferralRequested")), Stored(id));
        Assert.Equal(10, (int)Assert.Single(await Queue(s, "extension-requests", id))["workingDays"]!);
        Assert.Equal("2026-10-30", (string?)Assert.Single(await Queue(s, "deferral-requests", id))["dueOn"]);

        // Refusing one leaves the other waiting.
        await Ok(s.Approver.Post($"/api/cases/{id}/extension-request/refusal", new { refusedOn = "2026-09-21", reason = "理由不充分" }));
        Assert.Equal((null, LastSeq(id, "DeferralRequested")), Stored(id));
        Assert.Empty(await Queue(s, "extension-requests", id));
        Assert.Single(await Queue(s, "deferral-requests", id));

        // A new request waits again, under its own seq.
        await Ok(s.Handler.Post($"/api/cases/{id}/extension-request", new { requestedOn = "2026-09-22", workingDays = 5, reason = "需协调" }));
        Assert.Equal(LastSeq(id, "ExtensionRequested"), Stored(id).Extension);
        Assert.Equal(("2026-09-22", 5), ((string?)Assert.Single(await Queue(s, "extension-requests", id))["requestedOn"],
            (int)Assert.Single(await Queue(s, "extension-requests", id))["workingDays"]!));

        await Ok(s.Approver.Post($"/api/cases/{id}/deferral-request/approval", new { approvedOn = "2026-09-23" }));
        Assert.Null(Stored(id).Deferral);
        Assert.Empty(await Queue(s, "deferral-requests", id));
    }

    // Issue 16 (void the last step) meets migration 0023: the stored seqs follow the events a void leaves.
    [Fact]
    public async Task Queues_AfterTheLastStepIsVoided_FollowTheStepsLeft()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/extension-request", new { requestedOn = "2026-09-20", workingDays = 10, reason = "需调取档案" }));
        var asked = LastSeq(id, "ExtensionRequested");
        await Ok(s.Approver.Post($"/api/cases/{id}/extension-request/refusal", new { refusedOn = "2026-09-21", reason = "理由不充分" }));
        Assert.Empty(await Queue(s, "extension-requests", id));

        // The refusal voided: the request waits again, under its own seq.
        await Ok(s.Approver.Post($"/api/cases/{id}/void-last-step", new { reason = "拒绝录错了案件" }));
        Assert.Equal((asked, null), Stored(id));
        Assert.Single(await Queue(s, "extension-requests", id));

        // The request voided too: nothing waits.
        await Ok(s.Approver.Post($"/api/cases/{id}/void-last-step", new { reason = "延期申请录错了案件" }));
        Assert.Equal((null, null), Stored(id));
        Assert.Empty(await Queue(s, "extension-requests", id));
    }

    [Fact]
    public async Task Migration0023_Backfill_FromTheHistory_GivesTheSameStoredSeqsAndTheSameQueues()
    {
        var s = await Create(factory);
        var waiting = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{waiting}/extension-request", new { requestedOn = "2026-09-20", workingDays = 10, reason = "需调取档案" }));
        var refusedThenAsked = (string)(await s.Register("InPerson", "2026-09-02"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{refusedThenAsked}/deferral-request", new { requestedOn = "2026-09-20", dueOn = "2026-10-30", reason = "大量" }));
        await Ok(s.Approver.Post($"/api/cases/{refusedThenAsked}/deferral-request/refusal", new { refusedOn = "2026-09-21", reason = "理由不充分" }));
        await Ok(s.Handler.Post($"/api/cases/{refusedThenAsked}/deferral-request", new { requestedOn = "2026-09-22", dueOn = "2026-10-30", reason = "大量" }));
        var decided = (string)(await s.Register("InPerson", "2026-09-03"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{decided}/extension-request", new { requestedOn = "2026-09-20", workingDays = 10, reason = "需调取档案" }));
        await Ok(s.Approver.Post($"/api/cases/{decided}/extension-request/approval", new { approvedOn = "2026-09-21", applicantNotifiedOn = "2026-09-22" }));

        var ids = new[] { waiting, refusedThenAsked, decided };
        var stored = ids.Select(Stored).ToList();
        Assert.Equal([(LastSeq(waiting, "ExtensionRequested"), null), (null, LastSeq(refusedThenAsked, "DeferralRequested")), (null, null)], stored);
        var extensions = (await Ok(s.Approver.GetAsync("/api/cases/extension-requests"))).ToJsonString();
        var deferrals = (await Ok(s.Approver.GetAsync("/api/cases/deferral-requests"))).ToJsonString();

        // A register upgraded to 0023: the columns start empty and the migration's own statements fill them from the history.
        using (var connection = factory.Database.Open())
        {
            connection.Execute("UPDATE cases SET pending_extension_seq = NULL, pending_deferral_seq = NULL");
            Assert.Empty((await Ok(s.Approver.GetAsync("/api/cases/extension-requests")))["items"]!.AsArray());
            foreach (var update in BackfillStatements(factory.Database.Provider)) connection.Execute(update);
        }

        Assert.Equal(stored, ids.Select(Stored).ToList());
        Assert.Equal(extensions, (await Ok(s.Approver.GetAsync("/api/cases/extension-requests"))).ToJsonString());
        Assert.Equal(deferrals, (await Ok(s.Approver.GetAsync("/api/cases/deferral-requests"))).ToJsonString());
    }

    // The UPDATE statements of this engine's migration 0023, as embedded in the Infrastructure assembly.
    private static IEnumerable<string> BackfillStatements(DatabaseProvider provider)
    {
        var assembly = typeof(SqlDialect).Assembly;
        var folder = provider.ToString().ToLowerInvariant();
        var name = assembly.GetManifestResourceNames().Single(n => n.Contains(folder, StringComparison.Ordinal) && n.EndsWith("0023_add_cases_pending_requests.sql", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        var script = string.Join('\n', reader.ReadToEnd().Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)));
        var updates = script.Split(';').Select(p => p.Trim()).Where(p => p.StartsWith("UPDATE", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, updates.Count);
        return updates;
    }
}
