using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>
/// Issue 16 on the case page: 撤销上一步 and 更正 with a reason; the timeline shows the voided step struck through with who voided
/// it and why. The "done when" case: a decision recorded as 属于国家秘密 instead of 予以公开, fixed through the desk.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class CorrectionsTests(DeskFixture desk)
{
    [Fact]
    public async Task CasePage_VoidsTheDeliveryAmendsTheOutcomeAndCorrectsTheRegistration_WithReasons()
    {
        var office = await Office.Open(desk);
        var c = await office.Register("2026-06-01");
        var id = (string)c["id"]!;
        await office.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-06-10", outcome = "Withheld.StateSecret" }).Ok();
        await office.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-06-11", method = "Post" }).Ok();

        var page = await office.SignIn(office.ApproverLogin, office.Child, "Approver");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            var voidStep = page.Locator("#step-void-last-step");
            await Assertions.Expect(voidStep.Locator("legend")).ToContainTextAsync("撤销上一步：送达");
            await voidStep.GetByLabel("理由").FillAsync("送达回证日期录错，须先更正答复结论");
            await DeskFixture.AssertAccessible(page);
            await voidStep.GetByRole(AriaRole.Button, new() { Name = "撤销" }).ClickAsync();
            var voided = page.Locator("#timeline tr.voided");
            await Assertions.Expect(voided).ToHaveCountAsync(1);
            Assert.Equal(1, await voided.Locator("s").CountAsync());
            await Assertions.Expect(voided).ToContainTextAsync("送达");
            await Assertions.Expect(voided).ToContainTextAsync("送达回证日期录错，须先更正答复结论");
            Assert.Equal(0, await page.Locator("#step-void-last-step").CountAsync()); // not twice in a row

            var amend = page.Locator("#step-decision-amendment");
            await amend.GetByLabel("办理结果").SelectOptionAsync("Disclosed");
            await amend.GetByLabel("理由").FillAsync("实为予以公开，误选了属于国家秘密");
            await amend.GetByRole(AriaRole.Button, new() { Name = "提交更正" }).ClickAsync();
            await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("更正答复决定：实为予以公开，误选了属于国家秘密");
            await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("予以公开");

            var correct = page.Locator("#step-correction");
            await correct.GetByLabel("申请人姓名或名称（需更正时填写）").FillAsync("张叁");
            await correct.GetByRole(AriaRole.Button, new() { Name = "提交更正" }).ClickAsync();
            await Assertions.Expect(page.Locator("#step-correction .error").First).ToBeVisibleAsync(); // no reason: refused, kept
            Assert.Equal("张叁", await page.Locator("#step-correction").GetByLabel("申请人姓名或名称（需更正时填写）").InputValueAsync());
            await page.Locator("#step-correction").GetByLabel("理由").FillAsync("姓名录错");
            await page.Locator("#step-correction").GetByRole(AriaRole.Button, new() { Name = "提交更正" }).ClickAsync();
            await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("更正登记信息：姓名录错");
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "case-corrections");

            var now = await office.Handler.GetAsync($"/api/cases/{id}").Ok();
            Assert.Equal(("Decided", "Disclosed", "张叁"), ((string?)now["status"], (string?)now["outcome"], (string?)now["applicant"]!["name"]));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    // Trial of issue 16: the timeline shows what a correction changed — each field and the due date before → after — as the
    // API's history has it, not only the correction's name and reason.
    [Fact]
    public async Task CasePage_CorrectingTheSubmissionDate_TimelineShowsTheFieldAndTheDueDateBeforeAfter()
    {
        var office = await Office.Open(desk);
        var c = await office.Register("2026-06-01");
        var id = (string)c["id"]!;

        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            var correct = page.Locator("#step-correction");
            await correct.GetByLabel("提交日期（需更正时填写）").FillAsync("2026-06-03");
            await correct.GetByLabel("理由").FillAsync("登记时把提交日期录成了6月1日");
            await correct.GetByRole(AriaRole.Button, new() { Name = "提交更正" }).ClickAsync();

            var row = page.Locator("#timeline tr", new() { HasText = "更正登记信息" });
            await Assertions.Expect(row).ToContainTextAsync("更正登记信息：登记时把提交日期录成了6月1日");
            await Assertions.Expect(row.Locator("ul.changes li", new() { HasText = "提交日期" })).ToHaveTextAsync("提交日期：2026-06-01 → 2026-06-03");
            await Assertions.Expect(row.Locator("ul.changes li", new() { HasText = "收到日期" })).ToHaveTextAsync("收到日期：2026-06-01 → 2026-06-03");

            var history = (await office.Handler.GetAsync($"/api/cases/{id}/history").Ok())["items"]!.AsArray();
            var entry = history.Single(h => (string?)h!["kind"] == "RegistrationCorrected")!;
            Assert.NotEqual((string?)entry["dueBefore"], (string?)entry["dueAfter"]);
            await Assertions.Expect(row.Locator("ul.changes li", new() { HasText = "答复期限" }))
                .ToHaveTextAsync($"答复期限：{entry["dueBefore"]} → {entry["dueAfter"]}");
            Assert.Equal((string?)entry["dueAfter"], (string?)(await office.Handler.GetAsync($"/api/cases/{id}").Ok())["dueOn"]);
            await DeskFixture.AssertAccessible(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    // Trial finding 10: the 更正 form offers every field the API takes, personal data empty by default, and a date typed as
    // the import reads it (2026/06/03); the ID number is corrected and the timeline shows only what changed, masked.
    [Fact]
    public async Task CasePage_CorrectingTheIdNumberAndASlashDate_OffersEveryFieldEmptyAndRecordsOnlyTheChanges()
    {
        var office = await Office.Open(desk);
        var c = await office.Register("2026-06-01", idNumber: "11010519491231002X");
        var id = (string)c["id"]!;

        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            var correct = page.Locator("#step-correction");
            foreach (var label in new[] { "证件号码（需更正时填写新号码）", "联系电话（需更正时填写）", "电子邮箱（需更正时填写）", "通信地址（需更正时填写）" })
                Assert.Equal("", await correct.GetByLabel(label).InputValueAsync());
            foreach (var label in new[] { "申请人类型（需更正时选择）", "信函类型（需更正时选择）", "获取信息的方式（需更正时选择）", "申请方式（需更正时选择）" })
                Assert.Equal("", await correct.GetByLabel(label).InputValueAsync());

            await correct.GetByLabel("证件号码（需更正时填写新号码）").FillAsync("110105198001011238");
            await correct.GetByLabel("提交日期（需更正时填写）").FillAsync("2026/06/03");
            await correct.GetByLabel("理由").FillAsync("身份证号与提交日期录错");
            await correct.GetByRole(AriaRole.Button, new() { Name = "提交更正" }).ClickAsync();

            var row = page.Locator("#timeline tr", new() { HasText = "更正登记信息" });
            await Assertions.Expect(row).ToContainTextAsync("更正登记信息：身份证号与提交日期录错");
            await Assertions.Expect(row.Locator("ul.changes li", new() { HasText = "提交日期" })).ToHaveTextAsync("提交日期：2026-06-01 → 2026-06-03");
            await Assertions.Expect(row.Locator("ul.changes li", new() { HasText = "证件号码" })).ToHaveCountAsync(1);
            Assert.DoesNotContain("110105198001011238", await row.InnerTextAsync());
            var changes = (await office.Handler.GetAsync($"/api/cases/{id}/history").Ok())["items"]!.AsArray()
                .Single(h => (string?)h!["kind"] == "RegistrationCorrected")!["details"]!["changes"]!.AsArray().Select(x => (string?)x!["field"]).Order();
            Assert.Equal(["applicant.idNumber", "receivedOn", "submittedOn"], changes);
            var full = await office.Handler.GetAsync($"/api/cases/{id}/applicant?reason={Uri.EscapeDataString("核对更正")}").Ok();
            Assert.Equal("110105198001011238", (string?)full["idNumber"]);
            await DeskFixture.AssertAccessible(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    // Stop note of session 4: a personal-data field could not be cleared on the desk (the API's "" can). Each one now has a
    // 清除 box: ticked, the field is sent as "" and the timeline shows it emptied; a new value typed beside a ticked box is
    // refused beside the field, nothing recorded, and the form keeps what was typed and ticked.
    [Fact]
    public async Task CasePage_CorrectionForm_ClearsThePhoneAndTheEmail_AndRefusesAValueBesideATickedClear()
    {
        var office = await Office.Open(desk);
        var c = await office.Intake.Post("/api/cases", new
        {
            agencyCode = office.Child, channel = "InPerson", submittedOn = "2026-06-01",
            applicant = new { kind = "NaturalPerson", name = "张三", idNumber = "11010519491231002X", phone = "13800138000", email = "zhang@example.cn", address = "昆明市五华区某路1号" },
            description = "2025年城市道路维修预算及执行情况",
        }).Ok();
        var id = (string)c["id"]!;

        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/cases/{id}");
            var correct = page.Locator("#step-correction");
            foreach (var label in new[] { "清除证件号码（改为未填写）", "清除联系电话（改为未填写）", "清除电子邮箱（改为未填写）", "清除通信地址（改为未填写）" })
                Assert.False(await correct.GetByLabel(label).IsCheckedAsync(), label);

            // A value typed beside a ticked 清除: refused beside the field, nothing recorded.
            var before = (await office.Handler.GetAsync($"/api/cases/{id}").Ok())["version"]!.ToString();
            await correct.GetByLabel("电子邮箱（需更正时填写）").FillAsync("li@example.cn");
            await correct.GetByLabel("清除电子邮箱（改为未填写）").CheckAsync();
            await correct.GetByLabel("理由").FillAsync("申请人要求删除邮箱");
            await correct.GetByRole(AriaRole.Button, new() { Name = "提交更正" }).ClickAsync();
            await Assertions.Expect(page.Locator("#correction-applicant-email-error")).ToHaveTextAsync("已勾选清除：请删去这里填写的新值，或取消勾选清除。");
            Assert.True(await page.Locator("#step-correction").GetByLabel("清除电子邮箱（改为未填写）").IsCheckedAsync());
            Assert.Equal("li@example.cn", await page.Locator("#step-correction").GetByLabel("电子邮箱（需更正时填写）").InputValueAsync());
            Assert.Equal(before, (await office.Handler.GetAsync($"/api/cases/{id}").Ok())["version"]!.ToString());
            await DeskFixture.AssertAccessible(page);

            // Cleared: the e-mail box emptied, the phone ticked too; the timeline shows both emptied, masked before.
            correct = page.Locator("#step-correction");
            await correct.GetByLabel("电子邮箱（需更正时填写）").FillAsync("");
            await correct.GetByLabel("清除联系电话（改为未填写）").CheckAsync();
            await correct.GetByRole(AriaRole.Button, new() { Name = "提交更正" }).ClickAsync();
            var row = page.Locator("#timeline tr", new() { HasText = "更正登记信息" });
            await Assertions.Expect(row).ToContainTextAsync("更正登记信息：申请人要求删除邮箱");
            var phone = row.Locator("ul.changes li", new() { HasText = "联系电话" });
            await Assertions.Expect(phone).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^联系电话：138\\*+8000 → （空）$"));
            await Assertions.Expect(row.Locator("ul.changes li", new() { HasText = "电子邮箱" })).ToContainTextAsync("→ （空）");
            Assert.DoesNotContain("13800138000", await row.InnerTextAsync());

            var full = await office.Handler.GetAsync($"/api/cases/{id}/applicant?reason={Uri.EscapeDataString("核对清除")}").Ok();
            Assert.Equal(((string?)null, (string?)null, "11010519491231002X", "昆明市五华区某路1号"),
                ((string?)full["phone"], (string?)full["email"], (string?)full["idNumber"], (string?)full["address"]));
            var changes = (await office.Handler.GetAsync($"/api/cases/{id}/history").Ok())["items"]!.AsArray()
                .Single(h => (string?)h!["kind"] == "RegistrationCorrected")!["details"]!["changes"]!.AsArray().Select(x => (string?)x!["field"]).Order();
            Assert.Equal(["applicant.email", "applicant.phone"], changes);
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "case-correction-clear");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
