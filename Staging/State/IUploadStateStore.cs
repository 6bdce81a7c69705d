namespace RsResumeProxy.Staging.State;

/// <summary>
/// Where upload state lives: local disk by default, Redis when several instances share uploads.
/// Implementations must make <see cref="SaveAsync"/> atomic: a reader sees the old record or the
/// new one, never a torn one.
/// </summary>
public interface IUploadStateStore
{
    /// <summary>The record, or null when there is none (or when the stored one cannot be trusted).</summary>
    ValueTask<UploadState?> GetAsync(string id, CancellationToken cancellationToken);

    ValueTask SaveAsync(UploadState state, CancellationToken cancellationToken);

    ValueTask DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every record, for the expiry sweeper.</summary>
    IAsyncEnumerable<UploadState> ListAsync(CancellationToken cancellationToken);

    /// <summary>The pending records (<see cref="UploadOwners.IsPending"/>) of one owner
    /// (<see cref="UploadOwners"/>), read through a per-owner index: the cost follows that owner's
    /// uploads, not the store's size. The index only ever holds more ids than pending records
    /// (written before the record, pruned when read), so a crash or an expiry never hides one.</summary>
    IAsyncEnumerable<UploadState> ListPendingOfAsync(string owner, CancellationToken cancellationToken);
}
