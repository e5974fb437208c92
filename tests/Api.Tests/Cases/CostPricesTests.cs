using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// Issue 20 item 1 ("an agency setting may hold default unit prices per page and per item"): an agency's cost prices (复制费 per page,
/// 检索费 per search, 邮寄费 per item posted), inherited by a subordinate without its own; a fee notice item of a Regime 2008 case may
/// give pages or a count instead of its amount, priced at them; refused with a sentence when no price is set.
/// </summary>
public class CostPricesTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly (string, string) Zh = ("Accept-Language", "zh-CN");

    private static Task<HttpResponseMessage> Put(HttpClient client, string url, object body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body, options: Http.Json) };
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return client.SendAsync(request);
    }

    private static async Task<string> Received2008(Scenario s, string agency)
    {
        var response = await s.Admin.Post("/api/cases", new
        {
            agencyCode = agency, channel = "InPerson", submittedOn = "2017-04-10",
            applicant = new { kind = "NaturalPerson", name = "赵六" }, description = "2016年棚户区改造项目补偿标准",
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    [Fact]
    public async Task CostPrices_SetOnTheParent_PriceCountedItemsOfASubordinate_UntilItSetsItsOwn()
    {
        var s = await Create(factory);
        var none = await Ok(s.Handler.GetAsync($"/api/agencies/{s.Child}/cost-prices"));
        Assert.Equal("none", (string?)none["source"]);
        Assert.Null(none["perPageYuan"]);

        var set = await Ok(Put(s.Admin, $"/api/agencies/{s.Root}/cost-prices", new { perPageYuan = 0.5m, perSearchYuan = 15m, perItemPostedYuan = 12m }));
        Assert.Equal("own", (string?)set["source"]);
        var inherited = await Ok(s.Handler.GetAsync($"/api/agencies/{s.Child}/cost-prices"));
        Assert.Equal(s.Root, (string?)inherited["source"]);
        Assert.Equal("测试省人民政府", (string?)inherited["sourceName"]);
        Assert.Equal(0.5m, (decimal)inherited["perPageYuan"]!);

        // 37 pages × 0.50 + 2 searches × 15 + a typed 邮寄费 of 20 = 18.5 + 30 + 20 = 68.5 yuan.
        var id = await Received2008(s, s.Child);
        var notice = await Ok(s.Handler.Post($"/api/cases/{id}/fee-notice", new
        {
            issuedOn = "2017-04-11", method = "Cost",
            items = new object[] { new { kind = "Copy", pages = 37 }, new { kind = "Search", count = 2 }, new { kind = "Post", amountYuan = 20m } },
        }));
        Assert.Equal(68.5m, (decimal)notice["amountYuan"]!);
        Assert.Equal([18.5m, 30m, 20m], notice["items"]!.AsArray().Select(i => (decimal)i!["amountYuan"]!));
        Assert.Equal("InProgress", (string?)notice["case"]!["status"]); // a 2008 cost fee pauses nothing

        // The subordinate sets a price per page of its own: the whole row is its own now, so a counted search has no price.
        await Ok(Put(s.Admin, $"/api/agencies/{s.Child}/cost-prices", new { perPageYuan = 1.2m }));
        var own = await Ok(s.Handler.GetAsync($"/api/agencies/{s.Child}/cost-prices"));
        Assert.Equal("own", (string?)own["source"]);
        Assert.Null(own["perSearchYuan"]);
        var second = await Received2008(s, s.Child);
        var before = factory.Snapshot();
        var noPrice = await Refused(s.Handler.Post($"/api/cases/{second}/fee-notice",
            new { issuedOn = "2017-04-11", method = "Cost", items = new object[] { new { kind = "Copy", pages = 10 }, new { kind = "Search", count = 1 } } }, Zh),
            HttpStatusCode.BadRequest);
        Assert.Equal("本机关及上级机关均未设置成本费用检索费的单价：请直接填写该项金额（元），或由管理员在“系统设置 → 成本费用单价”中设置单价。",
            (string)noPrice["errors"]!["items"]![0]!);
        Assert.Equal(before, factory.Snapshot());
        var copied = await Ok(s.Handler.Post($"/api/cases/{second}/fee-notice", new { issuedOn = "2017-04-11", method = "Cost", items = new object[] { new { kind = "Copy", pages = 10 } } }));
        Assert.Equal(12m, (decimal)copied["amountYuan"]!);

        // Clearing every price of its own: the parent's apply again.
        await Ok(Put(s.Admin, $"/api/agencies/{s.Child}/cost-prices", new { }));
        Assert.Equal(s.Root, (string?)(await Ok(s.Handler.GetAsync($"/api/agencies/{s.Child}/cost-prices")))["source"]);
    }

    [Fact]
    public async Task CostPrices_RefuseBadPrices_AndOthersThanAnAdministrator_ChangingNothing()
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { perPageYuan = 0m }, "perPageYuan"),
                     (new { perSearchYuan = -3m }, "perSearchYuan"),
                     (new { perItemPostedYuan = 1.555m }, "perItemPostedYuan"),
                     (new { perPageYuan = 100_001m }, "perPageYuan"),
                 })
        {
            var problem = await Refused(Put(s.Admin, $"/api/agencies/{s.Child}/cost-prices", body, Zh), HttpStatusCode.BadRequest);
            var message = (string)problem["errors"]![field]![0]!;
            Assert.DoesNotMatch("[A-Za-z]{3,}", message); // in Chinese
        }

        await Refused(Put(s.Handler, $"/api/agencies/{s.Child}/cost-prices", new { perPageYuan = 1m }), HttpStatusCode.Forbidden);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task CountedItems_RefusedWhenAmbiguousOrOfTheWrongKind_ChangingNothing()
    {
        var s = await Create(factory);
        await Ok(Put(s.Admin, $"/api/agencies/{s.Root}/cost-prices", new { perPageYuan = 0.5m, perSearchYuan = 15m, perItemPostedYuan = 12m }));
        var id = await Received2008(s, s.Child);
        var before = factory.Snapshot();
        foreach (var item in new object[]
                 {
                     new { kind = "Copy", amountYuan = 5m, pages = 10 },   // both an amount and a count
                     new { kind = "Copy" },                                // neither
                     new { kind = "Search", pages = 3 },                   // pages are for copies
                     new { kind = "Copy", count = 3 },                     // a copy is counted in pages
                     new { kind = "Post", count = 0 },                     // 1 or more
                 })
        {
            var problem = await Refused(s.Handler.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2017-04-11", method = "Cost", items = new[] { item } }, Zh),
                HttpStatusCode.BadRequest);
            Assert.DoesNotMatch("[A-Za-z]{3,}", (string)problem["errors"]!["items"]![0]!);
        }

        Assert.Equal(before, factory.Snapshot());
    }
}
