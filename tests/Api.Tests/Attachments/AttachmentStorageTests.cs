using System.Net;
using System.Security.Cryptography;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Attachments.AttachmentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Attachments;

/// <summary>
/// Issue 19 items 2 and 6: a 20 MB file streamed in and out byte-identical (on the engine under test: SQLite by default, PostgreSQL with
/// CASETRACKER_TEST_ENGINE), sealed at rest as read from the table itself, every download in the access log, removal kept in the history.
/// </summary>
public class AttachmentStorageTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private const long TwentyMegabytes = 20L * 1024 * 1024;

    [Fact]
    public async Task Upload_Of20MB_StreamsInAndOutByteIdentical_InChunks()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var source = new CountingSource(TwentyMegabytes);
        var added = await Ok(s.Intake.PostAsync($"/api/cases/{id}/attachments", Form(new StreamContent(source, 81920), "整卷扫描.pdf", "Application")));
        var expected = CountingSource.Bytes(TwentyMegabytes);
        Assert.Equal(TwentyMegabytes, (long)added["sizeBytes"]!);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), (string)added["sha256"]!);
        var aid = (string)added["id"]!;
        Assert.Equal(20L, Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM attachment_chunks WHERE attachment_id = @id", ("id", aid))));

        var response = await s.Handler.GetAsync($"/api/cases/{id}/attachments/{aid}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TwentyMegabytes, response.Content.Headers.ContentLength);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var downloaded = await response.Content.ReadAsByteArrayAsync();
        Assert.True(expected.AsSpan().SequenceEqual(downloaded), "the download differs from the upload");
    }

    [Fact]
    public async Task StoredContent_IsSealed_TheTableHoldsNeitherTheBytesNorTheirText()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var marker = "IDCOPY-530102199001011234-张三";
        var pdf = SampleFiles.Pdf(marker);
        var aid = await Uploaded(s.Intake, id, pdf, "身份证.pdf", "Identity");
        var chunks = factory.Database.Rows("SELECT seq, content FROM attachment_chunks WHERE attachment_id = @id ORDER BY seq", ("id", aid));
        var stored = Assert.Single(chunks);
        var bytes = (byte[])stored[1]!;
        Assert.Equal(pdf.Length + 16, bytes.Length);
        Assert.False(bytes.AsSpan().IndexOf("%PDF"u8) >= 0, "the PDF header is stored in clear");
        Assert.False(bytes.AsSpan().IndexOf("530102199001011234"u8) >= 0, "the ID number is stored in clear");
        var key = (string)factory.Database.Scalar("SELECT key_sealed FROM attachments WHERE id = @id", ("id", aid))!;
        Assert.Equal(0x09, Convert.FromBase64String(key)[0]); // a Data Protection payload (magic header 09 F0 C9 F0), never the key itself
        Assert.Equal(pdf, await Download(s.Handler, id, aid));
    }

    [Fact]
    public async Task StoredContent_AlteredInTheTable_IsNotServed()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var aid = await Uploaded(s.Intake, id, SampleFiles.Png(), "信封.png", "Envelope");
        using (var connection = factory.Database.Open())
        using (var command = connection.CreateCommand())
        {
            var bytes = (byte[])factory.Database.Rows("SELECT content FROM attachment_chunks WHERE attachment_id = @id", ("id", aid))[0][0]!;
            bytes[10] ^= 0x01;
            command.CommandText = "UPDATE attachment_chunks SET content = @content WHERE attachment_id = @id";
            var content = command.CreateParameter();
            content.ParameterName = "content";
            content.Value = bytes;
            command.Parameters.Add(content);
            var idParameter = command.CreateParameter();
            idParameter.ParameterName = "id";
            idParameter.Value = aid;
            command.Parameters.Add(idParameter);
            command.ExecuteNonQuery();
        }

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var response = await s.Handler.GetAsync($"/api/cases/{id}/attachments/{aid}");
            await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.IsSuccessStatusCode);
            throw new InvalidOperationException("the altered content was served in full");
        });
    }

    [Fact]
    public async Task Download_IsWrittenToTheAccessLog_AndRefusedToASupervisor()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var aid = await Uploaded(s.Intake, id, SampleFiles.Jpeg(), "身份证.jpg", "Identity");
        await Download(s.Approver, id, aid);
        var log = await Ok(s.Admin.GetAsync($"/api/audit/personal-data?caseId={id}"));
        var entry = Assert.Single(log["items"]!.AsArray(), e => ((string)e!["reason"]!).Contains(aid));
        Assert.Equal("Read", (string)entry!["action"]!);
        Assert.Equal("approver-" + s.Child, (string)entry["userId"]!);
        Assert.Contains("身份证明", (string)entry["reason"]!);

        await Refused(s.Supervisor.GetAsync($"/api/cases/{id}/attachments/{aid}"), HttpStatusCode.Forbidden);
        var list = await Ok(s.Supervisor.GetAsync($"/api/cases/{id}/attachments"));
        Assert.False((bool)list["mayOpen"]!);
        Assert.Single(list["items"]!.AsArray());
    }

    [Fact]
    public async Task Download_HasASafeContentDisposition_WithTheChineseNameAsFilenameStar()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var aid = await Uploaded(s.Intake, id, SampleFiles.Pdf(), "../../etc/申请书 ; x=1.pdf", "Application");
        var response = await s.Handler.GetAsync($"/api/cases/{id}/attachments/{aid}");
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.DoesNotContain("/", disposition.FileNameStar);
        Assert.DoesNotContain("\"", disposition.FileNameStar);
        Assert.StartsWith("申请书", disposition.FileNameStar);
        Assert.Equal("inline", (await s.Handler.GetAsync($"/api/cases/{id}/attachments/{aid}?inline=true")).Content.Headers.ContentDisposition!.DispositionType);
    }

    [Fact]
    public async Task Remove_ByAnAdministratorWithAReason_DeletesTheContent_KeepsTheRecordAndTheHistory()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var aid = await Uploaded(s.Intake, id, SampleFiles.Pdf(), "误传.pdf", "Other");
        await Refused(s.Handler.Post($"/api/cases/{id}/attachments/{aid}/removal", new { reason = "误传" }), HttpStatusCode.Forbidden);
        await Refused(s.Admin.Post($"/api/cases/{id}/attachments/{aid}/removal", new { reason = " " }), HttpStatusCode.BadRequest);
        var removed = await Ok(s.Admin.Post($"/api/cases/{id}/attachments/{aid}/removal", new { reason = "误传他人材料" }));
        Assert.Equal("Removed", (string)removed["status"]!);
        Assert.Equal("误传他人材料", (string)removed["removal"]!["reason"]!);
        Assert.Equal(0L, Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM attachment_chunks WHERE attachment_id = @id", ("id", aid))));
        await Refused(s.Handler.GetAsync($"/api/cases/{id}/attachments/{aid}"), HttpStatusCode.NotFound);
        await Refused(s.Admin.Post($"/api/cases/{id}/attachments/{aid}/removal", new { reason = "再删一次" }), HttpStatusCode.Conflict);
        var history = await Ok(s.Handler.GetAsync($"/api/cases/{id}/history"));
        var entry = Assert.Single(history["items"]!.AsArray(), e => (string)e!["kind"]! == "AttachmentRemoved");
        Assert.Equal("误传他人材料", (string)entry!["details"]!["reason"]!);
        var list = await Ok(s.Handler.GetAsync($"/api/cases/{id}/attachments"));
        Assert.Equal("Removed", (string)list["items"]![0]!["status"]!);
    }
}
