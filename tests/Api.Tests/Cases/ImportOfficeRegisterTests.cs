using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Scenario = CaseTracker.Api.Tests.Support.Scenario;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// Issue 17: an office's own 登记台账 — a workbook and its GBK CSV with a title row, Chinese headers, its own columns (序号, 办理科室,
/// 备注), slash and Chinese dates, Chinese values, a 当场答复, a withdrawal and an ID number Excel turned into a number — previewed,
/// fixed, imported, and counted by the year's report.
/// </summary>
public class ImportOfficeRegisterTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly string[] Header = ["序号", "申请日期", "申请方式", "申请人姓名", "申请人类型", "身份证号", "联系电话", "所需信息", "收到日期", "办理科室", "答复日期", "答复结果", "送达方式", "备注"];

    /// <summary>A citizen identity number of the given 17 digits with its GB 11643 check character.</summary>
    private static string IdNumber(string first17)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = first17.Select((c, i) => (c - '0') * weights[i]).Sum();
        return first17 + "10X98765432"[sum % 11];
    }

    private static readonly string GoodId = IdNumber("53232919900101123");
    private const string MangledId = "532329199001011234";

    /// <summary>The office's rows; a cell is text, a double (a number cell) or a DateOnly (a date cell).</summary>
    private static object?[][] Rows(bool fixedId) =>
    [
        [1, new DateOnly(2025, 1, 6), "当面", "张三", "自然人", IdNumber("11010519491231002"), 13800138000d, "2024年城市道路维修预算", null, "办公室", new DateOnly(2025, 1, 20), "予以公开", "邮寄", "已电话告知"],
        [2, "2025/2/3", "信函", "某科技有限公司", "企业", null, "0871-65123456", "本单位周边规划", "2025年2月5日", "规划科", "2025.2.20", "部分公开", "邮寄", null],
        [3, "2025/3/3", "当面", "王五", "个人", null, null, "某项目批复文件", null, "办公室", null, "予以公开", "当场答复", "当场提供了网址"],
        [4, "2025/3/10", "网上申请", "赵六", "公民", null, null, "某会议纪要", "2025/3/10", "办公室", "2025/3/14", "申请人撤回", null, null],
        [5, "2025/4/7", "网络", "孙七", "自然人", fixedId ? GoodId : double.Parse(MangledId, System.Globalization.CultureInfo.InvariantCulture), null, "某内部研究材料", "2025/4/7", "法规科", "2025/4/25", "不予公开（过程性信息）", "电子邮件", null],
        [6, "2025/5/6", "传真", "周八", "律师事务所", null, null, "某处罚决定书", "2025/5/6", "法规科", "2025/5/20", "信息不存在", "传真", null],
    ];

    internal static byte[] Workbook(string title, string[] header, object?[][] rows)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var book = document.AddWorkbookPart();
            book.Workbook = new Workbook();
            book.AddNewPart<WorkbookStylesPart>().Stylesheet = new Stylesheet(
                new Fonts(new Font()) { Count = 1 }, new Fills(new Fill()) { Count = 1 }, new Borders(new Border()) { Count = 1 },
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }) { Count = 2 });
            var sheetPart = book.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.AppendChild(new Row(new Cell { CellReference = "A1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(title)) }) { RowIndex = 1 });
            data.AppendChild(Row(2, header.Cast<object?>().ToArray()));
            for (var i = 0; i < rows.Length; i++) data.AppendChild(Row((uint)(i + 3), rows[i]));
            sheetPart.Worksheet = new Worksheet(data);
            book.Workbook.AppendChild(new Sheets(new Sheet { Id = book.GetIdOfPart(sheetPart), SheetId = 1, Name = "2025年" }));
        }

        return buffer.ToArray();
    }

    private static Row Row(uint index, object?[] cells)
    {
        var row = new Row { RowIndex = index };
        for (var c = 0; c < cells.Length; c++)
        {
            var reference = (char)('A' + c) + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            switch (cells[c])
            {
                case null: break;
                case string s: row.AppendChild(new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(s)) }); break;
                case DateOnly d: row.AppendChild(new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture)) }); break;
                case int n: row.AppendChild(new Cell { CellReference = reference, CellValue = new CellValue(n.ToString(System.Globalization.CultureInfo.InvariantCulture)) }); break;
                case double x: row.AppendChild(new Cell { CellReference = reference, CellValue = new CellValue(x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)) }); break;
            }
        }

        return row;
    }

    /// <summary>The same rows as Excel on Chinese Windows saves them as "CSV": GB18030, numbers as displayed (an 18-digit number as 5.32329E+17).</summary>
    private static byte[] GbkCsv(bool fixedId)
    {
        var text = new StringBuilder("2025年政府信息公开申请登记台账").Append(',', Header.Length - 1).Append("\r\n");
        text.Append(string.Join(",", Header)).Append("\r\n");
        foreach (var row in Rows(fixedId))
            text.Append(string.Join(",", row.Select(cell => cell switch
            {
                null => "",
                DateOnly d => $"{d.Year}/{d.Month}/{d.Day}",
                double x when x > 1e15 => "5.32329E+17",
                double x => x.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
                _ => Convert.ToString(cell, System.Globalization.CultureInfo.InvariantCulture),
            }))).Append("\r\n");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936).GetBytes(text.ToString());
    }

    internal static Task<HttpResponseMessage> Upload(HttpClient client, byte[] file, string name, string query)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(content, "file", name);
        return client.PostAsync("/api/cases/import" + query, form);
    }

    private static void AssertOnlyTheMangledIdRefused(JsonNode preview)
    {
        var errors = preview["errors"]!.AsArray();
        var error = Assert.Single(errors)!;
        Assert.Equal(5, (int)error["row"]!);
        Assert.Equal("身份证号", (string?)error["column"]);
        Assert.Contains("scientific notation", (string)error["message"]!);
        Assert.Contains("format the column as text", (string)error["message"]!);
        Assert.False((bool)preview["valid"]!);
        Assert.Equal(2, (int)preview["headerRow"]!);
        var warning = Assert.Single(preview["warnings"]!.AsArray())!.ToString();
        Assert.Contains("序号", warning);
        Assert.Contains("办理科室", warning);
        var mapping = preview["mapping"]!.AsArray().ToDictionary(m => (string)m!["header"]!, m => (string?)m!["field"]);
        Assert.Equal("submittedOn", mapping["申请日期"]);
        Assert.Equal("applicantIdNumber", mapping["身份证号"]);
        Assert.Equal("note", mapping["备注"]);
        Assert.Null(mapping["办理科室"]);
        Assert.True((bool)preview["deliveredOnFromDecision"]!);
    }

    private static async Task AssertImportedAsTheApiSeesThem(Scenario s, JsonNode result)
    {
        Assert.Equal(6, (int)result["imported"]!);
        var cases = new Dictionary<int, JsonNode>();
        foreach (var entry in result["cases"]!.AsArray())
            cases[(int)entry!["row"]!] = await Ok(s.Handler.GetAsync($"/api/cases/{entry["id"]}"));
        Assert.All(cases.Values, c => Assert.Equal("Closed", (string?)c["status"]));
        Assert.Equal(["Disclosed", "PartiallyDisclosed", "Disclosed", "Other.Withdrawn", "Withheld.ProcessInformation", "Unable.NotHeld"],
            Enumerable.Range(1, 6).Select(r => (string?)cases[r]["outcome"]));
        Assert.Equal(["InPerson", "Letter", "InPerson", "Online", "Online", "Fax"], Enumerable.Range(1, 6).Select(r => (string?)cases[r]["channel"]));
        Assert.Equal("2025-01-06", (string?)cases[1]["receivedOn"]);
        Assert.Equal("2025-01-20", (string?)cases[1]["closedOn"]); // 送达日期 = 答复日期 (deliveredOnFromDecision)
        Assert.Equal("2025-02-05", (string?)cases[2]["receivedOn"]); // a letter with its receipt date: signed-for
        Assert.Equal("Commercial", (string?)cases[2]["applicant"]!["kind"]);
        Assert.Equal("2025-03-03", (string?)cases[3]["closedOn"]);
        Assert.Equal("2025-03-14", (string?)cases[4]["closedOn"]);
        Assert.Equal("LegalService", (string?)cases[6]["applicant"]!["kind"]);
        var onTheSpot = (await Ok(s.Handler.GetAsync($"/api/cases/{cases[3]["id"]}/history")))["items"]!.AsArray().Select(i => (string)i!["kind"]!).ToList();
        Assert.Equal(["Registered", "AnsweredOnTheSpot", "ImportedRemark"], onTheSpot);
        var remark = (await Ok(s.Handler.GetAsync($"/api/cases/{cases[1]["id"]}/history")))["items"]!.AsArray().Last()!;
        Assert.Equal("ImportedRemark", (string?)remark["kind"]);
        Assert.Equal("已电话告知", (string?)remark["details"]!["text"]);

        // The year's report counts them (reports.md §4, table 三).
        var report = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Child}&format=gov2021"));
        var t3 = report["table3"]!;
        Assert.Equal(6, (int)t3["new_received"]!["total"]!);
        Assert.Equal(4, (int)t3["new_received"]!["natural_person"]!);
        Assert.Equal(1, (int)t3["new_received"]!["commercial"]!);
        Assert.Equal(1, (int)t3["new_received"]!["legal_service"]!);
        Assert.Equal(2, (int)t3["outcome.disclosed"]!["total"]!);
        Assert.Equal(1, (int)t3["outcome.partially_disclosed"]!["total"]!);
        Assert.Equal(1, (int)t3["outcome.withheld.process_information"]!["total"]!);
        Assert.Equal(1, (int)t3["outcome.unable.not_held"]!["total"]!);
        Assert.Equal(1, (int)t3["outcome.other.other"]!["total"]!);
        Assert.Equal(6, (int)t3["outcome.total"]!["total"]!);
    }

    [Fact]
    public async Task Import_WhenOfficeWorkbook_PreviewsTheMangledIdThenImportsWhatTheApiAndReportShow()
    {
        var s = await Create(factory);
        var query = $"?agency={s.Child}&deliveredOnFromDecision=true";
        var preview = await Ok(Upload(s.Intake, Workbook("2025年政府信息公开申请登记台账", Header, Rows(fixedId: false)), "台账.xlsx", query + "&dryRun=true"));
        Assert.Equal("xlsx", (string?)preview["format"]);
        AssertOnlyTheMangledIdRefused(preview);
        Assert.Equal(0, (int)(await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}")))["total"]!); // a dry run writes nothing

        var refused = await Refused(Upload(s.Intake, Workbook("2025年政府信息公开申请登记台账", Header, Rows(fixedId: false)), "台账.xlsx", query), HttpStatusCode.BadRequest);
        Assert.NotNull(refused["errors"]!["row 5: 身份证号"]);

        var fixedFile = Workbook("2025年政府信息公开申请登记台账", Header, Rows(fixedId: true));
        var fixedPreview = await Ok(Upload(s.Intake, fixedFile, "台账.xlsx", query + "&dryRun=true"));
        Assert.True((bool)fixedPreview["valid"]!);
        Assert.Equal(6, (int)fixedPreview["wouldImport"]!);
        Assert.Equal(6, (int)fixedPreview["byYear"]!["2025"]!);
        Assert.Equal(2, (int)fixedPreview["byChannel"]!["Online"]!);
        await AssertImportedAsTheApiSeesThem(s, await Ok(Upload(s.Intake, fixedFile, "台账.xlsx", query)));
    }

    [Fact]
    public async Task Import_WhenGbkCsvOfTheSameRegister_ReadsItAsTheWorkbook()
    {
        var s = await Create(factory);
        var query = $"?agency={s.Child}&deliveredOnFromDecision=true";
        var preview = await Ok(Upload(s.Intake, GbkCsv(fixedId: false), "台账.csv", query + "&dryRun=true"));
        Assert.Equal("csv", (string?)preview["format"]);
        Assert.Equal("GB18030", (string?)preview["encoding"]);
        AssertOnlyTheMangledIdRefused(preview);
        await AssertImportedAsTheApiSeesThem(s, await Ok(Upload(s.Intake, GbkCsv(fixedId: true), "台账.csv", query)));
    }

    internal static Task<HttpResponseMessage> UploadIn(HttpClient client, byte[] file, string name, string query, string language)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(content, "file", name);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases/import" + query) { Content = form };
        request.Headers.AcceptLanguage.ParseAdd(language);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Import_DryRunInChinese_NamesTheReceiptColumnsToAdd_TheLetterKindsToWrite_AndTheRulesErrorsWithTheCellErrors()
    {
        var s = await Create(factory);
        string[] header = ["序号", "申请日期", "申请方式", "申请人姓名", "申请人类型", "联系电话", "所需信息", "答复日期", "答复结果"];
        object?[][] rows =
        [
            [1, "2025/3/3", "网络", "赵六", "自然人", null, "某会议纪要", "2025/3/14", "予以公开"],
            [2, "2025/3/3", "信函", "钱七", "自然人", null, "某项目批复", null, null],
            [3, "2025/3/3", "挂号信", "孙八", "自然人", null, "某规划文件", null, null],
            // A cell error (an Excel-mangled phone) and a rule error (answered before it was asked) of one row, in one preview.
            [4, "2025/3/3", "当面", "李九", "自然人", "1.38001E+10", "某预算说明", "2025/3/1", "予以公开"],
        ];
        var file = Workbook("2025年登记台账", header, rows);
        var zh = await Ok(UploadIn(s.Intake, file, "台账.xlsx", $"?agency={s.Child}&dryRun=true", "zh-CN"));
        var errors = zh["errors"]!.AsArray().Select(e => (Row: (int)e!["row"]!, Column: (string?)e["column"], Message: (string)e["message"]!)).ToList();
        Assert.Equal([(1, "收到日期"), (2, "收到日期"), (3, "收到日期"), (4, "联系电话"), (4, "答复日期")], errors.Select(e => (e.Row, e.Column)));
        Assert.All(errors, e => Assert.DoesNotMatch("[A-Za-z]{3,}", e.Message));

        var online = errors[0].Message;
        Assert.Contains("申请日期", online);
        Assert.Contains("网络", online);
        Assert.Contains("收到日期", online);
        Assert.Contains("受理日期", online);
        Assert.Contains("确认收到日期", online);
        // A letter of unknown kind is led straight to a valid row (trial A finding 6): its receipt date, not first its kind.
        var letter = errors[1].Message;
        Assert.Equal("请增加“收到日期”列，填写本机关收到信函的日期（挂号信为签收日期）；如是平信，请把申请方式写作“平信”，并填写确认收到日期（与申请人确认收到的日期）。", letter);
        Assert.Contains("挂号信", errors[2].Message);
        Assert.Contains("未导入的列", Assert.Single(zh["warnings"]!.AsArray())!.ToString());

        // The same preview without zh is in English, and the import itself refuses the file, writing nothing.
        var en = await Ok(Upload(s.Intake, file, "台账.xlsx", $"?agency={s.Child}&dryRun=true"));
        Assert.Contains("alone does not fix when a request by 网络 was received", (string)en["errors"]![0]!["message"]!);
        Assert.Contains("Columns not imported", en["warnings"]![0]!.ToString());
        await Refused(Upload(s.Intake, file, "台账.xlsx", $"?agency={s.Child}"), HttpStatusCode.BadRequest);
        Assert.Equal(0, (int)(await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}")))["total"]!);
    }

    [Fact]
    public async Task Import_OfMoreRowsThanAChunk_IsAllOrNothing_AndNumbersInRowOrderSkippingANumberKeptFurtherDown()
    {
        var s = await Create(factory);
        const int count = 2500;
        string Csv(bool lastRowBad)
        {
            var text = new StringBuilder("案件编号,申请日期,申请方式,申请人姓名,申请人类型,所需信息,答复日期,答复结果\r\n");
            for (var i = 1; i <= count; i++)
            {
                var kept = i == 2400 ? $"{s.Child}-2025-00003" : "";
                var decided = i == count && lastRowBad ? "2025/3/1" : "2025/3/14";
                text.Append(kept).Append(",2025/3/3,当面,申请人").Append(i).Append(",自然人,第").Append(i).Append("号信息,").Append(decided).Append(",予以公开\r\n");
            }

            return text.ToString();
        }

        var bad = await Refused(Upload(s.Intake, Encoding.UTF8.GetBytes(Csv(lastRowBad: true)), "台账.csv", $"?agency={s.Child}"), HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]![$"row {count}: 答复日期"]);
        Assert.Equal(0, (int)(await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}")))["total"]!); // the first chunks were rolled back

        var result = await Ok(Upload(s.Intake, Encoding.UTF8.GetBytes(Csv(lastRowBad: false)), "台账.csv", $"?agency={s.Child}"));
        Assert.Equal(count, (int)result["imported"]!);
        var numbers = result["cases"]!.AsArray().ToDictionary(c => (int)c!["row"]!, c => (string)c!["caseNumber"]!);
        Assert.Equal(count, numbers.Count);
        Assert.Equal($"{s.Child}-2025-00001", numbers[1]);
        Assert.Equal($"{s.Child}-2025-00002", numbers[2]);
        Assert.Equal($"{s.Child}-2025-00004", numbers[3]); // 00003 is kept by row 2400, in a later chunk
        Assert.Equal($"{s.Child}-2025-00003", numbers[2400]);
        Assert.Equal($"{s.Child}-2025-{count:D5}", numbers[count]);
        Assert.Equal(count, numbers.Values.Distinct().Count());
        Assert.Equal(count, (int)(await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}")))["total"]!);
    }

    [Fact]
    public async Task Import_WhenDeliveryMethodWithoutDateAndOptionOff_SaysToGiveTheDateOrTheOption()
    {
        var s = await Create(factory);
        var preview = await Ok(Upload(s.Intake, Workbook("台账", Header, Rows(fixedId: true)), "台账.xlsx", $"?agency={s.Child}&dryRun=true"));
        var errors = preview["errors"]!.AsArray();
        Assert.Equal([1, 2, 5, 6], errors.Select(e => (int)e!["row"]!));
        Assert.All(errors, e => Assert.Contains("deliveredOnFromDecision=true", (string)e!["message"]!));
        Assert.False((bool)preview["deliveredOnFromDecision"]!);
    }

    [Fact]
    public async Task Import_WhenValueCannotBeRead_NamesRowColumnValueAndTheAcceptedValuesOnce()
    {
        var s = await Create(factory);
        var rows = Rows(fixedId: true);
        rows[1][2] = "飞鸽传书";
        rows[2][1] = "2025-13-45";
        var preview = await Ok(Upload(s.Intake, Workbook("台账", Header, rows), "台账.xlsx", $"?agency={s.Child}&deliveredOnFromDecision=true&dryRun=true"));
        var errors = preview["errors"]!.AsArray();
        Assert.Equal(2, errors.Count);
        var channel = (string)errors.Single(e => (string?)e!["column"] == "申请方式")!["message"]!;
        Assert.Contains("飞鸽传书", channel);
        Assert.Contains("当面, 信函, 网络, 传真", channel);
        Assert.True(channel.Length < 200, channel);
        var date = errors.Single(e => (string?)e!["column"] == "申请日期")!;
        Assert.Equal(3, (int)date["row"]!);
        Assert.Contains("2025/1/6", (string)date["message"]!);
    }

    [Fact]
    public async Task Import_WhenAgencySavedItsMapping_ReadsItsOwnColumnNames()
    {
        var s = await Create(factory);
        await Ok(s.Intake.PutAsJsonAsync($"/api/agencies/{s.Child}/import-mapping",
            new { columns = new Dictionary<string, string> { ["来件登记日"] = "submittedOn", ["办理科室"] = "" } }));
        var header = Header.Select(h => h == "申请日期" ? "来件登记日" : h).ToArray();
        var preview = await Ok(Upload(s.Intake, Workbook("台账", header, Rows(fixedId: true)), "台账.xlsx", $"?agency={s.Child}&deliveredOnFromDecision=true&dryRun=true"));
        Assert.True((bool)preview["valid"]!, preview.ToJsonString());
        var mapping = preview["mapping"]!.AsArray().Single(m => (string?)m!["header"] == "来件登记日")!;
        Assert.Equal("submittedOn", (string?)mapping["field"]);
        Assert.Equal("saved", (string?)mapping["by"]);
        Assert.DoesNotContain("办理科室", Assert.Single(preview["warnings"]!.AsArray())!.ToString());

        var bad = await Refused(s.Intake.PutAsJsonAsync($"/api/agencies/{s.Child}/import-mapping",
            new { columns = new Dictionary<string, string> { ["来件登记日"] = "arrivalDate" } }), HttpStatusCode.BadRequest);
        Assert.Contains("arrivalDate", bad.ToJsonString());
        await Refused(s.Handler.PutAsJsonAsync($"/api/agencies/{s.Child}/import-mapping", new { columns = new Dictionary<string, string>() }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ImportTemplate_WhenDownloaded_HasChineseHeadersDropDownsAndImportsBackWithoutWarnings()
    {
        var s = await Create(factory);
        var response = await s.Intake.GetAsync("/api/cases/import/template");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            var sheet = document.WorkbookPart!.WorksheetParts.First(p => p.Worksheet.Descendants<DataValidation>().Any()).Worksheet;
            Assert.True(sheet.Descendants<DataValidation>().Count() >= 7);
            var headers = sheet.Descendants<Row>().First().Descendants<Text>().Select(t => t.Text).ToList();
            Assert.Contains("提交日期", headers);
            Assert.Contains("答复结果", headers);
            Assert.Contains("备注", headers);
        }

        // The template with one row typed in, using its drop-down values, reads back with every column mapped.
        var row = new Dictionary<string, string>
        {
            ["机关"] = s.Child, ["渠道"] = "当面", ["提交日期"] = "2025-06-03", ["申请人类型"] = "社会公益组织", ["申请人"] = "某公益基金会",
            ["申请内容"] = "某年度预算", ["答复日期"] = "2025-06-10", ["答复结果"] = "不予公开（属于三类内部事务信息）", ["送达日期"] = "2025-06-11", ["送达方式"] = "网上送达",
        };
        var preview = await Ok(Upload(s.Intake, Workbook("", row.Keys.ToArray(), [row.Values.Cast<object?>().ToArray()]), "模板.xlsx", "?dryRun=true"));
        Assert.True((bool)preview["valid"]!, preview.ToJsonString());
        Assert.Empty(preview["warnings"]!.AsArray());
        Assert.Equal(1, (int)preview["byOutcome"]!["Withheld.InternalAffairs"]!);
    }

    [Theory]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0 }, ".xls")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00 }, ".xlsx")]
    public async Task Import_WhenFileIsNotAReadableWorkbook_RefusesWithASentence(byte[] bytes, string expected)
    {
        var s = await Create(factory);
        var refused = await Refused(Upload(s.Intake, bytes, "台账" + expected, "?dryRun=true"), HttpStatusCode.BadRequest);
        Assert.Contains(".xlsx", (string)refused["errors"]!["file"]![0]!);
    }
}
