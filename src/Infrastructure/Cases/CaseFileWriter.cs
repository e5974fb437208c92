using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CaseTracker.Infrastructure.Cases;

/// <summary>The case a case file (案卷) is made of: what its cover and contents list name.</summary>
public sealed record CaseFileCover(string CaseNumber, string AgencyName, string ApplicantName, string Description, DateOnly? ReceivedOn, DateOnly? ClosedOn,
    string? Outcome, DateOnly? ArchivedOn, DateTimeOffset GeneratedAt);

/// <summary>One line of the case history as the printable page shows it: seq, acting date, what (in Chinese), who, due date before → after, details.</summary>
public sealed record CaseFileHistoryLine(int Seq, DateOnly ActingOn, string What, string Who, DateOnly? DueBefore, DateOnly? DueAfter, string? Details, bool Voided);

/// <summary>
/// One document of the case file: its date, title, 文号 or kind, pages where known, its name inside the ZIP (without the order
/// prefix), the SHA-256 the register holds for it, and how to write its bytes.
/// </summary>
public sealed record CaseFileItem(DateOnly Date, string Title, string NumberOrKind, int? Pages, string FileName, string? StoredSha256,
    Func<Stream, CancellationToken, Task> Write);

/// <summary>
/// Writes a case file (案卷, issue 19 item 4) as a ZIP straight to a stream (a response body: nothing is held whole): the contents list
/// (卷内目录: order, title, 文号 or kind, date, pages) as a printable HTML page and as CSV, the history and the due-date explanation as
/// a printable page, then every document in date order, and last <c>manifest.json</c> and <c>SHA256SUMS</c> with the SHA-256 of every
/// entry as written. Written with the asynchronous ZIP API, so the response needs no synchronous I/O.
/// </summary>
public static class CaseFileWriter
{
    /// <summary>The name of the contents list pages inside the ZIP.</summary>
    public const string ContentsHtml = "00-卷内目录.html";

    /// <summary>The contents list as CSV (UTF-8 with BOM, for Excel and WPS).</summary>
    public const string ContentsCsv = "00-卷内目录.csv";

    /// <summary>The printable history and due-date explanation.</summary>
    public const string HistoryHtml = "00-办理记录与期限说明.html";

    /// <summary>The manifest: every entry with its size and SHA-256, and for documents the SHA-256 the register holds.</summary>
    public const string Manifest = "manifest.json";

    /// <summary>One line per entry, "sha256  name", as sha256sum -c reads it.</summary>
    public const string Sums = "SHA256SUMS";

    /// <summary>Writes the case file to <paramref name="output"/> (left open).</summary>
    public static async Task Write(Stream output, CaseFileCover cover, IReadOnlyList<CaseFileHistoryLine> history, IReadOnlyList<string> deadline,
        IReadOnlyList<CaseFileItem> items, CancellationToken cancellationToken)
    {
        var ordered = items.Select((item, index) => (item, index)).OrderBy(x => x.item.Date).ThenBy(x => x.index).Select(x => x.item).ToList();
        var names = new List<string>();
        for (var i = 0; i < ordered.Count; i++) names.Add($"{i + 1:D2}-{SafeName(ordered[i].FileName)}");
        var manifest = new List<object>();
        var sums = new StringBuilder();
        await using var sink = new AsyncSink(output);
        await WriteZip(sink, cover, history, deadline, ordered, names, manifest, sums, cancellationToken);
        await sink.FlushAsync(cancellationToken);
    }

    private static async Task WriteZip(AsyncSink sink, CaseFileCover cover, IReadOnlyList<CaseFileHistoryLine> history, IReadOnlyList<string> deadline,
        List<CaseFileItem> ordered, List<string> names, List<object> manifest, StringBuilder sums, CancellationToken cancellationToken)
    {
        await using var zip = await ZipArchive.CreateAsync(sink, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8, cancellationToken);

        async Task Entry(string name, CompressionLevel level, Func<Stream, CancellationToken, Task> write, object? extra)
        {
            var entry = zip.CreateEntry(name, level);
            entry.LastWriteTime = cover.GeneratedAt;
            string sha;
            long size;
            await using (var stream = await entry.OpenAsync(cancellationToken))
            {
                await using var hashing = new HashingStream(stream);
                await write(hashing, cancellationToken);
                sha = hashing.Sha256();
                size = hashing.Length;
            }

            await sink.FlushAsync(cancellationToken);

            manifest.Add(new Dictionary<string, object?> { ["name"] = name, ["size"] = size, ["sha256"] = sha, ["document"] = extra });
            sums.Append(sha).Append("  ").Append(name).Append('\n');
        }

        Task Text(string name, string text) => Entry(name, CompressionLevel.Optimal,
            async (s, ct) => await s.WriteAsync(Encoding.UTF8.GetBytes(text), ct), null);

        await Text(ContentsHtml, ContentsPage(cover, ordered, names));
        await Text(ContentsCsv, "\uFEFF" + ContentsCsvText(ordered, names));
        await Text(HistoryHtml, HistoryPage(cover, history, deadline));
        for (var i = 0; i < ordered.Count; i++)
        {
            var item = ordered[i];
            var level = Path.GetExtension(item.FileName).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".docx" or ".xlsx" or ".ofd"
                ? CompressionLevel.NoCompression : CompressionLevel.Fastest;
            await Entry(names[i], level, item.Write, new
            {
                order = i + 1, title = item.Title, numberOrKind = item.NumberOrKind, date = item.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                pages = item.Pages, storedSha256 = item.StoredSha256,
            });
        }

        var json = JsonSerializer.Serialize(new
        {
            caseNumber = cover.CaseNumber, agency = cover.AgencyName, generatedAt = cover.GeneratedAt, archivedOn = cover.ArchivedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            entries = manifest,
        }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await Text(Manifest, json);
        var sumsEntry = zip.CreateEntry(Sums, CompressionLevel.Optimal);
        sumsEntry.LastWriteTime = cover.GeneratedAt;
        await using (var stream = await sumsEntry.OpenAsync(cancellationToken))
            await stream.WriteAsync(Encoding.UTF8.GetBytes(sums.ToString()), cancellationToken);
    }

    /// <summary>A file name safe in a ZIP on every system: no path, no control or reserved characters, at most 120 characters.</summary>
    public static string SafeName(string name)
    {
        var clean = new string(name.Select(c => char.IsControl(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c).ToArray()).Trim();
        if (clean.Length > 120) clean = clean[..(120 - Path.GetExtension(clean).Length)] + Path.GetExtension(clean);
        return clean.Length == 0 ? "文件" : clean;
    }

    private const string Style = """
        <style>
        @page { size: A4; margin: 25mm 20mm; }
        body { font-family: "FangSong", "仿宋", "仿宋_GB2312", "Noto Serif CJK SC", serif; font-size: 12pt; }
        h1 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 18pt; text-align: center; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 1px solid #000; padding: 2mm; vertical-align: top; }
        th { font-weight: bold; }
        .voided { text-decoration: line-through; }
        dl { display: grid; grid-template-columns: max-content auto; gap: 1mm 4mm; }
        </style>
        """;

    private static string ContentsPage(CaseFileCover cover, IReadOnlyList<CaseFileItem> items, IReadOnlyList<string> names)
    {
        var html = new StringBuilder();
        Head(html, $"卷内目录 {cover.CaseNumber}");
        html.Append("<h1>卷内目录</h1>\n");
        Cover(html, cover);
        html.Append("<table>\n<thead><tr><th>顺序号</th><th>题名</th><th>文号或类别</th><th>日期</th><th>页数</th><th>文件</th></tr></thead>\n<tbody>\n");
        for (var i = 0; i < items.Count; i++)
            html.Append("<tr><td>").Append(i + 1).Append("</td><td>").Append(E(items[i].Title)).Append("</td><td>").Append(E(items[i].NumberOrKind))
                .Append("</td><td>").Append(Date(items[i].Date)).Append("</td><td>").Append(items[i].Pages?.ToString(CultureInfo.InvariantCulture) ?? "")
                .Append("</td><td>").Append(E(names[i])).Append("</td></tr>\n");
        html.Append("</tbody>\n</table>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string ContentsCsvText(IReadOnlyList<CaseFileItem> items, IReadOnlyList<string> names)
    {
        var csv = new StringBuilder("顺序号,题名,文号或类别,日期,页数,文件,SHA-256\r\n");
        for (var i = 0; i < items.Count; i++)
            csv.Append(i + 1).Append(',').Append(Csv(items[i].Title)).Append(',').Append(Csv(items[i].NumberOrKind)).Append(',')
                .Append(items[i].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(items[i].Pages?.ToString(CultureInfo.InvariantCulture) ?? "").Append(',').Append(Csv(names[i])).Append(',')
                .Append(items[i].StoredSha256 ?? "").Append("\r\n");
        return csv.ToString();
    }

    private static string HistoryPage(CaseFileCover cover, IReadOnlyList<CaseFileHistoryLine> history, IReadOnlyList<string> deadline)
    {
        var html = new StringBuilder();
        Head(html, $"办理记录与期限说明 {cover.CaseNumber}");
        html.Append("<h1>办理记录与期限说明</h1>\n");
        Cover(html, cover);
        html.Append("<h2>答复期限说明</h2>\n<ol>\n");
        foreach (var line in deadline) html.Append("<li>").Append(E(line)).Append("</li>\n");
        html.Append("</ol>\n<h2>办理记录</h2>\n<table>\n<thead><tr><th>序号</th><th>日期</th><th>事项</th><th>经办人</th><th>期限（前→后）</th><th>说明</th></tr></thead>\n<tbody>\n");
        foreach (var h in history)
            html.Append(h.Voided ? "<tr class=\"voided\">" : "<tr>").Append("<td>").Append(h.Seq).Append("</td><td>").Append(Date(h.ActingOn)).Append("</td><td>")
                .Append(E(h.What)).Append(h.Voided ? "（已撤销）" : "").Append("</td><td>").Append(E(h.Who)).Append("</td><td>")
                .Append(h.DueBefore is { } b ? Date(b) : "—").Append(" → ").Append(h.DueAfter is { } a ? Date(a) : "—").Append("</td><td>")
                .Append(E(h.Details ?? "")).Append("</td></tr>\n");
        html.Append("</tbody>\n</table>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Head(StringBuilder html, string title)
        => html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\" />\n<title>").Append(E(title)).Append("</title>\n")
            .Append(Style).Append("\n</head>\n<body>\n");

    private static void Cover(StringBuilder html, CaseFileCover cover)
    {
        html.Append("<dl>\n");
        void Row(string label, string? value) => html.Append("<dt>").Append(label).Append("</dt><dd>").Append(E(value ?? "—")).Append("</dd>\n");
        Row("案件编号", cover.CaseNumber);
        Row("机关", cover.AgencyName);
        Row("申请人", cover.ApplicantName);
        Row("申请内容", cover.Description);
        Row("收到日期", cover.ReceivedOn is { } r ? Date(r) : null);
        Row("答复结果", cover.Outcome);
        Row("办结日期", cover.ClosedOn is { } c ? Date(c) : null);
        Row("归档日期", cover.ArchivedOn is { } a ? Date(a) : "未归档");
        Row("生成时间", TimeZoneInfo.ConvertTime(cover.GeneratedAt, RegisterClock.China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        html.Append("</dl>\n");
    }

    private static string Date(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Csv(string text)
    {
        // A cell starting with = + - @ would be a formula in Excel: quoted and prefixed with an apostrophe.
        var safe = text.Length > 0 && text[0] is '=' or '+' or '-' or '@' ? "'" + text : text;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 || safe != text ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    /// <summary>
    /// The response body as the ZIP writer sees it: the few small writes the archive makes synchronously (an entry's data descriptor,
    /// its local header) are kept until the next asynchronous write or flush, which sends them first, so the response never needs
    /// synchronous I/O; the content itself passes through asynchronously as it is written.
    /// </summary>
    private sealed class AsyncSink(Stream inner) : Stream
    {
        private readonly MemoryStream pending = new();
        private long written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            pending.Write(buffer, offset, count);
            written += count;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            pending.Write(buffer);
            written += buffer.Length;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await SendPending(cancellationToken);
            written += buffer.Length;
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await SendPending(cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }

        private async Task SendPending(CancellationToken cancellationToken)
        {
            if (pending.Length == 0) return;
            await inner.WriteAsync(pending.GetBuffer().AsMemory(0, (int)pending.Length), cancellationToken);
            pending.SetLength(0);
        }

        public override async ValueTask DisposeAsync()
        {
            await SendPending(CancellationToken.None);
            await base.DisposeAsync();
        }
    }

    /// <summary>Passes writes through to the entry while hashing and counting them.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long written;

        public string Sha256() => Convert.ToHexStringLower(hash.GetHashAndReset());
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => written;
        public override long Position { get => written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            hash.AppendData(buffer, offset, count);
            written += count;
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            hash.AppendData(buffer.Span);
            written += buffer.Length;
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing) hash.Dispose();
            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync()
        {
            hash.Dispose();
            return base.DisposeAsync();
        }
    }
}
