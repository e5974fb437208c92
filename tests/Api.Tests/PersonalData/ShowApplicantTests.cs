using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using Dapper;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.PersonalData;

/// <summary>security.md "Personal data": masked by default; the full values only to a handling role of the case's agency, logged.</summary>
public class ShowApplicantTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    internal const string IdNumber = "530101199001011235";
    internal const string Phone = "13900001111";
    internal const string Email = "zhang.san@example.cn";
    internal const string Address = "云南省昆明市五华区华山南路1号";

    internal static async Task<JsonNode> RegisterWithPersonalData(Scenario s) => await Ok(s.Intake.Post("/api/cases", new
    {
        agencyCode = s.Child,
        channel = "InPerson",
        submittedOn = "2026-11-02",
        applicant = new { kind = "NaturalPerson", name = "张三", idNumber = IdNumber, phone = Phone, email = Email, address = Address },
        description = "2025年城市道路维修预算及执行情况",
    }));

    private static int LogRows(CaseTrackerFactory factory, string caseId)
        => Convert.ToInt32(factory.Database.Scalar("SELECT COUNT(*) FROM personal_data_log WHERE case_id = @id", ("id", caseId)));

    [Fact]
    public async Task Register_AnswerAndListAndCase_ShowMaskedValuesOnly()
    {
        var s = await Create(factory);
        var created = await RegisterWithPersonalData(s);
        var id = (string)created["id"]!;
        foreach (var applicant in new[]
                 {
                     created["applicant"]!,
                     (await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["applicant"]!,
                     (await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}")))["items"]![0]!["applicant"]!,
                     (await Ok(s.Supervisor.GetAsync($"/api/cases?agency={s.Child}")))["items"]![0]!["applicant"]!,
                 })
        {
            Assert.Equal("5301**********1235", (string?)applicant["idNumber"]);
            Assert.Equal("139****1111", (string?)applicant["phone"]);
            Assert.Equal("z***@example.cn", (string?)applicant["email"]);
            Assert.Equal("云南省昆明市***", (string?)applicant["address"]);
        }
    }

    [Theory]
    [InlineData(Roles.IntakeOfficer)]
    [InlineData(Roles.CaseHandler)]
    [InlineData(Roles.Approver)]
    public async Task Show_ByHandlingRoleOfTheAgency_ReturnsFullValuesAndLogsTheRead(string role)
    {
        var s = await Create(factory);
        var id = (string)(await RegisterWithPersonalData(s))["id"]!;
        var client = role switch { Roles.IntakeOfficer => s.Intake, Roles.CaseHandler => s.Handler, _ => s.Approver };
        var response = await client.GetAsync($"/api/cases/{id}/applicant?reason={Uri.EscapeDataString("电话联系申请人补正")}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var full = await response.Body();
        Assert.Equal(IdNumber, (string?)full["idNumber"]);
        Assert.Equal(Phone, (string?)full["phone"]);
        Assert.Equal(Email, (string?)full["email"]);
        Assert.Equal(Address, (string?)full["address"]);

        using var connection = factory.Database.Open();
        var row = connection.QuerySingle<(string Action, string UserId, string Reason)>(
            "SELECT action, user_id, reason FROM personal_data_log WHERE case_id = @id", new { id });
        Assert.Equal(("Read", "电话联系申请人补正"), (row.Action, row.Reason));
        Assert.StartsWith(role switch { Roles.IntakeOfficer => "intake-", Roles.CaseHandler => "handler-", _ => "approver-" }, row.UserId);
    }

    [Fact]
    public async Task Show_ByParentAgencySupervisor_Is403AndLogsTheRefusedRead()
    {
        var s = await Create(factory);
        var id = (string)(await RegisterWithPersonalData(s))["id"]!;
        var problem = await Refused(s.Supervisor.GetAsync($"/api/cases/{id}/applicant?reason=check"), HttpStatusCode.Forbidden);
        Assert.Contains(s.Child, (string)problem["detail"]!);
        Assert.Equal(1, LogRows(factory, id));
        Assert.Equal("Refused", Convert.ToString(factory.Database.Scalar("SELECT action FROM personal_data_log WHERE case_id = @id", ("id", id))));
        // The administrators' list shows it as such.
        var log = await Ok(s.Admin.GetAsync($"/api/audit/personal-data?caseId={id}"));
        Assert.Equal("Refused", (string?)log["items"]![0]!["action"]);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("。。")]
    [InlineData("- -")]
    [InlineData("a.")]
    public async Task Show_WithAReasonOfFewerThan2LettersOrDigits_Is400InChineseAndLogsNothing(string reason)
    {
        var s = await Create(factory);
        var id = (string)(await RegisterWithPersonalData(s))["id"]!;
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{id}/applicant?reason={Uri.EscapeDataString(reason)}");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var problem = await Refused(s.Handler.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.StartsWith("请填写查看完整信息的理由，至少2个", (string?)problem["errors"]!["reason"]![0]);
        Assert.Equal(0, LogRows(factory, id));
        Assert.Equal(ShowApplicantTests.IdNumber, (string?)(await Ok(s.Handler.GetAsync($"/api/cases/{id}/applicant?reason={Uri.EscapeDataString("核对")}")))["idNumber"]);
    }

    [Fact]
    public async Task Show_ByAdministratorOrHandlerOfTheParentAgency_Is403()
    {
        var s = await Create(factory);
        var id = (string)(await RegisterWithPersonalData(s))["id"]!;
        await Refused(s.Admin.GetAsync($"/api/cases/{id}/applicant?reason=check"), HttpStatusCode.Forbidden);
        var parentHandler = factory.As("parent-handler-" + s.Root, s.Root, Roles.CaseHandler);
        await Refused(parentHandler.GetAsync($"/api/cases/{id}/applicant?reason=check"), HttpStatusCode.NotFound);
        // The administrator's refused read is logged; the case the parent's handler cannot see at all is not.
        Assert.Equal(1, LogRows(factory, id));
    }

    [Fact]
    public async Task Show_WithoutReason_Is400InChineseAndLogsNothing()
    {
        var s = await Create(factory);
        var id = (string)(await RegisterWithPersonalData(s))["id"]!;
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{id}/applicant?reason=%20");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var problem = await Refused(s.Handler.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["reason"]);
        Assert.Equal(0, LogRows(factory, id));
    }

    [Fact]
    public async Task Show_CaseOfAnotherAgency_Is404()
    {
        var s = await Create(factory);
        var other = await Create(factory);
        var id = (string)(await RegisterWithPersonalData(other))["id"]!;
        await Refused(s.Handler.GetAsync($"/api/cases/{id}/applicant?reason=check"), HttpStatusCode.NotFound);
        Assert.Equal(0, LogRows(factory, id));
    }

    [Fact]
    public async Task AuditList_ForAdministrator_FiltersByCaseAndUserAndPages()
    {
        var s = await Create(factory);
        var first = (string)(await RegisterWithPersonalData(s))["id"]!;
        var second = (string)(await RegisterWithPersonalData(s))["id"]!;
        await Ok(s.Handler.GetAsync($"/api/cases/{first}/applicant?reason=one"));
        await Ok(s.Handler.GetAsync($"/api/cases/{second}/applicant?reason=two"));
        await Ok(s.Intake.GetAsync($"/api/cases/{second}/applicant?reason=three"));

        var all = await Ok(s.Admin.GetAsync("/api/audit/personal-data?pageSize=2"));
        Assert.Equal(3, (int)all["total"]!);
        Assert.Equal(2, all["items"]!.AsArray().Count);
        var byCase = await Ok(s.Admin.GetAsync($"/api/audit/personal-data?caseId={second}"));
        Assert.Equal(2, (int)byCase["total"]!);
        var byUser = await Ok(s.Admin.GetAsync($"/api/audit/personal-data?caseId={second}&userId=intake-{s.Child}"));
        Assert.Equal("three", (string?)Assert.Single(byUser["items"]!.AsArray())!["reason"]);
        var today = await Ok(s.Admin.GetAsync("/api/audit/personal-data?from=2026-11-25&to=2026-11-25"));
        Assert.Equal(3, (int)today["total"]!);
        var before = await Ok(s.Admin.GetAsync("/api/audit/personal-data?to=2026-11-24"));
        Assert.Equal(0, (int)before["total"]!);

        await Refused(s.Handler.GetAsync("/api/audit/personal-data"), HttpStatusCode.Forbidden);
        await Refused(s.Admin.GetAsync("/api/audit/personal-data?from=2026-11-25&to=2026-11-01"), HttpStatusCode.BadRequest);
    }
    [Theory]
    [InlineData("5.32329E+17", "科学计数法")]
    [InlineData("530101199001011234", "校验码")]
    public async Task Register_WithMangledOrMistypedIdNumber_Is400InChineseAndChangesNothing(string idNumber, string expected)
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new
            {
                agencyCode = s.Child,
                channel = "InPerson",
                submittedOn = "2026-11-02",
                applicant = new { kind = "NaturalPerson", name = "张三", idNumber },
                description = "2025年城市道路维修预算及执行情况",
            }),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var problem = await Refused(s.Intake.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Contains(expected, (string)problem["errors"]!["applicant.idNumber"]![0]!);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Register_WithPassportKind_ChecksItAsAPassport()
    {
        var s = await Create(factory);
        object Body(string number) => new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-11-02", description = "2025年城市道路维修预算及执行情况",
            applicant = new { kind = "NaturalPerson", name = "John Smith", idNumber = number, idKind = "Passport" },
        };
        await Ok(s.Intake.Post("/api/cases", Body("E12345678")));
        var problem = await Refused(s.Intake.Post("/api/cases", Body("E1")), HttpStatusCode.BadRequest);
        Assert.Contains("passport", (string)problem["errors"]!["applicant.idNumber"]![0]!);
    }
}
