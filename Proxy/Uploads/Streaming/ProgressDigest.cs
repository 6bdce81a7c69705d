using RsResumeProxy.Staging.Files;

namespace RsResumeProxy.Uploads.Streaming;

/// <summary>
/// Passes every byte the intake takes on to the chunk checksum (when there is one) and then tells
/// a streaming commit that the staged file may have grown. The staging area feeds its digest after
/// writing the bytes, so the follower usually finds them in the file at once; if a store fed it
/// earlier, the follower could be told of bytes not yet written and would fail its read.
/// </summary>
internal sealed class ProgressDigest(IIncrementalDigest? inner, StagedFileFollower follower, long offset) : IIncrementalDigest
{
    private long _staged = offset;

    public void Append(ReadOnlySpan<byte> data)
    {
        inner?.Append(data);
        _staged += data.Length;
        follower.Advance(_staged);
    }
}
