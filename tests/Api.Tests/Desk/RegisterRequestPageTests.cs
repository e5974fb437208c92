using System.Net;
using System.Text.RegularExpressions;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Desk;

/// <summary>登记申请 rendered through the test server with a signed-in cookie (desk.md).</summary>
public class RegisterRequestPageTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    internal static async Task<HttpResponseMessage> PostForm(HttpClient browser, string url, string formName, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync(url);
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value),
        };
        return await browser.PostAsync(url, new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task Register_InPerson_ShowsTheDueDateAtOnce_SavesOnce_AndMasksTheIdNumber()
    {
        var s = await Create(factory);
        var browser = factory.SignedIn($"intake-{s.Child}", s.Child, Roles.IntakeOfficer);
        var page = await browser.GetStringAsync("/intake?channel=InPerson&kind=NaturalPerson");
        Assert.Contains("递交日期", page);
        Assert.Contains("答复期限：2026-12-23", page); // today 2026-11-25 + 20 working days
        Assert.DoesNotContain("签收日期", page);

        var fields = new Dictionary<string, string>
        {
            ["channel"] = "InPerson", ["kind"] = "NaturalPerson", ["IdempotencyKey"] = "k-" + s.Child, ["action"] = "save",
            ["submittedOn"] = "2026-11-25", ["name"] = "张三", ["idNumber"] = "11010519491231002X", ["description"] = "2025年城市道路维修预算",
        };
        var first = await PostForm(browser, "/intake?channel=InPerson", "register", fields);
        var html = await first.Content.ReadAsStringAsync();
        Assert.True(first.IsSuccessStatusCode, html);
        Assert.Contains("1101**********002X", html);
        Assert.DoesNotContain("11010519491231002X", html);
        var second = await (await PostForm(browser, "/intake?channel=InPerson", "register", fields)).Content.ReadAsStringAsync();
        var number = Regex.Match(html, $"{s.Child}-2026-\\d+").Value;
        Assert.Contains(number, second);
        var list = await Ok(s.Intake.GetAsync("/api/cases"));
        Assert.Equal(1, (int)list["total"]!);
    }

    [Fact]
    public async Task Register_WithProblems_ShowsThemBesideTheFieldsInChinese_AndKeepsWhatWasTyped()
    {
        var s = await Create(factory);
        var browser = factory.SignedIn($"intake-{s.Child}", s.Child, Roles.IntakeOfficer);
        var response = await PostForm(browser, "/intake?channel=LetterSigned", "register", new Dictionary<string, string>
        {
            ["channel"] = "LetterSigned", ["kind"] = "NaturalPerson", ["IdempotencyKey"] = "k2-" + s.Child, ["action"] = "save",
            ["submittedOn"] = "2026-11-20", ["receivedOn"] = "2026-13-01", ["name"] = "李四", ["idNumber"] = "110105194912310021", ["description"] = "",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("“2026-13-01”不是日期", html);
        Assert.Contains("校验码不符（GB 11643-1999）：有数字输错；按这17位数字，第18位应为X。", html);
        Assert.Contains("value=\"李四\"", html);
        Assert.Contains("value=\"110105194912310021\"", html);
        Assert.Equal(0, (int)(await Ok(s.Intake.GetAsync("/api/cases")))["total"]!);

        // The command's own refusal (no description) beside its field.
        response = await PostForm(browser, "/intake?channel=LetterSigned", "register", new Dictionary<string, string>
        {
            ["channel"] = "LetterSigned", ["kind"] = "Commercial", ["IdempotencyKey"] = "k3-" + s.Child, ["action"] = "save",
            ["submittedOn"] = "2026-11-20", ["receivedOn"] = "2026-11-21", ["name"] = "某公司", ["description"] = " ",
        });
        html = await response.Content.ReadAsStringAsync();
        Assert.Matches("id=\"description-error\"[^>]*>必填。", html);
        Assert.Contains("统一社会信用代码", html);
    }

    [Fact]
    public async Task Register_IsForIntakeOfficers()
    {
        var s = await Create(factory);
        var browser = factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/intake")).StatusCode);
    }

    [Fact]
    public async Task Register_AnIdNumberInScientificNotation_IsRefusedWithTheDomainRulesSentence_WithTheFormsOtherProblems()
    {
        var s = await Create(factory);
        var browser = factory.SignedIn($"intake-{s.Child}", s.Child, Roles.IntakeOfficer);
        var response = await PostForm(browser, "/intake?channel=InPerson", "register", new Dictionary<string, string>
        {
            ["channel"] = "InPerson", ["kind"] = "NaturalPerson", ["IdempotencyKey"] = "k-sci-" + s.Child, ["action"] = "save",
            ["submittedOn"] = "2026-13-01", ["name"] = "李四", ["idNumber"] = "5.32329E+17", ["description"] = "",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // IdDocument.Problem's sentence, in the refusal catalogue's Chinese — not a desk-only length check.
        var expected = CaseTracker.Api.Desk.Forms.FormProblem.Chinese("applicant.idNumber",
            CaseTracker.Domain.Applicants.IdDocument.Problem(CaseTracker.Domain.Applicants.IdDocumentKind.ResidentIdCard, "5.32329E+17", new DateOnly(2026, 11, 30))!);
        Assert.Contains("科学计数法", expected);
        Assert.Contains(expected, WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("身份证号码应为18位", html);
        // All problems at once: the unreadable date and the missing request too.
        Assert.Contains("“2026-13-01”不是日期", html);
        Assert.Matches("id=\"description-error\"[^>]*>必填。", html);
        Assert.Equal(0, (int)(await Ok(s.Intake.GetAsync("/api/cases")))["total"]!);

        // The API says the same sentence.
        var refused = await Refused(s.Intake.Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-11-02",
            applicant = new { kind = "NaturalPerson", name = "李四", idNumber = "5.32329E+17" }, description = "某项预算",
        }), HttpStatusCode.BadRequest);
        Assert.Contains("scientific notation", refused.ToJsonString());
    }
}
