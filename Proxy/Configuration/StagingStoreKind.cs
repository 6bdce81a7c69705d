namespace RsResumeProxy.Configuration;

/// <summary>Where pending uploads' bytes are staged (ResumableUploads:StagingStore).</summary>
public enum StagingStoreKind
{
    /// <summary>Files in ResumableUploads:StagingDirectory: one instance, or several sharing one volume.</summary>
    Disk,

    /// <summary>S3-compatible object storage (section S3Staging): several instances without a shared volume.</summary>
    S3,
}
