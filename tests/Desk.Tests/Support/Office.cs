using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests.Support;

/// <summary>
/// One office for a test: a root and a child agency, an intake officer, a case handler, an approver and a supervisor,
/// and cases registered through the API as a script would (the fake clock stands at 2026-11-25).
/// </summary>
public sealed class Office
{
    private Office(DeskFixture desk, Agencies agencies)
    {
        Desk = desk;
        Root = agencies.Root;
        Child = agencies.Child;
        var tag = Child.ToLowerInvariant();
        IntakeLogin = "intake-" + tag;
        HandlerLogin = "handler-" + tag;
        ApproverLogin = "approver-" + tag;
        SupervisorLogin = "supervisor-" + tag;
        Intake = desk.App.Api(IntakeLogin, Child, "IntakeOfficer");
        Handler = desk.App.Api(HandlerLogin, Child, "CaseHandler");
        Approver = desk.App.Api(ApproverLogin, Child, "Approver");
        Supervisor = desk.App.Api(SupervisorLogin, Root, "Supervisor");
    }

    public DeskFixture Desk { get; }
    public string Root { get; }
    public string Child { get; }
    public string IntakeLogin { get; }
    public string HandlerLogin { get; }
    public string ApproverLogin { get; }
    public string SupervisorLogin { get; }
    public HttpClient Intake { get; }
    public HttpClient Handler { get; }
    public HttpClient Approver { get; }
    public HttpClient Supervisor { get; }

    public static async Task<Office> Open(DeskFixture desk) => new(desk, await desk.NewAgencies());

    /// <summary>The postal address a registered applicant gives unless a test says otherwise: a delivery by post needs one on the case.</summary>
    public const string DefaultAddress = "云南省楚雄州禄丰市金山镇2号";

    /// <summary>Registers a request (in person unless said otherwise); returns the case as the API answers.</summary>
    public async Task<JsonNode> Register(string submittedOn, string channel = "InPerson", string applicant = "张三",
        string description = "2025年城市道路维修预算及执行情况", string? letterMail = null, string? receivedOn = null, string? idNumber = null,
        string? address = DefaultAddress)
        => await Intake.Post("/api/cases", new
        {
            agencyCode = Child, channel, letterMail, submittedOn, receivedOn,
            applicant = new { kind = "NaturalPerson", name = applicant, idNumber, address },
            description,
        }).Ok();

    /// <summary>Assigns the case to this office's case handler (the approver may assign).</summary>
    public async Task<JsonNode> AssignToHandler(JsonNode @case)
        => await Approver.Post($"/api/cases/{(string)@case["id"]!}/assignment", new { userId = HandlerLogin }).Ok();

    public Task<IPage> SignIn(string login, string agency, params string[] roles) => Desk.SignedIn(login, agency, roles);
}
