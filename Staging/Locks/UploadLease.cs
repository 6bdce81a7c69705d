namespace RsResumeProxy.Staging.Locks;

/// <summary>Holding an upload. Dispose to release it.</summary>
public abstract class UploadLease : IAsyncDisposable
{
    /// <summary>Fires when a newer request on the same upload asks this holder to stop.</summary>
    public abstract CancellationToken StopRequested { get; }

    /// <summary>Fires when the lease can no longer be trusted (for example a distributed lock that
    /// could not be renewed): the holder must stop writing.</summary>
    public virtual CancellationToken Lost => CancellationToken.None;

    public abstract ValueTask DisposeAsync();
}
