using RsResumeProxy.Staging.State;
using RsResumeProxy.StructuredFields;

namespace RsResumeProxy.Integrity;

/// <summary>
/// The digest of the whole document a client may declare when it creates an upload:
/// <c>Repr-Digest</c> (RFC 9530: a structured-field dictionary such as
/// <c>sha-256=:base64:, sha-512=:base64:</c>) or <c>Content-MD5</c> (Base64 MD5, as the
/// remoteStorage resumable-upload discussion proposed). Both describe the complete document the
/// upload turns into, whatever part of it the creation request carries. Keys this proxy does not
/// know are ignored (RFC 9530 §3: a recipient may ignore any digest); a header with none it knows
/// is refused, because a client that asked for integrity must not silently go without. Of several,
/// the strongest is kept: sha-512, then sha-256, then md5.
/// </summary>
internal static class DocumentDigestHeaders
{
    public const string ReprDigest = "Repr-Digest";
    public const string ContentMd5 = "Content-MD5";

    private static readonly (string Name, int Length)[] ByStrength = [("sha-512", 64), ("sha-256", 32), ("md5", 16)];

    public static bool TryParse(string? reprDigest, string? contentMd5, out DocumentDigest? digest, out string? error)
    {
        digest = null;
        error = null;
        var candidates = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (reprDigest is not null)
        {
            if (string.IsNullOrWhiteSpace(reprDigest))
            {
                error = "Repr-Digest is empty.";
                return false;
            }
            if (!StructuredFieldParser.TryParseDictionary(reprDigest, out var members, out var problem))
            {
                error = $"Repr-Digest is not a structured-field dictionary: {problem}";
                return false;
            }
            foreach (var (key, member) in members)
            {
                if (key is "sha-256" or "sha-512")
                {
                    if (member.Item?.Value is not { Kind: BareItemKind.ByteSequence, Bytes: { } value })
                    {
                        error = $"Repr-Digest {key} must be a byte sequence (:base64:).";
                        return false;
                    }
                    candidates[key] = value;
                }
            }
            if (candidates.Count == 0)
            {
                error = "Repr-Digest names no algorithm this server verifies; use sha-256 or sha-512.";
                return false;
            }
        }
        if (contentMd5 is not null)
        {
            try
            {
                candidates["md5"] = Convert.FromBase64String(contentMd5.Trim());
            }
            catch (FormatException)
            {
                error = "Content-MD5 is not Base64.";
                return false;
            }
        }

        foreach (var (name, length) in ByStrength)
        {
            if (candidates.TryGetValue(name, out var value) && value.Length != length)
            {
                error = $"A {name} digest has {length} bytes; the one declared has {value.Length}.";
                return false;
            }
        }
        foreach (var (name, _) in ByStrength)
        {
            if (candidates.TryGetValue(name, out var value))
            {
                digest = new DocumentDigest(name, value);
                return true;
            }
        }
        return true;
    }
}
