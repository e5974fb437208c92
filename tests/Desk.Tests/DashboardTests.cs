using System.Text.Json.Nodes;
using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>督办: a supervisor's screen of the tree's figures and charts (ECharts served by the app; today is 2026-11-25).</summary>
[Collection(DeskCollection.Name)]
public sealed class DashboardTests(DeskFixture desk)
{
    [Fact]
    public async Task Dashboard_SupervisorSeesTheTreesFiguresAndCharts_DrawnFromTheApisData_AndAFigureOpensItsCaseList()
    {
        var office = await Office.Open(desk);
        var overdue = await office.AssignToHandler(await office.Register("2026-10-12", applicant: "李四"));
        await office.Register("2026-11-02", applicant: "王五");
        var closed = await office.Register("2026-06-01", applicant: "赵六");
        await office.Handler.Post($"/api/cases/{(string)closed["id"]!}/decision", new { decidedOn = "2026-06-05", outcome = "Disclosed" }).Ok();
        await office.Handler.Post($"/api/cases/{(string)closed["id"]!}/delivery", new { deliveredOn = "2026-06-05", method = "Post" }).Ok();

        var page = await office.SignIn(office.SupervisorLogin, office.Root, "Supervisor");
        try
        {
            // Reached by the navigation (an enhanced navigation: desk.js loads ECharts and draws after it).
            await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "督办" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "督办", Level = 1 }).WaitForAsync();
            await Assertions.Expect(page.GetByLabel("含下级机关")).ToBeCheckedAsync();

            var charts = page.Locator("[data-chart]");
            var count = await charts.CountAsync();
            Assert.Equal(6, count);
            for (var i = 0; i < count; i++)
            {
                var chart = charts.Nth(i);
                await Assertions.Expect(chart).ToHaveAttributeAsync("data-rendered", "true");
                Assert.True(await chart.Locator("canvas").CountAsync() > 0, await chart.GetAttributeAsync("id"));
                Assert.False(string.IsNullOrEmpty(await chart.GetAttributeAsync("aria-label")));
            }

            // The data element holds what the API answers, and the charts draw it.
            var data = JsonNode.Parse((await page.Locator("#dashboard-data").TextContentAsync())!)!;
            var api = await office.Supervisor.GetAsync($"/api/dashboard/charts?agency={office.Root}&subtree=true").Ok();
            var trends = await office.Supervisor.GetAsync($"/api/reports/trends?agency={office.Root}&subtree=true").Ok();
            var dashboard = await office.Supervisor.GetAsync($"/api/dashboard?agency={office.Root}&subtree=true").Ok();
            Assert.True(JsonNode.DeepEquals(api["months"], data["months"]), data["months"]!.ToJsonString());
            Assert.True(JsonNode.DeepEquals(api["agencies"], data["agencies"]));
            Assert.True(JsonNode.DeepEquals(api["outcomes"], data["outcomes"]));
            Assert.True(JsonNode.DeepEquals(trends["years"], data["trends"]!["years"]));
            Assert.True(JsonNode.DeepEquals(dashboard["byHandler"], data["handlers"]));
            var drawn = await page.EvaluateAsync<int?[]>("() => echarts.getInstanceByDom(document.getElementById('chart-months')).getOption().series[0].data");
            Assert.Equal(api["months"]!.AsArray().Select(m => (int?)m!["received"]), drawn);
            var outcomes = await page.EvaluateAsync<int[]>("() => echarts.getInstanceByDom(document.getElementById('chart-outcomes')).getOption().series[0].data");
            Assert.Equal(api["outcomes"]!.AsArray().Select(o => (int)o!["count"]!).Reverse(), outcomes);
            Assert.Equal(1, outcomes[^1]); // （一）予以公开, the one closed case

            var figures = page.GetByRole(AriaRole.Table, new() { Name = "在办案件与本年办理情况（点击数字查看案件列表）" });
            Assert.Equal("2", await figures.Locator("[data-figure=open]").InnerTextAsync());
            Assert.Equal("1", await figures.Locator("[data-figure=overdue]").InnerTextAsync());
            Assert.Contains((string)overdue["caseNumber"]!, await page.Locator("#worst").InnerTextAsync());

            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "dashboard");

            // A figure opens the case list of exactly those cases.
            await figures.Locator("[data-figure=overdue]").ClickAsync();
            await DeskFixture.AtUrl(page, "/cases\\?.*overdue=true");
            await Assertions.Expect(page.Locator("#total")).ToContainTextAsync("共 1 件");
            Assert.Contains((string)overdue["caseNumber"]!, await page.GetByRole(AriaRole.Table).Last.InnerTextAsync());
            await DeskFixture.AssertAccessible(page);

            // The agency picker: the child alone, its own cases (a full page load of the GET form draws the charts too).
            await page.GotoAsync(desk.App.BaseUrl + "/dashboard");
            await page.GetByLabel("机关", new() { Exact = true }).SelectOptionAsync(office.Child);
            await page.GetByLabel("含下级机关").UncheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
            await DeskFixture.AtUrl(page, $"agency={office.Child}");
            await Assertions.Expect(page.Locator("#chart-trends")).ToHaveAttributeAsync("data-rendered", "true");
            Assert.Contains("（本机关）", await page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First.InnerTextAsync());
            await DeskFixture.Screenshot(page, "dashboard-agency");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
