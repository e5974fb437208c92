namespace CaseTracker.Infrastructure.Attachments;

/// <summary>
/// The <c>Attachments</c> settings (issue 19): the largest file a case may hold (<see cref="MaxMegabytes"/>, 20 MB), the size
/// of the chunks its content is sealed and stored in (<see cref="ChunkKilobytes"/>, 1 MiB: each chunk is one row of
/// <c>attachment_chunks</c>), and <see cref="Directory"/>: when set, the sealed content goes to files there instead of the
/// database (the metadata stays in the database).
/// </summary>
public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>At most this many MB (of 1,048,576 bytes) per file; 20 by default.</summary>
    public int MaxMegabytes { get; set; } = 20;

    /// <summary>Bytes of the file per stored chunk, in KiB (64 to 4,096); 1,024 by default.</summary>
    public int ChunkKilobytes { get; set; } = 1024;

    /// <summary>A directory for the sealed content (created readable by the service's user only); null or empty: the database.</summary>
    public string? Directory { get; set; }

    /// <summary>
    /// An upload still under way (status Uploading) this many minutes after it started was left by a server that stopped before
    /// its commit: the hourly purge job deletes its chunks and row. 60 by default (a 20 MB upload takes seconds); at least 10.
    /// </summary>
    public int AbandonedUploadMinutes { get; set; } = 60;

    /// <summary>How old an upload under way must be before the purge deletes it (<see cref="AbandonedUploadMinutes"/>, at least 10 minutes).</summary>
    public TimeSpan AbandonedUploadAge => TimeSpan.FromMinutes(Math.Max(10, AbandonedUploadMinutes));

    /// <summary>The limit in bytes.</summary>
    public long MaxBytes => MaxMegabytes * 1024L * 1024L;

    /// <summary>The chunk size in bytes, kept within 64 KiB … 4 MiB.</summary>
    public int ChunkBytes => Math.Clamp(ChunkKilobytes, 64, 4096) * 1024;
}
