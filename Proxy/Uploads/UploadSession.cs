using RsResumeProxy.Staging.Locks;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads;

/// <summary>
/// An upload held by one request: its lease (one request at a time per upload), its record and its
/// staged length as read once under the lease. Disposing releases the lease.
/// </summary>
internal sealed class UploadSession(UploadLease lease, UploadState state, long stagedLength) : IAsyncDisposable
{
    public UploadLease Lease { get; } = lease;

    /// <summary>The record as this request last saw or saved it.</summary>
    public UploadState State { get; set; } = state;

    /// <summary>The record as the store holds it: what <see cref="State"/> is compared with to tell
    /// whether saving it would change anything worth a write.</summary>
    public UploadState Stored { get; set; } = state;

    /// <summary>The staged length (-1 for an upload without staged bytes of its own: committed, or a
    /// final concatenation), kept current by the engine as it appends or truncates.</summary>
    public long StagedLength { get; set; } = stagedLength;

    public ValueTask DisposeAsync() => Lease.DisposeAsync();
}
