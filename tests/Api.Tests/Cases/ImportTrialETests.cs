using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using static CaseTracker.Api.Tests.Cases.ImportTrialATests;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// Fresh-office trial E (issue 17 importer): a re-import's preview says why it is not valid (the duplicates are errors of their rows,
/// with the existing case), allowed duplicates are still listed as row warnings, a row with neither 答复日期 nor 答复结果 is warned
/// about with how overdue it will be and counted under byOutcome.Open (never an empty key, in no report), every error and row warning
/// carries the spreadsheet's row (sheetRow), a 说明 sheet first gets a hint naming the register's sheet, and 个体工商户 is 商业企业.
/// </summary>
public class ImportTrialETests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly string[] Header = ["申请日期", "申请方式", "申请人", "申请人类型", "所需信息", "收到日期", "答复日期", "答复结果"];

    private static readonly string[][] Decided =
    [
        ["2025/1/6", "当面", "张三", "自然人", "2024年城市道路维修预算", "", "2025/1/20", "予以公开"],
        ["2025/2/3", "信函", "某科技有限公司", "企业", "本单位周边规划", "2025/2/5", "2025/2/20", "部分公开"],
        ["2025/3/10", "网络", "赵六", "自然人", "某会议纪要", "2025/3/10", "2025/3/14", "信息不存在"],
    ];

    private static List<JsonObject> Items(JsonNode node, string name) => node[name]!.AsArray().Select(e => e!.AsObject()).ToList();

    [Fact]
    public async Task Preview_WhenTheRegisterIsImportedAgain_ListsEachDuplicateAsAnErrorWithItsCase_AndAsRowWarningsWhenAllowed()
    {
        var s = await Create(factory);
        var file = Csv(Header, Decided);
        var first = await Ok(Send(s.Intake, file, $"?agency={s.Child}&deliveredOnFromDecision=true"));
        var numbers = first["cases"]!.AsArray().Select(c => (string)c!["caseNumber"]!).ToList();

        // Not allowed: the preview is not valid and says why, row by row, as the import refuses them.
        var preview = await Ok(Send(s.Intake, file, $"?agency={s.Child}&deliveredOnFromDecision=true&dryRun=true"));
        Assert.False((bool)preview["valid"]!);
        Assert.Equal(3, (int)preview["duplicates"]!);
        Assert.Equal(0, (int)preview["wouldImport"]!);
        var errors = Items(preview, "errors");
        Assert.Equal([1, 2, 3], errors.Select(e => (int)e["row"]!));
        // A CSV without a title row: the header is the spreadsheet's row 1, data row N its row N+1.
        Assert.Equal(1, (int)preview["headerRow"]!);
        Assert.Equal([2, 3, 4], errors.Select(e => (int)e["sheetRow"]!));
        for (var i = 0; i < 3; i++)
        {
            var message = (string)errors[i]["message"]!;
            Assert.Contains(numbers[i], message);
            Assert.Contains("允许重复", message);
        }

        Assert.Empty(preview["rowWarnings"]!.AsArray());
        var refused = await Refused(Send(s.Intake, file, $"?agency={s.Child}&deliveredOnFromDecision=true"), HttpStatusCode.BadRequest);
        Assert.Equal(["第1行", "第2行", "第3行"], refused["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(errors.Select(e => (string)e["message"]!), refused["errors"]!.AsObject().Select(e => (string)e.Value![0]!));

        // Allowed: valid, still counted, and each row listed with the case it repeats, as a warning.
        var allowed = await Ok(Send(s.Intake, file, $"?agency={s.Child}&deliveredOnFromDecision=true&allowDuplicates=true&dryRun=true"));
        Assert.True((bool)allowed["valid"]!, allowed.ToJsonString());
        Assert.Equal(3, (int)allowed["duplicates"]!);
        Assert.Equal(3, (int)allowed["wouldImport"]!);
        Assert.Empty(allowed["errors"]!.AsArray());
        var rowWarnings = Items(allowed, "rowWarnings");
        Assert.Equal([1, 2, 3], rowWarnings.Select(w => (int)w["row"]!));
        Assert.Equal([2, 3, 4], rowWarnings.Select(w => (int)w["sheetRow"]!));
        for (var i = 0; i < 3; i++)
            Assert.Equal($"本行与登记簿中已有的案件{numbers[i]}相同（申请人、提交日期和申请内容均相同），可能已导入过：已勾选“允许重复”，本行将作为另一件案件导入。",
                (string)rowWarnings[i]["message"]!);
        var summary = Assert.Single(allowed["warnings"]!.AsArray(), w => ((string)w!).Contains("已有的案件"))!.ToString();
        Assert.StartsWith("有3行", summary);
        Assert.Contains($"1 → {numbers[0]}; 2 → {numbers[1]}; 3 → {numbers[2]}", summary);
        Assert.Contains("已勾选“允许重复”", summary);
        Assert.DoesNotContain("拒绝", summary);
        var english = await Ok(Send(s.Intake, file, $"?agency={s.Child}&deliveredOnFromDecision=true&allowDuplicates=true&dryRun=true", language: null));
        Assert.StartsWith($"This row looks like case {numbers[0]} already in the register", (string)english["rowWarnings"]![0]!["message"]!);

        // A row repeating an earlier row of the same file, allowed: named with that row.
        string[] again = ["2025/4/1", "当面", "李四", "自然人", "某通知", "", "", ""];
        var twice = await Ok(Send(s.Intake, Csv(Header, [again, again]), $"?agency={s.Child}&allowDuplicates=true&dryRun=true"));
        var repeat = Assert.Single(Items(twice, "rowWarnings"), w => ((string)w["message"]!).Contains("文件第1行"));
        Assert.Equal(2, (int)repeat["row"]!);
        Assert.Equal(1, (int)twice["duplicates"]!);

        var imported = await Ok(Send(s.Intake, file, $"?agency={s.Child}&deliveredOnFromDecision=true&allowDuplicates=true"));
        Assert.Equal(3, (int)imported["imported"]!);
        Assert.Equal(6, (int)(await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}")))["total"]!);
    }

    [Fact]
    public async Task Preview_WhenRowsHaveNoDecision_WarnsByRowHowOverdueTheOpenCaseWillBe_AndNoReportHasAnEmptyOutcome()
    {
        var s = await Create(factory);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(factory.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        var recent = today.AddDays(-3).ToString("yyyy/M/d", System.Globalization.CultureInfo.InvariantCulture);
        string[][] rows =
        [
            ["2024/1/8", "当面", "张三", "自然人", "某年度预算", "", "2024/1/15", "予以公开"],
            ["2024/1/8", "当面", "李四", "自然人", "某会议纪要", "", "", ""],
            [recent, "当面", "王五", "自然人", "某通知", "", "", ""],
        ];
        var file = Csv(Header, rows);
        var preview = await Ok(Send(s.Intake, file, $"?agency={s.Child}&deliveredOnFromDecision=true&dryRun=true"));
        Assert.True((bool)preview["valid"]!, preview.ToJsonString());
        var byOutcome = preview["byOutcome"]!.AsObject();
        Assert.DoesNotContain("", byOutcome.Select(o => o.Key));
        Assert.Equal(2, (int)byOutcome["Open"]!);
        Assert.Equal(1, (int)byOutcome["Disclosed"]!);
        var warnings = Items(preview, "rowWarnings");
        Assert.Equal([2, 3], warnings.Select(w => (int)w["row"]!));
        Assert.Equal([3, 4], warnings.Select(w => (int)w["sheetRow"]!));
        Assert.All(warnings, w => Assert.Equal("答复日期", (string?)w["column"]));
        Assert.Contains("有2行没有答复日期和答复结果：将作为办理中的案件导入（其中1行已超期），并在年报中结转。如这些申请已答复，请填写答复日期和答复结果。",
            preview["warnings"]!.AsArray().Select(w => (string)w!));

        // The import takes them as open cases; the warning's figures are the case's own deadline as the register shows it.
        var result = await Ok(Send(s.Intake, file, $"?agency={s.Child}&deliveredOnFromDecision=true"));
        var ids = result["cases"]!.AsArray().Select(c => (string)c!["id"]!).ToList();
        var old = await Ok(s.Handler.GetAsync($"/api/cases/{ids[1]}"));
        var fresh = await Ok(s.Handler.GetAsync($"/api/cases/{ids[2]}"));
        Assert.NotEqual("Closed", (string?)old["status"]);
        var overdueBy = -(int)old["workingDaysLeft"]!;
        Assert.True(overdueBy > 0);
        Assert.Equal($"没有答复日期和答复结果：将作为办理中的案件导入，已超期{overdueBy}个工作日（答复期限{(string)old["dueOn"]!}）。", (string)warnings[0]["message"]!);
        Assert.Equal($"没有答复日期和答复结果：将作为办理中的案件导入，答复期限{(string)fresh["dueOn"]!}（还剩{(int)fresh["workingDaysLeft"]!}个工作日）。",
            (string)warnings[1]["message"]!);

        // In the reports the open cases are carried over, never counted under an empty outcome.
        var report2024 = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2024?agency={s.Child}&format=gov2021"));
        var t3 = report2024["table3"]!;
        Assert.Equal(2, (int)t3["new_received"]!["total"]!);
        Assert.Equal(1, (int)t3["outcome.total"]!["total"]!);
        Assert.Equal(1, (int)t3["carried_out"]!["total"]!);
        Assert.DoesNotContain("\"\":", report2024.ToJsonString());
        var dashboard = await Ok(s.Supervisor.GetAsync($"/api/dashboard?agency={s.Child}"));
        Assert.Equal(2, (int)dashboard["open"]!);
        Assert.Equal(1, (int)dashboard["overdue"]!);
        Assert.DoesNotContain("\"\":", dashboard.ToJsonString());
        var charts = await Ok(s.Supervisor.GetAsync($"/api/dashboard/charts?agency={s.Child}"));
        Assert.DoesNotContain("\"\":", charts.ToJsonString());
    }

    /// <summary>A workbook of inline-string sheets, in order: (name, rows).</summary>
    private static byte[] Workbook(params (string Name, string[][] Rows)[] sheets)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var book = document.AddWorkbookPart();
            book.Workbook = new Workbook();
            var list = new Sheets();
            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = book.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var r = 0; r < rows.Length; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    for (var c = 0; c < rows[r].Length; c++)
                    {
                        if (rows[r][c].Length == 0) continue;
                        row.AppendChild(new Cell
                        {
                            CellReference = $"{(char)('A' + c)}{r + 1}", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(rows[r][c])),
                        });
                    }

                    data.AppendChild(row);
                }

                part.Worksheet = new Worksheet(data);
                list.AppendChild(new Sheet { Id = book.GetIdOfPart(part), SheetId = id++, Name = name });
            }

            book.Workbook.AppendChild(list);
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task Preview_WhenTheFirstSheetIsNotes_NamesTheRegistersSheet_AndASoleTraderIsACommercialApplicant()
    {
        var s = await Create(factory);
        string[][] notes = [["填表说明"], ["1. 日期写作2024/1/8"], ["2. 申请人类型填写自然人、商业企业等"]];
        string[][] register =
        [
            ["2024年政府信息公开申请登记台账"],
            Header,
            ["2024/3/4", "当面", "某某五金店", "个体工商户", "某市场管理规定", "", "2024/3/8", "予以公开"],
            ["2024/3/5", "当面", "某某小吃店", "个体户", "某卫生检查结果", "", "2024/3/9", "予以公开"],
        ];
        var workbook = Workbook(("说明", notes), ("2024年", register));
        var preview = await Ok(ImportOfficeRegisterTests.UploadIn(s.Intake, workbook, "台账.xlsx", $"?agency={s.Child}&dryRun=true", "zh-CN"));
        Assert.False((bool)preview["valid"]!);
        Assert.Equal("说明", (string?)preview["sheet"]);
        var hint = Items(preview, "errors")[0];
        Assert.Equal("file", (string?)hint["column"]);
        Assert.Null(hint["sheetRow"]);
        Assert.Equal("第一个工作表“说明”中没有登记台账的列名；台账应在工作表“2024年”中：请在“工作表名称”中填写“2024年”后重新预览。",
            (string)hint["message"]!);

        // Neither sheet holds the register: the hint names the other sheets.
        var none = await Ok(ImportOfficeRegisterTests.UploadIn(s.Intake, Workbook(("说明", notes), ("附表", [["备用"]])), "台账.xlsx", $"?agency={s.Child}&dryRun=true", "zh-CN"));
        Assert.Contains("本工作簿的其他工作表：附表", (string)Items(none, "errors")[0]["message"]!);

        // The register first, lacking 申请日期 (a 当面 row without 收到日期 then cannot be placed), a 说明 sheet after it: its own errors, no hint.
        string[][] lacking = [Header[1..], register[2][1..]];
        var first = await Ok(ImportOfficeRegisterTests.UploadIn(s.Intake, Workbook(("2024年", lacking), ("说明", notes)), "台账.xlsx", $"?agency={s.Child}&dryRun=true", "zh-CN"));
        Assert.DoesNotContain(Items(first, "errors"), e => (string?)e["column"] == "file");
        Assert.Equal("2024年", (string?)first["sheet"]);
        Assert.NotEmpty(first["errors"]!.AsArray());

        // A sheet named: no hint, the register's rows read; 个体工商户 and 个体户 are 商业企业 (法人或其他组织).
        var named = await Ok(ImportOfficeRegisterTests.UploadIn(s.Intake, workbook, "台账.xlsx", $"?agency={s.Child}&sheet={Uri.EscapeDataString("2024年")}&dryRun=true&deliveredOnFromDecision=true", "zh-CN"));
        Assert.True((bool)named["valid"]!, named.ToJsonString());
        var result = await Ok(ImportOfficeRegisterTests.UploadIn(s.Intake, workbook, "台账.xlsx", $"?agency={s.Child}&sheet={Uri.EscapeDataString("2024年")}&deliveredOnFromDecision=true", "zh-CN"));
        foreach (var entry in result["cases"]!.AsArray())
            Assert.Equal("Commercial", (string?)(await Ok(s.Handler.GetAsync($"/api/cases/{entry!["id"]}")))["applicant"]!["kind"]);
        var report = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2024?agency={s.Child}&format=gov2021"));
        Assert.Equal(2, (int)report["table3"]!["new_received"]!["commercial"]!);
    }
    [Fact]
    public async Task Preview_WhenTheDeliveryOrReceiptCellsAreEmpty_SaysToFillThemIn_NamingTheDesksOptionAndBothKindsOfLetter()
    {
        var s = await Create(factory);
        string[] header = [.. Header, "送达方式", "送达日期"];
        string[][] rows =
        [
            ["2025/1/6", "当面", "张三", "自然人", "某预算", "", "2025/1/20", "予以公开", "", ""],
            ["2025/1/6", "当面", "李四", "自然人", "某规划", "", "2025/1/20", "予以公开", "邮寄", ""],
            ["2025/2/3", "信函", "王五", "自然人", "某纪要", "", "2025/2/20", "予以公开", "邮寄", "2025/2/21"],
        ];
        var preview = await Ok(Send(s.Intake, Csv(header, rows), $"?agency={s.Child}&dryRun=true"));
        // The file has both 送达 columns, their cells are empty: fill them in (trial E finding 12), not add them.
        Assert.Contains("有1行填写了答复日期但没有送达日期：导入后为“已决定待送达”，会计为逾期并在年报中结转。请在这些行填写送达日期和送达方式，或勾选“答复日期即送达日期”后导入（API：deliveredOnFromDecision=true）。",
            preview["warnings"]!.AsArray().Select(w => (string)w!));
        var errors = Items(preview, "errors");
        Assert.Equal([2, 3], errors.Select(e => (int)e["row"]!));
        // The option under the name the desk gives it (trial E finding 18).
        Assert.Equal("填写送达方式须有送达日期：请填写送达日期，或勾选“答复日期即送达日期”后导入（接口参数 deliveredOnFromDecision=true）。", (string)errors[0]["message"]!);
        // A letter of unknown kind is offered both ways: a 挂号信's receipt date, a 平信's confirmation (trial E finding 3).
        Assert.Equal("请填写收到日期（本机关收到信函的日期；挂号信为签收日期）；如是平信，请把申请方式写作“平信”，并填写确认收到日期（与申请人确认收到的日期）。",
            (string)errors[1]["message"]!);
    }
}
