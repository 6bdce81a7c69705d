using System.IO.Pipelines;

namespace RsResumeProxy.Staging.Files;

/// <summary>
/// Where the bytes of pending uploads are staged, one object per upload id: a file on local disk
/// (<see cref="StagingArea"/>, the default) or, for instances without a shared volume, object
/// storage. The staged length is the upload's offset, the one source of truth, so a store reports
/// only bytes it holds durably: an offset acknowledged after <see cref="AppendAsync"/> returns
/// survives a crash of the process or the machine.
/// </summary>
public interface IStagingStore
{
    /// <summary>
    /// Names the storage holding the bytes. Instances that see the same storage report the same id;
    /// upload records carry it, so an instance that cannot see an upload's bytes refuses the upload
    /// instead of appending to bytes that are not there, or starting a second copy.
    /// </summary>
    string VolumeId { get; }

    /// <summary>Creates the staged object of a new upload, or empties an existing one, durably.</summary>
    ValueTask CreateAsync(string id, CancellationToken cancellationToken);

    /// <summary>How many bytes are staged for <paramref name="id"/>, or -1 when nothing is.</summary>
    ValueTask<long> GetLengthAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Streams <paramref name="source"/> onto the end of the staged bytes, which must be exactly
    /// <paramref name="offset"/> long, taking at most <paramref name="maxBytes"/>. Every byte taken
    /// from the source is kept even when the source fails half-way (a dropped connection), and the
    /// result's <see cref="AppendResult.NewLength"/> is durable when this returns.
    /// </summary>
    /// <param name="idleTimeout">How long one read of the source may wait for data: a stalled body
    /// releases the upload instead of holding it (a total timeout would punish slow, honest links).</param>
    /// <param name="digest">Fed every byte taken, in order, for checksum verification without a second read.</param>
    /// <param name="stop">Fires when a newer request on the same upload wants it.</param>
    ValueTask<AppendResult> AppendAsync(string id, long offset, Stream source, long maxBytes, TimeSpan idleTimeout,
        IIncrementalDigest? digest, CancellationToken stop);

    /// <summary>
    /// The same append, reading a request body's <see cref="PipeReader"/> directly, which spares a
    /// copy into a buffer of the store's own: the HTTP server's buffers can be written as they
    /// are. A store that gains nothing from it keeps this default, which reads the pipe as a
    /// stream. The reader is not completed.
    /// </summary>
    ValueTask<AppendResult> AppendAsync(string id, long offset, PipeReader source, long maxBytes, TimeSpan idleTimeout,
        IIncrementalDigest? digest, CancellationToken stop) =>
        AppendAsync(id, offset, source.AsStream(leaveOpen: true), maxBytes, idleTimeout, digest, stop);

    /// <summary>Cuts the staged bytes back to <paramref name="length"/> (a discarded chunk, a
    /// held-back last byte sent again), durably. Nothing happens when they are not longer.</summary>
    ValueTask TruncateAsync(string id, long length, CancellationToken cancellationToken);

    /// <summary>Removes the staged bytes; nothing happens when there are none.</summary>
    ValueTask DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>The staged bytes from the first, for the commit to the backend.</summary>
    ValueTask<Stream> OpenReadAsync(string id, CancellationToken cancellationToken);

    /// <summary>Bytes the store can still take (long.MaxValue when it has no bound worth checking).</summary>
    ValueTask<long> GetAvailableBytesAsync(CancellationToken cancellationToken);

    /// <summary>Whether the store takes a write now: null when it does, else what is wrong (readiness).</summary>
    ValueTask<string?> CheckWritableAsync(CancellationToken cancellationToken);

    /// <summary>Uploads with staged bytes and the bytes in all, for metrics; a store for which this is
    /// expensive may answer from what it last counted.</summary>
    StagingCensus Census();
}
