using System.Net;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>
/// Trial D findings 9 and 10: a 邮件号 on a delivery that is not by post is refused for that reason (not for its form), and a
/// delivery by e-mail, fax or post needs the address it went to on the case (the 送达回证's 送达地址): refused, naming what is
/// missing and how to add it (更正 of the applicant's contact), until the case holds it. Refusals change nothing.
/// </summary>
public class DeliveryAddressTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly (string, string) Zh = ("Accept-Language", "zh-CN");

    private static async Task<string> Decided(Scenario s, string? address = DefaultAddress)
    {
        var id = (string)(await s.Register("InPerson", "2026-09-01", address: address))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed" }));
        return id;
    }

    [Fact]
    public async Task TrackingNumber_OnAnEmailDelivery_IsRefusedAsForPostOnly_BeforeItsForm()
    {
        var s = await Create(factory);
        var id = await Decided(s);
        await Ok(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "补登电子邮箱", applicant = new { email = "zhang@example.cn" } }));
        var before = factory.Database.Snapshot();

        // "EA1" is too short for a 邮件号 too, but the reason it is refused is that an e-mail delivery has none.
        var zh = await Refused(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "Email", trackingNumber = "EA1" }, Zh),
            HttpStatusCode.BadRequest);
        Assert.Equal("邮件号只用于邮寄送达（method 为 Post）。", (string)zh["errors"]!["trackingNumber"]![0]!);
        var en = await Refused(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "InPerson", trackingNumber = "EA123456789CN" }),
            HttpStatusCode.BadRequest);
        Assert.Equal("A tracking number (邮件号) is recorded only for a delivery by post (method Post).", (string)en["errors"]!["trackingNumber"]![0]!);
        Assert.Equal(before, factory.Database.Snapshot());

        // By post, the form is what is checked.
        var post = await Refused(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "Post", trackingNumber = "EA1" }, Zh),
            HttpStatusCode.BadRequest);
        Assert.Equal("邮件号应由字母和数字组成，最多40位。", (string)post["errors"]!["trackingNumber"]![0]!);
        Assert.Equal(before, factory.Database.Snapshot());

        var delivered = await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "Email" }));
        Assert.Equal("Email", (string?)delivered["delivery"]!["method"]);
    }

    [Fact]
    public async Task EmailFaxAndPost_WithoutTheAddressOnTheCase_AreRefusedNamingWhatIsMissing_UntilACorrectionAddsIt()
    {
        var s = await Create(factory);
        var id = await Decided(s, address: null); // the applicant gave only a name: no phone, e-mail or address
        var number = (string)(await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["caseNumber"]!;
        var before = factory.Database.Snapshot();

        foreach (var (method, missing) in new[] { ("Email", "电子邮箱"), ("Fax", "传真号码"), ("Post", "通信地址") })
        {
            var refused = await Refused(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method }, Zh), HttpStatusCode.BadRequest);
            var sentence = (string)refused["errors"]!["method"]![0]!;
            Assert.StartsWith($"案件{number}没有申请人的{missing}", sentence);
            Assert.Contains("请先更正申请人的联系方式", sentence);
        }

        var english = await Refused(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "Email" }), HttpStatusCode.BadRequest);
        Assert.Contains("holds no e-mail address of the applicant", (string)english["errors"]!["method"]![0]!);
        Assert.Contains("correction (更正)", (string)english["errors"]!["method"]![0]!);
        Assert.Equal(before, factory.Database.Snapshot());
        Assert.Null((await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["delivery"]);

        // The 更正 adds the e-mail address; the e-mail delivery is then recorded and its 送达回证 gives the address it went to.
        await Ok(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "申请人补充电子邮箱", applicant = new { email = "zhang@example.cn" } }));
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "Email" }));
        var draft = await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "DeliveryRecord" }));
        var address = (string)draft["fields"]!.AsArray().Single(f => (string)f!["key"]! == "address")!["value"]!;
        Assert.EndsWith("@example.cn", address);
    }

    [Fact]
    public async Task InPersonAndOnline_NeedNoAddress_AndTheOnTheSpotAnswerIsCheckedAlike()
    {
        var s = await Create(factory);
        var inPerson = await Decided(s, address: null);
        await Ok(s.Handler.Post($"/api/cases/{inPerson}/delivery", new { deliveredOn = "2026-09-11", method = "InPerson" }));
        var online = await Decided(s, address: null);
        await Ok(s.Handler.Post($"/api/cases/{online}/delivery", new { deliveredOn = "2026-09-11", method = "Online" }));

        var spot = (string)(await s.Register("InPerson", "2026-10-12", address: null))["id"]!;
        var refused = await Refused(s.Intake.Post($"/api/cases/{spot}/on-the-spot-answer",
            new { answeredOn = "2026-10-12", outcome = "Disclosed.AlreadyPublished", method = "Post" }, Zh), HttpStatusCode.BadRequest);
        Assert.Contains("没有申请人的通信地址", (string)refused["errors"]!["method"]![0]!);
        await Ok(s.Intake.Post($"/api/cases/{spot}/on-the-spot-answer", new { answeredOn = "2026-10-12", outcome = "Disclosed.AlreadyPublished", method = "InPerson" }));
    }
}
