using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using static CaseTracker.Api.Tests.Support.Scenario;
using Scenario = CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// api.md "Added for the desk": <c>GET /api/cases?…</c> with <c>Accept: text/csv</c> or the XLSX type exports the filtered list —
/// every matching case, not one page — with Chinese headers, yyyy-MM-dd dates, and the ID number and phone masked
/// (security.md "Personal data"). Today is 2026-11-25.
/// </summary>
public class ExportCasesTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string IdNumber = "530102199003071238";

    private static async Task<JsonNode> Register(Scenario s, string receivedOn, string channel = "InPerson", string applicant = "张三", string? idNumber = IdNumber,
        string? phone = "13912341111")
        => await Ok(s.Intake.Post("/api/cases", new
        {
            agencyCode = s.Child,
            channel,
            submittedOn = receivedOn,
            applicant = new { kind = "NaturalPerson", name = applicant, idNumber, phone },
            description = "2025年城市道路维修预算, \"执行情况\"",
        }));

    private static Task<HttpResponseMessage> Get(HttpClient client, string url, string accept, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (language is not null) request.Headers.TryAddWithoutValidation("Accept-Language", language);
        return client.SendAsync(request);
    }

    /// <summary>The CSV's lines (CRLF), after checking it starts with the UTF-8 byte-order mark.</summary>
    private static async Task<string[]> CsvLines(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var body = Encoding.UTF8.GetString(bytes[3..]);
        Assert.EndsWith("\r\n", body);
        return body[..^2].Split("\r\n");
    }

    [Fact]
    public async Task Csv_EveryMatchingCaseNotOnePage_ChineseHeaderMaskedPersonalData()
    {
        var s = await Create(factory);
        var first = await Register(s, "2026-11-02", applicant: "张三");
        var second = await Register(s, "2026-11-03", applicant: "李四");
        await Register(s, "2026-11-20", channel: "Online", applicant: "王五"); // awaiting confirmation: filtered out below

        var response = await Get(s.Handler, $"/api/cases?agency={s.Child}&status=InProgress&pageSize=1", "text/csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"cases-{s.Child}-2026-11-25.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = await CsvLines(response);

        // The case's columns, then the steps' columns under the import's names (issue 20 item 2: 补正, 征求意见 ×3, 延期, 延迟答复, 收费).
        Assert.StartsWith("原案件编号,原机关,渠道,申请人类型,申请人,证件号码（脱敏）,联系电话（脱敏）,申请内容,获取信息方式,提交日期,收到日期,确认收到日期,状态,承办人,答复期限,剩余工作日,是否逾期,是否延期,答复结果,答复日期,送达方式,送达日期,撤回日期,终止日期,结案日期,补正通知日期,补正事项,补正期限,收到补正日期,征求意见类型,征求意见对象,征求意见日期,征求意见回复日期,征求意见结果,第二次征求意见类型,", lines[0]);
        Assert.EndsWith(",延迟答复批准日期,延迟答复期限,延迟答复理由,延迟答复批准人,收费方式,收费通知日期,计费页数,当月申请序号,检索费,复制费,邮寄费,收费金额,减免日期,减免后金额,减免理由,缴费日期", lines[0]);
        var steps = lines[0].Split(',').SkipWhile(h => h != "补正通知日期").Count();
        Assert.Equal(3, lines.Length); // both in-progress cases although pageSize=1
        // Art. 33: 20 working days from 2026-11-02 is 2026-11-30, three working days after today; ordered by due date.
        Assert.Equal($"{first["caseNumber"]},{s.Child},当面,自然人,张三,5301**********1238,139****1111,\"2025年城市道路维修预算, \"\"执行情况\"\"\",,2026-11-02,2026-11-02,,办理中,,2026-11-30,3,否,否,,,,,,," + new string(',', steps), lines[1]);
        Assert.StartsWith($"{second["caseNumber"]},", lines[2]);
        Assert.DoesNotContain(IdNumber, string.Join("\n", lines));
        Assert.DoesNotContain("13912341111", string.Join("\n", lines));
    }

    [Fact]
    public async Task Xlsx_ChineseHeadersDateCellsAndMaskedPersonalData()
    {
        var s = await Create(factory);
        var registered = await Register(s, "2026-11-02");
        await Register(s, "2026-11-03", idNumber: null, phone: null);

        var response = await Get(s.Handler, $"/api/cases?agency={s.Child}&pageSize=1", XlsxType);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(XlsxType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"cases-{s.Child}-2026-11-25.xlsx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var package = SpreadsheetDocument.Open(stream, false);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(package).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var workbook = package.WorkbookPart!;
        var sheet = Assert.Single(workbook.Workbook.Sheets!.Elements<Sheet>());
        Assert.Equal("案件列表", sheet.Name?.Value);
        var rows = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
        Assert.Equal(3, rows.Count);
        string Text(Cell c) => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "";
        var header = rows[0].Elements<Cell>().Select(Text).ToList();
        Assert.Equal(["原案件编号", "原机关", "渠道", "申请人类型", "申请人", "证件号码（脱敏）", "联系电话（脱敏）"], header.Take(7));
        var cells = rows[1].Elements<Cell>().ToDictionary(c => new string(c.CellReference!.Value!.TakeWhile(char.IsLetter).ToArray()));
        Assert.Equal((string?)registered["caseNumber"], Text(cells["A"]));
        Assert.Equal("5301**********1238", Text(cells["F"]));
        Assert.Equal("139****1111", Text(cells["G"]));

        // 收到日期 (K) and 答复期限 (O) are date cells shown yyyy-mm-dd; 剩余工作日 (P) a number.
        var formats = workbook.WorkbookStylesPart!.Stylesheet;
        foreach (var (column, date) in new[] { ("K", new DateOnly(2026, 11, 2)), ("O", new DateOnly(2026, 11, 30)) })
        {
            var cell = cells[column];
            Assert.Equal(date, DateOnly.FromDateTime(DateTime.FromOADate(double.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture))));
            var format = formats.CellFormats!.Elements<CellFormat>().ElementAt((int)cell.StyleIndex!.Value);
            var code = formats.NumberingFormats!.Elements<NumberingFormat>().Single(f => f.NumberFormatId!.Value == format.NumberFormatId!.Value);
            Assert.Equal("yyyy-mm-dd", code.FormatCode?.Value);
        }

        Assert.Equal("3", Text(cells["P"]));
        var noPersonalData = rows[2].Elements<Cell>().Select(c => c.CellReference!.Value!).ToList();
        Assert.DoesNotContain("F3", noPersonalData); // no ID number: the cell is empty
    }

    [Fact]
    public async Task Export_FollowsTheChosenOrder()
    {
        var s = await Create(factory);
        var early = await Register(s, "2026-11-02");
        var late = await Register(s, "2026-11-03");
        var lines = await CsvLines(await Get(s.Handler, $"/api/cases?agency={s.Child}&sort=number&desc=true", "text/csv"));
        Assert.Equal([(string)late["caseNumber"]!, (string)early["caseNumber"]!], lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task FormatParameter_ExportsWithoutAnAcceptHeader_AndUnknownFormatIs400()
    {
        var s = await Create(factory);
        await Register(s, "2026-11-02");
        var lines = await CsvLines(await Get(s.Handler, $"/api/cases?agency={s.Child}&format=csv", "application/json"));
        Assert.Equal(2, lines.Length);

        var refused = await Refused(Get(s.Handler, $"/api/cases?agency={s.Child}&format=pdf", "*/*", "zh-CN"), HttpStatusCode.BadRequest);
        Assert.Equal("导出格式须为 csv、xlsx 或 json。", (string?)refused["errors"]!["format"]![0]);
    }

    [Fact]
    public async Task UnsupportedAccept_Is406ProblemDetails_InChineseForZh()
    {
        var s = await Create(factory);
        var english = await Refused(Get(s.Handler, $"/api/cases?agency={s.Child}", "application/pdf"), HttpStatusCode.NotAcceptable);
        Assert.Contains("The case list is available as application/json, text/csv or", (string?)english["detail"]);
        var chinese = await Refused(Get(s.Handler, $"/api/cases?agency={s.Child}", "application/pdf", "zh-CN"), HttpStatusCode.NotAcceptable);
        Assert.StartsWith("案件列表可提供application/json、text/csv或", (string?)chinese["detail"]);
        Assert.EndsWith("该请求只接受“application/pdf”。", (string?)chinese["detail"]);
    }

    [Fact]
    public async Task Export_OfAnotherAgencyOrWithBadFilter_IsAProblemNotAFile()
    {
        var s = await Create(factory);
        var other = await Create(factory);
        var forbidden = await Refused(Get(s.Handler, $"/api/cases?agency={other.Child}", "text/csv"), HttpStatusCode.Forbidden);
        Assert.NotNull(forbidden["detail"]);
        var invalid = await Refused(Get(s.Handler, $"/api/cases?agency={s.Child}&sort=applicant", XlsxType), HttpStatusCode.BadRequest);
        Assert.NotNull(invalid["errors"]!["sort"]);
    }

    [Fact]
    public async Task Csv_TextThatASpreadsheetWouldRunAsAFormula_IsWrittenAsText()
    {
        var s = await Create(factory);
        await Register(s, "2026-11-02", applicant: "=1+2", phone: null);
        var lines = await CsvLines(await Get(s.Handler, $"/api/cases?agency={s.Child}", "text/csv"));
        Assert.Equal("'=1+2", lines[1].Split(',')[4]);
        var header = lines[0].Split(',');
        Assert.Equal("3", lines[1].Split(',')[^(header.Length - Array.IndexOf(header, "剩余工作日"))]); // 剩余工作日: a number stays a number
    }

    // Issue 16 item 6: an exported register imports as it is into an empty agency and gives the same cases.
    private static async Task<string> Case(Scenario s, string channel, string submittedOn, string kind, string name, string? receivedOn = null,
        string? letterMail = null, string? deliveryForm = null, string? idNumber = null, string? phone = null)
        => (string)(await Ok(s.Intake.Post("/api/cases", new
        {
            agencyCode = s.Child, channel, letterMail, submittedOn, receivedOn, deliveryForm,
            applicant = new { kind, name, idNumber, phone },
            description = $"{name}申请公开2025年城市道路维修预算, \"执行情况\"",
        })))["id"]!;

    private static async Task<JsonArray> Cases(HttpClient client, string agency)
        => (await Ok(client.GetAsync($"/api/cases?agency={agency}&pageSize=200&sort=number")))["items"]!.AsArray();

    /// <summary>The steps of a case's history (not notes, not voided) as kind, acting date and the delivery method if any.</summary>
    private static async Task<List<string>> Steps(HttpClient client, string id)
        => (await Ok(client.GetAsync($"/api/cases/{id}/history")))["items"]!.AsArray()
            .Where(h => (string?)h!["kind"] is "ReceiptConfirmed" or "Decided" or "Delivered" or "Withdrawn" or "AnsweredOnTheSpot" or "Abandoned"
                        && h["voided"] is null)
            .Select(h => $"{h!["kind"]} {h["actingOn"]} {h["details"]?["method"]} {h["details"]?["outcome"]}").ToList();

    [Theory]
    [InlineData("text/csv", "register.csv")]
    [InlineData(XlsxType, "register.xlsx")]
    public async Task Export_ThenImportIntoAnEmptyAgency_GivesTheSameCasesWithoutPersonalData(string type, string fileName)
    {
        var s = await Create(factory);
        var delivered = await Case(s, "InPerson", "2026-09-01", "NaturalPerson", "张三", idNumber: IdNumber, phone: "13912341111");
        await Ok(s.Handler.Post($"/api/cases/{delivered}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed", summary = "已提供" }));
        await Ok(s.Handler.Post($"/api/cases/{delivered}/delivery", new { deliveredOn = "2026-09-11", method = "InPerson" }));
        var letter = await Case(s, "Letter", "2026-09-01", "Commercial", "某某科技有限公司", receivedOn: "2026-09-03", letterMail: "Signed", deliveryForm: "Paper");
        await Ok(s.Handler.Post($"/api/cases/{letter}/decision", new { decidedOn = "2026-09-20", outcome = "Withheld.ThirdPartyRights" }));
        var online = await Case(s, "Online", "2026-09-02", "LegalService", "某律师事务所", deliveryForm: "Email");
        await Ok(s.Intake.Post($"/api/cases/{online}/receipt-confirmation", new { confirmedOn = "2026-09-04" }));
        var withdrawn = await Case(s, "InPerson", "2026-10-12", "NaturalPerson", "李四");
        await Ok(s.Intake.Post($"/api/cases/{withdrawn}/withdrawal", new { withdrawnOn = "2026-10-13" }));
        var spot = await Case(s, "InPerson", "2026-10-12", "NaturalPerson", "王五");
        await Ok(s.Intake.Post($"/api/cases/{spot}/on-the-spot-answer", new { answeredOn = "2026-10-12", outcome = "Disclosed.AlreadyPublished", method = "InPerson" }));
        await Case(s, "Online", "2026-11-20", "Research", "某研究院"); // awaiting confirmation: no receipt date yet
        await Case(s, "Fax", "2026-11-02", "OtherOrganization", "=某协会"); // a name a spreadsheet would run as a formula

        var response = await Get(s.Handler, $"/api/cases?agency={s.Child}", type);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var file = await response.Content.ReadAsByteArrayAsync();
        Assert.DoesNotContain(IdNumber, Encoding.UTF8.GetString(file));

        var target = await Create(factory);
        var query = $"?agency={target.Child}";
        var preview = await Ok(ImportOfficeRegisterTests.Upload(target.Intake, file, fileName, query + "&dryRun=true"));
        Assert.True((bool)preview["valid"]!, preview.ToJsonString());
        Assert.Empty(preview["errors"]!.AsArray());
        Assert.Equal(7, (int)preview["wouldImport"]!);
        var warning = string.Join("\n", preview["warnings"]!.AsArray().Select(w => (string?)w));
        foreach (var column in new[] { "原案件编号", "原机关", "证件号码（脱敏）", "联系电话（脱敏）", "状态", "答复期限" }) Assert.Contains(column, warning);
        Assert.Empty(await Cases(target.Handler, target.Child)); // a dry run writes nothing
        await Ok(ImportOfficeRegisterTests.Upload(target.Intake, file, fileName, query));

        var before = (await Cases(s.Handler, s.Child)).ToDictionary(c => (string)c!["applicant"]!["name"]!);
        var after = (await Cases(target.Handler, target.Child)).ToDictionary(c => (string)c!["applicant"]!["name"]!);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, original) in before)
        {
            var imported = after[name]!;
            Assert.Equal(target.Child, (string?)imported["agencyCode"]);
            foreach (var field in new[] { "channel", "letterMail", "regime", "submittedOn", "receivedOn", "status", "dueOn", "extended", "outcome", "decidedOn",
                         "closedOn", "closedLate", "description", "deliveryForm" })
                Assert.True(original![field]?.ToJsonString() == imported[field]?.ToJsonString(),
                    $"{name}: {field} {original[field]?.ToJsonString()} exported, {imported[field]?.ToJsonString()} imported");
            Assert.Equal((string?)original!["applicant"]!["kind"], (string?)imported["applicant"]!["kind"]);
            Assert.Null(imported["applicant"]!["idNumber"]); // masked in the export, left out by the import
            Assert.Null(imported["applicant"]!["phone"]);
            Assert.Equal(await Steps(s.Handler, (string)original["id"]!), await Steps(target.Handler, (string)imported["id"]!));
        }
    }

    [Fact]
    public void OutcomeName_OfEveryOutcomeOfBothRegimes_ReadsBackAsThatOutcome()
    {
        // Two outcomes may share a row of the report (（一）予以公开: Disclosed and Disclosed.AlreadyPublished); the export's name must not.
        foreach (var regime in new[] { CaseTracker.Domain.Cases.Regime.Regime2019, CaseTracker.Domain.Cases.Regime.Regime2008 })
        foreach (var outcome in CaseTracker.Domain.Outcomes.Outcome.ForRegime(regime).Where(o => o.Code != CaseTracker.Domain.Outcomes.Outcome.Withdrawal(regime).Code))
        {
            var name = CaseTracker.Api.Features.Cases.ImportCases.RegisterValues.OutcomeName(regime, outcome.Code, outcome.Label);
            Assert.True(CaseTracker.Api.Features.Cases.ImportCases.RegisterValues.Outcome(regime, name, out _)?.Code == outcome.Code,
                $"{regime} {outcome.Code}: exported as {name}");
        }
    }
}
