using System.Security.Cryptography;
using System.Text;

namespace RsResumeProxy.Staging.Identity;

/// <summary>
/// Turns an Authorization header value into the credential part of an upload's identity: an
/// HMAC-SHA256 under a secret key. The token itself is never stored or logged; the key makes the
/// stored hash useless for guessing tokens offline. Instances sharing uploads must share the key.
/// </summary>
public sealed class CredentialHasher
{
    private readonly byte[] _key;

    public CredentialHasher(byte[] key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("The credential key needs at least 128 bits.", nameof(key));
        }
        _key = key.ToArray();
    }

    public string Hash(string? authorization)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(authorization ?? string.Empty), mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// Reads the key from <paramref name="path"/>, creating it (256 random bits, owner-only) on first
    /// use, so a single instance keeps recognising its pending uploads across restarts with no setup.
    /// </summary>
    public static byte[] LoadOrCreateKey(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            if (existing.Length >= 32)
            {
                return existing;
            }
        }
        var key = RandomNumberGenerator.GetBytes(32);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            stream.Write(key);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        return key;
    }
}
