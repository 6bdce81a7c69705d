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

    /// <summary>Every record, for the expiry sweeper and for accounting per credential.</summary>
    IAsyncEnumerable<UploadState> ListAsync(CancellationToken cancellationToken);
}
