using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using CaseTracker.Api.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Reports;

/// <summary>
/// reports.md §7 (section 六 of the 2021 report, 其他需要报告的事项: 信息处理费; 国办函〔2020〕109号): the year's fee notices,
/// payments, yuan collected, reductions and waivers, for the agency or its tree, in the JSON (<c>fees</c>), on the printable
/// page and in the DOCX. Each step counts in the year of its own date. Runs on the engine of the suite (SQLite or PostgreSQL).
/// </summary>
public class ReportFeesTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static async Task<string> Case(Scenario s, string receivedOn)
    {
        var response = await s.Intake.Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = receivedOn, receivedOn,
            applicant = new { kind = "NaturalPerson", name = "缴费人" }, description = "历年道路维修档案复印件",
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    /// <summary>
    /// 2025: A notice (150 pages: 1,700 yuan) paid; B notice waived (reduced to 0); C notice (100 pages: 700) reduced to 500,
    /// reduced again to 400, then paid 400; D notice on 22 December paid on 5 January 2026; E notice whose notice was voided.
    /// </summary>
    private static async Task Seed(Scenario s)
    {
        var a = await Case(s, "2025-03-03");
        await Ok(s.Handler.Post($"/api/cases/{a}/fee-notice", new { issuedOn = "2025-03-04", method = "PerPage", pages = 150 }));
        await Ok(s.Handler.Post($"/api/cases/{a}/fee-payment", new { paidOn = "2025-03-06", amountYuan = 1700 }));
        var b = await Case(s, "2025-04-01");
        await Ok(s.Handler.Post($"/api/cases/{b}/fee-notice", new { issuedOn = "2025-04-02", method = "PerPage", pages = 150 }));
        await Ok(s.Handler.Post($"/api/cases/{b}/fee-reduction", new { reducedOn = "2025-04-03", toYuan = 0, reason = "申请人生活困难，免收" }));
        var c = await Case(s, "2025-05-06");
        await Ok(s.Handler.Post($"/api/cases/{c}/fee-notice", new { issuedOn = "2025-05-07", method = "PerPage", pages = 100 }));
        await Ok(s.Handler.Post($"/api/cases/{c}/fee-reduction", new { reducedOn = "2025-05-08", toYuan = 500, reason = "部分减收" }));
        await Ok(s.Handler.Post($"/api/cases/{c}/fee-reduction", new { reducedOn = "2025-05-09", toYuan = 400, reason = "再次减收" }));
        await Ok(s.Handler.Post($"/api/cases/{c}/fee-payment", new { paidOn = "2025-05-12", amountYuan = 400 }));
        var d = await Case(s, "2025-12-15");
        await Ok(s.Handler.Post($"/api/cases/{d}/fee-notice", new { issuedOn = "2025-12-22", method = "PerPage", pages = 150 }));
        await Ok(s.Handler.Post($"/api/cases/{d}/fee-payment", new { paidOn = "2026-01-05", amountYuan = 1700 }));
        var e = await Case(s, "2025-06-02");
        await Ok(s.Handler.Post($"/api/cases/{e}/fee-notice", new { issuedOn = "2025-06-03", method = "PerPage", pages = 150 }));
        await Ok(s.Approver.Post($"/api/cases/{e}/void-last-step", new { reason = "缴费通知登记错误" }));
    }

    private static async Task<JsonNode> Fees(Scenario s, int year, string agency, bool subtree)
        => (await Ok(s.Supervisor.GetAsync($"/api/reports/annual/{year}?agency={agency}&subtree={(subtree ? "true" : "false")}")))["fees"]!;

    private static void AssertFees(JsonNode fees, int notices, int paid, decimal yuan, int reduced, int waived)
    {
        Assert.Equal(notices, (int)fees["noticesIssued"]!);
        Assert.Equal(paid, (int)fees["paid"]!);
        Assert.Equal(yuan, (decimal)fees["collectedYuan"]!);
        Assert.Equal(reduced, (int)fees["reduced"]!);
        Assert.Equal(waived, (int)fees["waived"]!);
    }

    [Fact]
    public async Task Fees_OfTheYear_CountNoticesPaymentsYuanReductionsAndWaivers_ByTheDateOfEachStep()
    {
        var s = await Create(factory);
        await Seed(s);
        AssertFees(await Fees(s, 2025, s.Child, subtree: false), notices: 4, paid: 2, yuan: 2100m, reduced: 1, waived: 1);
        // D's payment counts in 2026, its notice in 2025.
        AssertFees(await Fees(s, 2026, s.Child, subtree: false), notices: 0, paid: 1, yuan: 1700m, reduced: 0, waived: 0);
        // The tree rolls its members up (reports.md §5); the root alone has none.
        AssertFees(await Fees(s, 2025, s.Root, subtree: true), notices: 4, paid: 2, yuan: 2100m, reduced: 1, waived: 1);
        AssertFees(await Fees(s, 2025, s.Root, subtree: false), notices: 0, paid: 0, yuan: 0m, reduced: 0, waived: 0);
        // A year without fees (before 2021) still carries every key, zeros included.
        AssertFees(await Fees(s, 2019, s.Child, subtree: false), notices: 0, paid: 0, yuan: 0m, reduced: 0, waived: 0);
    }

    [Fact]
    public async Task Fees_OnThePrintablePageAndInTheDocx_SayTheSameFigures()
    {
        var s = await Create(factory);
        await Seed(s);
        const string sentence = "本年度发出信息处理费缴费通知4件，收到缴费2件，收取信息处理费共计2,100.00元；减免信息处理费2件（其中减收1件、免收1件）。";

        var html = await (await s.Supervisor.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/reports/annual/2025?agency={s.Child}") { Headers = { { "Accept", "text/html" } } })).Content.ReadAsStringAsync();
        var page = XDocument.Parse(html["<!DOCTYPE html>".Length..]);
        XNamespace x = "http://www.w3.org/1999/xhtml";
        var section = page.Descendants(x + "section").Single(e => (string?)e.Attribute("class") == "fees");
        Assert.Equal("4", (string?)section.Attribute("data-notices-issued"));
        Assert.Equal("2", (string?)section.Attribute("data-paid"));
        Assert.Equal(2100m, decimal.Parse((string)section.Attribute("data-collected-yuan")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1", (string?)section.Attribute("data-reduced"));
        Assert.Equal("1", (string?)section.Attribute("data-waived"));
        Assert.Equal("六、其他需要报告的事项（信息处理费）", section.Element(x + "h2")!.Value);
        Assert.Equal(sentence, section.Element(x + "p")!.Value);

        var response = await s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Child}&as=docx");
        Assert.Equal(DocxType, response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var docx = WordprocessingDocument.Open(stream, false);
        var paragraphs = docx.MainDocumentPart!.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Equal(sentence, paragraphs[paragraphs.IndexOf("六、其他需要报告的事项（信息处理费）") + 1]);
    }

    [Fact]
    public async Task As_UnknownRepresentation_Is400AndChangesNothing()
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        var problem = await Refused(s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Child}&as=pdf"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["as"]);
        Assert.Equal(before, factory.Snapshot());
    }
}
