namespace RsResumeProxy.Uploads.Rules;

/// <summary>What a creation is checked against, gathered before anything is recorded.</summary>
/// <param name="DocumentPath">The raw document path of the request.</param>
/// <param name="IsPart">Whether the URL names a partial upload.</param>
/// <param name="StoragePathPrefix">The RS storage prefix, e.g. "/storage/".</param>
/// <param name="Length">The declared total length, or null while deferred.</param>
/// <param name="BodyLength">The request body's Content-Length, if declared.</param>
/// <param name="MaxUploadSize">The largest upload accepted; 0 means no limit.</param>
/// <param name="AvailableBytes">Room left in the staging store.</param>
/// <param name="ReserveBytes">Room the staging store must keep free.</param>
internal sealed record CreationFacts(
    string DocumentPath, bool IsPart, string StoragePathPrefix, long? Length, long? BodyLength,
    long MaxUploadSize, long AvailableBytes, long ReserveBytes)
{
    /// <summary>The most bytes this upload may take: its length, else the maximum upload size.</summary>
    public long Limit => Length ?? (MaxUploadSize > 0 ? MaxUploadSize : long.MaxValue);
}
