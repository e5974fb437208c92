using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using CaseTracker.Domain.Attachments;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using Dapper;

namespace CaseTracker.Infrastructure.Attachments;

/// <summary>One attachment's row (<c>attachments</c>): what it is, whose, its size and SHA-256, and whether it was removed.</summary>
public sealed class AttachmentRow
{
    public string Id { get; init; } = default!;
    public string CaseId { get; init; } = default!;
    public string AgencyCode { get; init; } = default!;
    public string Kind { get; init; } = default!;
    public string FileName { get; init; } = default!;
    public string ContentType { get; init; } = default!;
    public int? EventSeq { get; init; }
    public string? TrackingNumber { get; init; }
    public string? Note { get; init; }
    public long SizeBytes { get; init; }
    public string? Sha256 { get; init; }
    public int ChunkSize { get; init; }
    public int ChunkCount { get; init; }
    public string KeySealed { get; init; } = default!;
    public string Storage { get; init; } = default!;
    public string Status { get; init; } = default!;
    public string UploadedById { get; init; } = default!;
    public string UploadedByName { get; init; } = default!;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RemovedAt { get; init; }
    public string? RemovedById { get; init; }
    public string? RemovedByName { get; init; }
    public string? RemovalReason { get; init; }

    /// <summary>Status of a file whose content is complete and readable.</summary>
    public const string Stored = nameof(Stored);

    /// <summary>Status of a file an administrator removed: the row stays, the content is gone.</summary>
    public const string Removed = nameof(Removed);

    /// <summary>
    /// Status while the content is being written (a failed upload's row and chunks are deleted; one a crash left is deleted by
    /// <see cref="AttachmentStore.PurgeAbandoned"/> after <see cref="AttachmentOptions.AbandonedUploadMinutes"/>).
    /// </summary>
    public const string Uploading = nameof(Uploading);
}

/// <summary>What streaming a file in stored: its size, SHA-256 (lower-case hex) and the number of chunks.</summary>
public sealed record StoredContent(long SizeBytes, string Sha256, int ChunkCount);

/// <summary>An upload left <see cref="AttachmentRow.Uploading"/> and deleted by <see cref="AttachmentStore.PurgeAbandoned"/>: whose case, which file, who started it and when, how many chunks it had written.</summary>
public sealed class AbandonedUpload
{
    public string Id { get; init; } = default!;
    public string CaseId { get; init; } = default!;
    public string CaseNumber { get; init; } = default!;
    public string FileName { get; init; } = default!;
    public string UploadedByName { get; init; } = default!;
    public DateTimeOffset CreatedAt { get; init; }
    public long Chunks { get; init; }
}

/// <summary>A file larger than the <c>Attachments:MaxMegabytes</c> setting: refused as soon as the limit is passed (413).</summary>
public sealed class AttachmentTooLargeException(string message) : Exception(message);

/// <summary>
/// Attachments of cases (issue 19): their rows in <c>attachments</c> and their sealed content, in <c>attachment_chunks</c> or,
/// with the <c>Attachments:Directory</c> setting, in one file per attachment there. Content is written and read a chunk at a
/// time (<see cref="AttachmentOptions.ChunkBytes"/>), each chunk sealed (<see cref="AttachmentCipher"/>) in buffers taken from
/// the shared pool, so neither an upload nor a download holds the whole file. The chunks of an upload are written in short
/// transactions of their own while the request streams in (on the embedded default each holds the one write gate only for
/// its chunk); the row becomes <see cref="AttachmentRow.Stored"/> in the command's transaction with the case history entry.
/// </summary>
public sealed class AttachmentStore(DbSession session, SqlDialect dialect, AttachmentCipher cipher, AttachmentOptions options)
{
    private const string Columns = """
        id, case_id, agency_code, kind, file_name, content_type, event_seq, tracking_number, note, size_bytes, sha256, chunk_size, chunk_count,
        key_sealed, storage, status, uploaded_by_id, uploaded_by_name, created_at, removed_at, removed_by_id, removed_by_name, removal_reason
        """;

    /// <summary>The limit in bytes (<see cref="AttachmentOptions.MaxBytes"/>).</summary>
    public long MaxBytes => options.MaxBytes;

    /// <summary>The stored (and removed) attachments of a case, oldest first; uploads under way are not among them.</summary>
    public Task<IReadOnlyList<AttachmentRow>> List(Guid caseId, CancellationToken cancellationToken)
        => session.Query<AttachmentRow>($"SELECT {Columns} FROM attachments WHERE case_id = @caseId AND status <> 'Uploading' ORDER BY created_at, id",
            new { caseId = caseId.ToString() }, cancellationToken);

    /// <summary>One attachment of a case (stored or removed); null when the case has none with this id.</summary>
    public Task<AttachmentRow?> Find(Guid caseId, Guid attachmentId, CancellationToken cancellationToken)
        => session.QuerySingleOrDefault<AttachmentRow>($"SELECT {Columns} FROM attachments WHERE id = @id AND case_id = @caseId AND status <> 'Uploading'",
            new { id = attachmentId.ToString(), caseId = caseId.ToString() }, cancellationToken);

    /// <summary>
    /// Streams <paramref name="source"/> in as the content of a new attachment of the case, after <paramref name="head"/> (the
    /// bytes already read to recognise the type): writes its row (status Uploading), then each chunk sealed, counting the
    /// bytes and hashing them as they pass. Throws <see cref="AttachmentTooLargeException"/> as soon as more than
    /// <see cref="MaxBytes"/> arrive (what was written is deleted). Runs outside the command's transaction; call
    /// <see cref="Complete"/> inside it, or <see cref="Discard"/> when the upload is refused.
    /// </summary>
    public async Task<StoredContent> Receive(Guid id, Guid caseId, string agencyCode, string fileName, FileType type, Actor by, DateTimeOffset at,
        ReadOnlyMemory<byte> head, Stream source, CancellationToken cancellationToken)
    {
        var chunk = options.ChunkBytes;
        var (key, keySealed) = cipher.NewKey();
        var disk = !string.IsNullOrWhiteSpace(options.Directory);
        await OutsideTransaction(async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO attachments ({Columns})
            VALUES (@id, @caseId, @agencyCode, @kind, @fileName, @contentType, NULL, NULL, NULL, 0, NULL, @chunkSize, 0, @keySealed, @storage,
                    'Uploading', @byId, @byName, @at, NULL, NULL, NULL, NULL)
            """, new
        {
            id = id.ToString(), caseId = caseId.ToString(), agencyCode, kind = nameof(AttachmentKind.Other), fileName, contentType = FileTypes.MediaType(type),
            chunkSize = chunk, keySealed, storage = disk ? "Disk" : "Database", byId = by.UserId, byName = by.Name, at,
        }, transaction, cancellationToken: cancellationToken)), cancellationToken);

        var pool = ArrayPool<byte>.Shared;
        var current = pool.Rent(chunk);
        var next = pool.Rent(chunk);
        var sealedBuffer = pool.Rent(chunk + AttachmentCipher.Overhead);
        FileStream? file = null;
        try
        {
            using var aes = new AesGcm(key, AttachmentCipher.Overhead);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            if (disk) file = CreateFile(id);
            head.CopyTo(current);
            var filled = head.Length + await source.ReadAtLeastAsync(current.AsMemory(head.Length, chunk - head.Length), chunk - head.Length, false, cancellationToken);
            long total = 0;
            var seq = 0;
            while (true)
            {
                total += filled;
                if (total > options.MaxBytes) throw TooLarge();
                var nextFilled = filled == chunk ? await source.ReadAtLeastAsync(next.AsMemory(0, chunk), chunk, false, cancellationToken) : 0;
                if (total + nextFilled > options.MaxBytes) throw TooLarge(); // before sealing and storing a chunk in vain
                var last = nextFilled == 0;
                hash.AppendData(current, 0, filled);
                AttachmentCipher.Seal(aes, id, seq, last, current.AsSpan(0, filled), sealedBuffer);
                await WriteChunk(id, seq, sealedBuffer, filled + AttachmentCipher.Overhead, file, cancellationToken);
                seq++;
                if (last) break;
                (current, next) = (next, current);
                filled = nextFilled;
            }

            if (file is not null) await file.FlushAsync(cancellationToken);
            return new StoredContent(total, Convert.ToHexStringLower(hash.GetHashAndReset()), seq);
        }
        catch
        {
            if (file is not null)
            {
                await file.DisposeAsync();
                file = null;
            }

            await Discard(id, CancellationToken.None);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (file is not null) await file.DisposeAsync();
            pool.Return(current);
            pool.Return(next);
            pool.Return(sealedBuffer);
        }
    }

    private AttachmentTooLargeException TooLarge()
        => new($"The file is larger than {options.MaxMegabytes} MB, the most a case's attachment may be; scan it at a lower resolution or split it.");

    /// <summary>
    /// Inside the command's transaction: the upload <paramref name="id"/> becomes a stored attachment with its kind, the history entry
    /// it belongs to, the 邮件号 it is tied to, the note, its size, SHA-256 and chunks. Returns false when it is no longer an upload under way.
    /// </summary>
    public async Task<bool> Complete(Guid id, AttachmentKind kind, FileType type, int? eventSeq, string? trackingNumber, string? note, StoredContent content,
        CancellationToken cancellationToken)
        => await session.Execute("""
            UPDATE attachments SET kind = @kind, content_type = @contentType, event_seq = @eventSeq, tracking_number = @trackingNumber, note = @note, size_bytes = @size,
                sha256 = @sha256, chunk_count = @chunks, status = 'Stored'
            WHERE id = @id AND status = 'Uploading'
            """, new
        {
            id = id.ToString(), kind = kind.ToString(), contentType = FileTypes.MediaType(type), eventSeq, trackingNumber, note, size = content.SizeBytes, sha256 = content.Sha256,
            chunks = content.ChunkCount,
        }, cancellationToken) == 1;

    /// <summary>Deletes an upload that did not complete: its chunks (or file) and its row. Outside any transaction.</summary>
    public async Task Discard(Guid id, CancellationToken cancellationToken)
    {
        await OutsideTransaction(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM attachment_chunks WHERE attachment_id = @id", new { id = id.ToString() }, transaction,
                cancellationToken: cancellationToken));
            return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM attachments WHERE id = @id AND status = 'Uploading'", new { id = id.ToString() },
                transaction, cancellationToken: cancellationToken));
        }, cancellationToken);
        DeleteFile(id);
    }

    /// <summary>
    /// Inside the caller's transaction (the purge job, issue 19): deletes every upload still <see cref="AttachmentRow.Uploading"/> that
    /// was started before <paramref name="startedBefore"/> (an instant): a server that stopped (a crash, a kill) between writing the
    /// chunks and the command's commit left it. Its chunks and its row go; a file on disk (<c>Attachments:Directory</c>) once the
    /// transaction commits. Such a row was never part of the case (its history entry commits with the Stored status), so nothing of
    /// the case changes. Returns what was deleted, for the log.
    /// </summary>
    public async Task<IReadOnlyList<AbandonedUpload>> PurgeAbandoned(DateTimeOffset startedBefore, CancellationToken cancellationToken)
    {
        var abandoned = await session.Query<AbandonedUpload>("""
            SELECT a.id, a.case_id, c.case_number, a.file_name, a.uploaded_by_name, a.created_at,
                   (SELECT COUNT(*) FROM attachment_chunks k WHERE k.attachment_id = a.id) AS chunks
            FROM attachments a JOIN cases c ON c.id = a.case_id
            WHERE a.status = 'Uploading' AND a.created_at < @startedBefore
            ORDER BY a.created_at, a.id
            """, new { startedBefore }, cancellationToken);
        foreach (var upload in abandoned)
        {
            await session.Execute("DELETE FROM attachment_chunks WHERE attachment_id = @id", new { id = upload.Id }, cancellationToken);
            await session.Execute("DELETE FROM attachments WHERE id = @id AND status = 'Uploading'", new { id = upload.Id }, cancellationToken);
            var id = Guid.Parse(upload.Id);
            session.OnCommit(() => DeleteFile(id));
        }

        return abandoned;
    }

    /// <summary>
    /// Inside the command's transaction: removal by an administrator (issue 19 item 1): the content is deleted (a file on disk once the
    /// transaction commits), the row stays with who removed it, when and why. Returns false when it was not stored (already removed).
    /// </summary>
    public async Task<bool> Remove(Guid id, Actor by, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var changed = await session.Execute("""
            UPDATE attachments SET status = 'Removed', removed_at = @at, removed_by_id = @byId, removed_by_name = @byName, removal_reason = @reason
            WHERE id = @id AND status = 'Stored'
            """, new { id = id.ToString(), at, byId = by.UserId, byName = by.Name, reason }, cancellationToken) == 1;
        if (!changed) return false;
        await session.Execute("DELETE FROM attachment_chunks WHERE attachment_id = @id", new { id = id.ToString() }, cancellationToken);
        session.OnCommit(() => DeleteFile(id));
        return true;
    }

    /// <summary>
    /// Inside the caller's transaction (the retention job): removes every stored attachment of the case as <see cref="Remove"/> does, with
    /// <paramref name="reason"/>. Returns how many.
    /// </summary>
    public async Task<int> RemoveAllOf(Guid caseId, Actor by, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var ids = await session.Query<string>("SELECT id FROM attachments WHERE case_id = @caseId AND status = 'Stored'", new { caseId = caseId.ToString() },
            cancellationToken);
        foreach (var id in ids) await Remove(Guid.Parse(id), by, reason, at, cancellationToken);
        return ids.Count;
    }

    /// <summary>
    /// Writes the content of a stored attachment to <paramref name="destination"/>, chunk by chunk, each opened and checked
    /// (a chunk altered, missing or out of place throws <see cref="CryptographicException"/>); reads on a connection of its own, so
    /// it may run after the request's transaction has ended, while the response streams.
    /// </summary>
    public async Task CopyTo(AttachmentRow row, Stream destination, CancellationToken cancellationToken)
    {
        await using var reader = OpenReader(row);
        var pool = ArrayPool<byte>.Shared;
        var plain = pool.Rent(row.ChunkSize);
        try
        {
            for (var seq = 0; seq < row.ChunkCount; seq++)
            {
                var length = await reader.Read(seq, plain, cancellationToken);
                await destination.WriteAsync(plain.AsMemory(0, length), cancellationToken);
            }
        }
        finally
        {
            pool.Return(plain);
        }
    }

    /// <summary>
    /// A read-only, seekable stream over a stored attachment's content (opened a chunk at a time as it is read): what a ZIP reader
    /// needs to list a DOCX, XLSX or OFD's entries from its central directory without the whole file in memory.
    /// </summary>
    public Stream OpenSeekable(AttachmentRow row) => new SeekableContent(OpenReader(row), row.SizeBytes, row.ChunkSize);

    /// <summary>
    /// A seekable stream (as <see cref="OpenSeekable"/>) over an upload <see cref="Receive"/> has just stored, before it is completed: for
    /// recognising a ZIP-based type by its entries.
    /// </summary>
    public async Task<Stream> OpenUpload(Guid id, StoredContent content, CancellationToken cancellationToken)
    {
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<AttachmentRow>(new CommandDefinition($"SELECT {Columns} FROM attachments WHERE id = @id",
            new { id = id.ToString() }, cancellationToken: cancellationToken));
        return OpenSeekable(new AttachmentRow
        {
            Id = row.Id, CaseId = row.CaseId, AgencyCode = row.AgencyCode, Kind = row.Kind, FileName = row.FileName, ContentType = row.ContentType,
            KeySealed = row.KeySealed, Storage = row.Storage, Status = row.Status, UploadedById = row.UploadedById, UploadedByName = row.UploadedByName,
            ChunkSize = row.ChunkSize, SizeBytes = content.SizeBytes, ChunkCount = content.ChunkCount,
        });
    }

    private ChunkReader OpenReader(AttachmentRow row) => new(row, cipher.OpenKey(row.KeySealed), dialect, row.Storage == "Disk" ? FilePath(Guid.Parse(row.Id)) : null);

    private async Task WriteChunk(Guid id, int seq, byte[] buffer, int length, FileStream? file, CancellationToken cancellationToken)
    {
        if (file is not null)
        {
            await file.WriteAsync(buffer.AsMemory(0, length), cancellationToken);
            return;
        }

        await OutsideTransaction(async (connection, transaction) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO attachment_chunks (attachment_id, seq, content) VALUES (@id, @seq, @content)";
            Add(command, "id", id.ToString());
            Add(command, "seq", seq);
            var content = command.CreateParameter();
            content.ParameterName = "content";
            content.DbType = DbType.Binary;
            // The pooled buffer is longer than the chunk: Size sends only its first length bytes (SQLite, Npgsql and SqlClient alike).
            content.Value = buffer;
            content.Size = length;
            command.Parameters.Add(content);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    // A short write of its own, outside the request's transaction: on the embedded default through the one write gate (and its
    // shared connection), so it queues with the other writers instead of meeting SQLITE_BUSY.
    private async Task OutsideTransaction(Func<DbConnection, DbTransaction?, Task<int>> write, CancellationToken cancellationToken)
    {
        using var gate = await dialect.EnterWriteGate(cancellationToken);
        var shared = await dialect.SharedWriteConnection(cancellationToken);
        if (shared is not null)
        {
            await write(shared, null);
            return;
        }

        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await dialect.Prepare(connection, cancellationToken);
        await write(connection, null);
    }

    private string FilePath(Guid id) => Path.Combine(Path.GetFullPath(options.Directory!), id.ToString("N")[..2], id.ToString("N") + ".sealed");

    private FileStream CreateFile(Guid id)
    {
        var path = FilePath(id);
        PrivateFiles.CreateDirectory(Path.GetFullPath(options.Directory!));
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, BufferSize = 0 };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = PrivateFiles.FileMode;
        var stream = new FileStream(path, fileOptions);
        return stream;
    }

    private void DeleteFile(Guid id)
    {
        if (string.IsNullOrWhiteSpace(options.Directory)) return;
        var path = FilePath(id);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>Reads and opens one chunk at a time, from the database (a connection of its own) or the attachment's file.</summary>
    private sealed class ChunkReader(AttachmentRow row, byte[] key, SqlDialect dialect, string? path) : IAsyncDisposable
    {
        private readonly AesGcm aes = new(key, AttachmentCipher.Overhead);
        private readonly Guid id = Guid.Parse(row.Id);
        private readonly byte[] sealedBuffer = ArrayPool<byte>.Shared.Rent(row.ChunkSize + AttachmentCipher.Overhead);
        private DbConnection? connection;
        private FileStream? file;

        /// <summary>Opens chunk <paramref name="seq"/> into <paramref name="plain"/>; returns its length.</summary>
        public async Task<int> Read(int seq, byte[] plain, CancellationToken cancellationToken)
        {
            var expected = seq < row.ChunkCount - 1 ? row.ChunkSize : (int)(row.SizeBytes - (long)row.ChunkSize * (row.ChunkCount - 1));
            var sealedLength = expected + AttachmentCipher.Overhead;
            int read;
            if (path is not null)
            {
                file ??= new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous);
                file.Position = (long)seq * (row.ChunkSize + AttachmentCipher.Overhead);
                read = await file.ReadAtLeastAsync(sealedBuffer.AsMemory(0, sealedLength), sealedLength, false, cancellationToken);
            }
            else
            {
                if (connection is null)
                {
                    connection = dialect.CreateConnection();
                    await connection.OpenAsync(cancellationToken);
                    await dialect.Prepare(connection, cancellationToken);
                }

                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT content FROM attachment_chunks WHERE attachment_id = @id AND seq = @seq";
                Add(command, "id", row.Id);
                Add(command, "seq", seq);
                await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                    throw new CryptographicException($"Chunk {seq} of attachment {row.Id} is missing.");
                var length = reader.GetBytes(0, 0, null, 0, 0);
                if (length != sealedLength) throw new CryptographicException($"Chunk {seq} of attachment {row.Id} has {length} bytes, not {sealedLength}.");
                read = (int)reader.GetBytes(0, 0, sealedBuffer, 0, sealedLength);
            }

            if (read != sealedLength) throw new CryptographicException($"Chunk {seq} of attachment {row.Id} is cut short.");
            AttachmentCipher.Open(aes, id, seq, seq == row.ChunkCount - 1, sealedBuffer.AsSpan(0, sealedLength), plain);
            return expected;
        }

        public async ValueTask DisposeAsync()
        {
            aes.Dispose();
            CryptographicOperations.ZeroMemory(key);
            ArrayPool<byte>.Shared.Return(sealedBuffer);
            if (connection is not null) await connection.DisposeAsync();
            if (file is not null) await file.DisposeAsync();
        }
    }

    /// <summary>A read-only seekable view of the content, one opened chunk cached.</summary>
    private sealed class SeekableContent(ChunkReader reader, long length, int chunkSize) : Stream
    {
        private readonly byte[] plain = ArrayPool<byte>.Shared.Rent(chunkSize);
        private int cached = -1;
        private int cachedLength;
        private long position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => position;
            set => position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (position >= length || buffer.Length == 0) return 0;
            var seq = (int)(position / chunkSize);
            if (seq != cached)
            {
                // ZipArchive reads synchronously; a chunk is one short query or file read.
                cachedLength = reader.Read(seq, plain, CancellationToken.None).GetAwaiter().GetResult();
                cached = seq;
            }

            var within = (int)(position - (long)seq * chunkSize);
            var count = Math.Min(buffer.Length, cachedLength - within);
            plain.AsSpan(within, count).CopyTo(buffer);
            position += count;
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
                ArrayPool<byte>.Shared.Return(plain);
            }

            base.Dispose(disposing);
        }
    }
}
