using RsResumeProxy.Staging.Files;

namespace RsResumeProxy.Integrity;

/// <summary>One checksum being computed over a request body while it streams to disk.</summary>
internal abstract class ChunkDigest : IIncrementalDigest, IDisposable
{
    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>The digest of everything appended so far, in the byte order the Upload-Checksum
    /// header carries it.</summary>
    public abstract byte[] Current();

    public virtual void Dispose()
    {
    }
}
