using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CaseTracker.Desk.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Desk.Tests;

/// <summary>
/// 年度报告 (desk.md; reports.md §7, issue 18): the screen a supervisor publishes the annual report from — the tables as on
/// paper, the downloads, snapshots, publish (refused for a year not ended), the cells changed since publication marked —
/// and the printable page printed by Chromium: exactly one A4 page per table. Today is 2026-11-25 in China.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed partial class ReportsTests(DeskFixture desk)
{
    private static async Task Close(Office office, string id, string outcome, string decidedOn, string deliveredOn)
    {
        await office.Handler.Post($"/api/cases/{id}/decision", new { decidedOn, outcome, summary = "答复" }).Ok();
        await office.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn, method = "InPerson" }).Ok();
    }

    private static string Id(System.Text.Json.Nodes.JsonNode c) => (string)c["id"]!;

    [Fact]
    public async Task AnnualReportScreen_TablesDownloadsPublish_ThenChangedCellsAreMarked()
    {
        var office = await Office.Open(desk);
        await Close(office, Id(await office.Register("2025-03-03")), "Disclosed", "2025-03-10", "2025-03-11");
        await Close(office, Id(await office.Register("2025-04-01")), "Withheld.ThirdPartyRights", "2025-04-15", "2025-04-16");
        var page = await office.SignIn(office.SupervisorLogin, office.Root, "Supervisor");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/reports?year=2025&agency={office.Child}&format=gov2021");
            Assert.Equal("年度报告", await page.Locator("h1").InnerTextAsync());
            var paper = page.Locator("#report-paper");
            Assert.Equal("测试州人民政府2025年政府信息公开工作年度报告", await paper.Locator(".report-title").InnerTextAsync());
            Assert.Equal("2", await paper.Locator("section[data-table='table3'] td[data-key='new_received'][data-column='total']").InnerTextAsync());
            Assert.Equal("1", await paper.Locator("section[data-table='table3'] td[data-key='outcome.withheld.third_party_rights'][data-column='natural_person']").InnerTextAsync());
            // The group label stands merged beside its eight items, with no figure of its own (reports.md §7).
            Assert.Equal("8", await paper.Locator("th[data-label-key='outcome.withheld']").GetAttributeAsync("rowspan"));
            Assert.Equal(15, await paper.Locator("section[data-table='table4'] tbody td").CountAsync());

            // Downloads: the same report by as=, with the signed-in cookie.
            foreach (var (link, type) in new[]
                     {
                         ("#download-xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                         ("#download-docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                         ("#download-csv", "text/csv"),
                         ("#download-html", "text/html"),
                     })
            {
                var href = await page.Locator(link).GetAttributeAsync("href");
                Assert.Contains($"agency={office.Child}", href);
                Assert.Contains("format=gov2021", href);
                var response = await page.Context.APIRequest.GetAsync(desk.App.BaseUrl + href);
                Assert.Equal(200, response.Status);
                Assert.StartsWith(type, response.Headers["content-type"]);
            }

            // Generate a snapshot and publish it (2025 has ended).
            await page.Locator("#generate-snapshot").ClickAsync();
            await Assertions.Expect(page.Locator("#report-notice")).ToHaveTextAsync("已生成第1版快照。");
            await page.Locator("#snapshot-list button.publish").First.ClickAsync();
            await Assertions.Expect(page.Locator("#report-notice")).ToHaveTextAsync("已发布第1版。");
            await Assertions.Expect(page.Locator("#report-unchanged")).ToBeVisibleAsync();
            Assert.Equal(0, await paper.Locator("td.changed").CountAsync());

            // The register changes after publication: a 2025 request registered late. The cells that now differ are marked.
            await office.Register("2025-06-02");
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("#report-changed")).ToBeVisibleAsync();
            var changed = paper.Locator("section[data-table='table3'] td.changed[data-key='new_received'][data-column='total']");
            Assert.Equal("3", await changed.InnerTextAsync());
            Assert.Equal("2", await changed.GetAttributeAsync("data-published"));
            Assert.True(await paper.Locator("td.changed").CountAsync() >= 4, "new_received and carried_out, natural_person and total");
            Assert.Contains("个单元格与发布时不同", await page.Locator("#report-changed").InnerTextAsync());
            Assert.True(await page.Locator("#report-changed tr[data-key='new_received'][data-column='total']").CountAsync() == 1);
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "reports-changed-since-published");

            // A year not ended: the report is provisional and publishing it is refused with the Chinese sentence.
            await page.GotoAsync($"{desk.App.BaseUrl}/reports?year=2026&agency={office.Child}");
            await Assertions.Expect(page.Locator("#report-provisional")).ToBeVisibleAsync();
            await page.Locator("#generate-snapshot").ClickAsync();
            await Assertions.Expect(page.Locator("#report-notice")).ToHaveTextAsync("已生成第1版快照。");
            await page.Locator("#snapshot-list button.publish").First.ClickAsync();
            await Assertions.Expect(page.Locator("#report-problem")).ToContainTextAsync("2026年度报告不能在年度结束前发布");
            Assert.Equal(1, await page.Locator("#snapshot-list button.publish").CountAsync()); // still unpublished
            await DeskFixture.AssertAccessible(page);
            await DeskFixture.Screenshot(page, "reports-publish-refused");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task AnnualReportScreen_NotShownToACaseHandler()
    {
        var office = await Office.Open(desk);
        var page = await office.SignIn(office.HandlerLogin, office.Child, "CaseHandler");
        try
        {
            await page.GotoAsync($"{desk.App.BaseUrl}/");
            Assert.Equal(0, await page.Locator($"nav a[href='/reports']").CountAsync());
            var response = await page.GotoAsync($"{desk.App.BaseUrl}/reports");
            Assert.Equal(0, await page.Locator("#report-paper").CountAsync());
            Assert.NotNull(response);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData("gov2021", 2025, 2)]
    [InlineData("legacy", 2018, 1)]
    public async Task PrintedReport_OneA4PagePerTable(string format, int year, int tables)
    {
        var office = await Office.Open(desk);
        var day = $"{year}-03-05";
        await Close(office, Id(await office.Register(day)), "Disclosed", $"{year}-03-12", $"{year}-03-13");
        await office.Register($"{year}-12-20"); // carried out
        var page = await office.SignIn(office.SupervisorLogin, office.Root, "Supervisor");
        try
        {
            var response = await page.GotoAsync($"{desk.App.BaseUrl}/api/reports/annual/{year}?agency={office.Child}&format={format}&as=html");
            Assert.Equal(200, response!.Status);
            Assert.Equal(tables, await page.Locator("section.report-table").CountAsync());
            await DeskFixture.AssertAccessible(page);
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            var pdf = await page.PdfAsync(new() { Format = "A4", PreferCSSPageSize = true, PrintBackground = true });
            var text = Encoding.Latin1.GetString(pdf);
            var pages = PageObject().Matches(text).Count;
            Assert.True(pages == tables, $"{pages} pages for {tables} tables");
            Assert.Contains($"/Count {tables}", text);
            foreach (Match box in MediaBox().Matches(text))
            {
                var width = double.Parse(box.Groups[3].Value, CultureInfo.InvariantCulture) - double.Parse(box.Groups[1].Value, CultureInfo.InvariantCulture);
                var height = double.Parse(box.Groups[4].Value, CultureInfo.InvariantCulture) - double.Parse(box.Groups[2].Value, CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(width - 595.3) < 2 && Math.Abs(height - 841.9) < 2, $"page {width}×{height} pt is not A4 portrait");
            }

            var folder = DeskApp.Folder(Path.Combine("artifacts", "reports"));
            await File.WriteAllBytesAsync(Path.Combine(folder, $"{format}-{year}.pdf"), pdf);
            await page.SetViewportSizeAsync(794, 1123); // A4 at 96 dpi
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{format}-{year}-printed.png"), FullPage = true });
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [GeneratedRegex(@"/Type\s*/Page(?![s\w])")]
    private static partial Regex PageObject();

    [GeneratedRegex(@"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]")]
    private static partial Regex MediaBox();
}
