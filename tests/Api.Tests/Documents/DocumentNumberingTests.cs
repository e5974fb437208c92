using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Documents.DocumentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Documents;

/// <summary>documents.md "Numbering": per agency, kind and year; never repeated, no gap when clerks issue at once (run on each engine).</summary>
public class DocumentNumberingTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task ParallelIssues_TakeNumbersOneToNWithoutGapOrRepeat()
    {
        const int Count = 24;
        var s = await Create(factory);
        var cases = new List<string>();
        for (var i = 0; i < Count; i++) cases.Add(await Registered(s));
        var clerks = Enumerable.Range(0, 4).Select(i => factory.As($"clerk{i}-{s.Child}", s.Child, "CaseHandler")).ToArray();
        var responses = await Task.WhenAll(cases.Select((id, i) => Issue(clerks[i % clerks.Length], id, "Receipt")));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses.Zip(bodies), r => Assert.True(r.First.StatusCode == HttpStatusCode.Created, r.Second));
        var numbers = bodies.Select(b => (string)JsonNode.Parse(b)!["number"]!).ToList();
        var prefix = numbers[0][..numbers[0].IndexOf('〔')];
        Assert.Equal(Enumerable.Range(1, Count).Select(n => $"{prefix}〔2026〕{n}号").Order(), numbers.Order());
    }

    [Fact]
    public async Task Numbers_RunPerAgencyKindAndYear_WithTheAgencysPrefix()
    {
        var s = await Create(factory);
        await Ok(s.Admin.Put($"/api/agencies/{s.Child}/document-settings", new { prefixes = new Dictionary<string, string> { ["Receipt"] = "测政信受", ["SupplementNotice"] = "测政信补" } }));
        var a = await Registered(s);
        var b = await Registered(s);
        var old = await Registered(s, submittedOn: "2025-12-29");
        Assert.Equal("测政信受〔2026〕1号", (string)(await Ok(Issue(s.Intake, a, "Receipt")))["number"]!);
        await Ok(s.Handler.Post($"/api/cases/{b}/supplement-request", new { requestedOn = "2026-09-02", items = "年份", supplyBy = "2026-09-16" }));
        Assert.Equal("测政信补〔2026〕1号", (string)(await Ok(Issue(s.Handler, b, "SupplementNotice")))["number"]!);
        Assert.Equal("测政信受〔2025〕1号", (string)(await Ok(Issue(s.Intake, old, "Receipt", new { kind = "Receipt", issuedOn = "2025-12-30" })))["number"]!);
        Assert.Equal("测政信受〔2026〕2号", (string)(await Ok(Issue(s.Intake, b, "Receipt")))["number"]!);

        // Another agency numbers from 1 with the default prefix.
        var rootCase = (string)(await Ok(s.Admin.Post("/api/cases", new
        {
            agencyCode = s.Root, channel = "InPerson", submittedOn = "2026-09-01", applicant = new { kind = "NaturalPerson", name = "陈根" }, description = "年度预算",
        })))["id"]!;
        var rootNumber = (string)(await Ok(Issue(s.Admin, rootCase, "Receipt")))["number"]!;
        Assert.EndsWith("〔2026〕1号", rootNumber);
        var settings = await Ok(s.Admin.GetAsync($"/api/agencies/{s.Root}/document-settings"));
        Assert.StartsWith((string)settings["prefixes"]!["Receipt"]!, rootNumber);
    }

    [Fact]
    public async Task FailedIssue_LeavesNoGap()
    {
        var s = await Create(factory);
        var a = await Registered(s);
        var first = await Ok(Issue(s.Intake, a, "Receipt"));
        // Refused after the draft is made: a replacement of a document already replaced.
        var second = await Ok(Issue(s.Intake, a, "Receipt", new { kind = "Receipt", replaces = (string)first["id"]! }));
        await Refused(Issue(s.Intake, a, "Receipt", new { kind = "Receipt", replaces = (string)first["id"]! }), HttpStatusCode.Conflict);
        // Refused after the number is taken: a second receipt while one is in force (its number is given back).
        await Refused(Issue(s.Intake, a, "Receipt"), HttpStatusCode.Conflict);
        var third = await Ok(Issue(s.Intake, a, "Receipt", new { kind = "Receipt", replaces = (string)second["id"]! }));
        Assert.EndsWith("〔2026〕2号", (string)second["number"]!);
        Assert.EndsWith("〔2026〕3号", (string)third["number"]!);
    }

    [Fact]
    public async Task DocumentSettings_RefuseAnUnknownKindOrABadPrefix_ByName()
    {
        var s = await Create(factory);
        var bad = await Refused(s.Admin.Put($"/api/agencies/{s.Child}/document-settings", new { prefixes = new Dictionary<string, string> { ["Memo"] = "测", ["Receipt"] = "测〔受〕" } }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["prefixes.Memo"]);
        Assert.NotNull(bad["errors"]!["prefixes.Receipt"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Handler.Put($"/api/agencies/{s.Child}/document-settings", new { reviewBody = "x" })).StatusCode);
    }
}
