using System.Collections.Concurrent;

namespace CaseTracker.Api.Desk.Import;

/// <summary>
/// The files uploaded on the 导入 screen between the preview and the import (a browser does not post a chosen file twice):
/// kept in memory for 30 minutes under a random token, for the user who uploaded them only, at most 20 at a time.
/// </summary>
public sealed class PendingImports(TimeProvider time)
{
    public sealed record Upload(string Login, string FileName, byte[] Bytes, DateTimeOffset At);

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private const int Capacity = 20;
    private readonly ConcurrentDictionary<string, Upload> uploads = new(StringComparer.Ordinal);

    /// <summary>Keeps the file and returns its token; the oldest uploads make room when full.</summary>
    public string Keep(string login, string fileName, byte[] bytes)
    {
        var now = time.GetUtcNow();
        foreach (var (token, upload) in uploads)
            if (now - upload.At > Lifetime) uploads.TryRemove(token, out _);
        foreach (var (token, _) in uploads.OrderBy(u => u.Value.At).Take(Math.Max(0, uploads.Count - Capacity + 1)).ToList())
            uploads.TryRemove(token, out _);
        var key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        uploads[key] = new Upload(login, fileName, bytes, now);
        return key;
    }

    /// <summary>The file of <paramref name="token"/> if <paramref name="login"/> uploaded it and it has not lapsed.</summary>
    public Upload? Find(string? token, string login)
        => token is not null && uploads.TryGetValue(token, out var upload) && upload.Login == login && time.GetUtcNow() - upload.At <= Lifetime ? upload : null;

    public void Forget(string token) => uploads.TryRemove(token, out _);
}
