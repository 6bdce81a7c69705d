namespace RsResumeProxy.Staging.ObjectStorage;

/// <summary>
/// Where and how <see cref="S3StagingStore"/> keeps staged bytes. The client (endpoint, region,
/// credentials, addressing) is configured separately and handed to the store ready to use.
/// </summary>
/// <param name="Bucket">The bucket; it must exist. The store only ever writes below <paramref name="KeyPrefix"/>.</param>
/// <param name="KeyPrefix">Prefix of every key the store writes (e.g. "staging/"); may be empty.</param>
/// <param name="PartSize">Size of every part of a multipart upload but the last: at least
/// <see cref="MinimumPartSize"/> (S3's rule) and at most <see cref="MaximumPartSize"/>, since an
/// append holds one part in memory before it sends it.</param>
/// <param name="Location">The endpoint (or AWS region) the client talks to, as written in the settings;
/// part of <see cref="VolumeId"/>.</param>
public sealed record S3StagingSettings(string Bucket, string KeyPrefix, int PartSize, string Location)
{
    /// <summary>S3's minimum size of a multipart upload's part, except the last.</summary>
    public const int MinimumPartSize = 5 * 1024 * 1024;

    /// <summary>Kept well under S3's 5 GiB: one part is buffered in memory per running append.</summary>
    public const int MaximumPartSize = 512 * 1024 * 1024;

    /// <summary>S3's largest part number, so an upload holds at most this many parts.</summary>
    public const int MaximumParts = 10_000;

    /// <summary>The same for every instance configured with the same endpoint, bucket and prefix.</summary>
    public string VolumeId => $"s3:{Location}/{Bucket}/{KeyPrefix}";

    /// <summary>The largest upload the part size allows (S3 takes at most 10,000 parts).</summary>
    public long MaximumUploadSize => (long)PartSize * MaximumParts;
}
