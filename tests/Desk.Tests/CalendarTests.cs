using System.Text;
using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>日历: a year as twelve month grids, read by everyone; a notice file loaded by a root administrator only (law.md §2).</summary>
[Collection(DeskCollection.Name)]
public sealed class CalendarTests(DeskFixture desk)
{
    [Fact]
    public async Task Calendar_2026_NamesTheNationalDayDaysOff_MarksTheMakeUpWorkday_And2027IsFlaggedProvisional()
    {
        var agencies = await desk.NewAgencies();
        var page = await desk.SignedIn("handler-cal-" + agencies.Child.ToLowerInvariant(), agencies.Child, "CaseHandler");
        try
        {
            await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "日历" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "2026年工作日历", Level = 1 }).WaitForAsync();
            Assert.Equal(12, await page.Locator("table.month").CountAsync());
            var october = page.GetByRole(AriaRole.Table, new() { Name = "2026年10月" });
            for (var day = 1; day <= 7; day++)
            {
                var cell = october.Locator($"td[data-date='2026-10-0{day}']");
                Assert.Contains("day off", await cell.GetAttributeAsync("class"));
                Assert.Contains("国庆节", await cell.InnerTextAsync());
                Assert.Contains("休", await cell.InnerTextAsync());
            }

            // 调休: Sunday 2026-09-20 and Saturday 2026-10-10 are working days.
            var makeUp = page.GetByRole(AriaRole.Table, new() { Name = "2026年9月" }).Locator("td[data-date='2026-09-20']");
            Assert.Contains("day makeup", await makeUp.GetAttributeAsync("class"));
            Assert.Contains("班", await makeUp.InnerTextAsync());
            Assert.Contains("day makeup", await october.Locator("td[data-date='2026-10-10']").GetAttributeAsync("class"));
            Assert.Contains("day weekend", await october.Locator("td[data-date='2026-10-17']").GetAttributeAsync("class"));
            Assert.Equal(0, await page.Locator("#provisional").CountAsync());
            Assert.Contains("已载入2026年", await page.Locator("#loaded").InnerTextAsync());
            // Only a root administrator sees the load form.
            Assert.Equal(0, await page.GetByRole(AriaRole.Heading, new() { Name = "载入国务院节假日安排" }).CountAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "calendar-2026");

            await page.GetByLabel("年份", new() { Exact = true }).SelectOptionAsync("2027");
            await page.GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
            await DeskFixture.AtUrl(page, "year=2027");
            await page.GetByRole(AriaRole.Heading, new() { Name = "2027年工作日历", Level = 1 }).WaitForAsync();
            Assert.Contains("暂定：尚未载入2027年的国务院节假日安排", await page.Locator("#provisional").InnerTextAsync());
            Assert.Equal(0, await page.Locator("td.day.off").CountAsync());
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "calendar-2027-provisional");

            await page.GetByRole(AriaRole.Link, new() { Name = "上一年（2026年）" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "2026年工作日历", Level = 1 }).WaitForAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Calendar_RootAdministratorLoadsANotice_RefusalsInChinese_ThenTheSameNoticeLoads()
    {
        var agencies = await desk.NewAgencies();
        var page = await desk.SignedIn("admin-cal-" + agencies.Root.ToLowerInvariant(), agencies.Root, "Administrator");
        var folder = DeskApp.Folder("testdata");
        var wrongYear = Path.Combine(folder, $"notice-{Guid.NewGuid():N}.json");
        var same = Path.Combine(folder, $"notice-{Guid.NewGuid():N}.json");
        // The notice already in force for 2026: loading it again moves no due date of the other tests' cases.
        var bundled = await agencies.Admin.GetStringAsync("/api/calendar/2026");
        Assert.Contains("国庆节", bundled);
        await File.WriteAllTextAsync(same, await File.ReadAllTextAsync(Bundled2026()), Encoding.UTF8);
        await File.WriteAllTextAsync(wrongYear, """{ "year": 2025, "papers": [], "days": [ { "name": "国庆节", "date": "2025-10-01", "isOffDay": true } ] }""", Encoding.UTF8);
        try
        {
            await page.GotoAsync(desk.App.BaseUrl + "/calendar?year=2026");
            await page.GetByRole(AriaRole.Heading, new() { Name = "载入国务院节假日安排" }).WaitForAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "载入并重新计算期限" }).ClickAsync();
            await Assertions.Expect(page.Locator("#notice-error")).ToHaveTextAsync("请选择要载入的通知文件。");

            await page.GetByLabel("安排所属年份").FillAsync("2026");
            await page.GetByLabel("通知文件（.json）").SetInputFilesAsync(wrongYear);
            await page.GetByRole(AriaRole.Button, new() { Name = "载入并重新计算期限" }).ClickAsync();
            await Assertions.Expect(page.Locator("#load-problem")).ToContainTextAsync("未载入，日历和案件均未改变");
            // The notice is for 2025, not the year named: refused beside the year, in Chinese.
            var text = await page.Locator("#noticeYear-error").InnerTextAsync();
            Assert.Contains("2025", text);
            Assert.Matches("[\u4e00-\u9fff]{4,}", text);
            Assert.DoesNotContain("notice is for", text);
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "calendar-load-refused");

            await page.GetByLabel("安排所属年份").FillAsync("2026");
            await page.GetByLabel("通知文件（.json）").SetInputFilesAsync(same);
            await page.GetByRole(AriaRole.Button, new() { Name = "载入并重新计算期限" }).ClickAsync();
            await Assertions.Expect(page.Locator("#load-done")).ToContainTextAsync("已载入2026年的安排");
            Assert.Contains("答复期限变动 0 件", await page.Locator("#load-done").InnerTextAsync());
            await DeskFixture.Screenshot(page, "calendar-load-done");
        }
        finally
        {
            await page.Context.CloseAsync();
            File.Delete(wrongYear);
            File.Delete(same);
        }
    }

    private static string Bundled2026()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CaseTracker.sln"))) directory = directory.Parent;
        return Path.Combine(directory!.FullName, "src", "Domain", "Calendar", "Notices", "2026.json");
    }
}
