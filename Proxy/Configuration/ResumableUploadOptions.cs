namespace RsResumeProxy.Configuration;

/// <summary>
/// Settings of the resumable-upload layer, section "ResumableUploads" in appsettings.json,
/// environment variables (ResumableUploads__MaxUploadSize) or the command line
/// (--ResumableUploads:MaxUploadSize=...). Every setting is documented in the README.
/// </summary>
public sealed class ResumableUploadOptions
{
    public const string Section = "ResumableUploads";

    /// <summary>Requests under this path prefix may be resumable uploads; all others pass through.</summary>
    public string StoragePathPrefix { get; set; } = "/storage/";

    /// <summary>Where pending uploads' bytes are staged: local disk (the default) or S3-compatible
    /// object storage, configured in the "S3Staging" section.</summary>
    public StagingStoreKind StagingStore { get; set; } = StagingStoreKind.Disk;

    /// <summary>Where partial uploads are staged. Needs room for the largest uploads in flight.</summary>
    public string StagingDirectory { get; set; } = "data/staging";

    /// <summary>Where upload state is kept when no Redis is configured.</summary>
    public string StateDirectory { get; set; } = "data/state";

    /// <summary>The HMAC key file for credential hashes; created on first start. Instances that
    /// share uploads must share it (or set <see cref="CredentialKey"/>).</summary>
    public string? CredentialKeyFile { get; set; }

    /// <summary>The HMAC key for credential hashes as Base64 (at least 16 bytes); overrides the file.</summary>
    public string? CredentialKey { get; set; }

    /// <summary>The largest upload accepted (announced as Tus-Max-Size). 0 means no limit.</summary>
    public long MaxUploadSize { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Space kept free on the staging volume: a creation whose declared length does not fit
    /// beside this reserve gets 507 before any byte is taken.</summary>
    public long DiskReserveBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How long one read of a request body may wait for data before the upload is released.</summary>
    public TimeSpan BodyIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a newer request waits for an older one on the same upload to let go (then 423).</summary>
    public TimeSpan LockWaitTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Upper bound for the final PUT to the backend (then 504, the upload is kept).</summary>
    public TimeSpan CommitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Idle time after which a pending upload expires and its bytes are removed.</summary>
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired uploads are looked for and removed.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a committed upload keeps answering HEAD with the backend's outcome.</summary>
    public TimeSpan CommittedRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Pending uploads one credential may have at once (429 beyond); 0 means no limit.</summary>
    public int MaxPendingUploadsPerCredential { get; set; } = 100;

    /// <summary>Bytes one credential may have staged at once, counted by declared lengths (507
    /// beyond); 0 means no limit.</summary>
    public long MaxStagedBytesPerCredential { get; set; }

    /// <summary>tus requests handled at once; more get 503 with Retry-After, so slow clients cannot
    /// hold every thread and file handle. Pass-through traffic is not counted. 0 means no limit.</summary>
    public int MaxConcurrentTusRequests { get; set; } = 256;

    /// <summary>Slowest body a tus request may send, in bytes per second, after
    /// <see cref="MinBodyDataRateGrace"/>; slower clients are cut off (their bytes kept). 0 turns
    /// the check off. Kestrel's own default is 240 B/s after 5 s.</summary>
    public double MinBodyDataRate { get; set; } = 240;

    /// <summary>How long a body may run below <see cref="MinBodyDataRate"/> before it is cut off;
    /// Kestrel requires more than 1 second.</summary>
    public TimeSpan MinBodyDataRateGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Refuse tus requests without an Authorization header (401) instead of staging bytes
    /// that no RS server would accept.</summary>
    public bool RequireAuthorization { get; set; } = true;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrEmpty(StoragePathPrefix) || !StoragePathPrefix.StartsWith('/'))
            yield return "StoragePathPrefix must start with '/'.";
        if (string.IsNullOrWhiteSpace(StagingDirectory))
            yield return "StagingDirectory is required.";
        if (string.IsNullOrWhiteSpace(StateDirectory))
            yield return "StateDirectory is required.";
        if (MaxUploadSize < 0)
            yield return "MaxUploadSize must be 0 (no limit) or positive.";
        if (DiskReserveBytes < 0)
            yield return "DiskReserveBytes must not be negative.";
        foreach (var (name, value) in new[] {
            (nameof(BodyIdleTimeout), BodyIdleTimeout), (nameof(LockWaitTimeout), LockWaitTimeout),
            (nameof(CommitTimeout), CommitTimeout), (nameof(ExpireAfter), ExpireAfter), (nameof(SweepInterval), SweepInterval) })
        {
            if (value <= TimeSpan.Zero)
                yield return $"{name} must be positive.";
        }
        if (MaxPendingUploadsPerCredential < 0 || MaxStagedBytesPerCredential < 0 || MaxConcurrentTusRequests < 0)
            yield return "Per-credential caps and MaxConcurrentTusRequests must be 0 (no limit) or positive.";
        if (MinBodyDataRate < 0)
            yield return "MinBodyDataRate must be 0 (off) or positive.";
        if (MinBodyDataRate > 0 && MinBodyDataRateGrace <= TimeSpan.FromSeconds(1))
            yield return "MinBodyDataRateGrace must be longer than 1 second (Kestrel's rule).";
        if (CommittedRetention < TimeSpan.Zero)
            yield return "CommittedRetention must not be negative.";
    }
}
