using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// Issue 20 item 2, a fourth and further consultation per case: numbered columns without a fixed limit (consultation4… or
/// 第四次征求意见类型 … read when present), and an export with as many numbered groups as its widest case needs, reading back as the same cases.
/// </summary>
public class ImportManyConsultationsTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly string[] Parties = ["甲公司", "市住建局", "乙公司", "丙公司", "市自然资源局"];

    // The first consultation unnumbered, the second and third as the template names them, the fourth as 第四次…, the fifth by its key.
    private static readonly string[][] Groups =
    [
        ["征求意见类型", "征求意见对象", "征求意见日期", "征求意见回复日期", "征求意见结果"],
        ["第二次征求意见类型", "第二次征求意见对象", "第二次征求意见日期", "第二次征求意见回复日期", "第二次征求意见结果"],
        ["征求意见类型3", "征求意见对象3", "征求意见日期3", "征求意见回复日期3", "征求意见结果3"],
        ["第四次征求意见类型", "第四次征求意见对象", "第四次征求意见日期", "第四次征求意见回复日期", "第四次征求意见结果"],
        ["consultation5Kind", "consultation5Party", "consultation5SentOn", "consultation5RepliedOn", "consultation5Consents"],
    ];

    private static byte[] Register()
    {
        string[] head = ["申请人", "申请人类型", "渠道", "提交日期", "申请内容", .. Groups.SelectMany(g => g), "答复结果", "答复日期", "送达方式", "送达日期"];
        var text = new StringBuilder(string.Join(",", head)).Append("\r\n");
        // 周五: five consultations, each sent on a Monday–Friday and answered within the week; 吴六: two.
        string[] sent = ["2026-06-02", "2026-06-08", "2026-06-15", "2026-06-22", "2026-06-29"];
        string[] replied = ["2026-06-05", "2026-06-10", "2026-06-17", "2026-06-24", "2026-07-01"];
        string[] consents = ["不同意", "同意", "", "同意", "不同意"];
        string Row(string name, int consultations, string decided, string delivered)
        {
            var cells = new List<string> { name, "自然人", "当面", "2026-06-01", $"{name}申请的项目审批文件" };
            for (var n = 0; n < Groups.Length; n++)
                cells.AddRange(n < consultations ? [n % 2 == 0 ? "第三方" : "其他机关", Parties[n], sent[n], replied[n], consents[n]] : ["", "", "", "", ""]);
            cells.AddRange(["部分公开", decided, "邮寄", delivered]);
            return string.Join(",", cells);
        }

        text.Append(Row("周五", 5, "2026-07-06", "2026-07-07")).Append("\r\n");
        text.Append(Row("吴六", 2, "2026-06-19", "2026-06-22")).Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<Dictionary<string, JsonNode>> Cases(HttpClient client, string agency)
        => (await Ok(client.GetAsync($"/api/cases?agency={agency}&pageSize=200&sort=number")))["items"]!.AsArray().ToDictionary(c => (string)c!["applicant"]!["name"]!, c => c!);

    [Fact]
    public async Task FiveConsultations_InNumberedColumns_AreReplayedInTheirOrder_WithTheirConsents()
    {
        var s = await Create(factory);
        var preview = await Ok(ImportOfficeRegisterTests.Upload(s.Intake, Register(), "台账.csv", $"?agency={s.Child}&dryRun=true"));
        Assert.True((bool)preview["valid"]!, preview.ToJsonString());
        Assert.DoesNotContain("第四次", preview.ToJsonString()); // no column left out
        await Ok(ImportOfficeRegisterTests.Upload(s.Intake, Register(), "台账.csv", $"?agency={s.Child}"));

        var cases = await Cases(s.Handler, s.Child);
        var history = (await Ok(s.Handler.GetAsync($"/api/cases/{cases["周五"]["id"]}/history")))["items"]!.AsArray();
        Assert.Equal(Parties, history.Where(h => (string?)h!["kind"] == "ConsultationSent").Select(h => (string)h!["details"]!["party"]!));
        Assert.Equal(["false", "true", "null", "true", "false"],
            history.Where(h => (string?)h!["kind"] == "ConsultationReplied").Select(h => h!["details"]!["consents"]?.ToJsonString() ?? "null"));
        Assert.Equal("Closed", (string?)cases["周五"]["status"]);
    }

    [Theory]
    [InlineData("text/csv", "register.csv")]
    [InlineData(XlsxType, "register.xlsx")]
    public async Task Import_Export_Import_OfFiveConsultations_GivesTheSameCases_AndTheExportIsAsWideAsItsWidestCase(string type, string fileName)
    {
        var s = await Create(factory);
        await Ok(ImportOfficeRegisterTests.Upload(s.Intake, Register(), "台账.csv", $"?agency={s.Child}"));
        var exported = await ImportEveryStepTests.Export(s.Handler, s.Child, type);
        if (type == "text/csv")
        {
            var header = Encoding.UTF8.GetString(exported).Split('\n')[0];
            Assert.Contains("第五次征求意见对象", header);
            Assert.DoesNotContain("第六次", header);
        }

        var target = await Create(factory);
        var preview = await Ok(ImportOfficeRegisterTests.Upload(target.Intake, exported, fileName, $"?agency={target.Child}&dryRun=true"));
        Assert.True((bool)preview["valid"]!, preview.ToJsonString());
        await Ok(ImportOfficeRegisterTests.Upload(target.Intake, exported, fileName, $"?agency={target.Child}"));

        var before = await Cases(s.Handler, s.Child);
        var after = await Cases(target.Handler, target.Child);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, original) in before)
        {
            foreach (var field in new[] { "regime", "receivedOn", "status", "dueOn", "outcome", "decidedOn", "closedOn", "closedLate" })
                Assert.True(original[field]?.ToJsonString() == after[name][field]?.ToJsonString(), $"{name}: {field}");
            Assert.Equal(await ImportEveryStepTests.Steps(s.Handler, (string)original["id"]!), await ImportEveryStepTests.Steps(target.Handler, (string)after[name]["id"]!));
        }

        // A register of no more than three consultations per case is exported with the template's three groups, no more.
        var narrow = await Create(factory);
        await Ok(ImportOfficeRegisterTests.Upload(narrow.Intake, Encoding.UTF8.GetBytes(string.Join("\r\n", Encoding.UTF8.GetString(Register()).Split("\r\n").Where(l => !l.StartsWith("周五", StringComparison.Ordinal)))), "台账.csv", $"?agency={narrow.Child}"));
        var narrowHeader = Encoding.UTF8.GetString(await ImportEveryStepTests.Export(narrow.Handler, narrow.Child, "text/csv")).Split('\n')[0];
        Assert.Contains("第三次征求意见对象", narrowHeader);
        Assert.DoesNotContain("第四次", narrowHeader);
    }
}
