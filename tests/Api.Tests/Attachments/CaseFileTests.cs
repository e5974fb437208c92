using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Attachments.AttachmentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Attachments;

/// <summary>
/// Issue 19 items 3–4 and the "done when": a paper application scanned at intake, the postal receipt tied to the delivery's tracking
/// number, the case archived, and one case file that holds everything with its contents list and a manifest that matches the case.
/// </summary>
public class CaseFileTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task Delivery_TakesATrackingNumber_TheDeliveryRecordCarriesIt_AndAProofIsTiedToIt()
    {
        var s = await Create(factory);
        var id = await Closed(s, "ea 123456789 cn");
        var history = await Ok(s.Handler.GetAsync($"/api/cases/{id}/history"));
        var delivered = history["items"]!.AsArray().Single(e => (string)e!["kind"]! == "Delivered")!;
        Assert.Equal("EA123456789CN", (string)delivered["details"]!["trackingNumber"]!);

        var draft = await Ok(s.Handler.Post($"/api/cases/{id}/documents/drafts", new { kind = "DeliveryRecord" }));
        var field = draft["fields"]!.AsArray().Single(f => (string)f!["key"]! == "trackingNumber")!;
        Assert.Equal("EA123456789CN", (string)field["value"]!);

        var proof = await Ok(Upload(s.Handler, id, SampleFiles.Jpeg(), "回执.jpg", "送达凭证"));
        Assert.Equal("EA123456789CN", (string)proof["trackingNumber"]!);
        Assert.Equal((int)delivered["seq"]!, (int)proof["eventSeq"]!);
        var named = await Ok(Upload(s.Handler, id, SampleFiles.Png(), "回执2.png", "DeliveryProof", ("trackingNumber", "EA123456789CN")));
        Assert.Equal("EA123456789CN", (string)named["trackingNumber"]!);
        await Refused(Upload(s.Handler, id, SampleFiles.Png(), "回执3.png", "DeliveryProof", ("trackingNumber", "EA999999999CN")), HttpStatusCode.BadRequest);
        await Refused(Upload(s.Handler, id, SampleFiles.Png(), "信封.png", "Envelope", ("trackingNumber", "EA123456789CN")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Delivery_InPersonWithATrackingNumber_IsRefused_AndAMalformedOneIs400()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed", summary = "预算表" }));
        await Refused(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "InPerson", trackingNumber = "EA123456789CN" }),
            HttpStatusCode.BadRequest);
        await Refused(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "Post", trackingNumber = "邮件<1>" }),
            HttpStatusCode.BadRequest);
        Assert.NotEqual("Closed", (string)(await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["status"]!);
    }

    [Fact]
    public async Task CaseFile_HoldsEveryDocumentAndAttachmentInDateOrder_WithAContentsListAndAManifestThatMatchesTheCase()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var scan = SampleFiles.Pdf("application letter");
        await Uploaded(s.Intake, id, scan, "申请书.pdf", "Application");
        await Ok(s.Intake.Post($"/api/cases/{id}/documents", new { kind = "Receipt" }));
        await Ok(s.Handler.Post($"/api/cases/{id}/decision", new { decidedOn = "2026-09-10", outcome = "Disclosed", summary = "预算表" }));
        await Ok(s.Handler.Post($"/api/cases/{id}/documents", new { kind = "Answer", issuedOn = "2026-09-10" }));
        await Ok(s.Handler.Post($"/api/cases/{id}/delivery", new { deliveredOn = "2026-09-11", method = "Post", trackingNumber = "EA123456789CN" }));
        await Uploaded(s.Handler, id, SampleFiles.Jpeg(), "邮寄回执.jpg", "DeliveryProof");

        var response = await s.Handler.GetAsync($"/api/cases/{id}/file");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        var zipBytes = await response.Content.ReadAsByteArrayAsync();
        using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("00-卷内目录.html", names);
        Assert.Contains("00-卷内目录.csv", names);
        Assert.Contains("00-办理记录与期限说明.html", names);
        Assert.Contains("manifest.json", names);
        Assert.Contains("SHA256SUMS", names);

        var manifest = JsonNode.Parse(Read(zip, "manifest.json"))!;
        var caseNumber = (string)(await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["caseNumber"]!;
        Assert.Equal(caseNumber, (string)manifest["caseNumber"]!);
        var documents = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/documents")))["items"]!.AsArray();
        var attachments = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/attachments")))["items"]!.AsArray();
        var entries = manifest["entries"]!.AsArray().Where(e => e!["document"] is not null).ToList();
        Assert.Equal(documents.Count + attachments.Count, entries.Count);
        var expected = documents.Select(d => (string)d!["sha256"]!).Concat(attachments.Select(a => (string)a!["sha256"]!)).Order().ToList();
        Assert.Equal(expected, entries.Select(e => (string)e!["document"]!["storedSha256"]!).Order().ToList());
        foreach (var entry in manifest["entries"]!.AsArray())
        {
            var bytes = ReadBytes(zip, (string)entry!["name"]!);
            Assert.Equal((string)entry["sha256"]!, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            if (entry["document"] is { } document) Assert.Equal((string)document["storedSha256"]!, (string)entry["sha256"]!);
        }

        // In date order: the scan of 2026-11-25 (today) comes after the documents of September.
        var dates = entries.Select(e => (string)e!["document"]!["date"]!).ToList();
        Assert.Equal(dates.Order(StringComparer.Ordinal).ToList(), dates);
        Assert.Equal(scan, ReadBytes(zip, names.Single(n => n.EndsWith("申请书.pdf", StringComparison.Ordinal))));
        var contents = Read(zip, "00-卷内目录.html");
        Assert.Contains("卷内目录", contents);
        Assert.Contains(caseNumber, contents);
        foreach (var d in documents) Assert.Contains((string)d!["number"]!, contents);
        Assert.Contains("送达凭证（邮件号 EA123456789CN）", contents);
        var csv = Read(zip, "00-卷内目录.csv");
        Assert.StartsWith("顺序号,题名,文号或类别,日期,页数,文件,SHA-256", csv.TrimStart('\uFEFF'));
        Assert.Equal(entries.Count + 1, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        var historyPage = Read(zip, "00-办理记录与期限说明.html");
        Assert.Contains("答复期限说明", historyPage);
        Assert.Contains("EA123456789CN", historyPage);
        // The permanent record names outcomes and delivery methods as the desk case page does, never by their codes.
        foreach (var page in new[] { contents, historyPage })
        {
            Assert.Contains("予以公开", page);
            foreach (var code in new[] { "Disclosed", "InPerson", "Post" }) Assert.DoesNotContain(code, page, StringComparison.Ordinal);
        }

        Assert.Contains("邮寄", historyPage);

        var log = await Ok(s.Admin.GetAsync($"/api/audit/personal-data?caseId={id}"));
        Assert.Contains(log["items"]!.AsArray(), e => (string)e!["reason"]! == "案卷下载");
        await Refused(s.Supervisor.GetAsync($"/api/cases/{id}/file"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Archival_OfAClosedCase_RefusesStepsCorrectionsDocumentsAndAttachments_TheCaseFileStaysDownloadable()
    {
        var s = await Create(factory);
        var open = (string)(await s.Register())["id"]!;
        await Refused(s.Supervisor.Post($"/api/cases/{open}/archival", new { }), HttpStatusCode.Conflict);
        var id = await Closed(s);
        await Refused(s.Handler.Post($"/api/cases/{id}/archival", new { }), HttpStatusCode.Forbidden);
        await Refused(s.Supervisor.Post($"/api/cases/{id}/archival", new { archivedOn = "2026-09-10" }), HttpStatusCode.BadRequest);
        var desk = factory.SignedIn($"approver-{s.Child}", s.Child, Roles.Approver, Roles.CaseHandler);
        var before = await desk.GetStringAsync($"/cases/{id}");
        Assert.Contains("id=\"step-void-last-step\"", before);
        Assert.Contains("id=\"step-correction\"", before);
        Assert.Null((await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["archivedOn"]);
        var archived = await Ok(s.Supervisor.Post($"/api/cases/{id}/archival", new { }));
        Assert.Equal("2026-11-25", (string)archived["archivedOn"]!);
        // Finding 3: nothing that would be refused is offered — no document to issue, no step, 更正 or 撤销上一步 form — and the case says it is archived.
        Assert.Empty((await Ok(s.Handler.GetAsync($"/api/cases/{id}/documents")))["issuableNow"]!.AsArray());
        Assert.Equal("2026-11-25", (string)(await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["archivedOn"]!);
        var after = await desk.GetStringAsync($"/cases/{id}");
        Assert.DoesNotContain("id=\"step-", after);
        Assert.DoesNotContain("撤销上一步：", after);
        Assert.Contains("已归档，2026-11-25", after);
        Assert.Contains("id=\"case-archived-steps\"", after);
        await Refused(s.Admin.Post($"/api/cases/{id}/archival", new { }), HttpStatusCode.Conflict);

        s.Handler.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var step = await Refused(s.Approver.Post($"/api/cases/{id}/void-last-step", new { reason = "送达日期录错" }), HttpStatusCode.Conflict);
        Assert.Contains("归档", (string)step["detail"]!);
        var correction = await Refused(s.Handler.Post($"/api/cases/{id}/correction", new { reason = "姓名录错", applicant = new { name = "张叁" } }), HttpStatusCode.Conflict);
        Assert.Contains("已于2026-11-25归档", (string)correction["detail"]!);
        await Refused(s.Handler.Post($"/api/cases/{id}/documents", new { kind = "DeliveryRecord" }), HttpStatusCode.Conflict);
        await Refused(Upload(s.Handler, id, SampleFiles.Pdf(), "补充.pdf", "Other"), HttpStatusCode.Conflict);
        var history = await Ok(s.Handler.GetAsync($"/api/cases/{id}/history"));
        Assert.Equal("Archived", (string)history["items"]!.AsArray().Last()!["kind"]!);
        var file = await s.Handler.GetAsync($"/api/cases/{id}/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await file.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Contains("2026年11月25日", Read(zip, "00-卷内目录.html"));
    }

    private static string Read(ZipArchive zip, string name) => Encoding.UTF8.GetString(ReadBytes(zip, name));

    private static byte[] ReadBytes(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
