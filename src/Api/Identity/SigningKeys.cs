using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Api.Identity;

/// <summary>The symmetric key that signs and checks tokens when no identity provider is configured.</summary>
public static class SigningKeys
{
    public static SymmetricSecurityKey Resolve(IdentityOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey)) return new SymmetricSecurityKey(Decode(options.SigningKey));
        var path = options.KeyFile ?? Path.Combine(contentRoot, "data", "signing-key");
        CaseTracker.Infrastructure.PrivateFiles.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (!File.Exists(path))
        {
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
            try
            {
                // Created 0600 from the start: never readable by another user, not even for a moment before a chmod.
                using var stream = new FileStream(path, OperatingSystem.IsWindows()
                    ? new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write }
                    : new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Infrastructure.PrivateFiles.FileMode });
                stream.Write(Encoding.ASCII.GetBytes(fresh));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }

        Infrastructure.PrivateFiles.Restrict(path);
        return new SymmetricSecurityKey(Decode(File.ReadAllText(path).Trim()));
    }

    private static byte[] Decode(string key)
    {
        Span<byte> buffer = new byte[key.Length];
        var bytes = Convert.TryFromBase64String(key, buffer, out var written) ? buffer[..written].ToArray() : Encoding.UTF8.GetBytes(key);
        if (bytes.Length < 32) throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes.");
        return bytes;
    }
}
