using RsResumeProxy.Integrity;
using RsResumeProxy.Staging.Files;

namespace RsResumeProxy.Uploads;

/// <summary>What taking one request body did: the append (after any discarded chunk was cut off
/// again, so <see cref="AppendResult.NewLength"/> is the staged length) and the checksum verdict.</summary>
internal readonly record struct BodyIntakeResult(AppendResult Append, ChecksumVerdict Checksum, string? ChecksumError = null)
{
    public long NewLength => Append.NewLength;

    /// <summary>Whether the body ended normally and passed its checksum, if it had one.</summary>
    public bool IsWhole => Append.Stop == AppendStop.EndOfBody && Checksum is ChecksumVerdict.NotRequested or ChecksumVerdict.Matched;

    public static BodyIntakeResult Empty(long offset) => new(new AppendResult(0, offset, AppendStop.EndOfBody), ChecksumVerdict.NotRequested);
}
