using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Attachments.AttachmentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Attachments;

/// <summary>Issue 19 items 1–2, 6: each accepted type by its content, refusals by content and by size, streamed storage.</summary>
public class AddAttachmentTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    public static TheoryData<string, string, string> Types => new()
    {
        { "Pdf", "申请书.pdf", "application/pdf" },
        { "Jpeg", "身份证复印件.jpg", "image/jpeg" },
        { "Png", "信封.png", "image/png" },
        { "Tiff", "scan.tif", "image/tiff" },
        { "Ofd", "第三方意见.ofd", "application/ofd" },
        { "Docx", "授权委托书.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "Xlsx", "清单.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    };

    private static byte[] Sample(string type) => type switch
    {
        "Pdf" => SampleFiles.Pdf(),
        "Jpeg" => SampleFiles.Jpeg(),
        "Png" => SampleFiles.Png(),
        "Tiff" => SampleFiles.Tiff(),
        "Ofd" => SampleFiles.Ofd(),
        "Docx" => SampleFiles.Docx(),
        _ => SampleFiles.Xlsx(),
    };

    [Theory]
    [MemberData(nameof(Types))]
    public async Task Upload_EachAcceptedType_IsStoredWithTheTypeItsBytesShow_ItsSizeAndSha256(string type, string fileName, string mediaType)
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var bytes = Sample(type);
        var added = await Ok(Upload(s.Intake, id, bytes, fileName, "申请书", ("note", "窗口扫描")));
        Assert.Equal(mediaType, (string)added["contentType"]!);
        Assert.Equal(bytes.Length, (long)added["sizeBytes"]!);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), (string)added["sha256"]!);
        Assert.Equal("Application", (string)added["kind"]!);
        Assert.Equal(fileName, (string)added["fileName"]!);
        Assert.Equal(bytes, await Download(s.Handler, id, (string)added["id"]!));

        var list = await Ok(s.Handler.GetAsync($"/api/cases/{id}/attachments"));
        Assert.Single(list["items"]!.AsArray());
        var history = await Ok(s.Handler.GetAsync($"/api/cases/{id}/history"));
        Assert.Contains(history["items"]!.AsArray(), e => (string)e!["kind"]! == "AttachmentAdded");
    }

    [Fact]
    public async Task Upload_WithoutAName_IsRecognisedByContentAlone()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var added = await Ok(Upload(s.Intake, id, SampleFiles.Png(), "scan", "Identity"));
        Assert.Equal("image/png", (string)added["contentType"]!);
    }

    [Fact]
    public async Task Upload_ARenamedFile_IsRefusedWith415AndAChineseSentence_AndNothingIsStored()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var before = factory.Database.Scalar("SELECT COUNT(*) FROM attachments");
        s.Intake.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var png = await Refused(Upload(s.Intake, id, SampleFiles.Png(), "申请书.pdf"), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("PNG", (string)png["detail"]!);
        Assert.Contains("申请书.pdf", (string)png["detail"]!);
        Assert.DoesNotContain("named as another type", (string)png["detail"]!);
        // A ZIP named .docx that is no Word document; an OFD named .xlsx; a program renamed .pdf; text named .jpg.
        await Refused(Upload(s.Intake, id, SampleFiles.PlainZip(), "答复.docx"), HttpStatusCode.UnsupportedMediaType);
        await Refused(Upload(s.Intake, id, SampleFiles.Ofd(), "清单.xlsx"), HttpStatusCode.UnsupportedMediaType);
        await Refused(Upload(s.Intake, id, [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04], "申请书.pdf"), HttpStatusCode.UnsupportedMediaType);
        await Refused(Upload(s.Intake, id, "张三 身份证 530102199001011234"u8.ToArray(), "id.jpg"), HttpStatusCode.UnsupportedMediaType);
        // An accepted content under an extension the register does not take.
        await Refused(Upload(s.Intake, id, SampleFiles.Pdf(), "申请书.exe"), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, factory.Database.Scalar("SELECT COUNT(*) FROM attachments"));
        Assert.Equal(0L, Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM attachment_chunks c WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.id = c.attachment_id)")));
    }

    [Fact]
    public async Task Upload_NotMultipart_Is415_WithoutAFile_Is400_AnUnknownKind_Is400()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var raw = new ByteArrayContent(SampleFiles.Pdf());
        raw.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await Refused(s.Intake.PostAsync($"/api/cases/{id}/attachments", raw), HttpStatusCode.UnsupportedMediaType);
        var noFile = new MultipartFormDataContent { { new StringContent("Application"), "kind" } };
        await Refused(s.Intake.PostAsync($"/api/cases/{id}/attachments", noFile), HttpStatusCode.BadRequest);
        var kind = await Refused(Upload(s.Intake, id, SampleFiles.Pdf(), "a.pdf", "Passport"), HttpStatusCode.BadRequest);
        Assert.NotNull(kind["errors"]!["kind"]);
        await Refused(Upload(s.Intake, id, SampleFiles.Pdf(), "a.pdf", null), HttpStatusCode.BadRequest);
        Assert.Equal(0L, Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM attachments WHERE case_id = @id", ("id", id))));
    }

    [Fact]
    public async Task Upload_LargerThanTheLimit_IsRefusedWith413_WithoutReadingItWhole()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        // The test host's client sends a body whole with its Content-Length; a browser or script streaming a file sends it without
        // one (chunked), which the counter below emulates by dropping the length, and counts the bytes the service itself reads.
        var counted = new ServerReadCounter { DropLength = true };
        using var host = factory.WithWebHostBuilder(b => b.ConfigureServices(services => services.AddSingleton<IStartupFilter>(counted)));
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = s.Intake.DefaultRequestHeaders.Authorization;
        var response = await client.PostAsync($"/api/cases/{id}/attachments", Form(new StreamContent(new CountingSource(60L * 1024 * 1024), 64 * 1024), "大文件.pdf", "Application"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("20 MB", (string)(await response.Body())["detail"]!);
        Assert.True(counted.Read < 22L * 1024 * 1024, $"the service read {counted.Read:N0} bytes of 60 MB before refusing");
        Assert.True(counted.Read > 20L * 1024 * 1024, $"the service read only {counted.Read:N0} bytes: the limit was not what refused it");
        Assert.Equal(0L, Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM attachments WHERE case_id = @id", ("id", id))));
        Assert.Equal(0L, Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM attachment_chunks c WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.id = c.attachment_id)")));

        // A declared Content-Length over the limit is refused before any of the body is read.
        counted.Read = 0;
        counted.DropLength = false;
        var content = Form(new ByteArrayContent(new byte[21 * 1024 * 1024]), "大文件.pdf", "Application");
        var early = await client.PostAsync($"/api/cases/{id}/attachments", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, early.StatusCode);
        Assert.Equal(0L, counted.Read);
    }

    /// <summary>Counts the request body bytes the application reads (wrapped before the service's own pipeline).</summary>
    private sealed class ServerReadCounter : IStartupFilter
    {
        public long Read;
        public volatile bool DropLength;

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (DropLength) context.Request.ContentLength = null;
                context.Request.Body = new Counting(context.Request.Body, this);
                await following(context);
            });
            next(app);
        };

        private sealed class Counting(Stream inner, ServerReadCounter counter) : Stream
        {
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = inner.Read(buffer, offset, count);
                Interlocked.Add(ref counter.Read, n);
                return n;
            }

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var n = await inner.ReadAsync(buffer, cancellationToken);
                Interlocked.Add(ref counter.Read, n);
                return n;
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        }
    }

    [Fact]
    public async Task Upload_ByASupervisorOrAnotherAgency_IsRefused()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        await Refused(Upload(s.Supervisor, id, SampleFiles.Pdf(), "a.pdf"), HttpStatusCode.Forbidden);
        var other = await Create(factory);
        await Refused(Upload(other.Intake, id, SampleFiles.Pdf(), "a.pdf"), HttpStatusCode.NotFound);
    }
}
