using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Desk;

/// <summary>
/// The case page's timeline after the trial of issue 16: a correction shows its reason and each field before → after
/// (personal data masked) and the due date before → after, a voided step its name, an imported 备注 its text — all in
/// Chinese, never a raw event kind or field name.
/// </summary>
public class CaseTimelineTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static string Timeline(string page)
    {
        var table = Regex.Match(page, "<table class=\"list\" id=\"timeline\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.NotEmpty(table);
        return System.Net.WebUtility.HtmlDecode(Regex.Replace(table, "<[^>]+>", " "));
    }

    [Fact]
    public async Task Timeline_ShowsEachCorrectionsFieldsAndDueDate_BeforeAfter_MaskedAndInChinese()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-06-01", idNumber: "11010519491231002X"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/correction", new
        {
            reason = "登记时误录了提交日期和电话",
            submittedOn = "2026-06-03",
            deliveryForm = "Paper",
            applicant = new { name = "张三", phone = "13900001111" },
        }));
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-06-10", outcome = "Withheld.StateSecret", summary = "涉密" }));
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-06-11", method = "Post" }));
        await Ok(s.Approver.Post($"/api/cases/{id}/void-last-step", new { reason = "送达回证日期录错" }));
        await Ok(s.Approver.Post($"/api/cases/{id}/decision-amendment", new { reason = "实为予以公开", outcome = "Disclosed" }));

        var handler = factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler);
        var timeline = Timeline(await handler.GetStringAsync($"/cases/{id}"));
        Assert.Contains("更正登记信息：登记时误录了提交日期和电话", timeline);
        Assert.Contains("提交日期：2026-06-01 → 2026-06-03", timeline);
        Assert.Contains("收到日期：2026-06-01 → 2026-06-03", timeline);
        Assert.Contains("获取信息的方式：（空） → 纸质", timeline);
        Assert.Matches(@"联系电话：（空） → 139\*+1111", timeline); // masked, as the history keeps it
        Assert.DoesNotContain("13900001111", timeline);
        var corrected = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/history")))["items"]!.AsArray().Single(h => (string?)h!["kind"] == "RegistrationCorrected")!;
        Assert.NotEqual((string?)corrected["dueBefore"], (string?)corrected["dueAfter"]);
        Assert.Contains($"答复期限：{corrected["dueBefore"]} → {corrected["dueAfter"]}", timeline);
        Assert.Contains("撤销上一步：送达回证日期录错", timeline);
        Assert.Contains("撤销的环节：送达（2026-06-11）", timeline);
        Assert.Contains("更正答复决定：实为予以公开", timeline);
        Assert.Matches("办理结果：[^→]*属于国家秘密[^→]* → [^→]*予以公开", timeline);
        foreach (var english in new[] { "RegistrationCorrected", "StepVoided", "DecisionAmended", "Delivered", "submittedOn", "applicant.", "Withheld", "Disclosed", "Paper" })
            Assert.DoesNotContain(english, timeline); // no kind, field or code left in English
    }

    [Fact]
    public async Task Timeline_ShowsAnImportedRemark_InChinese_WithItsText()
    {
        var s = await Create(factory);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(RegisterFile.Csv(
            RegisterFile.Row(s.Child, "InPerson", "2026-09-01", ("note", "申请人电话告知已另行取得部分信息")))));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "register.csv");
        var imported = await Ok(s.Intake.PostAsync("/api/cases/import", form));
        var id = (string)imported["cases"]!.AsArray().Single()!["id"]!;

        var handler = factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler);
        var timeline = Timeline(await handler.GetStringAsync($"/cases/{id}"));
        Assert.Contains("导入的备注：申请人电话告知已另行取得部分信息", timeline);
        Assert.DoesNotContain("ImportedRemark", timeline);
    }

    [Fact]
    public async Task Timeline_ShowsACostFeeNoticesItemsAndAmount_AndThePayment()
    {
        // Trial B finding 4: a Regime 2008 cost fee (2008 Art. 27) showed only 发出收费通知 and 缴纳费用, without items or amounts.
        var s = await Create(factory);
        var registered = await Ok(s.Admin.Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2018-03-05",
            applicant = new { kind = "NaturalPerson", name = "王五" }, description = "2016年城区道路改造工程预算",
        }));
        var id = (string)registered["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/fee-notice", new
        {
            issuedOn = "2018-03-06", method = "Cost",
            items = new[] { new { kind = "Search", amountYuan = 20m }, new { kind = "Copy", amountYuan = 45.5m }, new { kind = "Post", amountYuan = 12m } },
        }));
        await Ok(s.Handler.Post($"/api/cases/{id}/fee-payment", new { paidOn = "2018-03-08", amountYuan = 77.5m }));

        var handler = factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler);
        var timeline = Timeline(await handler.GetStringAsync($"/cases/{id}"));
        Assert.Contains("收取成本费用（出具收据）：检索费 20 元、复制费 45.5 元、邮寄费 12 元，共 77.5 元", timeline);
        Assert.Contains("缴纳费用：77.5 元", timeline);
        foreach (var english in new[] { "Search", "Copy", "Post", "FeeNoticeIssued", "FeePaid" })
            Assert.DoesNotContain(english, timeline);
    }
}
