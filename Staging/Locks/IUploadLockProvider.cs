namespace RsResumeProxy.Staging.Locks;

/// <summary>
/// One request at a time per upload. A newer request does not queue behind a stalled older one:
/// acquiring asks the current holder to stop (its <see cref="UploadLease.StopRequested"/> fires,
/// it keeps the bytes it has and releases), then waits up to the provider's wait time for it.
/// </summary>
public interface IUploadLockProvider
{
    /// <summary>The lease, or null when the current holder did not let go in time (answer 423).</summary>
    ValueTask<UploadLease?> AcquireAsync(string uploadId, CancellationToken cancellationToken);
}
