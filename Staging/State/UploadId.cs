using System.Security.Cryptography;
using System.Text;

namespace RsResumeProxy.Staging.State;

/// <summary>
/// Upload ids. An upload belongs to (document URL, credential), so its id is derived from both:
/// the same client resuming the same document always finds its upload, another credential never
/// does. Partial uploads of the concatenation extension get random ids instead (128 bits or more).
/// Ids are lowercase hex, so they are safe as file names and Redis keys.
/// </summary>
public static class UploadId
{
    private const int HexLength = 40; // 160 bits

    public static string ForDocument(string documentPath, string credentialHash)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(documentPath + "\n" + credentialHash), hash);
        return Convert.ToHexStringLower(hash)[..HexLength];
    }

    public static string NewRandom()
    {
        Span<byte> bytes = stackalloc byte[HexLength / 2];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public static bool IsWellFormed(string? id)
    {
        if (id is null || id.Length != HexLength)
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
