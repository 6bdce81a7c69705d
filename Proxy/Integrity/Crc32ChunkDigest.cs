using System.Buffers.Binary;
using System.IO.Hashing;

namespace RsResumeProxy.Integrity;

/// <summary>
/// crc32 (IEEE 802.3, the zlib/PNG polynomial) from System.IO.Hashing, which is vectorised. The tus
/// spec does not fix a byte order; the four bytes go big-endian (network order), as in
/// Google Cloud Storage's x-goog-hash and RFC 9530's CRC-based digests, so
/// <c>crc32 "123456789"</c> is <c>y/Q5Jg==</c> (0xCBF43926).
/// </summary>
internal sealed class Crc32ChunkDigest : ChunkDigest
{
    private readonly Crc32 _crc = new();

    public override void Append(ReadOnlySpan<byte> data) => _crc.Append(data);

    public override byte[] Current()
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, _crc.GetCurrentHashAsUInt32());
        return bytes;
    }
}
