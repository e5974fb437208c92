using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Domain.Outcomes;
using DocumentFormat.OpenXml.Packaging;
using Cell = DocumentFormat.OpenXml.Spreadsheet.Cell;
using CellFormat = DocumentFormat.OpenXml.Spreadsheet.CellFormat;
using CellValues = DocumentFormat.OpenXml.Spreadsheet.CellValues;
using Column = DocumentFormat.OpenXml.Spreadsheet.Column;
using NumberingFormat = DocumentFormat.OpenXml.Spreadsheet.NumberingFormat;
using Row = DocumentFormat.OpenXml.Spreadsheet.Row;
using SharedStringItem = DocumentFormat.OpenXml.Spreadsheet.SharedStringItem;
using DocumentFormat.OpenXml.Validation;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Reports;

/// <summary>
/// reports.md and api.md "Reports": the CSV, XLSX and printable HTML of an annual report carry exactly the figures of
/// its JSON, every row and column key of the format (zeros included) and the official labels; each is parsed back
/// here. Cases are registered through the API; the Supervisor of the root asks for the child's report.
/// </summary>
public partial class ReportExportTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>The group rows the official form prints as merged labels beside their items, with no figure of their own (reports.md §7).</summary>
    private static readonly Dictionary<string, string[]> MergedGroups = new()
    {
        ["gov2021"] = ["outcome.withheld", "outcome.unable", "outcome.not_processed", "outcome.other"],
        ["gov2019"] = ["outcome.withheld", "outcome.unable", "outcome.not_processed"],
        ["legacy"] = [],
    };

    /// <summary>The JSON figures the printed form shows: every cell but those of the merged group labels of table 三.</summary>
    private static Figures Printed(ReportDefinition definition, Figures figures)
    {
        var printed = new Figures();
        foreach (var (key, value) in figures)
            if (!(key.Table == "table3" && MergedGroups[definition.Id].Contains(key.Row))) printed.Add(key, value);
        return printed;
    }

    /// <summary>A check's rule in Chinese words: each row key by its label, + ＋, = ＝, &lt;= 不大于.</summary>
    private static string ChineseRule(ReportDefinition definition, Check check)
        => string.Concat(check.Rule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => t switch
        {
            "+" => "＋", "=" => "＝", "<=" => "不大于", _ => definition.Table(check.Table).Row(t).Label,
        }));

    /// <summary>(table, row key, column key) → figure; the legacy form's column key is "".</summary>
    private sealed class Figures : Dictionary<(string Table, string Row, string Column), decimal>;

    private sealed record Check(string Table, string Rule, string Column, bool Holds);

    // ---------------------------------------------------------------- the register

    private static async Task<string> Case(Scenario s, string kind, string receivedOn, string channel = "InPerson", string? letterMail = null)
    {
        var response = await s.Intake.Post("/api/cases", new
        {
            agencyCode = s.Child,
            channel,
            letterMail,
            submittedOn = receivedOn,
            receivedOn,
            applicant = new { kind, name = "申请人" + kind },
            description = "城市道路维修预算",
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    private static async Task Close(Scenario s, string id, string outcome, string decidedOn, string deliveredOn)
    {
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn, outcome, summary = "答复" }));
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn, method = "InPerson" }));
    }

    /// <summary>2025 (Regime 2019): outcomes of several rows and applicant kinds, a withdrawal, one carried in, one carried out, proceedings.</summary>
    private static async Task Seed2025(Scenario s)
    {
        await Close(s, await Case(s, "NaturalPerson", "2025-03-03"), "Disclosed", "2025-03-10", "2025-03-11");
        await Close(s, await Case(s, "NaturalPerson", "2025-03-04"), "Withheld.ThirdPartyRights", "2025-03-20", "2025-03-21");
        await Close(s, await Case(s, "Commercial", "2025-04-01"), "PartiallyDisclosed", "2025-04-10", "2025-04-11");
        await Close(s, await Case(s, "Research", "2025-05-06"), "Withheld.StateSecret", "2025-05-20", "2025-05-21");
        await Close(s, await Case(s, "OtherOrganization", "2024-12-20"), "Unable.NotHeld", "2025-01-08", "2025-01-10"); // carried in
        var withdrawn = await Case(s, "LegalService", "2025-06-02");
        await Ok(s.Intake.Post($"/api/cases/{withdrawn}/withdrawal", new { withdrawnOn = "2025-06-05" }));
        var onTheSpot = await Case(s, "NaturalPerson", "2025-07-01");
        await Ok(s.Intake.Post($"/api/cases/{onTheSpot}/on-the-spot-answer", new { answeredOn = "2025-07-01", outcome = "NotProcessed.Petition", method = "InPerson" }));
        var open = await Case(s, "PublicInterest", "2025-12-15"); // still open: carried out
        var review = await Ok(s.Handler.Post("/api/proceedings", new { caseId = open, agencyCode = s.Child, kind = "Review", filedOn = "2025-12-20" }));
        await Ok(s.Handler.Post($"/api/proceedings/{(string)review["id"]!}/conclusion", new { concludedOn = "2025-12-30", result = "Upheld" }));
        await Ok(s.Handler.Post("/api/proceedings", new { agencyCode = s.Child, kind = "LitigationDirect", filedOn = "2025-09-01" })); // pending
    }

    /// <summary>2018 (Regime 2008): two replies, a withdrawal, a complaint.</summary>
    private static async Task Seed2018(Scenario s)
    {
        await Close(s, await Case(s, "NaturalPerson", "2018-03-05"), "Disclosed", "2018-03-12", "2018-03-13");
        await Close(s, await Case(s, "Commercial", "2018-04-02", "Letter", "Signed"), "DoesNotExist", "2018-04-10", "2018-04-11");
        await Close(s, await Case(s, "NaturalPerson", "2018-05-07"), "Withheld.PersonalPrivacy", "2018-05-15", "2018-05-16");
        var withdrawn = await Case(s, "NaturalPerson", "2018-06-04");
        await Ok(s.Intake.Post($"/api/cases/{withdrawn}/withdrawal", new { withdrawnOn = "2018-06-05" }));
        await Ok(s.Intake.Post("/api/complaints", new { agencyCode = s.Child, receivedOn = "2018-07-02", subject = "答复超期" }));
    }

    private static Task<HttpResponseMessage> Get(HttpClient client, string url, string? accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return client.SendAsync(request);
    }

    private static string Url(Scenario s, int year, string? format = null)
        => $"/api/reports/annual/{year}?agency={s.Child}" + (format is null ? "" : $"&format={format}");

    // ---------------------------------------------------------------- the tests

    [Fact]
    public async Task Gov2021_2025_EveryExportCarriesTheJsonFigures()
    {
        var s = await Create(factory);
        await Seed2025(s);
        var json = await Ok(Get(s.Supervisor, Url(s, 2025), null));
        Assert.Equal("gov2021", (string?)json["format"]);
        var figures = FromJson(json, ReportFormats.Gov2021);
        // The register as seeded, so the comparison below is not between two empty reports.
        Assert.Equal(7m, figures[("table3", "new_received", "total")]);
        Assert.Equal(1m, figures[("table3", "carried_in", "other_org")]);
        Assert.Equal(2m, figures[("table3", "outcome.withheld", "total")]);
        Assert.Equal(1m, figures[("table3", "outcome.other.other", "legal_service")]);
        Assert.Equal(7m, figures[("table3", "outcome.total", "total")]);
        Assert.Equal(1m, figures[("table3", "carried_out", "public_interest")]);
        Assert.Equal(1m, figures[("table4", "review", "upheld")]);
        Assert.Equal(1m, figures[("table4", "litigation_direct", "pending")]);
        Assert.All(Checks(json), c => Assert.True(c.Holds, c.Rule + " " + c.Column));

        await AssertEveryExport(s, Url(s, 2025), ReportFormats.Gov2021, 2025, figures, Checks(json));
    }

    [Fact]
    public async Task Gov2019_RequestedFor2025_EveryExportCarriesTheJsonFigures()
    {
        var s = await Create(factory);
        await Seed2025(s);
        var url = Url(s, 2025, "gov2019");
        var json = await Ok(Get(s.Supervisor, url, "application/json"));
        Assert.Equal("gov2019", (string?)json["format"]);
        var figures = FromJson(json, ReportFormats.Gov2019);
        Assert.Equal(1m, figures[("table3", "outcome.other", "total")]);
        Assert.DoesNotContain(figures.Keys, k => k.Row.StartsWith("outcome.other.", StringComparison.Ordinal));

        await AssertEveryExport(s, url, ReportFormats.Gov2019, 2025, figures, Checks(json));
    }

    [Fact]
    public async Task Legacy_2018_EveryExportCarriesTheJsonFigures()
    {
        var s = await Create(factory);
        await Seed2018(s);
        var json = await Ok(Get(s.Supervisor, Url(s, 2018), "*/*"));
        Assert.Equal("legacy", (string?)json["format"]);
        var figures = FromJson(json, ReportFormats.Legacy);
        Assert.Equal(4m, figures[("rows", "received.total", "")]);
        Assert.Equal(1m, figures[("rows", "received.letter", "")]);
        Assert.Equal(4m, figures[("rows", "closed.total", "")]);
        Assert.Equal(3m, figures[("rows", "answered.total", "")]);
        Assert.Equal(1m, figures[("rows", "answered.withheld.personal_privacy", "")]);
        Assert.Equal(1m, figures[("rows", "answered.does_not_exist", "")]);
        Assert.Equal(1m, figures[("rows", "complaints.total", "")]);

        await AssertEveryExport(s, Url(s, 2018), ReportFormats.Legacy, 2018, figures, Checks(json));
    }

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json", "application/json")]
    [InlineData("application/*", "application/json")]
    [InlineData("text/csv", "text/csv")]
    [InlineData("text/csv; charset=utf-8", "text/csv")]
    [InlineData("application/pdf, text/csv;q=0.5", "text/csv")]
    [InlineData("text/csv;q=0.5, application/json;q=0.9", "application/json")]
    [InlineData("text/csv, text/html", "text/csv")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html")]
    [InlineData(XlsxType, XlsxType)]
    [InlineData("application/json;q=0, */*", "text/csv")]
    public async Task Accept_ChoosesTheRepresentation(string? accept, string expected)
    {
        var s = await Create(factory);
        var response = await Get(s.Supervisor, Url(s, 2025), accept);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Theory]
    [InlineData("application/pdf")]
    [InlineData("image/png, application/xml")]
    [InlineData("text/csv;q=0, application/json;q=0, text/html;q=0, application/pdf")]
    [InlineData("*/*;q=0")]
    public async Task Accept_NothingTheServiceProduces_Is406WithProblemDetails(string accept)
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        var response = await Get(s.Supervisor, Url(s, 2025), accept);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotAcceptable, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(406, (int)problem["status"]!);
        Assert.Contains("text/csv", (string)problem["detail"]!);
        Assert.Equal(before, factory.Snapshot());
    }

    [Theory]
    [InlineData("text/csv")]
    [InlineData(XlsxType)]
    [InlineData("text/html")]
    public async Task Export_Refused_IsStillProblemDetails(string accept)
    {
        var s = await Create(factory);
        // Not a reader of reports.
        await Refused(Get(s.Handler, Url(s, 2025), accept), HttpStatusCode.Forbidden);
        // Invalid input.
        var invalid = await Refused(Get(s.Supervisor, Url(s, 2025, "gov2030"), accept), HttpStatusCode.BadRequest);
        Assert.NotNull(invalid["errors"]!["format"]);
        // A legacy report of 2020 is refused by a rule (reports.md §2).
        var refused = await Refused(Get(s.Supervisor, Url(s, 2020, "legacy"), accept), HttpStatusCode.Conflict);
        Assert.Contains("legacy form cannot report 2020", (string)refused["detail"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gov2021", 22)]
    [InlineData("gov2019", 20)]
    public async Task Layout_Table3GroupLabelsMerged_Table4OneRowOf15_InPageXlsxAndDocx(string format, int outcomeRows)
    {
        // reports.md §7: （三）–（五）(and （六） in gov2021) stand merged beside their numbered items with no figure of their own;
        // 三、本年度办理结果 down the first column beside every outcome row; table 四 is three groups of five over ONE row of 15.
        var s = await Create(factory);
        await Seed2025(s);
        var url = Url(s, 2025, format);
        var page = ParseHtml(await (await Get(s.Supervisor, url, "text/html")).Content.ReadAsStringAsync());
        var table3 = page.Descendants(X + "section").Single(e => (string?)e.Attribute("data-table") == "table3");
        XElement Label(string key) => table3.Descendants(X + "th").Single(th => (string?)th.Attribute("data-label-key") == key);
        Assert.Equal("8", (string?)Label("outcome.withheld").Attribute("rowspan"));
        Assert.Equal("3", (string?)Label("outcome.unable").Attribute("rowspan"));
        Assert.Equal("5", (string?)Label("outcome.not_processed").Attribute("rowspan"));
        if (format == "gov2021") Assert.Equal("3", (string?)Label("outcome.other").Attribute("rowspan"));
        else Assert.Equal("2", (string?)Label("outcome.other").Attribute("colspan")); // gov2019: one row with figures
        Assert.Equal(outcomeRows.ToString(CultureInfo.InvariantCulture), (string?)table3.Descendants(X + "th").Single(th => th.Value == "三、本年度办理结果").Attribute("rowspan"));
        Assert.DoesNotContain(table3.Descendants(X + "td"), td => (string?)td.Attribute("data-key") == "outcome.withheld");
        var table4 = page.Descendants(X + "section").Single(e => (string?)e.Attribute("data-table") == "table4");
        var bodyRows = table4.Descendants(X + "tbody").Single().Elements(X + "tr").ToList();
        Assert.Single(bodyRows);
        Assert.Equal(15, bodyRows[0].Elements(X + "td").Count());
        Assert.Equal(["行政复议", "行政诉讼"], table4.Descendants(X + "thead").Single().Elements(X + "tr").First().Elements(X + "th").Select(th => th.Value));

        // XLSX: the same merges, every row with a height that fits its wrapped label, one A4 page per table sheet.
        var workbook = Workbook.Read(await (await Get(s.Supervisor, url, XlsxType)).Content.ReadAsByteArrayAsync());
        var three = workbook.Sheets["三"];
        string At(string text) => three.Cells.Single(c => c.Value == text).Key;
        Assert.Contains($"{At("（三）不予公开")}:B{int.Parse(At("（三）不予公开")[1..], CultureInfo.InvariantCulture) + 7}", three.Merges);
        var outcomeTop = int.Parse(At("三、本年度办理结果")[1..], CultureInfo.InvariantCulture);
        Assert.Equal("A", At("三、本年度办理结果")[..1]);
        Assert.Contains($"A{outcomeTop}:A{outcomeTop + outcomeRows - 1}", three.Merges);
        Assert.Contains($"A{outcomeTop - 2}:C{outcomeTop - 2}", three.Merges); // 一、本年新收 across the three label columns
        Assert.All(Enumerable.Range(1, three.LastRow).Where(r => three.Row(r).Count > 0), r => Assert.True(three.CustomHeights.ContainsKey(r), $"row {r} has no height"));
        Assert.All(three.CustomHeights, h => Assert.True(h.Value >= 14, $"row {h.Key}: {h.Value} pt"));
        if (format == "gov2021")
        {
            // A long item label wraps to at least two lines in the 62 mm label column, and its row is as high.
            var longLabel = int.Parse(At("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")[1..], CultureInfo.InvariantCulture);
            Assert.True(three.CustomHeights[longLabel] >= 2 * 14.25, $"{three.CustomHeights[longLabel]} pt");
        }

        Assert.Equal($"'三'!$A$1:$J${three.LastRow}", workbook.PrintAreas["三"]);
        Assert.Equal((9u, 1u, 1u), workbook.PageSetups["三"]);
        var four = workbook.Sheets["四"];
        Assert.Contains($"A{int.Parse(four.Cells.Single(c => c.Value == "行政复议").Key[1..], CultureInfo.InvariantCulture)}:E{int.Parse(four.Cells.Single(c => c.Value == "行政复议").Key[1..], CultureInfo.InvariantCulture)}", four.Merges);
        Assert.Equal(15, four.Row(four.LastRow).Count);
        Assert.Equal($"'四'!$A$1:$O${four.LastRow}", workbook.PrintAreas["四"]);

        // DOCX: vertical merges beside the items, one figure row of 15 in table 四, row heights at least one line, more for long labels.
        var docx = ReportDocxReader.Read(await (await Get(s.Supervisor, url, DocxType)).Content.ReadAsByteArrayAsync());
        var t3 = docx.Tables[0];
        var withheld = t3.Origin("（三）不予公开");
        Assert.Equal(8, t3.RowSpan(withheld.Row, withheld.Column));
        Assert.Equal(1, withheld.Column);
        Assert.Equal(outcomeRows, t3.RowSpan(t3.Origin("三、本年度办理结果").Row, 0));
        Assert.All(t3.Heights, h => Assert.True(h >= 340, $"{h} twips"));
        Assert.Equal(3, t3.HeaderRows);
        if (format == "gov2021") Assert.True(t3.Heights[t3.Origin("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请").Row] >= 580);
        var t4 = docx.Tables[1];
        Assert.Equal(4, t4.Rows.Count);
        Assert.Equal(15, t4.Rows[3].Count);
        Assert.Equal([5, 10], t4.Rows[0].Select(c => c.Span));
        Assert.True(docx.PageBreakBefore(docx.Tables[1].Heading), "table 四 starts a new page");
    }

    [Fact]
    public async Task Swagger_DescribesTheRepresentationsAndTheCsvLayout()
    {
        var swagger = await Ok(factory.CreateClient().GetAsync("/swagger/v1/swagger.json"));
        var get = swagger["paths"]!["/api/reports/annual/{year}"]!["get"]!;
        Assert.Contains(ReportCsvHeader, (string)get["description"]!, StringComparison.Ordinal);
        var content = get["responses"]!["200"]!["content"]!.AsObject();
        foreach (var type in new[] { "application/json", "text/csv", XlsxType, "text/html", DocxType }) Assert.True(content.ContainsKey(type), type);
        Assert.NotNull(get["responses"]!["406"]);
    }

    private const string ReportCsvHeader = "table,row_key,row_label,column_key,column_label,value";

    [Fact]
    public async Task Html_ProvisionalYear_SaysSo()
    {
        var s = await Create(factory);
        var html = await (await Get(s.Supervisor, Url(s, 2026), "text/html")).Content.ReadAsStringAsync();
        var page = ParseHtml(html);
        Assert.Equal("true", (string?)page.Root!.Element(X + "body")!.Attribute("data-provisional"));
        Assert.Contains(page.Descendants(X + "p"), p => (string?)p.Attribute("class") == "provisional" && p.Value.Contains("临时数据", StringComparison.Ordinal));
        var final = ParseHtml(await (await Get(s.Supervisor, Url(s, 2025), "text/html")).Content.ReadAsStringAsync());
        Assert.DoesNotContain(final.Descendants(X + "p"), p => (string?)p.Attribute("class") == "provisional");
    }

    [Fact]
    public async Task AgencyNameWithMarkup_IsEncodedInHtmlAndPlainTextInXlsx()
    {
        var s = await Create(factory);
        var code = s.Child + "X";
        const string name = "<script>x</script> & \"某\" '局'";
        (await s.Admin.Post("/api/agencies", new { code, name, parentCode = s.Root })).EnsureSuccessStatusCode();
        var url = $"/api/reports/annual/2025?agency={code}";

        var html = await (await Get(s.Supervisor, url, "text/html")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;", html, StringComparison.Ordinal);
        var page = ParseHtml(html); // well-formed: nothing the name held became markup
        Assert.Empty(page.Descendants(X + "script"));
        Assert.Equal(name + "2025年政府信息公开工作年度报告", page.Descendants(X + "h1").Single().Value);

        var xlsx = await (await Get(s.Supervisor, url, XlsxType)).Content.ReadAsByteArrayAsync();
        var workbook = Workbook.Read(xlsx);
        Assert.Contains(workbook.Sheets["三"].Values, v => v.Contains(name, StringComparison.Ordinal));
        var docx = ReportDocxReader.Read(await (await Get(s.Supervisor, url, DocxType)).Content.ReadAsByteArrayAsync());
        Assert.Equal(name + "2025年政府信息公开工作年度报告", docx.Paragraphs[0]);
    }

    // ---------------------------------------------------------------- every export against the JSON

    private async Task AssertEveryExport(Scenario s, string url, ReportDefinition definition, int year, Figures figures, List<Check> checks)
    {
        var expectedKeys = Keys(definition);
        Assert.Equal(expectedKeys.OrderBy(k => k), figures.Keys.OrderBy(k => k)); // the JSON itself has every key
        var fileStem = $"{s.Child}-{year}-{definition.Id}";

        // CSV
        var csvResponse = await Get(s.Supervisor, url, "text/csv");
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", csvResponse.Content.Headers.ContentType?.CharSet);
        Assert.Equal($"attachment; filename=\"{fileStem}.csv\"", csvResponse.Content.Headers.ContentDisposition?.ToString());
        var csvBytes = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], csvBytes[..3]);
        var csvText = Encoding.UTF8.GetString(csvBytes, 3, csvBytes.Length - 3);
        Assert.Contains("\r\n", csvText, StringComparison.Ordinal);
        var csv = ParseCsv(csvText);
        Assert.Equal(["table", "row_key", "row_label", "column_key", "column_label", "value"], csv[0]);
        Assert.All(csv, line => Assert.Equal(6, line.Length));
        var csvFigures = new Figures();
        var csvChecks = new List<Check>();
        foreach (var line in csv.Skip(1))
        {
            if (line[0] == "check")
            {
                Assert.Contains(line[4], new[] { "" }.Concat(definition.Tables.SelectMany(t => t.Columns).Select(c => c.Label)));
                Assert.Contains(line[2], definition.Tables.Select(t => t.Title));
                csvChecks.Add(new Check(definition.Tables.Single(t => t.Title == line[2]).Key, line[1], line[3], line[5] switch { "1" => true, "0" => false, _ => throw new FormatException(line[5]) }));
                continue;
            }

            var table = definition.Table(line[0]);
            var row = table.Row(line[1]);
            Assert.Equal(row.Label, line[2]);
            Assert.Equal(table.Columns.FirstOrDefault(c => c.Key == line[3])?.Label ?? "", line[4]);
            if (row.Kind == ReportRowKind.TenThousandYuan) Assert.Matches(@"^\d+\.\d{4}$", line[5]);
            else Assert.Matches(@"^\d+$", line[5]);
            Assert.True(csvFigures.TryAdd((line[0], line[1], line[3]), decimal.Parse(line[5], CultureInfo.InvariantCulture)), $"duplicate {string.Join(",", line)}");
        }

        AssertSameFigures(figures, csvFigures, "CSV");
        Assert.Equal(checks, csvChecks);
        // The cells come in the format's own order.
        Assert.Equal(expectedKeys, csv.Skip(1).Where(l => l[0] != "check").Select(l => (l[0], l[1], l[3])).ToList());

        // XLSX
        var xlsxResponse = await Get(s.Supervisor, url, XlsxType);
        Assert.Equal(HttpStatusCode.OK, xlsxResponse.StatusCode);
        Assert.Equal(XlsxType, xlsxResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"attachment; filename=\"{fileStem}.xlsx\"", xlsxResponse.Content.Headers.ContentDisposition?.ToString());
        var xlsx = await xlsxResponse.Content.ReadAsByteArrayAsync();
        AssertValidWorkbook(xlsx);
        var workbook = Workbook.Read(xlsx);
        var printed = Printed(definition, figures);
        var xlsxFigures = new Figures();
        foreach (var table in definition.Tables)
        {
            var sheetName = table.Key switch { "rows" => "统计表", "table3" => "三", "table4" => "四", _ => table.Key };
            var sheet = workbook.Sheets[sheetName];
            // reports.md §7: the report's title without the agency code, then the table's own heading; Chinese only.
            Assert.Equal($"测试州人民政府{year}年政府信息公开工作年度报告", sheet.Text("A1"));
            Assert.Equal(table.Title, sheet.Text("A2"));
            Assert.Contains(sheet.Values, v => v.Contains(definition.Source, StringComparison.Ordinal));
            Assert.DoesNotContain(sheet.Values, v => v.Contains(s.Child, StringComparison.Ordinal));
            Assert.DoesNotContain(sheet.Values, v => v.Any(char.IsAsciiLetter));
            foreach (var column in table.Columns) Assert.Contains(column.Label, sheet.Values);
            Assert.Empty(sheet.HiddenRows);
            Assert.Empty(sheet.HiddenColumns);
        }

        // The figures by the 键 sheet: sheet, cell, table, row key, column key.
        var keys = workbook.Sheets["键"];
        Assert.Equal(["工作表", "单元格", "表键", "行键", "列键"], Enumerable.Range(0, 5).Select(i => keys.Text((char)('A' + i) + "1")));
        for (var r = 2; r <= keys.LastRow; r++)
        {
            var sheet = workbook.Sheets[keys.Text("A" + r)];
            var cell = keys.Text("B" + r);
            var key = (keys.Text("C" + r), keys.Text("D" + r), keys.Text("E" + r));
            Assert.True(xlsxFigures.TryAdd(key, sheet.Number(cell)), $"duplicate {key}");
            var row = definition.Table(key.Item1).Row(key.Item2);
            Assert.Equal(row.Kind == ReportRowKind.TenThousandYuan ? "0.0000" : "1", sheet.NumberFormat(cell));
        }

        AssertSameFigures(printed, xlsxFigures, "XLSX");
        var checkSheet = workbook.Sheets["校验"];
        var jsonChecks = checks.ToList();
        Assert.Equal(jsonChecks.Count, checkSheet.LastRow - 3);
        for (var i = 0; i < jsonChecks.Count; i++)
        {
            var r = 4 + i;
            var check = jsonChecks[i];
            Assert.Equal(ChineseRule(definition, check), checkSheet.Text("B" + r));
            Assert.Equal(check.Holds ? "✔ 成立" : "✘ 不成立", checkSheet.Text("F" + r));
            Assert.Equal(checkSheet.Number("D" + r) == checkSheet.Number("E" + r), check.Holds);
        }

        Assert.DoesNotContain(checkSheet.Values, v => v.Any(char.IsAsciiLetter));

        // DOCX
        var docxResponse = await Get(s.Supervisor, url, DocxType);
        Assert.Equal(HttpStatusCode.OK, docxResponse.StatusCode);
        Assert.Equal(DocxType, docxResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"attachment; filename=\"{fileStem}.docx\"", docxResponse.Content.Headers.ContentDisposition?.ToString());
        var docx = ReportDocxReader.Read(await docxResponse.Content.ReadAsByteArrayAsync());
        Assert.Equal($"测试州人民政府{year}年政府信息公开工作年度报告", docx.Paragraphs[0]);
        Assert.DoesNotContain(s.Child, docx.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(docx.Text, char.IsAsciiLetter);
        foreach (var table in definition.Tables) Assert.Contains(table.Title, docx.Paragraphs);
        AssertSameFigures(printed, docx.Figures(definition), "DOCX");
        Assert.Equal(jsonChecks.Select(c => ChineseRule(definition, c)), docx.Tables[^1].Rows.Skip(1).Select(r => r[1].Text));
        // The same document by as=docx (a link cannot set Accept).
        var byLink = await Get(s.Supervisor, url + (url.Contains('?') ? "&" : "?") + "as=docx", "text/html");
        Assert.Equal(DocxType, byLink.Content.Headers.ContentType?.MediaType);

        // HTML
        var htmlResponse = await Get(s.Supervisor, url, "text/html");
        Assert.Equal(HttpStatusCode.OK, htmlResponse.StatusCode);
        Assert.Equal("text/html", htmlResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", htmlResponse.Content.Headers.ContentType?.CharSet);
        Assert.Equal($"inline; filename=\"{fileStem}.html\"", htmlResponse.Content.Headers.ContentDisposition?.ToString());
        var html = await htmlResponse.Content.ReadAsStringAsync();
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Contains("size: A4", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        var page = ParseHtml(html);
        var body = page.Root!.Element(X + "body")!;
        Assert.Equal(definition.Id, (string?)body.Attribute("data-format"));
        Assert.Equal(year.ToString(CultureInfo.InvariantCulture), (string?)body.Attribute("data-year"));
        Assert.Equal("false", (string?)body.Attribute("data-provisional"));
        Assert.Contains("测试州人民政府", page.Descendants(X + "h1").Single().Value, StringComparison.Ordinal);
        Assert.Contains(page.Descendants(X + "dd"), dd => dd.Value == definition.Source);
        Assert.Contains(page.Descendants(X + "time"), t => DateTimeOffset.Parse((string)t.Attribute("datetime")!, CultureInfo.InvariantCulture) == factory.Time.GetUtcNow());
        var htmlFigures = new Figures();
        Assert.DoesNotContain(s.Child, string.Concat(page.Root!.Element(X + "body")!.DescendantNodes().OfType<XText>().Select(t => t.Value)), StringComparison.Ordinal);
        Assert.DoesNotContain(page.Root!.Element(X + "body")!.DescendantNodes().OfType<XText>(), t => t.Value.Any(char.IsAsciiLetter));
        foreach (var table in definition.Tables)
        {
            var section = page.Descendants(X + "section").Single(e => (string?)e.Attribute("data-table") == table.Key);
            Assert.Equal(table.Title, section.Element(X + "h2")!.Value);
            var headers = section.Descendants(X + "thead").Single().Descendants(X + "th").Select(th => th.Value).ToList();
            foreach (var column in table.Columns) Assert.Contains(column.Label, headers);
            foreach (var th in section.Descendants(X + "th").Where(th => th.Attribute("data-label-key") is not null))
                Assert.Equal(table.Row((string)th.Attribute("data-label-key")!).Label, th.Value);
            foreach (var td in section.Descendants(X + "td").Where(td => td.Attribute("data-key") is not null))
                htmlFigures.Add((table.Key, (string)td.Attribute("data-key")!, (string)td.Attribute("data-column")!), decimal.Parse(td.Value, CultureInfo.InvariantCulture));
        }

        AssertSameFigures(printed, htmlFigures, "HTML");
        var htmlChecks = page.Descendants(X + "tr").Where(tr => tr.Attribute("data-rule") is not null).Select(tr =>
        {
            var holds = (string)tr.Attribute("data-holds")! == "true";
            Assert.StartsWith(holds ? "✔" : "✘", tr.Elements(X + "td").Last().Value, StringComparison.Ordinal);
            return new Check((string)tr.Attribute("data-table")!, (string)tr.Attribute("data-rule")!, (string)tr.Attribute("data-check-column")!, holds);
        }).ToList();
        Assert.Equal(checks, htmlChecks);
    }

    private static void AssertSameFigures(Figures expected, Figures actual, string what)
    {
        var missing = expected.Keys.Except(actual.Keys).ToList();
        Assert.True(missing.Count == 0, $"{what} lacks {string.Join("; ", missing)}");
        var extra = actual.Keys.Except(expected.Keys).ToList();
        Assert.True(extra.Count == 0, $"{what} has unknown cells {string.Join("; ", extra)}");
        foreach (var (key, value) in expected)
            Assert.True(value == actual[key], $"{what} {key}: {actual[key]}, JSON {value}");
    }

    /// <summary>Every (table, row, column) of the format, in its order; the legacy form's column is "".</summary>
    private static List<(string Table, string Row, string Column)> Keys(ReportDefinition definition)
        => [.. definition.Tables.SelectMany(t => t.Rows.SelectMany(r =>
            t.Columns.Count == 0 ? [(t.Key, r.Key, "")] : t.Columns.Select(c => (t.Key, r.Key, c.Key))))];

    private static Figures FromJson(JsonNode json, ReportDefinition definition)
    {
        var figures = new Figures();
        foreach (var table in definition.Tables)
        foreach (var (rowKey, node) in json[table.Key]!.AsObject())
        {
            if (table.Columns.Count == 0)
            {
                figures.Add((table.Key, rowKey, ""), (decimal)node!);
                continue;
            }

            foreach (var (columnKey, value) in node!.AsObject()) figures.Add((table.Key, rowKey, columnKey), (decimal)value!);
        }

        return figures;
    }

    private static List<Check> Checks(JsonNode json)
        => [.. json["checks"]!.AsArray().Select(c => new Check((string)c!["table"]!, (string)c["rule"]!, (string)c["column"]!, (bool)c["holds"]!))];

    // ---------------------------------------------------------------- parsers

    /// <summary>RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                Assert.False(c is '"' or '\r' or '\n', $"unquoted {(int)c} at {i}");
                field.Append(c);
            }
        }

        Assert.True(field.Length == 0 && fields.Count == 0, "the last record ends with CRLF");
        return records;
    }

    private static readonly XNamespace X = "http://www.w3.org/1999/xhtml";

    /// <summary>The page is polyglot XHTML: well-formed XML once the HTML5 doctype is set aside.</summary>
    private static XDocument ParseHtml(string html)
    {
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        return XDocument.Parse(html["<!DOCTYPE html>".Length..]);
    }

    private static void AssertValidWorkbook(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var package = SpreadsheetDocument.Open(stream, false);
        var errors = new OpenXmlValidator().Validate(package).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path?.XPath}: {e.Description}")));
    }

    /// <summary>The cells of a workbook as text by sheet name and reference, with hidden rows and columns and number formats.</summary>
    private sealed class Workbook
    {
        public Dictionary<string, Sheet> Sheets { get; } = [];

        /// <summary>The print area (_xlnm.Print_Area) of each sheet that has one.</summary>
        public Dictionary<string, string> PrintAreas { get; } = [];

        /// <summary>(paper size, fit to width, fit to height) of each sheet.</summary>
        public Dictionary<string, (uint Paper, uint Width, uint Height)> PageSetups { get; } = [];

        public static Workbook Read(byte[] xlsx)
        {
            using var stream = new MemoryStream(xlsx);
            using var package = SpreadsheetDocument.Open(stream, false);
            var part = package.WorkbookPart!;
            var shared = part.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
            var stylesheet = part.WorkbookStylesPart?.Stylesheet;
            var formats = stylesheet?.CellFormats?.Elements<CellFormat>().ToList() ?? [];
            var codes = stylesheet?.NumberingFormats?.Elements<NumberingFormat>().ToDictionary(n => n.NumberFormatId!.Value, n => n.FormatCode!.Value!) ?? [];
            var workbook = new Workbook();
            foreach (var entry in part.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>())
            {
                var worksheet = ((WorksheetPart)part.GetPartById(entry.Id!)).Worksheet;
                var sheet = new Sheet();
                foreach (var row in worksheet.Descendants<Row>())
                {
                    if (row.Hidden?.Value == true) sheet.HiddenRows.Add((int)row.RowIndex!.Value);
                    if (row.CustomHeight?.Value == true) sheet.CustomHeights[(int)row.RowIndex!.Value] = row.Height!.Value;
                    foreach (var cell in row.Elements<Cell>())
                    {
                        var reference = cell.CellReference!.Value!;
                        var text = cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText
                            : cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)]
                            : cell.CellValue?.Text ?? "";
                        sheet.Cells[reference] = text;
                        var format = cell.StyleIndex is { } style ? formats[(int)style.Value].NumberFormatId?.Value ?? 0 : 0;
                        sheet.Formats[reference] = codes.GetValueOrDefault(format, format.ToString(CultureInfo.InvariantCulture));
                        sheet.Indents[reference] = cell.StyleIndex is { } s ? (int)(formats[(int)s.Value].Alignment?.Indent?.Value ?? 0) : 0;
                    }
                }

                foreach (var column in worksheet.Descendants<Column>().Where(c => c.Hidden?.Value == true))
                    for (var i = column.Min!.Value; i <= column.Max!.Value; i++) sheet.HiddenColumns.Add(ColumnName((int)i));
                sheet.Merges.AddRange(worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.MergeCell>().Select(m => m.Reference!.Value!));
                if (worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.PageSetup>().SingleOrDefault() is { } setup)
                    workbook.PageSetups[entry.Name!.Value!] = (setup.PaperSize?.Value ?? 0, setup.FitToWidth?.Value ?? 1, setup.FitToHeight?.Value ?? 1);
                workbook.Sheets[entry.Name!.Value!] = sheet;
            }

            var names = part.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(e => e.Name!.Value!).ToList();
            foreach (var name in part.Workbook.DefinedNames?.Elements<DocumentFormat.OpenXml.Spreadsheet.DefinedName>() ?? [])
                if (name.Name?.Value == "_xlnm.Print_Area") workbook.PrintAreas[names[(int)name.LocalSheetId!.Value]] = name.Text;

            return workbook;
        }

        private static string ColumnName(int column)
        {
            var name = "";
            for (; column > 0; column = (column - 1) / 26) name = (char)('A' + (column - 1) % 26) + name;
            return name;
        }
    }

    private sealed class Sheet
    {
        public Dictionary<string, string> Cells { get; } = [];
        public Dictionary<string, string> Formats { get; } = [];
        public Dictionary<string, int> Indents { get; } = [];
        public HashSet<int> HiddenRows { get; } = [];
        public HashSet<string> HiddenColumns { get; } = [];
        public Dictionary<int, double> CustomHeights { get; } = [];
        public List<string> Merges { get; } = [];

        public IEnumerable<string> Values => Cells.Values;

        public int LastRow => Cells.Keys.Max(RowOf);

        public string Text(string reference) => Cells.GetValueOrDefault(reference, "");

        public decimal Number(string reference) => decimal.Parse(Cells[reference], NumberStyles.Float, CultureInfo.InvariantCulture);

        public string NumberFormat(string reference) => Formats[reference];

        public int RowWhere(string column, string text) => RowOf(Cells.Single(c => ColumnOf(c.Key) == column && c.Value == text).Key);

        public string ColumnWhere(int row, string text) => ColumnOf(Cells.Single(c => RowOf(c.Key) == row && c.Value == text).Key);

        public List<KeyValuePair<string, string>> Row(int row)
            => [.. Cells.Where(c => RowOf(c.Key) == row).Select(c => new KeyValuePair<string, string>(ColumnOf(c.Key), c.Value))];

        private static int RowOf(string reference) => int.Parse(reference.AsSpan(reference.TakeWhile(char.IsLetter).Count()), CultureInfo.InvariantCulture);

        private static string ColumnOf(string reference) => new([.. reference.TakeWhile(char.IsLetter)]);
    }
}
