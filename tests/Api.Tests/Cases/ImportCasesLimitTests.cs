using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>Issue 14 item 4, security.md "Abuse and faults": one import at a time per agency; a second one meanwhile is 429 with Retry-After.</summary>
public class ImportCasesLimitTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    /// <summary>A CSV body whose first half is sent at once and whose rest waits for <see cref="Finish"/>: an import that is still running.</summary>
    private sealed class HeldCsv(string csv) : HttpContent
    {
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Finish() => release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = Encoding.UTF8.GetBytes(csv);
            var half = bytes.Length / 2;
            await stream.WriteAsync(bytes.AsMemory(0, half));
            await stream.FlushAsync();
            Started.TrySetResult();
            await release.Task;
            await stream.WriteAsync(bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    private static HttpRequestMessage Import(HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases/import") { Content = content };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        return request;
    }

    [Fact]
    public async Task Import_WhileAnotherImportOfTheAgencyRuns_Is429WithRetryAfterAndChineseDetail()
    {
        var s = await Create(factory);
        var csv = RegisterFile.Csv(RegisterFile.Row(s.Child, "InPerson", "2026-09-01"), RegisterFile.Row(s.Child, "Online", "2026-09-02"));
        var held = new HeldCsv(csv);
        // The test server's own handler: the factory's client buffers a request body (to repeat it on a redirect) before sending.
        using var streaming = new HttpClient(factory.Server.CreateHandler()) { BaseAddress = factory.Server.BaseAddress };
        streaming.DefaultRequestHeaders.Authorization = s.Intake.DefaultRequestHeaders.Authorization;
        var first = streaming.SendAsync(Import(held));
        await held.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Another officer of the same agency, while the first import is still being received; an empty file (400 when it is let
        // through, which writes nothing) until the first request has reached the limiter.
        var colleague = factory.As("intake2-" + s.Child, s.Child, Roles.IntakeOfficer);
        HttpResponseMessage second;
        var tries = 0;
        do
        {
            if (tries++ > 0) await Task.Delay(50);
            second = await colleague.SendAsync(Import(new StringContent("")));
        }
        while (second.StatusCode == HttpStatusCode.BadRequest && tries < 200);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.True(second.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After");
        var problem = await Refused(Task.FromResult(second), HttpStatusCode.TooManyRequests);
        Assert.Contains("导入正在进行", (string?)problem["detail"]);

        // Another agency is not held up by it.
        var other = await Create(factory);
        await Ok(other.Intake.Import(RegisterFile.Csv(RegisterFile.Row(other.Child, "InPerson", "2026-09-01"))));

        held.Finish();
        var done = await Ok(first);
        Assert.Equal(2, (int)done["imported"]!);
        // Nothing of the refused import was written, and the agency may import again once the first has finished.
        await Ok(colleague.Import(RegisterFile.Csv(RegisterFile.Row(s.Child, "Letter", "2026-09-03", ("letterMail", "Ordinary")))));
        var list = await Ok(s.Handler.GetAsync("/api/cases?pageSize=50"));
        Assert.Equal(3, list["items"]!.AsArray().Count);
    }
}
