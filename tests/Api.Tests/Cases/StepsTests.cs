using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>Every step slice: If-Match turns a stale write into 409 (api.md), parallel steps on one case, missing fields named.</summary>
public class StepsTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static object NewCase(string agency, string applicant = "张三", string description = "2025年城市道路维修预算及执行情况",
        string submittedOn = "2026-11-02") => new
    {
        agencyCode = agency,
        channel = "InPerson",
        submittedOn,
        applicant = new { kind = "NaturalPerson", name = applicant },
        description,
    };

    private static int Count(string snapshot, string table)
        => int.Parse(snapshot.Split(' ').Single(p => p.StartsWith(table + "=", StringComparison.Ordinal))[(table.Length + 1)..]);

    [Fact]
    public async Task Step_WithStaleIfMatch_Is409AndChangesNothing_CurrentVersionSucceeds()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("Online", "2026-11-02"))["id"]!;
        var read = await s.Handler.GetAsync($"/api/cases/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);

        var confirmed = await s.Intake.Post($"/api/cases/{id}/receipt-confirmation", new { confirmedOn = "2026-11-02" }, ("If-Match", "\"1\""));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("\"2\"", confirmed.Headers.ETag?.Tag);

        var before = factory.Snapshot();
        var conflict = await Refused(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-11-20", outcome = "Disclosed" }, ("If-Match", "\"1\"")),
            HttpStatusCode.Conflict);
        Assert.Contains("version 2", (string)conflict["detail"]!);
        Assert.Equal(before, factory.Snapshot());

        var decided = await s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-11-20", outcome = "Disclosed" }, ("If-Match", "\"2\""));
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal("\"3\"", decided.Headers.ETag?.Tag);
        var c = await decided.Body();
        Assert.Equal("Decided", (string?)c["status"]);
        Assert.Equal(3, (int)c["version"]!);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("\"0\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"1.5\"")]
    [InlineData("*")]
    public async Task Step_WithMalformedIfMatch_Is400AndChangesNothing(string ifMatch)
    {
        // Preconditions.ExpectedVersion: If-Match must hold the version read, e.g. "3".
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-11-02"))["id"]!;
        var before = factory.Snapshot();
        var problem = await Refused(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-11-20", outcome = "Disclosed" }, ("If-Match", ifMatch)),
            HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["If-Match"]);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Step_InParallelOnOneCase_OneWinsTheOthersAre409()
    {
        // Two clerks deciding the same case at once: one decision is recorded, the other is told why not.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-11-02"))["id"]!;
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-11-20", outcome = "Disclosed" })));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
        var history = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/history")))["items"]!.AsArray();
        Assert.Single(history, h => (string?)h!["kind"] == "Decided");
        Assert.Equal(2, (int)(await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["version"]!);
    }

    [Fact]
    public async Task Step_WithMissingFields_NamesEachMissingField()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-11-02"))["id"]!;
        var before = factory.Snapshot();
        var problem = await Refused(s.Approver.PostRaw($"/api/cases/{id}/extension", "{}"), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "approvedOn", "workingDays", "reason", "applicantNotifiedOn" })
            Assert.True(errors.ContainsKey(field), $"errors has no '{field}': {problem.ToJsonString()}");
        Assert.Equal(before, factory.Snapshot());
    }
}
