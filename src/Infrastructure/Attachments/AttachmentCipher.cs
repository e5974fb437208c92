using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CaseTracker.Infrastructure.Attachments;

/// <summary>
/// Encryption at rest of attachments (security.md "Personal data": an ID copy is personal data). Each file has its own random
/// 256-bit key, sealed by ASP.NET Core Data Protection under its own purpose (so the key ring, its rotation and its key-encryption
/// certificate govern attachments as they do applicants' data); each chunk of the file is AES-256-GCM under that key, with the
/// chunk's number as nonce and the file id, chunk number and "last chunk" flag as associated data, so chunks cannot be reordered,
/// swapped between files or cut off unnoticed. Chunks are sealed into and opened from buffers the caller owns: a 20 MB file
/// passes through without a copy of it being held.
/// </summary>
public sealed class AttachmentCipher(IDataProtectionProvider provider)
{
    private const string KeyPurpose = "CaseTracker.Attachments.ContentKey.v1";

    /// <summary>Bytes a sealed chunk has beyond its plain text (the GCM tag).</summary>
    public const int Overhead = 16;

    private readonly IDataProtector keys = provider.CreateProtector(KeyPurpose);

    /// <summary>A fresh key for one file and its sealed form (base64) to store with the file's row.</summary>
    public (byte[] Key, string Sealed) NewKey()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        return (key, Convert.ToBase64String(keys.Protect(key)));
    }

    /// <summary>The key of a stored file; throws <see cref="CryptographicException"/> when its Data Protection key is gone or it was altered.</summary>
    public byte[] OpenKey(string @sealed) => keys.Unprotect(Convert.FromBase64String(@sealed));

    /// <summary>Seals chunk <paramref name="seq"/> of file <paramref name="fileId"/> into <paramref name="destination"/> (plain length + <see cref="Overhead"/>).</summary>
    public static void Seal(AesGcm aes, Guid fileId, int seq, bool last, ReadOnlySpan<byte> plain, Span<byte> destination)
    {
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> aad = stackalloc byte[21];
        Bind(fileId, seq, last, nonce, aad);
        aes.Encrypt(nonce, plain, destination[..plain.Length], destination.Slice(plain.Length, Overhead), aad);
    }

    /// <summary>
    /// Opens a sealed chunk into <paramref name="destination"/> (sealed length − <see cref="Overhead"/>); throws
    /// <see cref="AuthenticationTagMismatchException"/> when it is not chunk <paramref name="seq"/> of this file as sealed.
    /// </summary>
    public static void Open(AesGcm aes, Guid fileId, int seq, bool last, ReadOnlySpan<byte> @sealed, Span<byte> destination)
    {
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> aad = stackalloc byte[21];
        Bind(fileId, seq, last, nonce, aad);
        var length = @sealed.Length - Overhead;
        aes.Decrypt(nonce, @sealed[..length], @sealed.Slice(length, Overhead), destination[..length], aad);
    }

    private static void Bind(Guid fileId, int seq, bool last, Span<byte> nonce, Span<byte> aad)
    {
        nonce.Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], seq);
        fileId.TryWriteBytes(aad);
        BinaryPrimitives.WriteInt32BigEndian(aad[16..], seq);
        aad[20] = last ? (byte)1 : (byte)0;
    }
}
