namespace RsResumeProxy.Staging.Files;

/// <summary>
/// Something fed every byte an append writes, in order: a checksum being computed while the body
/// streams to disk, so verifying a chunk never reads it a second time. The algorithms themselves
/// (SHA-1, CRC-32, ...) are protocol matters and live with the proxy.
/// </summary>
public interface IIncrementalDigest
{
    void Append(ReadOnlySpan<byte> data);
}
