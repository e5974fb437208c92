using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Chinese;

/// <summary>
/// api.md Errors: the same bad request gives its detail in Chinese when Accept-Language asks for zh, and in English otherwise
/// (issue 13) — a 409 domain rule, a 400 with field errors, a 403, a 404; and the due date's lines.
/// </summary>
public class ChineseProblemsTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly (string, string) Zh = ("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8");

    private static Task<HttpResponseMessage> Get(HttpClient client, string url, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task DomainRule409_DetailInChineseForZh_EnglishOtherwise()
    {
        // Art. 33 ¶2: one extension only.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        var extension = new { approvedOn = "2026-09-10", workingDays = 10, reason = "需调取档案", applicantNotifiedOn = "2026-09-10" };
        await Ok(s.Approver.Post($"/api/cases/{id}/extension", extension));

        var english = await Refused(s.Approver.Post($"/api/cases/{id}/extension", extension), HttpStatusCode.Conflict);
        var chinese = await Refused(s.Approver.Post($"/api/cases/{id}/extension", extension, Zh), HttpStatusCode.Conflict);

        Assert.Equal("An extension of 10 working days was already approved on 2026-09-10; a case may be extended only once (Art. 33 ¶2).", (string?)english["detail"]);
        Assert.Equal("Refused by a rule", (string?)english["title"]);
        Assert.Equal("已于2026-09-10批准延期10个工作日；一件申请只能延期一次（《条例》第三十三条第二款）。", (string?)chinese["detail"]);
        Assert.Equal("不符合办理规则", (string?)chinese["title"]);
    }

    [Fact]
    public async Task Invalid400_FieldErrorsAndDetailInChineseForZh()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;

        var english = await Refused(s.Handler.Post($"/api/cases/{id}/decision", new { summary = "x" }), HttpStatusCode.BadRequest);
        var chinese = await Refused(s.Handler.Post($"/api/cases/{id}/decision", new { summary = "x" }, ("Accept-Language", "zh")), HttpStatusCode.BadRequest);

        Assert.Equal("decidedOn is required.", (string?)english["errors"]!["decidedOn"]![0]);
        Assert.Equal("答复日期为必填项。", (string?)chinese["errors"]!["decidedOn"]![0]);
        Assert.Equal("输入不正确", (string?)chinese["title"]);
        Assert.DoesNotContain("required", (string?)chinese["detail"]);
        Assert.Contains("为必填项", (string?)chinese["detail"]);

        // A domain field refusal (InvalidInputException): the date in the future.
        var future = await Refused(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2099-01-01", outcome = "Disclosed" }, Zh), HttpStatusCode.BadRequest);
        Assert.StartsWith("2099-01-01是将来的日期（今天是", (string?)future["errors"]!["decidedOn"]![0]);
    }

    private static Task<HttpResponseMessage> PostText(HttpClient client, string url, string json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return client.SendAsync(request);
    }

    /// <summary>Trial finding 7 (issue 14): every field a Chinese validation message names is named in Chinese, in errors and detail.</summary>
    [Fact]
    public async Task Invalid400_NamesEveryFieldInChinese_ForZh_AndKeepsTheEnglishForEn()
    {
        var s = await Create(factory);
        // A registration missing its channel, date, description and applicant name, with a bad agency code and a too-long phone.
        var body = new
        {
            agencyCode = "坏代码", submittedOn = (string?)null, description = " ",
            applicant = new { kind = "NaturalPerson", name = "", phone = new string('1', 41) },
        };
        var english = await Refused(s.Intake.Post("/api/cases", body, ("Accept-Language", "en")), HttpStatusCode.BadRequest);
        var chinese = await Refused(s.Intake.Post("/api/cases", body, Zh), HttpStatusCode.BadRequest);

        var englishErrors = english["errors"]!.AsObject();
        var chineseErrors = chinese["errors"]!.AsObject();
        Assert.Equal(englishErrors.Select(e => e.Key).Order(), chineseErrors.Select(e => e.Key).Order()); // the keys stay the API's names
        Assert.Equal("channel is required.", (string?)englishErrors["channel"]![0]);
        Assert.Equal("applicant.name is required.", (string?)englishErrors["applicant.name"]![0]);
        Assert.Equal("申请渠道为必填项。", (string?)chineseErrors["channel"]![0]);
        Assert.Equal("提交日期为必填项。", (string?)chineseErrors["submittedOn"]![0]);
        Assert.Equal("申请内容为必填项。", (string?)chineseErrors["description"]![0]);
        Assert.Equal("申请人姓名（名称）为必填项。", (string?)chineseErrors["applicant.name"]![0]);
        Assert.StartsWith("机关代码", (string?)chineseErrors["agencyCode"]![0]);
        Assert.StartsWith("申请人联系电话", (string?)chineseErrors["applicant.phone"]![0]);
        foreach (var (field, messages) in chineseErrors)
        foreach (var message in messages!.AsArray())
            Assert.DoesNotContain(field.Split('.')[^1], (string?)message, StringComparison.OrdinalIgnoreCase);
        var detail = (string?)chinese["detail"];
        Assert.DoesNotMatch("channel|submittedOn|description|applicant|agencyCode", detail);
        Assert.Contains("申请渠道为必填项。", detail);
        Assert.Contains("channel is required.", (string?)english["detail"]);

        // A reason left out of an extension (the trial's example: reason为必填项。).
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        var noReason = new { approvedOn = "2026-09-10", workingDays = 10, applicantNotifiedOn = "2026-09-10" };
        var zhReason = await Refused(s.Approver.Post($"/api/cases/{id}/extension", noReason, Zh), HttpStatusCode.BadRequest);
        var enReason = await Refused(s.Approver.Post($"/api/cases/{id}/extension", noReason), HttpStatusCode.BadRequest);
        Assert.Equal("理由为必填项。", (string?)zhReason["errors"]!["reason"]![0]);
        Assert.Equal("reason is required.", (string?)enReason["errors"]!["reason"]![0]);
    }

    /// <summary>Trial finding 7 (issue 14): a body that is not JSON is a 400 problem saying so in Chinese, with its line, for zh.</summary>
    [Fact]
    public async Task MalformedJsonBody_Is400_WithAChineseSentenceAndTheLine_ForZh()
    {
        var s = await Create(factory);
        const string broken = "{\n  \"agencyCode\": \"CX\",\n  \"channel\": InPerson\n}";
        var chinese = await Refused(PostText(s.Intake, "/api/cases", broken, Zh), HttpStatusCode.BadRequest);
        var english = await Refused(PostText(s.Intake, "/api/cases", broken, ("Accept-Language", "en")), HttpStatusCode.BadRequest);

        Assert.StartsWith("请求正文不是有效的 JSON：第3行第", (string?)chinese["detail"]);
        Assert.DoesNotMatch("[A-Za-z]{3,}", ((string?)chinese["detail"])!.Replace("JSON", ""));
        Assert.Equal("输入不正确", (string?)chinese["title"]);
        Assert.StartsWith("请求正文不是有效的 JSON：第3行", (string?)chinese["errors"]!["body"]![0]);
        Assert.StartsWith("The request body is not valid JSON at line 3, byte ", (string?)english["detail"]);
        Assert.Equal(400, (int?)chinese["status"]);

        // Nothing registered by either.
        var list = await Ok(s.Intake.GetAsync($"/api/cases?agency={s.Child}"));
        Assert.Equal(0, (int?)list["total"]);
    }

    [Fact]
    public async Task Forbidden403_DetailInChineseForZh()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        var extension = new { approvedOn = "2026-09-10", workingDays = 10, reason = "需调取档案", applicantNotifiedOn = "2026-09-10" };

        var english = await Refused(s.Handler.Post($"/api/cases/{id}/extension", extension), HttpStatusCode.Forbidden);
        var chinese = await Refused(s.Handler.Post($"/api/cases/{id}/extension", extension, Zh), HttpStatusCode.Forbidden);

        Assert.StartsWith("This needs the role", (string?)english["detail"]);
        Assert.StartsWith("此操作需要", (string?)chinese["detail"]);
        Assert.Contains("审批人", (string?)chinese["detail"]);
        Assert.Contains($"您的角色是承办人（所属机关{s.Child} 测试州人民政府）", (string?)chinese["detail"]);
        Assert.Contains($"(agency {s.Child} 测试州人民政府)", (string?)english["detail"]);
        Assert.Equal("无权操作", (string?)chinese["title"]);
    }

    [Fact]
    public async Task NotFound404_DetailInChineseForZh()
    {
        var s = await Create(factory);
        var id = Guid.NewGuid();

        var english = await Refused(Get(s.Handler, $"/api/cases/{id}"), HttpStatusCode.NotFound);
        var chinese = await Refused(Get(s.Handler, $"/api/cases/{id}", Zh), HttpStatusCode.NotFound);

        Assert.Equal($"There is no case {id}.", (string?)english["detail"]);
        Assert.Equal($"不存在案件{id}。", (string?)chinese["detail"]);
        Assert.Equal("未找到", (string?)chinese["title"]);
    }

    [Fact]
    public async Task UnsupportedMediaType415_DetailInChineseForZh()
    {
        var s = await Create(factory);
        async Task<JsonNode> Send(bool zh)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
            {
                Content = new StringContent("{}", System.Text.Encoding.Latin1, "application/json"),
            };
            request.Content.Headers.ContentType!.CharSet = "iso-8859-1";
            if (zh) request.Headers.TryAddWithoutValidation("Accept-Language", "zh-Hans");
            return await Refused(s.Intake.SendAsync(request), HttpStatusCode.UnsupportedMediaType);
        }

        Assert.StartsWith("The request body is sent as charset", (string?)(await Send(false))["detail"]);
        var chinese = await Send(true);
        Assert.Equal("请求内容的字符集为“iso-8859-1”，本系统只接受 UTF-8。请以 UTF-8 发送（电子表格请另存为“CSV UTF-8”）。", (string?)chinese["detail"]);
        Assert.Equal("不支持的内容类型", (string?)chinese["title"]);
    }

    [Fact]
    public async Task Deadline_LinesInChineseForZh()
    {
        // Art. 33: 20 working days from the day after receipt; 中秋节 2026-09-25 skipped, 2026-09-20 a 国庆节 make-up day.
        var s = await Create(factory);
        var id = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;

        var english = await Ok(Get(s.Handler, $"/api/cases/{id}/deadline"));
        var chinese = await Ok(Get(s.Handler, $"/api/cases/{id}/deadline", Zh));

        Assert.StartsWith("Regime 2019", (string?)english["explanation"]!["lines"]![0]);
        var lines = chinese["explanation"]!["lines"]!.AsArray().Select(l => (string)l!).ToList();
        Assert.Equal("适用2019年条例（《条例》第三十三条：20个工作日）：自2026-09-01（收到申请之日）次日起算20个工作日。", lines[0]);
        Assert.Contains("跳过中秋节2026-09-25（星期五）。", lines);
        Assert.Contains("答复期限2026-09-29：共计20个工作日。", lines);
        Assert.Equal((string?)english["explanation"]!["dueOn"], (string?)chinese["explanation"]!["dueOn"]);
    }
}
