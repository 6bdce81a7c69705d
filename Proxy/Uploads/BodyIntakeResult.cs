using RsResumeProxy.Integrity;
using RsResumeProxy.Staging.Files;

namespace RsResumeProxy.Uploads;

/// <summary>What taking one request body did: the append (after any discarded chunk was cut off
/// again, so <see cref="AppendResult.NewLength"/> is the staged length) and the checksum verdict.</summary>
public readonly record struct BodyIntakeResult(AppendResult Append, ChecksumVerdict Checksum, string? ChecksumError = null)
{
    public long NewLength => Append.NewLength;

    public static BodyIntakeResult Empty(long offset) => new(new AppendResult(0, offset, AppendStop.EndOfBody), ChecksumVerdict.NotRequested);
}
