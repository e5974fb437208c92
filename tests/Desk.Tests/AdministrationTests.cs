using System.Net.Http.Json;
using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>
/// 机构与用户: an administrator adds a subordinate agency, renames it with a reason, adds a user with a role, and sets the
/// agency's webhook (to this machine, which the deployment allows) and alert e-mail; every refusal beside its field in Chinese.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class AdministrationTests(DeskFixture desk)
{
    [Fact]
    public async Task Administration_AddsARenamesAgency_AddsAUserWithARole_AndSetsWebhookAndAlertEmail()
    {
        var agencies = await desk.NewAgencies();
        var code = "S" + agencies.Child[1..];
        var login = "clerk-" + code.ToLowerInvariant();
        var page = await desk.SignedIn("admin-ui-" + agencies.Root.ToLowerInvariant(), agencies.Root, "Administrator");
        try
        {
            await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "机构与用户" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "机构与用户", Level = 1 }).WaitForAsync();
            await page.GetByRole(AriaRole.Navigation, new() { Name = "本机关及下级机关" }).GetByRole(AriaRole.Link, new() { Name = $"测试州人民政府（{agencies.Child}）" }).ClickAsync();
            await Assertions.Expect(page.Locator("#selected-agency")).ToContainTextAsync(agencies.Child);

            // 新增下级机关 under the child agency.
            await page.GetByLabel("机关代码").FillAsync(code);
            await page.GetByLabel("机关名称").FillAsync("测试县人民政府");
            await page.GetByRole(AriaRole.Button, new() { Name = "新增下级机关" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"已新增下级机关：测试县人民政府（{code}）");
            await page.GetByRole(AriaRole.Navigation, new() { Name = "本机关及下级机关" }).GetByRole(AriaRole.Link, new() { Name = $"测试县人民政府（{code}）" }).ClickAsync();
            await Assertions.Expect(page.Locator("#selected-agency")).ToContainTextAsync(code);
            Assert.Contains(agencies.Child, await page.Locator("#parent").InnerTextAsync());

            // A code already taken is refused in Chinese and what was typed stays.
            await page.GetByLabel("机关代码").FillAsync(agencies.Child);
            await page.GetByLabel("机关名称").FillAsync("重复机关");
            await page.GetByRole(AriaRole.Button, new() { Name = "新增下级机关" }).ClickAsync();
            await Assertions.Expect(page.Locator("#add-problem")).ToContainTextAsync($"机关{agencies.Child}已存在");
            await Assertions.Expect(page.GetByLabel("机关名称")).ToHaveValueAsync("重复机关");

            // 更名: a reason is needed; then the name changes and the history shows it.
            await page.GetByLabel("新名称").FillAsync("测试县人民政府办公室");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存名称" }).ClickAsync();
            await Assertions.Expect(page.Locator("#rename-reason-error")).ToHaveTextAsync("请填写理由（至少2个字）。");
            await Assertions.Expect(page.GetByLabel("新名称")).ToHaveValueAsync("测试县人民政府办公室");
            await page.GetByLabel("更名理由").FillAsync("机构改革，依据县委编办文件");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存名称" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已更名为“测试县人民政府办公室”");
            await Assertions.Expect(page.Locator("#selected-agency")).ToContainTextAsync("测试县人民政府办公室");
            Assert.Contains("名称：测试县人民政府 → 测试县人民政府办公室", await page.Locator("#history").InnerTextAsync());
            Assert.Contains("机构改革，依据县委编办文件", await page.Locator("#history").InnerTextAsync()); // the reason reaches the history
            var agency = await agencies.Admin.GetStringAsync($"/api/agencies/{code}");
            Assert.Contains("测试县人民政府办公室", agency);

            // The same name again: told nothing changed, nothing recorded (trial finding 9).
            var historyRows = await page.Locator("#history li, #history tr").CountAsync();
            await page.GetByLabel("更名理由").FillAsync("再次保存");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存名称" }).ClickAsync();
            await Assertions.Expect(page.Locator("#rename-name-error")).ToContainTextAsync("名称未改变");
            Assert.Equal(historyRows, await page.Locator("#history li, #history tr").CountAsync());
            Assert.Equal(agency, await agencies.Admin.GetStringAsync($"/api/agencies/{code}"));

            // Renamed meanwhile through the API: the stale version is refused once, naming the agency, not a case.
            (await agencies.Admin.PutAsJsonAsync($"/api/agencies/{code}",
                new { name = "测试县人民政府办公厅", parentCode = agencies.Child, active = true, reason = "他人同时更名" })).EnsureSuccessStatusCode();
            await page.GetByLabel("新名称").FillAsync("测试县政府");
            await page.GetByLabel("更名理由").FillAsync("机构改革");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存名称" }).ClickAsync();
            var stale = await page.Locator("#rename-problem").InnerTextAsync();
            Assert.Contains($"机关{code}", stale);
            Assert.DoesNotContain("案件", stale);
            Assert.Equal(1, stale.Split("请重新载入").Length - 1);
            (await agencies.Admin.PutAsJsonAsync($"/api/agencies/{code}",
                new { name = "测试县人民政府办公室", parentCode = agencies.Child, active = true, reason = "名称恢复" })).EnsureSuccessStatusCode();
            await page.GotoAsync(page.Url);
            await Assertions.Expect(page.Locator("#selected-agency")).ToContainTextAsync("测试县人民政府办公室");
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "admin-agency");

            // 用户: add a case handler (password generated and shown once); no role is refused beside the roles.
            await page.GetByRole(AriaRole.Navigation, new() { Name = "管理项目" }).GetByRole(AriaRole.Link, new() { Name = "用户" }).ClickAsync();
            await DeskFixture.AtUrl(page, "/admin/users\\?agency=" + code);
            await page.GetByLabel("登录名").FillAsync(login);
            await page.GetByLabel("姓名").FillAsync("王五");
            await page.GetByRole(AriaRole.Button, new() { Name = "新增用户" }).ClickAsync();
            await Assertions.Expect(page.Locator("#new-roles-error")).ToContainTextAsync("角色");
            await Assertions.Expect(page.GetByLabel("登录名")).ToHaveValueAsync(login);
            await page.Locator("#new-role-CaseHandler").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "新增用户" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"已新增用户 {login}（王五）");
            Assert.True((await page.Locator("#secret").InnerTextAsync()).Length >= 12);
            var row = page.Locator("#users tbody tr", new() { HasText = login });
            Assert.True(await row.GetByRole(AriaRole.Checkbox, new() { Name = "承办人" }).IsCheckedAsync());
            Assert.False(await row.GetByRole(AriaRole.Checkbox, new() { Name = "审批人" }).IsCheckedAsync());
            var users = await agencies.Admin.GetStringAsync($"/api/users?agency={code}");
            Assert.Contains(login, users);
            Assert.Contains("CaseHandler", users);

            // Give the user the Approver role too, through the row's form.
            await row.GetByRole(AriaRole.Checkbox, new() { Name = "审批人" }).CheckAsync();
            await row.GetByRole(AriaRole.Button, new() { Name = $"保存：{login} 的角色和状态" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"已保存用户 {login}");
            Assert.Contains("Approver", await agencies.Admin.GetStringAsync($"/api/users?agency={code}"));

            // 重置密码: a new password shown this once, with which the user signs in.
            await row.GetByRole(AriaRole.Button, new() { Name = $"重置密码：{login}" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"用户 {login} 的新密码");
            var password = await page.Locator("#secret").InnerTextAsync();
            var clerk = await desk.SignedIn(desk.App, login, password);
            Assert.Equal("王五", await clerk.Locator("#user").InnerTextAsync());

            // 停用 the user: their session ends at once (security stamp).
            row = page.Locator("#users tbody tr", new() { HasText = login });
            await row.GetByRole(AriaRole.Checkbox, new() { Name = "在用" }).UncheckAsync();
            await row.GetByRole(AriaRole.Button, new() { Name = $"保存：{login} 的角色和状态" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"已保存用户 {login}");
            await Assertions.Expect(page.Locator("#users tbody tr", new() { HasText = login })).ToContainTextAsync("已停用");
            await clerk.ReloadAsync();
            await clerk.GetByLabel("登录名").WaitForAsync();
            await clerk.Context.CloseAsync();
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "admin-users");

            // 设置: webhook to this machine with a secret, and an alert e-mail; a bad e-mail is refused in Chinese.
            await page.GetByRole(AriaRole.Navigation, new() { Name = "管理项目" }).GetByRole(AriaRole.Link, new() { Name = "设置" }).ClickAsync();
            await DeskFixture.AtUrl(page, "/admin/settings\\?agency=" + code);
            await page.GetByLabel("Webhook 推送地址").FillAsync("https://127.0.0.1:9443/casetracker/alerts");
            await page.GetByLabel("Webhook 推送密钥").FillAsync("secret-of-the-county-webhook");
            await page.GetByLabel("提醒邮箱").FillAsync("not-an-address");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存提醒设置" }).ClickAsync();
            await Assertions.Expect(page.Locator("#alerts-alertEmail-error")).ToContainTextAsync("电子邮件");
            await Assertions.Expect(page.GetByLabel("Webhook 推送地址")).ToHaveValueAsync("https://127.0.0.1:9443/casetracker/alerts");
            await page.GetByLabel("Webhook 推送密钥").FillAsync("secret-of-the-county-webhook");
            await page.GetByLabel("提醒邮箱").FillAsync("duban@county.gov.cn");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存提醒设置" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存提醒设置");
            await Assertions.Expect(page.GetByLabel("Webhook 推送密钥")).ToHaveValueAsync("");
            await Assertions.Expect(page.Locator("#alerts-webhookSecret-hint")).ToContainTextAsync("已设置密钥（不显示）");
            Assert.DoesNotContain("secret-of-the-county-webhook", await page.ContentAsync());
            var settings = await agencies.Admin.GetStringAsync($"/api/agencies/{code}/settings");
            Assert.Contains("\"webhookUrl\":\"https://127.0.0.1:9443/casetracker/alerts\"", settings);
            Assert.Contains("\"webhookSecretSet\":true", settings);
            Assert.Contains("\"alertEmail\":\"duban@county.gov.cn\"", settings);

            // Changing only the e-mail keeps the secret that is never shown.
            await page.GetByLabel("提醒邮箱").FillAsync("xinxi@county.gov.cn");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存提醒设置" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存提醒设置");
            settings = await agencies.Admin.GetStringAsync($"/api/agencies/{code}/settings");
            Assert.Contains("\"webhookSecretSet\":true", settings);
            Assert.Contains("\"alertEmail\":\"xinxi@county.gov.cn\"", settings);

            // A 文号 prefix of the county's own.
            await page.GetByRole(AriaRole.Textbox, new() { Name = "补正告知书", Exact = true }).FillAsync("测县信补");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存文书设置" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存文书设置");
            Assert.Contains("测县信补", await agencies.Admin.GetStringAsync($"/api/agencies/{code}/document-settings"));
            Assert.Equal("默认模板", await page.Locator("#template-Answer td").First.InnerTextAsync());

            // 文书模板: the default downloaded and uploaded back as the county's own, a text file refused in Chinese, then deleted.
            var docx = Path.Combine(DeskApp.Folder("testdata"), $"answer-{Guid.NewGuid():N}.docx");
            var text = Path.Combine(DeskApp.Folder("testdata"), $"answer-{Guid.NewGuid():N}.docx");
            await File.WriteAllBytesAsync(docx, await agencies.Admin.GetByteArrayAsync($"/api/agencies/{code}/templates/Answer"));
            await File.WriteAllTextAsync(text, "不是模板");
            try
            {
                await page.GetByLabel("答复书模板文件（.docx）").SetInputFilesAsync(text);
                await page.GetByRole(AriaRole.Button, new() { Name = "上传：答复书模板" }).ClickAsync();
                await Assertions.Expect(page.Locator("#template-Answer .error")).ToContainTextAsync("DOCX");
                Assert.Matches("[\u4e00-\u9fff]{4,}", await page.Locator("#template-Answer .error").InnerTextAsync());
                await page.GetByLabel("答复书模板文件（.docx）").SetInputFilesAsync(docx);
                await page.GetByRole(AriaRole.Button, new() { Name = "上传：答复书模板" }).ClickAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已上传答复书模板");
                await Assertions.Expect(page.Locator("#template-Answer td").First).ToHaveTextAsync("本机关模板");
                await page.GetByRole(AriaRole.Button, new() { Name = "删除本机关模板：答复书" }).ClickAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已删除本机关的答复书模板");
                await Assertions.Expect(page.Locator("#template-Answer td").First).ToHaveTextAsync("默认模板");
            }
            finally
            {
                File.Delete(docx);
                File.Delete(text);
            }
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "admin-settings");

            // 停用: with a reason; the tree marks it, and it takes no new case.
            await page.GetByRole(AriaRole.Navigation, new() { Name = "管理项目" }).GetByRole(AriaRole.Link, new() { Name = "机构" }).ClickAsync();
            await page.Locator("#active-reason").FillAsync("并入州政府办公室");
            await page.GetByRole(AriaRole.Button, new() { Name = "停用本机关" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已停用：测试县人民政府办公室");
            await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "本机关及下级机关" })).ToContainTextAsync("测试县人民政府办公室（" + code + "）（已停用）");
            Assert.Contains("启用 → 停用", await page.Locator("#history").InnerTextAsync());
            Assert.Contains("并入州政府办公室", await page.Locator("#history").InnerTextAsync());
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "重新启用本机关" })).ToBeVisibleAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
