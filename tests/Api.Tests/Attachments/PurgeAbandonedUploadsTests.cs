using System.Collections.Concurrent;
using CaseTracker.Api.Features.Attachments.PurgeAbandonedUploads;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Domain.Attachments;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Attachments;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CaseTracker.Api.Tests.Attachments.AttachmentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Attachments;

/// <summary>
/// Issue 19: an upload whose chunks were written but whose command never committed (the server stopped in between) stays Uploading;
/// the hourly job deletes those older than Attachments:AbandonedUploadMinutes (60), chunks (or file) and row, and logs each; an upload
/// still under way and the stored attachments stay. On the engine under test (SQLite, or PostgreSQL with CASETRACKER_TEST_ENGINE).
/// </summary>
public class PurgeAbandonedUploadsTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private const long Size = 2L * 1024 * 1024 + 5000; // three chunks of 1 MiB

    [Fact]
    public async Task Job_DeletesUploadsLeftUnderWayOverAnHourAgo_ChunksAndRow_LogsThem_KeepsTheRest()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var stored = await Uploaded(s.Intake, id, SampleFiles.Pdf(), "申请书.pdf");
        var historyBefore = Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM case_history WHERE case_id = @id", ("id", id)));

        var log = new CollectedLog();
        using var host = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(log)));
        var now = factory.Time.GetUtcNow();
        var crashed = await Crashed(host, id, s.Child, "身份证扫描.pdf", now.AddMinutes(-61));
        var underWay = await Crashed(host, id, s.Child, "授权委托书.pdf", now.AddMinutes(-5));
        Assert.Equal(3L, Chunks(crashed));
        Assert.Equal(3L, Chunks(underWay));

        using (var scope = host.Services.CreateScope())
            await ActivatorUtilities.CreateInstance<PurgeAbandonedUploadsJob>(scope.ServiceProvider).Run(CancellationToken.None);

        Assert.Equal(0L, Rows(crashed));
        Assert.Equal(0L, Chunks(crashed));
        Assert.Equal(1L, Rows(underWay));
        Assert.Equal(3L, Chunks(underWay));
        Assert.Equal("Stored", (string)factory.Database.Scalar("SELECT status FROM attachments WHERE id = @id", ("id", stored))!);
        Assert.Equal(SampleFiles.Pdf(), await Download(s.Handler, id, stored));
        var line = Assert.Single(log.Messages, m => m.Contains(crashed.ToString()));
        Assert.Contains("身份证扫描.pdf", line);
        Assert.Contains("3 chunks", line);
        Assert.Contains((string)(await Ok(s.Handler.GetAsync($"/api/cases/{id}")))["caseNumber"]!, line);
        Assert.DoesNotContain(log.Messages, m => m.Contains(underWay.ToString()));
        // Never part of the case: its history is as it was, and the list shows the stored file only.
        Assert.Equal(historyBefore, Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM case_history WHERE case_id = @id", ("id", id))));
        var list = (await Ok(s.Handler.GetAsync($"/api/cases/{id}/attachments")))["items"]!.AsArray();
        Assert.Equal(stored, (string)Assert.Single(list)!["id"]!);

        // An hour later the other one is old enough too; a second run finds nothing more.
        factory.Time.Advance(TimeSpan.FromMinutes(60));
        using (var scope = host.Services.CreateScope())
        {
            await ActivatorUtilities.CreateInstance<PurgeAbandonedUploadsJob>(scope.ServiceProvider).Run(CancellationToken.None);
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new PurgeAbandonedUploadsCommand()));
        }

        Assert.Equal(0L, Rows(underWay));
        Assert.Equal(0L, Chunks(underWay));
        Assert.Equal("Stored", (string)factory.Database.Scalar("SELECT status FROM attachments WHERE id = @id", ("id", stored))!);
    }

    [Fact]
    public async Task Job_WithADirectorySet_DeletesTheAbandonedFile()
    {
        var s = await Create(factory);
        var id = (string)(await s.Register())["id"]!;
        var directory = Path.Combine(Path.GetTempPath(), "ct-abandoned-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var host = factory.WithWebHostBuilder(b => b.UseSetting("Attachments:Directory", directory));
            var crashed = await Crashed(host, id, s.Child, "信封.pdf", factory.Time.GetUtcNow().AddHours(-2));
            Assert.Single(Directory.GetFiles(directory, "*.sealed", SearchOption.AllDirectories));
            using (var scope = host.Services.CreateScope())
                Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new PurgeAbandonedUploadsCommand()));
            Assert.Empty(Directory.GetFiles(directory, "*.sealed", SearchOption.AllDirectories));
            Assert.Equal(0L, Rows(crashed));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, true);
        }
    }

    /// <summary>What a server that stopped after writing the chunks leaves: the row Uploading with its chunks, no command committed.</summary>
    private static async Task<Guid> Crashed(WebApplicationFactory<Program> host, string caseId, string agency, string fileName, DateTimeOffset startedAt)
    {
        var upload = Guid.CreateVersion7();
        using var scope = host.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<AttachmentStore>();
        await store.Receive(upload, Guid.Parse(caseId), agency, fileName, FileType.Pdf, new Actor("intake-crash", "录入员"), startedAt, ReadOnlyMemory<byte>.Empty,
            new CountingSource(Size), CancellationToken.None);
        return upload;
    }

    private long Rows(Guid upload) => Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM attachments WHERE id = @id", ("id", upload.ToString())));

    private long Chunks(Guid upload)
        => Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM attachment_chunks WHERE attachment_id = @id", ("id", upload.ToString())));

}
