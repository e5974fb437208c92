using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Complaints;

/// <summary>Complaints (legacy report row 六), today being 2026-11-25.</summary>
public class RegisterComplaintTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static async Task<(Scenario S, string CaseId)> WithCase(CaseTrackerFactory factory)
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        return (s, id);
    }

    [Fact]
    public async Task Complaint_Registered_Is201WithId()
    {
        var s = await Create(factory);
        var response = await s.Intake.Post("/api/complaints", new { agencyCode = s.Child, receivedOn = "2026-11-20", subject = "政府信息公开答复超期" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var complaint = await response.Body();
        var id = (string)complaint["id"]!;
        Assert.Equal($"/api/complaints/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(s.Child, (string?)complaint["agencyCode"]);
        Assert.Equal("2026-11-20", (string?)complaint["receivedOn"]);
        Assert.Equal("政府信息公开答复超期", (string?)complaint["subject"]);
        await Ok(s.Handler.Post("/api/complaints", new { agencyCode = s.Child, receivedOn = "2026-11-25", subject = "举报" }));
    }

    [Fact]
    public async Task Complaint_InvalidInput_Is400AndChangesNothing()
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        var missing = await Refused(s.Intake.PostRaw("/api/complaints", "{}"), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "agencyCode", "receivedOn", "subject" }) Assert.NotNull(missing["errors"]![field]);
        var longSubject = await Refused(s.Intake.Post("/api/complaints", new { agencyCode = s.Child, receivedOn = "2026-11-20", subject = new string('x', 5000) }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(longSubject["errors"]!["subject"]);
        var badDate = await Refused(s.Intake.Post("/api/complaints", new { agencyCode = s.Child, receivedOn = "2026-02-30", subject = "x" }), HttpStatusCode.BadRequest);
        Assert.NotNull(badDate["errors"]!["receivedOn"]);
        Assert.Equal(before, factory.Snapshot());
    }
}
