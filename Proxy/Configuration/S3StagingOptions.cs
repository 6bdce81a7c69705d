using System.ComponentModel.DataAnnotations;
using Amazon.S3;
using RsResumeProxy.Staging.ObjectStorage;

namespace RsResumeProxy.Configuration;

/// <summary>
/// Settings of the object-storage staging store, section "S3Staging", used when
/// ResumableUploads:StagingStore is S3. Credentials are not settings: they come from the standard
/// AWS chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE and the shared credentials
/// file, a container or instance role).
/// </summary>
public sealed class S3StagingOptions : IValidatableObject
{
    public const string Section = "S3Staging";

    /// <summary>The S3-compatible endpoint, e.g. "http://minio:9000". Empty: AWS S3 in <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The AWS region; with <see cref="ServiceUrl"/>, the region requests are signed for.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The bucket; it must exist, and should carry the lifecycle rule the README describes.</summary>
    [Required(ErrorMessage = "S3Staging:Bucket is required when ResumableUploads:StagingStore is S3.")]
    public string? Bucket { get; set; }

    /// <summary>Prefix of every key the proxy writes, so a bucket can be shared.</summary>
    public string KeyPrefix { get; set; } = "rsrp-staging/";

    /// <summary>Path-style addressing (endpoint/bucket/key) instead of bucket.endpoint; most
    /// S3-compatible servers (MinIO, moto, Ceph without wildcard DNS) need it.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Size of each part but the last; one part is held in memory per running append.
    /// 8 MiB: S3's 5 MiB minimum with room, and at most 10,000 parts give uploads up to 78 GiB.</summary>
    [SettingRange(S3StagingSettings.MinimumPartSize, S3StagingSettings.MaximumPartSize,
        ErrorMessage = "S3Staging:PartSize must lie between 5242880 (S3's minimum part size) and 536870912 (one part is held in memory per append).")]
    public int PartSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>Upper bound of one request to the storage (a part of PartSize included) before the
    /// SDK retries it; a storage that does not answer is reported after the retries (503).</summary>
    [SettingRange(typeof(TimeSpan), Durations.Zero, Durations.Longest, MinimumIsExclusive = true,
        ErrorMessage = "S3Staging:RequestTimeout must be positive.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What the store needs to know of these settings.</summary>
    public S3StagingSettings ToSettings() =>
        new(Bucket!, KeyPrefix, PartSize, string.IsNullOrWhiteSpace(ServiceUrl) ? "aws:" + Region : new Uri(ServiceUrl).Authority);

    /// <summary>The client's configuration. Request checksums only where S3 requires them: several
    /// S3-compatible servers refuse the newer default (aws-chunked bodies with trailing checksums).</summary>
    public AmazonS3Config ToClientConfig()
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = ForcePathStyle,
            Timeout = RequestTimeout,
            RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(ServiceUrl))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(Region);
        }
        else
        {
            config.ServiceURL = ServiceUrl;
            config.AuthenticationRegion = Region;
        }
        return config;
    }

    /// <summary>The rules that need more than an attribute. ResumableUploads:MaxUploadSize against
    /// the 10,000 parts S3 allows is checked by <see cref="S3StagingOptionsValidator"/>, which sees both sections.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Bucket) && !IsBucketName(Bucket))
            yield return new($"S3Staging:Bucket '{Bucket}' is not a valid bucket name (3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit).", [nameof(Bucket)]);
        if (!string.IsNullOrWhiteSpace(ServiceUrl)
            && (!Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
            yield return new($"S3Staging:ServiceUrl '{ServiceUrl}' must be an absolute http or https URL (or empty for AWS S3).", [nameof(ServiceUrl)]);
        if (string.IsNullOrWhiteSpace(Region))
            yield return new("S3Staging:Region is required (with ServiceUrl it is the region requests are signed for; us-east-1 suits most S3-compatible servers).", [nameof(Region)]);
        else if (string.IsNullOrWhiteSpace(ServiceUrl) && Amazon.RegionEndpoint.GetBySystemName(Region).DisplayName == "Unknown")
            yield return new($"S3Staging:Region '{Region}' is not an AWS region; set S3Staging:ServiceUrl for another S3-compatible server.", [nameof(Region)]);
        if (KeyPrefix is null || KeyPrefix.StartsWith('/') || KeyPrefix.Length > 512)
            yield return new("S3Staging:KeyPrefix must not start with '/' and must be at most 512 characters (it may be empty).", [nameof(KeyPrefix)]);
    }

    /// <summary>The largest MaxUploadSize the part size allows, or null when <paramref name="maxUploadSize"/> fits.</summary>
    public string? UploadSizeProblem(long maxUploadSize) =>
        maxUploadSize == 0 || maxUploadSize > (long)PartSize * S3StagingSettings.MaximumParts
            ? $"ResumableUploads:MaxUploadSize must be set and at most S3Staging:PartSize × 10,000 = {(long)PartSize * S3StagingSettings.MaximumParts} bytes (S3 takes at most 10,000 parts); raise PartSize or lower MaxUploadSize."
            : null;

    private static bool IsBucketName(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);
}
