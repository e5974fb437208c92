using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Safety;

/// <summary>
/// Issue 10 item 6, one rule for every stored free-text field (Domain FreeText): no U+FFFE/U+FFFF, no control
/// characters, at least one visible character; 400 naming the field. The XLSX export survives text stored before.
/// </summary>
public class TextRuleTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    public static TheoryData<string> BadTexts => new()
    {
        "某局\uFFFE",
        "\uFFFF",
        "\u200B",            // a zero-width space alone
        "\u200B\u200D\u2060", // only invisible format characters
        "\u0301",            // a combining accent on nothing
        "甲\u0001乙",
    };

    private static async Task AssertRefused(Task<HttpResponseMessage> call, string field)
    {
        var problem = await Refused(call, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"errors has no '{field}': {problem.ToJsonString()}");
    }

    private static object Case(string agency, string name = "张三", string description = "2025年城市道路维修预算", string? address = null)
        => new
        {
            agencyCode = agency, channel = "InPerson", submittedOn = "2026-09-01",
            applicant = new { kind = "NaturalPerson", name, address },
            description,
        };

    [Theory]
    [MemberData(nameof(BadTexts))]
    public async Task CreateAgency_WhenNameHasNoVisibleTextOrAnInvalidCharacter_Is400(string text)
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        await AssertRefused(s.Admin.Post("/api/agencies", new { code = "T" + s.Child, name = text, parentCode = s.Root }), "name");
        Assert.Equal(before, factory.Snapshot());
    }

    [Theory]
    [MemberData(nameof(BadTexts))]
    public async Task RegisterCase_WhenApplicantOrDescriptionInvalid_Is400NamingTheField(string text)
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        await AssertRefused(s.Intake.Post("/api/cases", Case(s.Child, name: text)), "applicant.name");
        await AssertRefused(s.Intake.Post("/api/cases", Case(s.Child, description: text)), "description");
        await AssertRefused(s.Intake.Post("/api/cases", Case(s.Child, address: text)), "applicant.address");
        Assert.Equal(before, factory.Snapshot());
    }

    [Theory]
    [MemberData(nameof(BadTexts))]
    public async Task Steps_WhenReasonSummaryPartyItemsSubjectInvalid_Are400NamingTheField(string text)
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        var before = factory.Snapshot();
        await AssertRefused(s.Handler.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2026-09-07", items = text }), "items");
        await AssertRefused(s.Handler.Post($"/api/cases/{id}/consultations", new { kind = "ThirdParty", party = text, sentOn = "2026-09-08" }), "party");
        await AssertRefused(s.Approver.Post($"/api/cases/{id}/extension",
            new { approvedOn = "2026-09-28", workingDays = 10, reason = text, applicantNotifiedOn = "2026-09-28" }), "reason");
        await AssertRefused(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed", summary = text }), "summary");
        await AssertRefused(s.Supervisor.Post($"/api/cases/{id}/assignment", new { userId = "h1", name = text }), "name");
        await AssertRefused(s.Admin.Post("/api/complaints", new { agencyCode = s.Child, receivedOn = "2026-09-02", subject = text }), "subject");
        Assert.Equal(before, factory.Snapshot());
    }

    [Theory]
    [MemberData(nameof(BadTexts))]
    public async Task Import_WhenATextCellInvalid_Is400NamingRowAndColumn(string text)
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        var problem = await Refused(s.Intake.Import(RegisterFile.Csv(RegisterFile.Row(s.Child, "InPerson", "2026-09-01", ("description", "甲" + text + "乙"),
            ("consultationKind", "ThirdParty"), ("consultationParty", text), ("consultationSentOn", "2026-09-03")))), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("row 1: consultationParty"), problem.ToJsonString());
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Text_WithVisibleCharactersAroundInvisibleOnes_IsKept()
    {
        // Only text with nothing visible is refused: a zero-width joiner inside a name, tabs and line breaks are fine.
        var s = await Create(factory);
        var created = await Ok(s.Intake.Post("/api/cases", Case(s.Child, name: "张\u200D三", description: "第一行\r\n\t第二行")));
        Assert.Equal("张\u200D三", (string?)created["applicant"]!["name"]);
    }

    [Fact]
    public async Task AnnualReportXlsx_WhenAgencyNameStoredWithInvalidXmlCharacters_Is200AndAValidWorkbook()
    {
        // Issue 10 item 6: such a name (stored before the text rule) made the agency's XLSX export fail with 500 for good.
        var s = await Create(factory);
        using (var connection = factory.Database.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"UPDATE agencies SET name = '测试\uFFFE州\u0001人民\uFFFF政府\u000B' WHERE code = '{s.Child}'";
            command.ExecuteNonQuery();
        }

        factory.Services.GetRequiredService<AgencyDirectory>().Invalidate();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/annual/2025?agency={s.Child}");
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var response = await s.Supervisor.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var package = SpreadsheetDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(package));
        Assert.Equal("测试州人民政府2025年政府信息公开工作年度报告", package.PackageProperties.Title);

        // The DOCX of the same report (issue 18) is as safe.
        var docx = await s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Child}&as=docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using var docxStream = new MemoryStream(await docx.Content.ReadAsByteArrayAsync());
        using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(docxStream, false);
        Assert.Empty(new OpenXmlValidator().Validate(word));
        Assert.Equal("测试州人民政府2025年政府信息公开工作年度报告", word.PackageProperties.Title);
    }
}
