using System.Security.Cryptography;

namespace RsResumeProxy.Integrity;

/// <summary>
/// The algorithms of the tus checksum extension this proxy verifies. tus requires sha1; md5,
/// sha256 and sha512 are what clients and the S3 world use; crc32 is the cheap one for clients
/// that only want to catch transport corruption. Names are lowercase ASCII as tus requires
/// (tus checklist EXT-CK-01).
/// </summary>
internal sealed class ChecksumAlgorithm
{
    private readonly Func<ChunkDigest> _create;

    private ChecksumAlgorithm(string name, int digestLength, Func<ChunkDigest> create)
    {
        Name = name;
        DigestLength = digestLength;
        _create = create;
    }

    public string Name { get; }

    /// <summary>Bytes in a digest: a header whose value decodes to another length is malformed.</summary>
    public int DigestLength { get; }

    public ChunkDigest CreateDigest() => _create();

    /// <summary>In the order announced in Tus-Checksum-Algorithm: sha1 first, as tus requires.</summary>
    public static readonly IReadOnlyList<ChecksumAlgorithm> Supported =
    [
        new("sha1", 20, () => new CryptographicChunkDigest(HashAlgorithmName.SHA1)),
        new("md5", 16, () => new CryptographicChunkDigest(HashAlgorithmName.MD5)),
        new("sha256", 32, () => new CryptographicChunkDigest(HashAlgorithmName.SHA256)),
        new("sha512", 64, () => new CryptographicChunkDigest(HashAlgorithmName.SHA512)),
        new("crc32", 4, () => new Crc32ChunkDigest()),
    ];

    /// <summary>The Tus-Checksum-Algorithm value.</summary>
    public static string Announced { get; } = string.Join(',', Supported.Select(a => a.Name));

    /// <summary>Names are compared case-insensitively: tus says they are lowercase, and a client
    /// that writes "SHA1" means nothing else.</summary>
    public static ChecksumAlgorithm? Find(string name) =>
        Supported.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
