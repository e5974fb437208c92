using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;
using Scenario = CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// Issue 20 items 2–3: a past register with every step — several consultations with their consents, deferral, extension, 补正,
/// fees of both regimes (按件, 按量, 2008 cost fees reduced, waived, unpaid), on-the-spot answer — imports through the steps of live
/// entry, exports with the same columns, and imports again into another agency as the same cases. Today is 2026-11-25.
/// </summary>
public class ImportEveryStepTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly string[] Header =
    [
        "申请人", "申请人类型", "渠道", "提交日期", "申请内容",
        "补正通知日期", "补正事项", "收到补正日期",
        "征求意见类型", "征求意见对象", "征求意见日期", "征求意见回复日期", "征求意见结果",
        "第二次征求意见类型", "第二次征求意见对象", "第二次征求意见日期", "第二次征求意见回复日期", "第二次征求意见结果",
        "征求意见类型3", "征求意见对象3", "征求意见日期3", "征求意见回复日期3",
        "延期批准日期", "延期工作日", "延期理由", "延期告知日期", "延期批准人",
        "延迟答复批准日期", "延迟答复期限", "延迟答复理由", "延迟答复批准人",
        "收费方式", "收费通知日期", "计费页数", "当月申请序号", "检索费", "复制费", "邮寄费", "收费金额", "减免日期", "减免后金额", "减免理由", "缴费日期",
        "答复结果", "答复日期", "送达方式", "送达日期", "终止日期",
    ];

    /// <summary>One register row: the applicant (unique per row), the receipt date, and the other cells by header.</summary>
    private static Dictionary<string, string> Row(string applicant, string received, params (string Column, string Value)[] cells)
    {
        var row = new Dictionary<string, string> { ["申请人"] = applicant, ["申请人类型"] = "自然人", ["渠道"] = "当面", ["提交日期"] = received, ["申请内容"] = $"{applicant}申请的政府信息" };
        foreach (var (column, value) in cells) row[column] = value;
        return row;
    }

    private static byte[] Csv(IEnumerable<Dictionary<string, string>> rows)
    {
        var text = new StringBuilder(string.Join(",", Header)).Append("\r\n");
        foreach (var row in rows) text.Append(string.Join(",", Header.Select(h => row.GetValueOrDefault(h, "")))).Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A past register of both regimes with every importable step, each row's facts written as an office records them.</summary>
    private static byte[] Register() => Csv(
    [
        // Regime 2008 cost fees (2008 Art. 27): typed by item; one reduced (经济困难, 2008 Art. 28), one waived; method inferred from the items.
        Row("赵一", "2017-03-06", ("收费方式", "成本费用"), ("收费通知日期", "2017-03-08"), ("检索费", "20"), ("复制费", "45.50"), ("收费金额", "65.5"), ("缴费日期", "2017-03-10"),
            ("答复结果", "同意公开"), ("答复日期", "2017-03-13"), ("送达方式", "邮寄"), ("送达日期", "2017-03-14")),
        Row("钱二", "2017-05-08", ("收费通知日期", "2017-05-09"), ("复制费", "100"), ("邮寄费", "12元"), ("减免日期", "2017-05-10"), ("减免后金额", "56"),
            ("减免理由", "经济困难，减半收取"), ("缴费日期", "2017-05-11"), ("答复结果", "同意公开"), ("答复日期", "2017-05-12"), ("送达方式", "邮寄"), ("送达日期", "2017-05-12")),
        Row("孙三", "2017-05-08", ("收费通知日期", "2017-05-09"), ("复制费", "30"), ("减免后金额", "0"), ("减免理由", "低保户，免收"),
            ("答复结果", "同意公开"), ("答复日期", "2017-05-12"), ("送达方式", "邮寄"), ("送达日期", "2017-05-12")),
        // Regime 2008: the third party's time is not counted, without cap (law.md §4 example: due 2018-04-24); it consented.
        Row("李四", "2018-03-05", ("征求意见类型", "第三方"), ("征求意见对象", "某建筑公司"), ("征求意见日期", "2018-03-07"), ("征求意见回复日期", "2018-04-04"),
            ("征求意见结果", "同意"), ("答复结果", "同意公开"), ("答复日期", "2018-04-20"), ("送达方式", "邮寄"), ("送达日期", "2018-04-24")),
        // Regime 2019: three consultations, each with its consent (不同意, 同意, none stated).
        Row("周五", "2026-06-01", ("征求意见类型", "第三方"), ("征求意见对象", "甲公司"), ("征求意见日期", "2026-06-02"), ("征求意见回复日期", "2026-06-05"), ("征求意见结果", "不同意"),
            ("第二次征求意见类型", "其他机关"), ("第二次征求意见对象", "市住建局"), ("第二次征求意见日期", "2026-06-08"), ("第二次征求意见回复日期", "2026-06-10"), ("第二次征求意见结果", "同意"),
            ("征求意见类型3", "第三方"), ("征求意见对象3", "乙公司"), ("征求意见日期3", "2026-06-11"), ("征求意见回复日期3", "2026-06-12"),
            ("答复结果", "部分公开"), ("答复日期", "2026-06-15"), ("送达方式", "邮寄"), ("送达日期", "2026-06-16")),
        Row("吴六", "2026-06-01", ("延迟答复批准日期", "2026-06-03"), ("延迟答复期限", "2026-08-31"), ("延迟答复理由", "申请数量明显超过合理范围"), ("延迟答复批准人", "王主任"),
            ("答复结果", "予以公开"), ("答复日期", "2026-08-20"), ("送达方式", "邮寄"), ("送达日期", "2026-08-21")),
        Row("郑七", "2026-06-01", ("收费方式", "按量"), ("收费通知日期", "2026-06-02"), ("计费页数", "150"), ("收费金额", "1700"), ("减免日期", "2026-06-03"),
            ("减免后金额", "850"), ("减免理由", "经济困难"), ("缴费日期", "2026-06-05"), ("答复结果", "予以公开"), ("答复日期", "2026-06-10"), ("送达方式", "邮寄"), ("送达日期", "2026-06-11")),
        Row("王八", "2026-06-01", ("收费方式", "按件"), ("收费通知日期", "2026-06-02"), ("当月申请序号", "12"), ("收费金额", "100"), ("缴费日期", "2026-06-04"),
            ("答复结果", "予以公开"), ("答复日期", "2026-06-08"), ("送达方式", "邮寄"), ("送达日期", "2026-06-09")),
        Row("冯九", "2026-06-01", ("收费方式", "按量"), ("收费通知日期", "2026-06-02"), ("计费页数", "50"), ("答复结果", "逾期未缴费"), ("终止日期", "2026-08-03")),
        Row("陈十", "2026-06-01", ("答复结果", "予以公开"), ("送达方式", "当场答复")),
        Row("褚十一", "2026-06-01", ("延期批准日期", "2026-06-26"), ("延期工作日", "20"), ("延期理由", "需要调取档案"), ("延期告知日期", "2026-06-26"), ("延期批准人", "王主任"),
            ("答复结果", "予以公开"), ("答复日期", "2026-07-20"), ("送达方式", "邮寄"), ("送达日期", "2026-07-21")),
        Row("卫十二", "2026-06-01", ("补正通知日期", "2026-06-02"), ("补正事项", "具体年份"), ("收到补正日期", "2026-06-05"),
            ("答复结果", "予以公开"), ("答复日期", "2026-06-22"), ("送达方式", "邮寄"), ("送达日期", "2026-06-23")),
    ]);

    private static async Task<JsonArray> Cases(HttpClient client, string agency)
        => (await Ok(client.GetAsync($"/api/cases?agency={agency}&pageSize=200&sort=number")))["items"]!.AsArray();

    /// <summary>Every step of a case's history (not voided) with its date and details, the random consultation ids left out.</summary>
    internal static async Task<List<string>> Steps(HttpClient client, string id)
        => (await Ok(client.GetAsync($"/api/cases/{id}/history")))["items"]!.AsArray()
            .Where(h => h!["voided"] is null && (string?)h["kind"] is not ("Registered" or "ImportedRemark"))
            .Select(h =>
            {
                var details = h!["details"]?.DeepClone().AsObject() ?? [];
                details.Remove("consultationId");
                return $"{h["kind"]} {h["actingOn"]} due {h["dueBefore"]}→{h["dueAfter"]} {details.ToJsonString()}";
            }).ToList();

    internal static async Task<byte[]> Export(HttpClient client, string agency, string type)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases?agency={agency}");
        request.Headers.TryAddWithoutValidation("Accept", type);
        var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task PastRegister_WithEveryStep_ImportsThroughTheStepsOfLiveEntry()
    {
        var s = await Create(factory);
        var preview = await Ok(ImportOfficeRegisterTests.Upload(s.Intake, Register(), "台账.csv", $"?agency={s.Child}&dryRun=true"));
        Assert.True((bool)preview["valid"]!, preview.ToJsonString());
        await Ok(ImportOfficeRegisterTests.Upload(s.Intake, Register(), "台账.csv", $"?agency={s.Child}"));
        var cases = (await Cases(s.Handler, s.Child)).ToDictionary(c => (string)c!["applicant"]!["name"]!);
        Assert.Equal(12, cases.Count);

        async Task<JsonArray> History(string name) => (await Ok(s.Handler.GetAsync($"/api/cases/{cases[name]!["id"]}/history")))["items"]!.AsArray();
        JsonNode? Of(JsonArray history, string kind) => history.LastOrDefault(h => (string?)h!["kind"] == kind)?["details"];

        var zhou = await History("周五");
        Assert.Equal(["false", "true", "null"], zhou.Where(h => (string?)h!["kind"] == "ConsultationReplied").Select(h => h!["details"]!["consents"]?.ToJsonString() ?? "null"));
        Assert.Equal(["甲公司", "市住建局", "乙公司"], zhou.Where(h => (string?)h!["kind"] == "ConsultationSent").Select(h => (string)h!["details"]!["party"]!));
        Assert.Equal("2018-04-24", (string?)cases["李四"]!["dueOn"]); // law.md §4's 2008 example
        Assert.Equal("2026-08-31", (string?)cases["吴六"]!["dueOn"]);
        Assert.True((bool)cases["褚十一"]!["extended"]!);
        Assert.Equal("Other.FeeUnpaid", (string?)cases["冯九"]!["outcome"]);
        Assert.Equal("2026-06-01", (string?)cases["陈十"]!["closedOn"]);

        var zheng = await History("郑七");
        Assert.Equal(1700m, (decimal)Of(zheng, "FeeNoticeIssued")!["amountYuan"]!);
        Assert.Equal(850m, (decimal)Of(zheng, "FeePaid")!["amountYuan"]!);
        Assert.Equal(100m, (decimal)Of(await History("王八"), "FeePaid")!["amountYuan"]!);
        var zhao = await History("赵一");
        Assert.Equal("Cost", (string?)Of(zhao, "FeeNoticeIssued")!["method"]);
        Assert.Equal(65.5m, (decimal)Of(zhao, "FeePaid")!["amountYuan"]!);
        Assert.Equal(56m, (decimal)Of(await History("钱二"), "FeePaid")!["amountYuan"]!);
        var sun = await History("孙三");
        Assert.Equal(0m, (decimal)Of(sun, "FeeReduced")!["toYuan"]!);
        Assert.Null(Of(sun, "FeePaid"));
    }

    [Theory]
    [InlineData("text/csv", "register.csv")]
    [InlineData(XlsxType, "register.xlsx")]
    public async Task Import_Export_Import_GivesTheSameCases_WithEveryStep(string type, string fileName)
    {
        var s = await Create(factory);
        await Ok(ImportOfficeRegisterTests.Upload(s.Intake, Register(), "台账.csv", $"?agency={s.Child}"));
        var exported = await Export(s.Handler, s.Child, type);

        var target = await Create(factory);
        var preview = await Ok(ImportOfficeRegisterTests.Upload(target.Intake, exported, fileName, $"?agency={target.Child}&dryRun=true"));
        Assert.True((bool)preview["valid"]!, preview.ToJsonString());
        await Ok(ImportOfficeRegisterTests.Upload(target.Intake, exported, fileName, $"?agency={target.Child}"));

        var before = (await Cases(s.Handler, s.Child)).ToDictionary(c => (string)c!["applicant"]!["name"]!);
        var after = (await Cases(target.Handler, target.Child)).ToDictionary(c => (string)c!["applicant"]!["name"]!);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, original) in before)
        {
            var imported = after[name]!;
            foreach (var field in new[] { "channel", "regime", "submittedOn", "receivedOn", "status", "dueOn", "extended", "outcome", "decidedOn", "closedOn", "closedLate" })
                Assert.True(original![field]?.ToJsonString() == imported[field]?.ToJsonString(),
                    $"{name}: {field} {original[field]?.ToJsonString()} first imported, {imported[field]?.ToJsonString()} after the round trip");
            Assert.Equal(await Steps(s.Handler, (string)original!["id"]!), await Steps(target.Handler, (string)imported["id"]!));
        }
    }

    [Fact]
    public async Task Legacy2017Report_OfAnImportedPrefectureRegister_CountsItsCostFees_In万元()
    {
        // Issue 20 item 3: a 2017 prefecture register with cost fees at several agencies (one reduced, one waived), imported;
        // row 七 of the tree's legacy 2017 report = the fees received in 2017 in 万元 (reports.md §3), the sum of its members (§5).
        var s = await Create(factory);
        string[] counties = [s.Child + "A", s.Child + "B"];
        foreach (var (code, i) in counties.Select((c, i) => (c, i)))
            (await s.Admin.Post("/api/agencies", new { code, name = $"测试县{i + 1}人民政府", parentCode = s.Child })).EnsureSuccessStatusCode();
        var header = "机关,申请人,申请人类型,渠道,提交日期,申请内容,收费通知日期,检索费,复制费,邮寄费,减免后金额,减免理由,缴费日期,答复结果,答复日期,送达方式,送达日期";
        string[] rows =
        [
            $"{s.Child},赵一,自然人,当面,2017-03-06,州规划文件,2017-03-08,20,45.5,,,,2017-03-10,予以公开,2017-03-13,邮寄,2017-03-14",
            $"{counties[0]},钱二,自然人,当面,2017-05-08,县预算,2017-05-09,,100,12,56,经济困难,2017-05-11,予以公开,2017-05-12,邮寄,2017-05-12",
            $"{counties[0]},孙三,自然人,当面,2017-05-08,县决算,2017-05-09,,30,,0,低保户免收,,予以公开,2017-05-12,邮寄,2017-05-12",
            $"{counties[1]},李四,自然人,当面,2017-09-04,县征地文件,2017-09-05,300,900,34,,,2017-09-07,予以公开,2017-09-08,邮寄,2017-09-08",
            $"{counties[1]},周五,自然人,当面,2017-12-18,县拆迁文件,2017-12-20,,80,,,,2018-01-03,予以公开,2018-01-04,邮寄,2018-01-04",
        ];
        var file = Encoding.UTF8.GetBytes(header + "\r\n" + string.Join("\r\n", rows) + "\r\n");
        var imported = await Ok(ImportOfficeRegisterTests.Upload(s.Admin, file, "2017台账.csv", ""));
        Assert.Equal(5, (int)imported["imported"]!);

        async Task<decimal> Row七(string agency, bool subtree, int year = 2017)
            => (decimal)(await Ok(s.Supervisor.GetAsync($"/api/reports/annual/{year}?agency={agency}&subtree={(subtree ? "true" : "false")}&format=legacy")))["rows"]!["fees.total"]!;

        // 65.5 yuan (0.0066 万元: 0.00655 rounded); 56 (the waived 30 is not received); 1,234; the 80 paid in 2018 counts in 2018.
        var members = new[] { await Row七(s.Child, false), await Row七(counties[0], false), await Row七(counties[1], false) };
        Assert.Equal([0.0066m, 0.0056m, 0.1234m], members);
        Assert.Equal(members.Sum(), await Row七(s.Child, true));
        Assert.Equal(0.1356m, await Row七(s.Child, true));
        Assert.Equal(0.0080m, await Row七(s.Child, true, 2018));
    }
    [Fact]
    public async Task StepColumns_ThatBreakARule_AreRowErrorsNamingTheirColumn_AndNothingIsWritten()
    {
        var s = await Create(factory);
        var file = Csv(
        [
            // A consent without its reply date.
            Row("甲", "2026-06-01", ("征求意见类型", "第三方"), ("征求意见对象", "甲公司"), ("征求意见日期", "2026-06-02"), ("征求意见结果", "同意")),
            // The second consultation's reply before it was sent: the replay's refusal names the numbered column.
            Row("乙", "2026-06-01", ("征求意见类型", "第三方"), ("征求意见对象", "甲公司"), ("征求意见日期", "2026-06-02"), ("征求意见回复日期", "2026-06-03"),
                ("第二次征求意见类型", "第三方"), ("第二次征求意见对象", "乙公司"), ("第二次征求意见日期", "2026-06-08"), ("第二次征求意见回复日期", "2026-06-05")),
            // 按件 without the request's number in the month.
            Row("丙", "2026-06-01", ("收费方式", "按件"), ("收费通知日期", "2026-06-02")),
            // A stated amount that is not what 150 pages cost (1,700 yuan).
            Row("丁", "2026-06-01", ("收费方式", "按量"), ("收费通知日期", "2026-06-02"), ("计费页数", "150"), ("收费金额", "1500")),
            // A 2008 cost fee on a Regime 2019 case, and an amount that is not one.
            Row("戊", "2026-06-01", ("收费通知日期", "2026-06-02"), ("复制费", "20")),
            Row("己", "2017-03-06", ("收费通知日期", "2017-03-08"), ("复制费", "二十元")),
            // A 信息处理费 on a Regime 2008 case; a deferral on one.
            Row("庚", "2017-03-06", ("收费方式", "按量"), ("收费通知日期", "2017-03-08"), ("计费页数", "150")),
            Row("辛", "2017-03-06", ("延迟答复批准日期", "2017-03-08"), ("延迟答复期限", "2017-05-31"), ("延迟答复理由", "数量大")),
        ]);
        var before = factory.Snapshot();
        var refused = await Refused(ImportOfficeRegisterTests.Upload(s.Intake, file, "台账.csv", $"?agency={s.Child}"), System.Net.HttpStatusCode.BadRequest);
        Assert.Equal(before, factory.Snapshot());
        var preview = await Ok(ImportOfficeRegisterTests.Upload(s.Intake, file, "台账.csv", $"?agency={s.Child}&dryRun=true"));
        var errors = preview["errors"]!.AsArray().Select(e => ((int)e!["row"]!, (string?)e["column"], (string)e["message"]!)).ToList();
        Assert.Contains(errors, e => e is (1, "征求意见结果", _) && e.Item3.Contains("needs 征求意见回复日期", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is (2, "第二次征求意见回复日期", _) && e.Item3.Contains("before the consultation was sent on 2026-06-08", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is (3, "当月申请序号", _));
        Assert.Contains(errors, e => e is (4, "收费金额", _) && e.Item3.Contains("1700", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is (5, "收费通知日期", _) && e.Item3.Contains("apply only to Regime 2008 cases", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is (6, "复制费", _));
        Assert.Contains(errors, e => e is (7, "收费通知日期", _) && e.Item3.StartsWith("PerRequest and PerPage are the 信息处理费 of Regime 2019", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is (8, "延迟答复批准日期", _) && e.Item3.Contains("Regime 2008 has no deferred answer", StringComparison.Ordinal));
        Assert.NotNull(refused["errors"]);
    }
}
