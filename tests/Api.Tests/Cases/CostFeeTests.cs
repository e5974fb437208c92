using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// Issue 20 item 1, law.md §1 (fee row): a Regime 2008 case is charged the cost of searching, copying and posting (2008 Art. 27),
/// typed by the office, reduced or waived with a reason (2008 Art. 28), paid, never pausing the clock; a Regime 2019 case received
/// before 2021-01-01 is charged nothing; the legacy report's row 七 counts the fees received in the year in 万元.
/// </summary>
public class CostFeeTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly (string, string) Zh = ("Accept-Language", "zh-CN");

    private static async Task<string> Received(Scenario s, string on, string? agency = null)
    {
        var response = await s.Admin.Post("/api/cases", new
        {
            agencyCode = agency ?? s.Child, channel = "InPerson", submittedOn = on,
            applicant = new { kind = "NaturalPerson", name = "王五", address = DefaultAddress }, description = "2016年城区道路改造工程预算",
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    private static object Cost(string issuedOn, params (string Kind, decimal Yuan)[] items)
        => new { issuedOn, method = "Cost", items = items.Select(i => new { kind = i.Kind, amountYuan = i.Yuan }).ToArray() };

    [Fact]
    public async Task CostFee_OnARegime2008Case_IsTheSumOfItsItems_PausesNothing_AndIsPaid()
    {
        var s = await Create(factory);
        var id = await Received(s, "2018-03-05");
        var notice = await Ok(s.Handler.Post($"/api/cases/{id}/fee-notice", Cost("2018-03-06", ("Search", 10m), ("Copy", 37.5m), ("Post", 22m))));
        Assert.Equal("Cost", (string?)notice["method"]);
        Assert.Equal(69.5m, (decimal)notice["amountYuan"]!);
        Assert.Null(notice["payBy"]); // the 2008 Regulation sets no time to pay
        Assert.Equal(["Search", "Copy", "Post"], notice["items"]!.AsArray().Select(i => (string)i!["kind"]!));
        Assert.Equal("InProgress", (string?)notice["case"]!["status"]);
        Assert.Equal("2018-03-26", (string?)notice["case"]!["dueOn"]); // received 2018-03-05 + 15 working days, no pause

        // The answer is not held back by an unpaid cost fee; the payment must be the amount due.
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2018-03-07", outcome = "Disclosed" }));
        var before = factory.Snapshot();
        var wrong = await Refused(s.Handler.Post($"/api/cases/{id}/fee-payment", new { paidOn = "2018-03-08", amountYuan = 60m }), HttpStatusCode.Conflict);
        Assert.Contains("69.5", (string)wrong["detail"]!);
        Assert.Equal(before, factory.Snapshot());
        var paid = await Ok(s.Handler.Post($"/api/cases/{id}/fee-payment", new { paidOn = "2018-03-08", amountYuan = 69.5m }));
        Assert.Equal("2018-03-26", (string?)paid["dueOn"]);
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2018-03-09", method = "Post" }));

        var history = await Ok(s.Handler.GetAsync($"/api/cases/{id}/history"));
        var kinds = history["items"]!.AsArray().Select(e => (string)e!["kind"]!).ToList();
        Assert.Equal(["Registered", "FeeNoticeIssued", "Decided", "FeePaid", "Delivered"], kinds);
    }

    [Fact]
    public async Task CostFee_ReducedOrWaivedForEconomicDifficulty_WithAReason()
    {
        // 2008 Art. 28: 经济困难 — reduced or waived, always with the reason recorded.
        var s = await Create(factory);
        var reduced = await Received(s, "2018-03-05");
        await Ok(s.Handler.Post($"/api/cases/{reduced}/fee-notice", Cost("2018-03-06", ("Copy", 80m), ("Post", 20m))));
        await Refused(s.Handler.Post($"/api/cases/{reduced}/fee-reduction", new { reducedOn = "2018-03-07", toYuan = 50m }), HttpStatusCode.BadRequest);
        await Ok(s.Handler.Post($"/api/cases/{reduced}/fee-reduction", new { reducedOn = "2018-03-07", toYuan = 50m, reason = "申请人经济困难，减半收取" }));
        var paid = await Ok(s.Handler.Post($"/api/cases/{reduced}/fee-payment", new { paidOn = "2018-03-08" }));
        Assert.Equal("InProgress", (string?)paid["status"]);

        var waived = await Received(s, "2018-03-05");
        await Ok(s.Handler.Post($"/api/cases/{waived}/fee-notice", Cost("2018-03-06", ("Copy", 30m))));
        await Ok(s.Handler.Post($"/api/cases/{waived}/fee-reduction", new { reducedOn = "2018-03-07", toYuan = 0m, reason = "低保户，免收" }));
        var nothing = await Refused(s.Handler.Post($"/api/cases/{waived}/fee-payment", new { paidOn = "2018-03-08" }, Zh), HttpStatusCode.Conflict);
        Assert.Equal("费用已免除，无需缴纳。", (string)nothing["detail"]!);
    }

    [Fact]
    public async Task EachRegime_RefusesTheOthersFee_AndRegime2019Before2021ChargesNothing_ChangingNothing()
    {
        var s = await Create(factory);
        var c2008 = await Received(s, "2018-03-05");
        var c2020 = await Received(s, "2020-06-01");
        var c2026 = await Received(s, "2026-06-01");
        var before = factory.Snapshot();

        var perPage = await Refused(s.Handler.Post($"/api/cases/{c2008}/fee-notice", new { issuedOn = "2018-03-06", method = "PerPage", pages = 150 }), HttpStatusCode.Conflict);
        Assert.StartsWith("PerRequest and PerPage are the 信息处理费 of Regime 2019", (string)perPage["detail"]!);
        var perPageZh = await Refused(s.Handler.Post($"/api/cases/{c2008}/fee-notice", new { issuedOn = "2018-03-06", method = "PerRequest" }, Zh), HttpStatusCode.Conflict);
        Assert.StartsWith("按件（PerRequest）和按量（PerPage）是2019年条例的信息处理费", (string)perPageZh["detail"]!);

        var cost2019 = await Refused(s.Handler.Post($"/api/cases/{c2026}/fee-notice", Cost("2026-06-02", ("Copy", 10m)), Zh), HttpStatusCode.Conflict);
        Assert.StartsWith("检索、复制、邮寄的成本费用（按成本收费，2008年《条例》第二十七条）只适用于2019-05-15前收到的2008年条例案件", (string)cost2019["detail"]!);

        var none = await Refused(s.Handler.Post($"/api/cases/{c2020}/fee-notice", new { issuedOn = "2020-06-02", method = "PerPage", pages = 150 }), HttpStatusCode.Conflict);
        Assert.StartsWith("A request received on 2020-06-01 is charged no fee at all", (string)none["detail"]!);
        var noneZh = await Refused(s.Handler.Post($"/api/cases/{c2020}/fee-notice", new { issuedOn = "2020-06-02", method = "PerPage", pages = 150 }, Zh), HttpStatusCode.Conflict);
        Assert.StartsWith("2020-06-01收到的申请不收取任何费用", (string)noneZh["detail"]!);
        await Refused(s.Handler.Post($"/api/cases/{c2020}/fee-notice", Cost("2020-06-02", ("Copy", 10m))), HttpStatusCode.Conflict);

        // Bad items: 400 naming the field.
        foreach (var body in new object[]
                 {
                     new { issuedOn = "2018-03-06", method = "Cost" },
                     new { issuedOn = "2018-03-06", method = "Cost", items = Array.Empty<object>() },
                     new { issuedOn = "2018-03-06", method = "Cost", pages = 10, items = new[] { new { kind = "Copy", amountYuan = 5m } } },
                     new { issuedOn = "2018-03-06", method = "Cost", items = new[] { new { kind = "Copy", amountYuan = 0m } } },
                     new { issuedOn = "2018-03-06", method = "Cost", items = new[] { new { kind = "Copy", amountYuan = 5m }, new { kind = "Copy", amountYuan = 6m } } },
                     new { issuedOn = "2018-03-06", method = "Cost", items = new[] { new { kind = "Copy", amountYuan = 5.555m } } },
                     new { issuedOn = "2018-03-06", method = "Cost", items = new[] { new { kind = (string?)null, amountYuan = 5m } } },
                 })
        {
            var problem = await Refused(s.Handler.Post($"/api/cases/{c2008}/fee-notice", body, Zh), HttpStatusCode.BadRequest);
            Assert.Contains(problem["errors"]!.AsObject().Select(e => e.Key), k => k is "items" or "pages");
        }

        var itemsOn2019 = await Refused(s.Handler.Post($"/api/cases/{c2026}/fee-notice",
            new { issuedOn = "2026-06-02", method = "PerPage", pages = 150, items = new[] { new { kind = "Copy", amountYuan = 5m } } }), HttpStatusCode.BadRequest);
        Assert.Contains("items", itemsOn2019["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Legacy2017Report_OfAPrefectureTree_CountsTheCostFeesPaidInTheYear_In万元()
    {
        // Issue 20 item 3: a 2017 prefecture (s.Child) and three county offices; cost fees at several agencies, one reduced, one waived,
        // one paid in 2018. Row 七 = the fees received in 2017 in 万元 with 4 decimals (reports.md §3), the tree = the sum of its members (§5).
        var s = await Create(factory);
        string[] counties = [s.Child + "A", s.Child + "B", s.Child + "C"];
        foreach (var (code, i) in counties.Select((c, i) => (c, i)))
            (await s.Admin.Post("/api/agencies", new { code, name = $"测试县{i + 1}人民政府", parentCode = s.Child })).EnsureSuccessStatusCode();

        async Task Closed(string id, string on)
        {
            await Ok(s.Admin.Post($"/api/cases/{id}/decision", new { decidedOn = on, outcome = "Disclosed" }));
            await Ok(s.Admin.Post($"/api/cases/{id}/delivery", new { deliveredOn = on, method = "Post" }));
        }

        // The prefecture itself: 20 + 45.5 = 65.5 yuan, paid 2017-03-10.
        var p = await Received(s, "2017-03-06");
        await Ok(s.Admin.Post($"/api/cases/{p}/fee-notice", Cost("2017-03-08", ("Search", 20m), ("Copy", 45.5m))));
        await Ok(s.Admin.Post($"/api/cases/{p}/fee-payment", new { paidOn = "2017-03-10", amountYuan = 65.5m }));
        await Closed(p, "2017-03-13");
        // County 1: 100 + 12 = 112 reduced to 56 (经济困难), paid; another waived.
        var reduced = await Received(s, "2017-05-08", counties[0]);
        await Ok(s.Admin.Post($"/api/cases/{reduced}/fee-notice", Cost("2017-05-09", ("Copy", 100m), ("Post", 12m))));
        await Ok(s.Admin.Post($"/api/cases/{reduced}/fee-reduction", new { reducedOn = "2017-05-10", toYuan = 56m, reason = "经济困难，减半" }));
        await Ok(s.Admin.Post($"/api/cases/{reduced}/fee-payment", new { paidOn = "2017-05-11" }));
        await Closed(reduced, "2017-05-12");
        var waived = await Received(s, "2017-05-08", counties[0]);
        await Ok(s.Admin.Post($"/api/cases/{waived}/fee-notice", Cost("2017-05-09", ("Copy", 30m))));
        await Ok(s.Admin.Post($"/api/cases/{waived}/fee-reduction", new { reducedOn = "2017-05-10", toYuan = 0m, reason = "低保户，免收" }));
        await Closed(waived, "2017-05-12");
        // County 2: 1,234 yuan paid in 2017; 80 yuan noticed in December 2017, paid 2018-01-03 (counted in 2018).
        var large = await Received(s, "2017-09-04", counties[1]);
        await Ok(s.Admin.Post($"/api/cases/{large}/fee-notice", Cost("2017-09-05", ("Search", 300m), ("Copy", 900m), ("Post", 34m))));
        await Ok(s.Admin.Post($"/api/cases/{large}/fee-payment", new { paidOn = "2017-09-07", amountYuan = 1234m }));
        await Closed(large, "2017-09-08");
        var late = await Received(s, "2017-12-18", counties[1]);
        await Ok(s.Admin.Post($"/api/cases/{late}/fee-notice", Cost("2017-12-20", ("Copy", 80m))));
        await Ok(s.Admin.Post($"/api/cases/{late}/fee-payment", new { paidOn = "2018-01-03" }));
        await Closed(late, "2018-01-04");
        // County 3: a case without fee.
        await Closed(await Received(s, "2017-06-05", counties[2]), "2017-06-09");

        async Task<decimal> Row七(string agency, bool subtree, int year = 2017)
        {
            var report = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/{year}?agency={agency}&subtree={(subtree ? "true" : "false")}&format=legacy"));
            return (decimal)report["rows"]!["fees.total"]!;
        }

        // By hand: 65.5 → 0.00655 → 0.0066 万元; 56 → 0.0056; 0 (waived); 1,234 → 0.1234; none.
        Assert.Equal(0.0066m, await Row七(s.Child, subtree: false));
        Assert.Equal(0.0056m, await Row七(counties[0], subtree: false));
        Assert.Equal(0.1234m, await Row七(counties[1], subtree: false));
        Assert.Equal(0m, await Row七(counties[2], subtree: false));
        Assert.Equal(0.1356m, await Row七(s.Child, subtree: true)); // 1,355.5 yuan received in 2017
        Assert.Equal(0.1356m, await Row七(s.Root, subtree: true));
        Assert.Equal(0.0080m, await Row七(s.Child, subtree: true, year: 2018));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/annual/2017?agency={s.Child}&subtree=true&format=legacy");
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = await s.Supervisor.SendAsync(request);
        Assert.Contains("0.1356", await csv.Content.ReadAsStringAsync());
    }
}
