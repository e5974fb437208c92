// Attachments speed and memory (issue 19 item 7): a 20 MB file uploaded (multipart, streamed without a Content-Length) and downloaded
// through the real service on Kestrel in this process, next to writing and reading the same bytes to and from a file in the same
// run; the bytes allocated by the whole process while each request runs (GC.GetTotalAllocatedBytes(precise: true), client and
// server together, so an upper bound on the server's) against the file size.
// Usage: dotnet Attachments.Benchmark.dll --provider Sqlite|PostgreSql --connection "<connection string>" --certificate <pfx> [--rounds 5] [--port 5137]
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Identity;
using CaseTracker.Infrastructure.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Bench.Attachments;

internal static class AttachmentsBench
{
    private static async Task Main(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length ? args[x.i + 1] : "");
        var provider = options.GetValueOrDefault("provider", "Sqlite");
        var connection = options["connection"];
        var rounds = int.Parse(options.GetValueOrDefault("rounds", "5"));
        var port = int.Parse(options.GetValueOrDefault("port", "5137"));
        const long Size = 20L * 1024 * 1024;
        const string SigningKey = "attachments-bench-signing-key-of-32-bytes-or-more";

        await using var factory = new BenchFactory(provider, connection, options["certificate"]);
        factory.UseKestrel(port);
        factory.StartServer();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var user = await EnsureUser(factory, "bench-intake", "ATT", [Roles.IntakeOfficer, Roles.Administrator]);
        var token = TokenIssuer.Issue(new CaseTracker.Api.Identity.IdentityOptions { SigningKey = SigningKey },
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), user, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        using var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var agency = await client.PostAsync("/api/agencies", Json("""{"code":"ATT","name":"附件测试市人民政府"}"""));
        if (!agency.IsSuccessStatusCode && agency.StatusCode != HttpStatusCode.Conflict) throw new InvalidOperationException(await agency.Content.ReadAsStringAsync());
        var registered = await client.PostAsync("/api/cases", Json("""
            {"agencyCode":"ATT","channel":"InPerson","submittedOn":"2026-11-20","applicant":{"kind":"NaturalPerson","name":"张三"},"description":"附件测试"}
            """));
        var caseId = (string)JsonNode.Parse(await registered.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["id"]!;

        var folder = Path.Combine(Path.GetTempPath(), $"attachments-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        var buffer = new byte[81920];
        Console.WriteLine($"engine {provider}, {Size / 1048576} MB, {rounds} rounds after one warm-up, load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("round | file write s | upload s | upload MB/s | upload alloc MB (×size) | file read s | download s | download MB/s | download alloc MB (×size)");
        for (var round = 0; round <= rounds; round++)
        {
            // The same bytes to a file and back (flushed to disk), as the baseline of this round.
            var path = Path.Combine(folder, $"copy-{round}.bin");
            var sw = Stopwatch.StartNew();
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                var source = new Generated(Size);
                int read;
                while ((read = await source.ReadAsync(buffer)) > 0) await file.WriteAsync(buffer.AsMemory(0, read));
                file.Flush(flushToDisk: true);
            }

            var fileWrite = sw.Elapsed.TotalSeconds;
            sw.Restart();
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous))
                while (await file.ReadAsync(buffer) > 0) { }
            var fileRead = sw.Elapsed.TotalSeconds;
            File.Delete(path);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            sw.Restart();
            var form = new MultipartFormDataContent { { new StringContent("Application"), "kind" } };
            var content = new StreamContent(new Generated(Size), 81920);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "file", "整卷扫描.pdf");
            var uploaded = await client.PostAsync($"/api/cases/{caseId}/attachments", form);
            var upload = sw.Elapsed.TotalSeconds;
            var uploadAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            var added = JsonNode.Parse(await uploaded.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;
            if ((long)added["sizeBytes"]! != Size) throw new InvalidOperationException("the stored size differs");

            GC.Collect();
            GC.WaitForPendingFinalizers();
            before = GC.GetTotalAllocatedBytes(precise: true);
            sw.Restart();
            long received = 0;
            using (var response = await client.GetAsync($"/api/cases/{caseId}/attachments/{added["id"]}", HttpCompletionOption.ResponseHeadersRead))
            {
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync();
                int n;
                while ((n = await body.ReadAsync(buffer)) > 0) received += n;
            }

            var download = sw.Elapsed.TotalSeconds;
            var downloadAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            if (received != Size) throw new InvalidOperationException("the download differs in size");
            Console.WriteLine($"{(round == 0 ? "warm-up" : round.ToString())} | {fileWrite:0.000} | {upload:0.000} | {Size / 1048576.0 / upload:0.0} | {uploadAllocated / 1048576.0:0.0} ({(double)uploadAllocated / Size:0.00}) | {fileRead:0.000} | {download:0.000} | {Size / 1048576.0 / download:0.0} | {downloadAllocated / 1048576.0:0.0} ({(double)downloadAllocated / Size:0.00})");
        }

        Directory.Delete(folder, true);

        static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

        static async Task<UserAccount> EnsureUser(BenchFactory factory, string login, string agency, string[] roles)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            var user = await users.FindByNameAsync(login);
            if (user is not null) return user;
            user = new UserAccount { Login = login, Name = "附件基准", AgencyCode = agency, Roles = [.. roles], CreatedBy = "bench", ChangedBy = "bench" };
            var created = await users.CreateAsync(user, "Bench-password-2026");
            return created.Succeeded ? user : throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }


    }
}

/// <summary>The service as the tests host it (Testing environment, the bench's own database), on Kestrel.</summary>
internal sealed class BenchFactory(string provider, string connection, string certificate) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", provider);
        builder.UseSetting("Database:ConnectionString", connection);
        builder.UseSetting("Auth:SigningKey", "attachments-bench-signing-key-of-32-bytes-or-more");
        builder.UseSetting("PersonalData:KeyCertificatePath", certificate);
        builder.UseSetting("Jobs:Server", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}

/// <summary>The 20 MB: a PDF header, then bytes that look random (a function of the position), made as they are read.</summary>
internal sealed class Generated(long length) : Stream
{
    private long position;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - position);
        for (var i = 0; i < n; i++)
        {
            var at = position + i;
            buffer[i] = at < 5 ? "%PDF-"u8[(int)at] : (byte)((ulong)at * 0x9E3779B97F4A7C15UL >> 40);
        }

        position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
}
