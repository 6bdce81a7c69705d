namespace RsResumeProxy.Staging.ObjectStorage;

/// <summary>One uploaded part of a multipart upload: its number, its size and the ETag S3 gave it
/// (the completion names each part by number and ETag, so a part overwritten since is refused
/// instead of being assembled silently).</summary>
public sealed record StagedPart(int Number, long Size, string ETag);
