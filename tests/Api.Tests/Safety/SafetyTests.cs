using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Safety;

/// <summary>
/// Writes that must not go wrong: stale versions, retried creates, parallel registration, and bad input of
/// every kind answered with a 4xx problem (never a 500) that leaves the database exactly as it was.
/// </summary>
public class SafetyTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
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

    // ---- Optimistic concurrency (api.md: If-Match turns a stale write into 409) ----

    // ---- Idempotency-Key (api.md: a retried POST returns the first result instead of a second case) ----

    // ---- Case numbers under concurrency ----

    // ---- Charsets ----

    private static HttpRequestMessage WithCharset(HttpMethod method, string url, string body, string mediaType, string charset)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", $"{mediaType}; charset={charset}");
        return new HttpRequestMessage(method, url) { Content = content };
    }

    [Theory]
    [InlineData("gbk")]
    [InlineData("utf-7")]
    [InlineData("nonsense")]
    [InlineData("\"utf-16\"")]
    public async Task Body_WithUnsupportedCharset_Is415AndChangesNothing(string charset)
    {
        // Issue 10 item 6: an unsupported charset is 415, never 500, on JSON routes and on the CSV import.
        var s = await Create(factory);
        var before = factory.Snapshot();
        var register = JsonSerializer.Serialize(NewCase(s.Child), Http.Json);
        var calendar = """{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}""";
        var csv = RegisterFile.Csv(RegisterFile.Row(s.Child, "InPerson", "2026-09-01"));
        foreach (var (client, request) in new[]
                 {
                     (s.Intake, WithCharset(HttpMethod.Post, "/api/cases", register, "application/json", charset)),
                     (s.Admin, WithCharset(HttpMethod.Post, "/api/agencies", $$"""{"code":"Q{{s.Child}}","name":"某局","parentCode":"{{s.Root}}"}""", "application/json", charset)),
                     (s.Admin, WithCharset(HttpMethod.Put, "/api/calendar/2027", calendar, "application/json", charset)),
                     (s.Intake, WithCharset(HttpMethod.Post, "/api/cases/import", csv, "text/csv", charset)),
                 })
        {
            var problem = await Refused(client.SendAsync(request), HttpStatusCode.UnsupportedMediaType);
            Assert.Contains("UTF-8", (string?)problem["detail"]);
        }

        Assert.Equal(before, factory.Snapshot());
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("UTF-8")]
    [InlineData("\"utf-8\"")]
    public async Task Body_WithUtf8Charset_IsAccepted(string charset)
    {
        var s = await Create(factory);
        var response = await s.Intake.SendAsync(WithCharset(HttpMethod.Post, "/api/cases", JsonSerializer.Serialize(NewCase(s.Child), Http.Json), "application/json", charset));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var import = await s.Intake.SendAsync(WithCharset(HttpMethod.Post, "/api/cases/import",
            RegisterFile.Csv(RegisterFile.Row(s.Child, "InPerson", "2026-09-01")), "text/csv", charset));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
    }

    // ---- Text that looks dangerous is still just text ----

    private static int Count(string snapshot, string table)
        => int.Parse(snapshot.Split(' ').Single(p => p.StartsWith(table + "=", StringComparison.Ordinal))[(table.Length + 1)..]);

    // ---- Malformed input sweep: 4xx problem details, never a 500, nothing written ----

    // Role: Intake, Handler or Approver of the scenario's child agency (so the role is allowed and only the input is wrong).
    // In Url and Body, {case} is an open in-person case received 2026-11-02 and {agency} the child agency.
    public sealed record BadRequest(string Role, string Method, string Url, string? Body, HttpStatusCode Status, string? Field, string? IdempotencyKey = null);

    private static readonly string Mb = new('x', 1024 * 1024);
    private const string Valid = """{"agencyCode":"{agency}","channel":"InPerson","submittedOn":"2026-11-02","applicant":{"kind":"NaturalPerson","name":"张三"},"description":"预算"}""";

    private static string With(string property, string json) => Valid.Replace($"\"{property}\":\"{Value(property)}\"", $"\"{property}\":{json}");

    private static string Value(string property) => property switch
    {
        "channel" => "InPerson",
        "submittedOn" => "2026-11-02",
        "description" => "预算",
        "name" => "张三",
        "kind" => "NaturalPerson",
        "agencyCode" => "{agency}",
        _ => throw new ArgumentOutOfRangeException(nameof(property)),
    };

    private static readonly Dictionary<string, BadRequest> Bad = new()
    {
        ["truncated JSON"] = new("Intake", "POST", "/api/cases", """{"agencyCode":"{agency}","channel":""", HttpStatusCode.BadRequest, null),
        ["broken JSON"] = new("Intake", "POST", "/api/cases", """{"agencyCode" "{agency}", channel: InPerson}""", HttpStatusCode.BadRequest, null),
        ["not JSON at all"] = new("Intake", "POST", "/api/cases", "agencyCode=CX&channel=InPerson", HttpStatusCode.BadRequest, "body"),
        ["empty body"] = new("Intake", "POST", "/api/cases", "", HttpStatusCode.BadRequest, null),
        ["JSON array instead of object"] = new("Intake", "POST", "/api/cases", "[]", HttpStatusCode.BadRequest, null),
        ["JSON string instead of object"] = new("Intake", "POST", "/api/cases", "\"case\"", HttpStatusCode.BadRequest, null),
        ["unknown channel Pigeon"] = new("Intake", "POST", "/api/cases", With("channel", "\"Pigeon\""), HttpStatusCode.BadRequest, "channel"),
        ["channel as number 1"] = new("Intake", "POST", "/api/cases", With("channel", "1"), HttpStatusCode.BadRequest, "channel"),
        ["channel as numeric string"] = new("Intake", "POST", "/api/cases", With("channel", "\"1\""), HttpStatusCode.BadRequest, "channel"),
        ["channel as a list of names"] = new("Intake", "POST", "/api/cases", With("channel", "\"InPerson, Letter\""), HttpStatusCode.BadRequest, "channel"),
        ["channel in lower case"] = new("Intake", "POST", "/api/cases", With("channel", "\"inperson\""), HttpStatusCode.BadRequest, "channel"),
        ["unknown applicant kind"] = new("Intake", "POST", "/api/cases", With("kind", "\"Alien\""), HttpStatusCode.BadRequest, "applicant.kind"),
        ["unknown outcome code"] = new("Handler", "POST", "/api/cases/{case}/decision", """{"decidedOn":"2026-11-20","outcome":"Disclosed.Maybe"}""", HttpStatusCode.BadRequest, "outcome"),
        ["submittedOn in the future"] = new("Intake", "POST", "/api/cases", With("submittedOn", "\"2026-11-26\""), HttpStatusCode.BadRequest, "submittedOn"),
        ["receivedOn in the future"] = new("Intake", "POST", "/api/cases",
            """{"agencyCode":"{agency}","channel":"Letter","letterMail":"Signed","submittedOn":"2026-11-20","receivedOn":"2026-12-01","applicant":{"kind":"NaturalPerson","name":"张三"},"description":"预算"}""",
            HttpStatusCode.BadRequest, "receivedOn"),
        ["decision in the future"] = new("Handler", "POST", "/api/cases/{case}/decision", """{"decidedOn":"2026-11-26","outcome":"Disclosed"}""", HttpStatusCode.BadRequest, "decidedOn"),
        ["receivedOn before submittedOn"] = new("Intake", "POST", "/api/cases",
            """{"agencyCode":"{agency}","channel":"Letter","letterMail":"Signed","submittedOn":"2026-11-10","receivedOn":"2026-11-05","applicant":{"kind":"NaturalPerson","name":"张三"},"description":"预算"}""",
            HttpStatusCode.BadRequest, "receivedOn"),
        ["step dated before the receipt"] = new("Handler", "POST", "/api/cases/{case}/decision", """{"decidedOn":"2026-11-01","outcome":"Disclosed"}""", HttpStatusCode.BadRequest, "decidedOn"),
        ["submittedOn in year 1"] = new("Intake", "POST", "/api/cases",
            """{"agencyCode":"{agency}","channel":"Online","submittedOn":"0001-01-01","applicant":{"kind":"NaturalPerson","name":"张三"},"description":"预算"}""",
            HttpStatusCode.BadRequest, "submittedOn"),
        ["receivedOn before the Regulation"] = new("Intake", "POST", "/api/cases", With("submittedOn", "\"2008-04-30\""), HttpStatusCode.BadRequest, "receivedOn"),
        ["impossible date 2026-02-30"] = new("Intake", "POST", "/api/cases", With("submittedOn", "\"2026-02-30\""), HttpStatusCode.BadRequest, "submittedOn"),
        ["date without dashes 20260101"] = new("Intake", "POST", "/api/cases", With("submittedOn", "\"20260101\""), HttpStatusCode.BadRequest, "submittedOn"),
        ["date as a number"] = new("Intake", "POST", "/api/cases", With("submittedOn", "20260101"), HttpStatusCode.BadRequest, "submittedOn"),
        ["date with a time"] = new("Intake", "POST", "/api/cases", With("submittedOn", "\"2026-11-02T10:00:00\""), HttpStatusCode.BadRequest, "submittedOn"),
        ["1 MB description"] = new("Intake", "POST", "/api/cases", With("description", JsonSerializer.Serialize(Mb)), HttpStatusCode.BadRequest, "description"),
        ["1 MB applicant name"] = new("Intake", "POST", "/api/cases", With("name", JsonSerializer.Serialize(Mb)), HttpStatusCode.BadRequest, "applicant.name"),
        ["control characters in the name"] = new("Intake", "POST", "/api/cases", With("name", "\"张\\u0000三\""), HttpStatusCode.BadRequest, "applicant.name"),
        ["null channel"] = new("Intake", "POST", "/api/cases", With("channel", "null"), HttpStatusCode.BadRequest, "channel"),
        ["null submittedOn"] = new("Intake", "POST", "/api/cases", With("submittedOn", "null"), HttpStatusCode.BadRequest, "submittedOn"),
        ["null description"] = new("Intake", "POST", "/api/cases", With("description", "null"), HttpStatusCode.BadRequest, "description"),
        ["blank description"] = new("Intake", "POST", "/api/cases", With("description", "\"   \""), HttpStatusCode.BadRequest, "description"),
        ["null applicant name"] = new("Intake", "POST", "/api/cases", With("name", "null"), HttpStatusCode.BadRequest, "applicant.name"),
        ["unknown agency"] = new("Intake", "POST", "/api/cases", With("agencyCode", "\"NOPE-NOT-THERE\""), HttpStatusCode.BadRequest, "agencyCode"),
        ["SQL as agency code"] = new("Intake", "POST", "/api/cases", With("agencyCode", "\"'; DROP TABLE cases; --\""), HttpStatusCode.BadRequest, "agencyCode"),
        ["zero workingDays"] = new("Approver", "POST", "/api/cases/{case}/extension",
            """{"approvedOn":"2026-11-20","workingDays":0,"reason":"复杂","applicantNotifiedOn":"2026-11-20"}""", HttpStatusCode.BadRequest, "workingDays"),
        ["negative workingDays"] = new("Approver", "POST", "/api/cases/{case}/extension",
            """{"approvedOn":"2026-11-20","workingDays":-5,"reason":"复杂","applicantNotifiedOn":"2026-11-20"}""", HttpStatusCode.BadRequest, "workingDays"),
        ["workingDays as text"] = new("Approver", "POST", "/api/cases/{case}/extension",
            """{"approvedOn":"2026-11-20","workingDays":"ten","reason":"复杂","applicantNotifiedOn":"2026-11-20"}""", HttpStatusCode.BadRequest, "workingDays"),
        ["workingDays beyond int"] = new("Approver", "POST", "/api/cases/{case}/extension",
            """{"approvedOn":"2026-11-20","workingDays":99999999999,"reason":"复杂","applicantNotifiedOn":"2026-11-20"}""", HttpStatusCode.BadRequest, "workingDays"),
        ["fee notice pages=0"] = new("Handler", "POST", "/api/cases/{case}/fee-notice", """{"issuedOn":"2026-11-20","method":"PerPage","pages":0}""", HttpStatusCode.BadRequest, "pages"),
        ["fee notice pages negative"] = new("Handler", "POST", "/api/cases/{case}/fee-notice", """{"issuedOn":"2026-11-20","method":"PerPage","pages":-3}""", HttpStatusCode.BadRequest, "pages"),
        ["list page=0"] = new("Handler", "GET", "/api/cases?page=0", null, HttpStatusCode.BadRequest, "page"),
        ["list pageSize=0"] = new("Handler", "GET", "/api/cases?pageSize=0", null, HttpStatusCode.BadRequest, "pageSize"),
        ["list pageSize=1000"] = new("Handler", "GET", "/api/cases?pageSize=1000", null, HttpStatusCode.BadRequest, "pageSize"),
        ["list pageSize not a number"] = new("Handler", "GET", "/api/cases?pageSize=lots", null, HttpStatusCode.BadRequest, null),
        ["list dueWithin negative"] = new("Handler", "GET", "/api/cases?dueWithin=-1", null, HttpStatusCode.BadRequest, "dueWithin"),
        ["list unknown status"] = new("Handler", "GET", "/api/cases?status=Lost", null, HttpStatusCode.BadRequest, "status"),
        ["list status as a list"] = new("Handler", "GET", "/api/cases?status=InProgress,Closed", null, HttpStatusCode.BadRequest, "status"),
        ["list status with a space"] = new("Handler", "GET", "/api/cases?status=%20InProgress", null, HttpStatusCode.BadRequest, "status"),
        ["list status as a number"] = new("Handler", "GET", "/api/cases?status=1", null, HttpStatusCode.BadRequest, "status"),
        ["list q too long"] = new("Handler", "GET", "/api/cases?q=" + new string('x', 201), null, HttpStatusCode.BadRequest, "q"),
        ["list agency not a code"] = new("Handler", "GET", "/api/cases?agency=%3Cscript%3E", null, HttpStatusCode.BadRequest, "agency"),
        ["list subtree not a boolean"] = new("Handler", "GET", "/api/cases?subtree=yes", null, HttpStatusCode.BadRequest, null),
        ["list overdue not a boolean"] = new("Handler", "GET", "/api/cases?overdue=maybe", null, HttpStatusCode.BadRequest, null),
        ["non-guid case id"] = new("Handler", "GET", "/api/cases/not-a-guid", null, HttpStatusCode.NotFound, null),
        ["non-guid case id on a step"] = new("Handler", "POST", "/api/cases/12345/decision", """{"decidedOn":"2026-11-20","outcome":"Disclosed"}""", HttpStatusCode.NotFound, null),
        ["unknown case id"] = new("Handler", "GET", "/api/cases/00000000-0000-0000-0000-000000000000", null, HttpStatusCode.NotFound, null),
        ["unknown consultation id"] = new("Handler", "POST", "/api/cases/{case}/consultations/00000000-0000-0000-0000-000000000001/reply", """{"receivedOn":"2026-11-20"}""", HttpStatusCode.NotFound, null),
        ["Idempotency-Key too long"] = new("Intake", "POST", "/api/cases", Valid, HttpStatusCode.BadRequest, "Idempotency-Key", new string('k', 101)),
        ["unknown route"] = new("Handler", "GET", "/api/nothing-here", null, HttpStatusCode.NotFound, null),
        ["unknown step"] = new("Handler", "POST", "/api/cases/{case}/teleport", "{}", HttpStatusCode.NotFound, null),
    };

    public static TheoryData<string> BadRequests => new(Bad.Keys);

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task MalformedInput_Is4xxProblemAndChangesNothing(string name)
    {
        // api.md Errors: RFC 9457 problem details, 400 with errors per field; never a 500 for bad input.
        var bad = Bad[name];
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-11-02"))["id"]!;
        var client = bad.Role switch { "Intake" => s.Intake, "Handler" => s.Handler, "Approver" => s.Approver, _ => throw new ArgumentException(bad.Role) };
        string Fill(string text) => text.Replace("{case}", id).Replace("{agency}", s.Child);
        var request = new HttpRequestMessage(new HttpMethod(bad.Method), Fill(bad.Url));
        if (bad.Body is not null) request.Content = new StringContent(Fill(bad.Body), Encoding.UTF8, "application/json");
        if (bad.IdempotencyKey is not null) request.Headers.Add("Idempotency-Key", bad.IdempotencyKey);

        var before = factory.Snapshot();
        var problem = await Refused(client.SendAsync(request), bad.Status);
        Assert.Equal((int)bad.Status, (int)problem["status"]!);
        if (bad.Status == HttpStatusCode.BadRequest)
        {
            var errors = problem["errors"]?.AsObject();
            Assert.NotNull(errors);
            Assert.NotEmpty(errors);
            if (bad.Field is not null) Assert.True(errors.ContainsKey(bad.Field), $"errors has no '{bad.Field}': {problem.ToJsonString()}");
        }

        Assert.Equal(before, factory.Snapshot());
    }
}
