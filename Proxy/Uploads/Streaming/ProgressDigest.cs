using RsResumeProxy.Staging.Files;

namespace RsResumeProxy.Uploads.Streaming;

/// <summary>
/// Passes every byte the intake takes on to the chunk checksum (when there is one) and then tells
/// a streaming commit that the staged file may have grown. The staging area feeds its digest after
/// writing the bytes, so the follower usually finds them in the file at once; if a store fed it
/// earlier, the follower would only wait for the next signal, since it reads what the file holds.
/// </summary>
internal sealed class ProgressDigest(IIncrementalDigest? inner, StagedFileFollower follower) : IIncrementalDigest
{
    public void Append(ReadOnlySpan<byte> data)
    {
        inner?.Append(data);
        follower.Advance();
    }
}
