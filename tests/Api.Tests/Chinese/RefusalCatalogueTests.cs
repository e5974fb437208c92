using System.Text.RegularExpressions;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Domain.Translation;

namespace CaseTracker.Api.Tests.Chinese;

/// <summary>No English refusal reaches a clerk: every sentence template of src/**/*.cs has its Chinese (issue 13).</summary>
public sealed partial class RefusalCatalogueTests
{
    /// <summary>Found by the scan but not refusals: a regex, a log template, a term filled into a hole, the OpenAPI texts.</summary>
    private static bool NotARefusal(FoundTemplate found)
        => found.File.EndsWith("Hosting/ApiHost.cs", StringComparison.Ordinal)
           || found.Template.StartsWith('^')
           || Regex.IsMatch(found.Template, @"\{[A-Za-z]")
           || found.Template is "must be" or "act for";

    private static IReadOnlyList<FoundTemplate> Found { get; } = RefusalSources.Scan(TestData.RepositoryRoot).Where(f => !NotARefusal(f)).ToList();

    [Fact]
    public void Scan_FindsTheRefusalsOfEveryLayer()
    {
        Assert.True(Found.Count > 150, $"only {Found.Count} templates found");
        Assert.Contains(Found, f => f.Template == "The receipt date is not confirmed yet; confirm it before deciding.");
        Assert.Contains(Found, f => f.Template == "An extension is at most {0} working days under {1}; {2} were asked.");
        Assert.Contains(Found, f => f.Template == "{0} is required.");
        Assert.Contains(Found, f => f.Template == "There is no case {0}.");
        Assert.Contains(Found, f => f.Template.StartsWith("Regime 2008 has no 补正 pause", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryRefusalTemplate_HasItsChinese()
    {
        var missing = Found.Where(f => !ChineseText.Instance.Knows(f.Template)).Select(f => $"{f.File}:{f.Line}  {f.Template}").ToList();
        Assert.True(missing.Count == 0, "Refusals without Chinese (add them to src/Api/Errors/Refusals.resx):\n" + string.Join("\n", missing));
    }

    [Fact]
    public void EveryRefusal_TranslatedFromASample_LeavesNoEnglishWord()
    {
        var leaks = new List<string>();
        foreach (var found in Found)
        {
            var holes = TemplateTranslator.HoleCount(found.Template);
            var sample = TemplateTranslator.Fill(found.Template, Enumerable.Range(0, holes).Select(i => Samples[i % Samples.Length]).ToArray());
            var chinese = ChineseText.Instance.Zh(sample);
            if (chinese == sample || Leftover(chinese) is { Length: > 0 } left)
                leaks.Add($"{found.File}:{found.Line}  {sample}  →  {chinese}");
        }

        Assert.True(leaks.Count == 0, "English left in the Chinese:\n" + string.Join("\n", leaks));
    }

    [Theory]
    [InlineData("An extension is at most 20 working days under Regime 2019; 25 were asked.", "依2019年条例，延期最长20个工作日；申请延期25个工作日。")]
    [InlineData("An extension of 15 working days was already approved on 2026-03-20; a case may be extended only once (Art. 33 ¶2).",
        "已于2026-03-20批准延期15个工作日；一件申请只能延期一次（《条例》第三十三条第二款）。")]
    [InlineData("This needs the role IntakeOfficer or Administrator; you have CaseHandler (agency CX).", "此操作需要登记员或管理员角色；您的角色是承办人（所属机关CX）。")]
    [InlineData("receivedOn is required. decidedOn is required.", "收到日期为必填项。答复日期为必填项。")]
    [InlineData("Case number CX-2025-00001 is of 2025, but the request was submitted in 2026 and received in 2027.", "案件编号CX-2025-00001属于2025年，但申请提交于2026年，收到于2027年。")]
    [InlineData("Something nobody wrote a template for.", "Something nobody wrote a template for.")]
    public void Zh_FillsTheHolesWithTheirChinese(string english, string chinese) => Assert.Equal(chinese, ChineseText.Instance.Zh(english));

    private static readonly string[] Samples = ["7", "2026-03-02", "CX-2026-00001", "5", "YN"];

    /// <summary>The ASCII words left once codes, identifiers, dates, formats and addresses are taken out.</summary>
    private static string Leftover(string chinese)
    {
        var text = Allowed().Replace(chinese, " ");
        return string.Join(" ", Regex.Matches(text, "[A-Za-z]+").Select(m => m.Value));
    }

    [GeneratedRegex(@"GB \d+(?:-\d+)?|(?<![A-Za-z])[A-Z](?![A-Za-z])|http\(s\)|CX-\d{4}-\d{5}|YN|CX|yyyy-MM-dd|[A-Z][A-Za-z]+(?:\.[A-Z][A-Za-z]+)+|\b[a-z]+(?:[A-Z][a-z]*)+(?:\[\d+\]\.date)?\b|\b(?:Excel|PDF|JPEG|PNG|TIFF|OFD|DOCX|kind|xlsx|xls|UTF-16|GB18030|GBK|ChangeOrSupplement|Withdrawn|PerRequest|PerPage|Signed|Ordinary|Post|method|JSON|CSV|UTF-8|XLSX|MB|https?|multipart|text/csv|X-CSRF-TOKEN|Cookie|GET|Idempotency-Key|webhook|true|false|name|date|year|papers|days|outcome|file|gov2019|gov2021|open|acknowledged|resolved)\b|U\+\w*|/[\w/-]+|[\w.]+@[\w.]+|<[^>]*>")]
    private static partial Regex Allowed();
}

/// <summary>The alert texts a clerk reads (the desk, the mail) in Chinese: every text of src/Domain/Alerts (issue 13).</summary>
public class AlertTextsInChineseTests
{
    [Theory]
    [InlineData("Receipt not confirmed by the next working day (Art. 31).", "收到申请后次一工作日仍未确认收到（《条例》第三十一条）。")]
    [InlineData("The 补正 notice window (7 working days, Art. 30) closes.", "补正告知期限（7个工作日，《条例》第三十条）即将届满。")]
    [InlineData("3 working days or fewer left.", "剩余不超过3个工作日。")]
    [InlineData("No reply from 某公司 after 15 working days; under Regime 2008 the clock stays stopped until the reply (2008 Art. 24 ¶3): chase it or decide without it.",
        "某公司已15个工作日未答复；依2008年条例，答复前计时一直中止（2008年《条例》第二十四条第三款）：请催告，或不待答复作出决定。")]
    [InlineData("No reply from 某公司; the clock has resumed (Art. 32, 34).", "某公司未答复；计时已恢复（《条例》第三十二条、第三十四条）。")]
    [InlineData("The deadline passed; close the case as Other.FeeUnpaid or record what came in.", "期限已届满；请以 Other.FeeUnpaid 办结，或登记收到的材料。")]
    [InlineData("The State Council holiday notice for 2027 is not loaded; dates counted into 2027 are provisional.", "尚未载入国务院2027年节假日安排通知；计入2027年的日期均为临时日期。")]
    [InlineData("The 2026 annual report is due by 2027-01-31 and not published.", "2026年度报告应于2027-01-31前发布，尚未发布。")]
    [InlineData("The 2026 roll-up of the subordinate agencies is due by 2027-03-31 and not published.", "2026年度下级机关汇总报告应于2027-03-31前发布，尚未发布。")]
    public void AlertDetails_HaveTheirChinese(string english, string chinese) => Assert.Equal(chinese, ChineseText.Instance.Zh(english));

    [Fact]
    public void EveryAlertKind_HasItsChineseName()
        => Assert.All(Enum.GetNames<CaseTracker.Domain.Alerts.AlertKind>(), k => Assert.DoesNotMatch("[A-Za-z]", ChineseText.Instance.Term(k)));
}
