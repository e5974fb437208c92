using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// Fresh-office trial A (issue 17 importer): a register with 答复日期 but no 送达 columns is warned about and, with
/// deliveredOnFromDecision, closes by the channel's delivery method; duplicates are warned about and refused; messages are Chinese.
/// </summary>
public class ImportTrialATests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly string[] DecidedHeader = ["申请日期", "申请方式", "申请人", "申请人类型", "所需信息", "收到日期", "答复日期", "答复结果"];

    private static readonly string[][] DecidedRows =
    [
        ["2025/1/6", "当面", "张三", "自然人", "2024年城市道路维修预算", "", "2025/1/20", "予以公开"],
        ["2025/2/3", "信函", "某科技有限公司", "企业", "本单位周边规划", "2025/2/5", "2025/2/20", "部分公开"],
        ["2025/3/10", "网络", "赵六", "自然人", "某会议纪要", "2025/3/10", "2025/3/14", "信息不存在"],
    ];

    internal static byte[] Csv(string[] header, IEnumerable<string[]> rows)
    {
        var text = new StringBuilder(string.Join(",", header)).Append("\r\n");
        foreach (var row in rows) text.Append(string.Join(",", row)).Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    internal static Task<HttpResponseMessage> Send(HttpClient client, byte[] file, string query, string? language = "zh-CN")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases/import" + query) { Content = new ByteArrayContent(file) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        if (language is not null) request.Headers.TryAddWithoutValidation("Accept-Language", language);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Import_WhenDecidedWithoutDeliveryColumns_WarnsInTheDryRunAndTheOptionClosesTheCases()
    {
        var s = await Create(factory);
        var file = Csv(DecidedHeader, DecidedRows);
        var preview = await Ok(Send(s.Intake, file, $"?agency={s.Child}&dryRun=true"));
        Assert.True((bool)preview["valid"]!, preview.ToJsonString());
        var warning = Assert.Single(preview["warnings"]!.AsArray(), w => ((string)w!).Contains("已决定待送达"))!.ToString();
        Assert.StartsWith("有3行", warning);
        Assert.Contains("结转", warning);
        Assert.Contains("送达方式", warning);
        Assert.Contains("答复日期即送达日期", warning);
        Assert.DoesNotContain(" row", warning);
        var english = await Ok(Send(s.Intake, file, $"?agency={s.Child}&dryRun=true", language: null));
        Assert.Contains(english["warnings"]!.AsArray(), w => ((string)w!).StartsWith("3 row(s) have 答复日期 but no 送达日期", StringComparison.Ordinal));

        // With 答复日期即送达日期 and no 送达方式 column, each answer went back the way its request came, and the preview says so.
        var assumed = await Ok(Send(s.Intake, file, $"?agency={s.Child}&dryRun=true&deliveredOnFromDecision=true"));
        Assert.True((bool)assumed["valid"]!, assumed.ToJsonString());
        var warnings = assumed["warnings"]!.AsArray().Select(w => (string)w!).ToList();
        Assert.DoesNotContain(warnings, w => w.Contains("已决定待送达"));
        Assert.Contains(warnings, w => w.StartsWith("有3行没有送达方式", StringComparison.Ordinal) && w.Contains("当面→直接送达"));

        var result = await Ok(Send(s.Intake, file, $"?agency={s.Child}&deliveredOnFromDecision=true"));
        Assert.Equal(3, (int)result["imported"]!);
        var methods = new List<string?>();
        foreach (var entry in result["cases"]!.AsArray())
        {
            var @case = await Ok(s.Handler.GetAsync($"/api/cases/{entry!["id"]}"));
            Assert.Equal("Closed", (string?)@case["status"]);
            Assert.NotNull((string?)@case["closedOn"]);
            var history = (await Ok(s.Handler.GetAsync($"/api/cases/{entry["id"]}/history")))["items"]!.AsArray();
            methods.Add((string?)history.Single(i => (string?)i!["kind"] == "Delivered")!["details"]!["method"]);
        }

        Assert.Equal(["InPerson", "Post", "Online"], methods);
        var report = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Child}&format=gov2021"));
        var t3 = report["table3"]!;
        Assert.Equal(3, (int)t3["new_received"]!["total"]!);
        Assert.Equal(3, (int)t3["outcome.total"]!["total"]!);
        Assert.Equal(0, (int)t3["carried_out"]!["total"]!);
        var overdue = await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Child}&kind=Overdue"));
        Assert.Equal(0, (int)overdue["total"]!);
    }

    [Fact]
    public async Task Import_WhenRowsRepeatTheRegisterOrEachOther_WarnsInTheDryRunAndRefusesUnlessAllowed()
    {
        var s = await Create(factory);
        var file = Csv(DecidedHeader, DecidedRows);
        var first = await Ok(Send(s.Intake, file, $"?agency={s.Child}&deliveredOnFromDecision=true"));
        var numbers = first["cases"]!.AsArray().Select(c => (string)c!["caseNumber"]!).ToList();

        // The same file again, plus a row repeating its own row 4 (another applicant of the register's third case's day).
        string[][] again = [.. DecidedRows, ["2025/4/1", "当面", "李四", "自然人", "某通知", "", "", ""], ["2025/4/1", "当面", "李四", "自然人", "某通知", "", "", ""]];
        var twice = Csv(DecidedHeader, again);
        var preview = await Ok(Send(s.Intake, twice, $"?agency={s.Child}&deliveredOnFromDecision=true&dryRun=true"));
        Assert.False((bool)preview["valid"]!, preview.ToJsonString());
        Assert.Equal(4, (int)preview["duplicates"]!);
        var warnings = preview["warnings"]!.AsArray().Select(w => (string)w!).ToList();
        var registered = Assert.Single(warnings, w => w.Contains("已有的案件"));
        Assert.StartsWith("有3行", registered);
        Assert.Contains($"1 → {numbers[0]}; 2 → {numbers[1]}; 3 → {numbers[2]}", registered);
        var repeated = Assert.Single(warnings, w => w.Contains("前面的行"));
        Assert.Contains("5 → 4", repeated);

        var refused = await Refused(Send(s.Intake, twice, $"?agency={s.Child}&deliveredOnFromDecision=true"), HttpStatusCode.BadRequest);
        var errors = refused["errors"]!.AsObject();
        Assert.Equal(["第1行", "第2行", "第3行", "第5行"], errors.Select(e => e.Key));
        var firstError = (string)errors["第1行"]![0]!;
        Assert.Contains(numbers[0], firstError);
        Assert.Contains("已有的案件", firstError);
        Assert.Contains("第4行重复", (string)errors["第5行"]![0]!);
        Assert.Equal(3, (int)(await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}")))["total"]!);

        // The same person asking again by ID number under another spelling of the name is the same applicant too.
        string[] idHeader = ["申请日期", "申请方式", "申请人", "申请人类型", "身份证号", "所需信息"];
        var id = "11010519491231002X";
        await Ok(Send(s.Intake, Csv(idHeader, [["2025/6/2", "当面", "王五", "自然人", id, "某批复"]]), $"?agency={s.Child}"));
        var byId = await Ok(Send(s.Intake, Csv(idHeader, [["2025/6/2", "当面", "王 五（本人）", "自然人", id, "某批复"]]), $"?agency={s.Child}&dryRun=true"));
        Assert.Equal(1, (int)byId["duplicates"]!);

        var allowed = await Ok(Send(s.Intake, twice, $"?agency={s.Child}&deliveredOnFromDecision=true&allowDuplicates=true"));
        Assert.Equal(5, (int)allowed["imported"]!);
    }

    [Fact]
    public async Task Import_WhenCellsAreEmptyOrUnreadable_SaysInChineseWhatToFillIn_ByRow()
    {
        var s = await Create(factory);
        string[][] rows =
        [
            ["2025/3/3", "网络", "赵六", "自然人", "某会议纪要", "2025/3/3", "2025/3/14", "予以公开"],
            ["2025/3/3", "飞鸽传书", "钱七", "自然人", "某项目批复", "2025/3/3", "", ""],
            ["2025/3/3", "网络", "孙八", "自然人", "某规划文件", "", "2025/3/14", "予以公开"],
        ];
        var preview = await Ok(Send(s.Intake, Csv(DecidedHeader, rows), $"?agency={s.Child}&dryRun=true"));
        var errors = preview["errors"]!.AsArray().Select(e => (Row: (int)e!["row"]!, Message: (string)e["message"]!)).ToList();
        Assert.Equal([2, 3], errors.Select(e => e.Row));
        Assert.All(errors, e => Assert.DoesNotMatch("[A-Za-z]{3,}", e.Message));
        Assert.Equal("申请方式“飞鸽传书”无法识别：请填写以下之一：当面, 信函, 网络, 传真。", errors[0].Message);
        // The 收到日期 column is there, its cell is empty: fill in the cell (not: add the column).
        Assert.StartsWith("请填写收到日期", errors[1].Message);
        Assert.DoesNotContain("增加", errors[1].Message);
        var refused = await Refused(Send(s.Intake, Csv(DecidedHeader, rows), $"?agency={s.Child}"), HttpStatusCode.BadRequest);
        Assert.Equal(["第2行：申请方式", "第3行：收到日期"], refused["errors"]!.AsObject().Select(e => e.Key));
        var english = await Refused(Send(s.Intake, Csv(DecidedHeader, rows), $"?agency={s.Child}", language: null), HttpStatusCode.BadRequest);
        Assert.Equal(["row 2: 申请方式", "row 3: 收到日期"], english["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Import_WithoutSubmissionDateOrKindColumns_TakesReceiptDateForInPersonRowsAndNaturalPersonByIdNumber_WarnedWithCounts()
    {
        var s = await Create(factory);
        // Trial A finding 7: an office's register with 收到日期 and 身份证号 but neither 提交日期 nor 申请人类型.
        string[] header = ["序号", "申请人", "申请方式", "收到日期", "身份证号", "申请内容", "答复日期", "答复结果", "送达方式", "送达日期"];
        string[] decided = ["1", "张三", "当面", "2025/1/6", "110105198001010016", "某年度预算", "2025/1/20", "予以公开", "当面领取", "2025/1/20"];
        string[] open = ["2", "李四", "当面", "2025/1/7", "530102199003150024", "某会议纪要", "", "", "", ""];
        string[][] rows =
        [
            decided, open,
            ["3", "王五", "网络", "2025/1/8", "11010519491231002X", "某批复", "", "", "", ""],
            ["4", "某科技有限公司", "当面", "2025/1/9", "", "某规划", "", "", "", ""],
            ["5", "赵六", "当面", "", "110105198001010016", "某通知", "", "", "", ""],
        ];
        var preview = await Ok(Send(s.Intake, Csv(header, rows), $"?agency={s.Child}&dryRun=true"));
        Assert.DoesNotContain(preview["errors"]!.AsArray(), e => e!["row"] is null);
        var errors = preview["errors"]!.AsArray().Select(e => (Row: (int)e!["row"]!, Column: (string?)e["column"], Message: (string)e["message"]!)).ToList();
        Assert.Equal(
        [
            (3, "提交日期", "提交日期为必填项。"), // online: 收到日期 is not the submission date
            (4, "申请人类型", "申请人类型为必填项（仅当身份证号为18位居民身份证号码时，才按自然人导入）。"),
            (5, "提交日期", "提交日期为必填项：请填写提交日期，或填写收到日期（当面提出的申请，提交当日即收到）。"),
        ], errors);
        var warnings = preview["warnings"]!.AsArray().Select(w => (string)w!).ToList();
        Assert.Contains("有2行当面提出的申请没有提交日期：以其收到日期作为提交日期（当面提出的申请，递交当日即收到）。", warnings);
        Assert.Contains("有2行没有申请人类型，但身份证号为18位居民身份证号码：按自然人导入。", warnings);
        var english = await Ok(Send(s.Intake, Csv(header, rows), $"?agency={s.Child}&dryRun=true", language: null));
        Assert.Contains(english["warnings"]!.AsArray(), w => ((string)w!).StartsWith("2 row(s) of requests made in person (当面) have no 提交日期: their 收到日期", StringComparison.Ordinal));
        Assert.Contains(english["warnings"]!.AsArray(), w => ((string)w!).StartsWith("2 row(s) have no 申请人类型 and an 18-digit citizen identity number in 身份证号", StringComparison.Ordinal));
        await Refused(Send(s.Intake, Csv(header, rows), $"?agency={s.Child}"), HttpStatusCode.BadRequest);
        Assert.Equal(0, (int)(await Ok(s.Handler.GetAsync($"/api/cases?agency={s.Child}")))["total"]!);

        // The rows that can take the defaults import with them.
        var result = await Ok(Send(s.Intake, Csv(header, [decided, open]), $"?agency={s.Child}"));
        Assert.Equal(2, (int)result["imported"]!);
        Assert.Contains(result["warnings"]!.AsArray(), w => ((string)w!).StartsWith("有2行当面提出的申请没有提交日期", StringComparison.Ordinal));
        var cases = new List<JsonNode>();
        foreach (var entry in result["cases"]!.AsArray()) cases.Add(await Ok(s.Handler.GetAsync($"/api/cases/{entry!["id"]}")));
        Assert.Equal(["2025-01-06", "2025-01-07"], cases.Select(c => (string?)c["submittedOn"]));
        Assert.Equal(["2025-01-06", "2025-01-07"], cases.Select(c => (string?)c["receivedOn"]));
        Assert.All(cases, c => Assert.Equal("NaturalPerson", (string?)c["applicant"]!["kind"]));
        Assert.Equal("Closed", (string?)cases[0]["status"]);
        Assert.NotEqual("Closed", (string?)cases[1]["status"]);
        var report = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Child}&format=gov2021"));
        Assert.Equal(2, (int)report["table3"]!["new_received"]!["natural_person"]!);
    }
}
