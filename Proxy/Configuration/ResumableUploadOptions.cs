using System.ComponentModel.DataAnnotations;

namespace RsResumeProxy.Configuration;

/// <summary>
/// Settings of the resumable-upload layer, section "ResumableUploads" in appsettings.json,
/// environment variables (ResumableUploads__MaxUploadSize) or the command line
/// (--ResumableUploads:MaxUploadSize=...). Every setting is documented in the README.
/// </summary>
public sealed class ResumableUploadOptions : IValidatableObject
{
    public const string Section = "ResumableUploads";

    /// <summary>Requests under this path prefix may be resumable uploads; all others pass through.</summary>
    [Required(ErrorMessage = "ResumableUploads:StoragePathPrefix must start with '/'.")]
    [RegularExpression("/.*", ErrorMessage = "ResumableUploads:StoragePathPrefix must start with '/'.")]
    public string StoragePathPrefix { get; set; } = "/storage/";

    /// <summary>Where pending uploads' bytes are staged: local disk (the default) or S3-compatible
    /// object storage, configured in the "S3Staging" section.</summary>
    public StagingStoreKind StagingStore { get; set; } = StagingStoreKind.Disk;

    /// <summary>Where partial uploads are staged. Needs room for the largest uploads in flight.</summary>
    [Required(ErrorMessage = "ResumableUploads:StagingDirectory is required.")]
    public string StagingDirectory { get; set; } = "data/staging";

    /// <summary>Where upload state is kept when no Redis is configured.</summary>
    [Required(ErrorMessage = "ResumableUploads:StateDirectory is required.")]
    public string StateDirectory { get; set; } = "data/state";

    /// <summary>The HMAC key file for credential hashes; created on first start. Instances that
    /// share uploads must share it (or set <see cref="CredentialKey"/>).</summary>
    public string? CredentialKeyFile { get; set; }

    /// <summary>The HMAC key for credential hashes as Base64 (at least 16 bytes); overrides the file.</summary>
    public string? CredentialKey { get; set; }

    /// <summary>The largest upload accepted (announced as Tus-Max-Size). 0 means no limit.</summary>
    [SettingRange(0, long.MaxValue, ErrorMessage = "ResumableUploads:MaxUploadSize must be 0 (no limit) or positive.")]
    public long MaxUploadSize { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Space kept free on the staging volume: a creation whose declared length does not fit
    /// beside this reserve gets 507 before any byte is taken.</summary>
    [SettingRange(0, long.MaxValue, ErrorMessage = "ResumableUploads:DiskReserveBytes must not be negative.")]
    public long DiskReserveBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How long one read of a request body may wait for data before the upload is released.</summary>
    [SettingRange(typeof(TimeSpan), Durations.Zero, Durations.Longest, MinimumIsExclusive = true,
        ErrorMessage = "ResumableUploads:BodyIdleTimeout must be positive.")]
    public TimeSpan BodyIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a newer request waits for an older one on the same upload to let go (then 423).</summary>
    [SettingRange(typeof(TimeSpan), Durations.Zero, Durations.Longest, MinimumIsExclusive = true,
        ErrorMessage = "ResumableUploads:LockWaitTimeout must be positive.")]
    public TimeSpan LockWaitTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the final PUT to the backend may make no progress (no part of the document
    /// taken, no answer) before it gives up with 504, the upload kept. An idle timeout, not a total
    /// one: a large document on a slow link commits as long as it keeps moving.</summary>
    [SettingRange(typeof(TimeSpan), Durations.Zero, Durations.Longest, MinimumIsExclusive = true,
        ErrorMessage = "ResumableUploads:CommitTimeout must be positive.")]
    public TimeSpan CommitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the backend PUT of an upload sent in several requests, begun with an
    /// earlier request so that it follows the upload, waits for the next request before it is
    /// aborted (the upload then commits with its last request). Zero: the PUT starts only with the
    /// request that completes the upload.</summary>
    [SettingRange(typeof(TimeSpan), Durations.Zero, "01:00:00",
        ErrorMessage = "ResumableUploads:CommitAheadIdleTimeout must lie between 00:00:00 (off) and 01:00:00.")]
    public TimeSpan CommitAheadIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Idle time after which a pending upload expires and its bytes are removed.</summary>
    [SettingRange(typeof(TimeSpan), Durations.Zero, Durations.Longest, MinimumIsExclusive = true,
        ErrorMessage = "ResumableUploads:ExpireAfter must be positive.")]
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired uploads are looked for and removed.</summary>
    [SettingRange(typeof(TimeSpan), Durations.Zero, Durations.Longest, MinimumIsExclusive = true,
        ErrorMessage = "ResumableUploads:SweepInterval must be positive.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a committed upload keeps answering HEAD with the backend's outcome.</summary>
    [SettingRange(typeof(TimeSpan), Durations.Zero, Durations.Longest, ErrorMessage = "ResumableUploads:CommittedRetention must not be negative.")]
    public TimeSpan CommittedRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Pending uploads one credential may have at once (429 beyond); 0 means no limit.</summary>
    [SettingRange(0, int.MaxValue, ErrorMessage = "ResumableUploads:MaxPendingUploadsPerCredential must be 0 (no limit) or positive.")]
    public int MaxPendingUploadsPerCredential { get; set; } = 100;

    /// <summary>Bytes one credential may have staged at once, counted by declared lengths (507
    /// beyond); 0 means no limit.</summary>
    [SettingRange(0, long.MaxValue, ErrorMessage = "ResumableUploads:MaxStagedBytesPerCredential must be 0 (no limit) or positive.")]
    public long MaxStagedBytesPerCredential { get; set; }

    /// <summary>Pending uploads the RS user named in the storage path may have at once, over all
    /// of that user's credentials (429 beyond); 0 means no limit.</summary>
    [SettingRange(0, int.MaxValue, ErrorMessage = "ResumableUploads:MaxPendingUploadsPerUser must be 0 (no limit) or positive.")]
    public int MaxPendingUploadsPerUser { get; set; } = 1000;

    /// <summary>Bytes the uploads of one RS user may declare together (507 beyond); 0 means no limit.</summary>
    [SettingRange(0, long.MaxValue, ErrorMessage = "ResumableUploads:MaxStagedBytesPerUser must be 0 (no limit) or positive.")]
    public long MaxStagedBytesPerUser { get; set; }

    /// <summary>Bytes the staging store may hold in all (what it counts as staged) before creations
    /// are refused (507); 0 means no limit beyond <see cref="DiskReserveBytes"/>.</summary>
    [SettingRange(0, long.MaxValue, ErrorMessage = "ResumableUploads:MaxStagedBytesTotal must be 0 (no limit) or positive.")]
    public long MaxStagedBytesTotal { get; set; }

    /// <summary>tus requests handled at once; more get 503 with Retry-After, so slow clients cannot
    /// hold every thread and file handle. Pass-through traffic is not counted. 0 means no limit.</summary>
    [SettingRange(0, int.MaxValue, ErrorMessage = "ResumableUploads:MaxConcurrentTusRequests must be 0 (no limit) or positive.")]
    public int MaxConcurrentTusRequests { get; set; } = 256;

    /// <summary>Slowest body a tus request may send, in bytes per second, after
    /// <see cref="MinBodyDataRateGrace"/>; slower clients are cut off (their bytes kept). 0 turns
    /// the check off. Kestrel's own default is 240 B/s after 5 s.</summary>
    [SettingRange(0, double.MaxValue, ErrorMessage = "ResumableUploads:MinBodyDataRate must be 0 (off) or positive.")]
    public double MinBodyDataRate { get; set; } = 240;

    /// <summary>How long a body may run below <see cref="MinBodyDataRate"/> before it is cut off;
    /// Kestrel requires more than 1 second.</summary>
    public TimeSpan MinBodyDataRateGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Refuse tus requests without an Authorization header (401) instead of staging bytes
    /// that no RS server would accept.</summary>
    public bool RequireAuthorization { get; set; } = true;

    /// <summary>The rules that span settings or need more than an attribute.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinBodyDataRate > 0 && MinBodyDataRateGrace <= TimeSpan.FromSeconds(1))
            yield return new("ResumableUploads:MinBodyDataRateGrace must be longer than 1 second (Kestrel's rule).", [nameof(MinBodyDataRateGrace)]);
        if (!string.IsNullOrEmpty(CredentialKey) && CredentialKeyProblem(CredentialKey) is { } problem)
            yield return new(problem, [nameof(CredentialKey)]);
    }

    private static string? CredentialKeyProblem(string key)
    {
        var bytes = new byte[key.Length];
        if (!Convert.TryFromBase64String(key, bytes, out var length))
            return "ResumableUploads:CredentialKey must be Base64.";
        return length < 16 ? "ResumableUploads:CredentialKey must decode to at least 16 bytes." : null;
    }
}
