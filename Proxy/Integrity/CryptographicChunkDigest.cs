using System.Security.Cryptography;

namespace RsResumeProxy.Integrity;

/// <summary>sha1, md5, sha256, sha512: .NET's IncrementalHash, fed as the bytes arrive.</summary>
internal sealed class CryptographicChunkDigest(HashAlgorithmName algorithm) : ChunkDigest
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(algorithm);

    public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

    public override byte[] Current() => _hash.GetCurrentHash();

    public override void Dispose() => _hash.Dispose();
}
