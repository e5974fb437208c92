using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Identity;

namespace CaseTracker.Api.Tests.Support;

/// <summary>A fresh agency tree (root and child) with one user of each role, isolated from other tests.</summary>
public sealed class Scenario
{
    private static int counter;

    private Scenario(CaseTrackerFactory factory, string root, string child)
    {
        Factory = factory;
        Root = root;
        Child = child;
        Admin = factory.As("admin-" + root, root, Roles.Administrator);
        Intake = factory.As("intake-" + child, child, Roles.IntakeOfficer);
        Handler = factory.As("handler-" + child, child, Roles.CaseHandler);
        Approver = factory.As("approver-" + child, child, Roles.Approver);
        Supervisor = factory.As("supervisor-" + root, root, Roles.Supervisor);
    }

    public CaseTrackerFactory Factory { get; }
    public string Root { get; }
    public string Child { get; }
    public HttpClient Admin { get; }
    public HttpClient Intake { get; }
    public HttpClient Handler { get; }
    public HttpClient Approver { get; }
    public HttpClient Supervisor { get; }

    public static async Task<Scenario> Create(CaseTrackerFactory factory)
    {
        var n = Interlocked.Increment(ref counter);
        var suffix = $"{n}{Guid.NewGuid().ToString("N")[..6]}".ToUpperInvariant();
        var scenario = new Scenario(factory, "R" + suffix, "C" + suffix);
        (await scenario.Admin.Post("/api/agencies", new { code = scenario.Root, name = "测试省人民政府" })).EnsureSuccessStatusCode();
        (await scenario.Admin.Post("/api/agencies", new { code = scenario.Child, name = "测试州人民政府", parentCode = scenario.Root })).EnsureSuccessStatusCode();
        return scenario;
    }

    /// <summary>
    /// The postal address a registered applicant gives unless a test says otherwise (null: none), so that the case may be answered
    /// by post (a delivery by post needs the applicant's address on the case, Case.RequireDeliveryAddress).
    /// </summary>
    public const string DefaultAddress = "云南省楚雄州禄丰市金山镇2号";

    public async Task<JsonNode> Register(string channel = "InPerson", string submittedOn = "2026-09-01", string? receivedOn = null,
        string? letterMail = null, string applicant = "张三", string? idNumber = null, string? agency = null, string? address = DefaultAddress)
    {
        var response = await Intake.Post("/api/cases", new
        {
            agencyCode = agency ?? Child,
            channel,
            letterMail,
            submittedOn,
            receivedOn,
            applicant = new { kind = "NaturalPerson", name = applicant, idNumber, address },
            description = "2025年城市道路维修预算及执行情况",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Body();
    }

    public static async Task<JsonNode> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> Refused(Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.MediaType ?? "");
        return JsonNode.Parse(text)!;
    }
}
