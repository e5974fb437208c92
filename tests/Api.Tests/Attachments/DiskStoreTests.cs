using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using static CaseTracker.Api.Tests.Attachments.AttachmentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Attachments;

/// <summary>Issue 19 item 2: with Attachments:Directory the sealed content goes to a file there, the metadata stays in the database.</summary>
public class DiskStoreTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task Upload_WithADirectorySet_StoresSealedFilesThere_AndDownloadsTheSameBytes()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var directory = Path.Combine(Path.GetTempPath(), "ct-attachments-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var host = factory.WithWebHostBuilder(b => b.UseSetting("Attachments:Directory", directory));
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = s.Intake.DefaultRequestHeaders.Authorization;
            var bytes = CountingSource.Bytes(3L * 1024 * 1024 + 123);
            var aid = await Uploaded(client, id, bytes, "整卷.pdf");
            var files = Directory.GetFiles(directory, "*.sealed", SearchOption.AllDirectories);
            var file = Assert.Single(files);
            Assert.Equal(bytes.Length + 4 * 16, new FileInfo(file).Length);
            Assert.False(File.ReadAllBytes(file).AsSpan().IndexOf("%PDF"u8) >= 0, "the file holds the content in clear");
            Assert.Equal("Disk", (string)factory.Database.Scalar("SELECT storage FROM attachments WHERE id = @id", ("id", aid))!);
            Assert.Equal(0L, Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM attachment_chunks WHERE attachment_id = @id", ("id", aid))));
            Assert.Equal(bytes, await Download(client, id, aid));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, true);
        }
    }
}
