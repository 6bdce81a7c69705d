using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;

namespace RsResumeProxy.Uploads.Streaming;

/// <summary>
/// Streaming commits kept open between the requests of an upload sent in several chunks, so that
/// the backend PUT follows the upload from its first chunk instead of starting with the last one
/// (a 1 GiB upload in 8 MiB PATCHes otherwise waits, after its last PATCH, for the whole document
/// to be read back and sent). The promises of the streaming commit hold across requests: the PUT
/// only ever carries bytes of requests that ended whole (a request that fails aborts it), and its
/// last byte waits for the request that completes the upload.
/// <para>
/// A parked commit is aborted when no request of its upload takes it within
/// <see cref="ResumableUploadOptions.CommitAheadIdleTimeout"/>: a paused client does not hold a
/// backend connection. An upload whose early PUT ended before its last request (the backend
/// answered early or cut it off, as node servers do with requests older than five minutes)
/// gets no second early PUT from this instance; it commits with its completing request, as
/// before, so a slow client never makes the backend take the same prefix twice.
/// </para>
/// </summary>
internal sealed class OpenCommits(IOptions<ResumableUploadOptions> options, TimeProvider time, ILogger<OpenCommits> logger) : IAsyncDisposable, IDisposable
{
    /// <summary>Uploads remembered as having lost their early PUT; past this many all are forgotten
    /// at once (at worst such an upload gets one more early PUT).</summary>
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, Parked> _parked = new();

    /// <summary>The uploads that get no other early PUT here (a set: the values mean nothing).</summary>
    private readonly ConcurrentDictionary<string, byte> _ended = new();

    public bool Enabled => options.Value.CommitAheadIdleTimeout > TimeSpan.Zero;

    /// <summary>Whether a request that does not complete its upload may start its PUT now.</summary>
    public bool MayStartAhead(string uploadId) => Enabled && !_ended.ContainsKey(uploadId);

    /// <summary>The open commit of this upload, taken out for the request now appending at
    /// <paramref name="stagedLength"/>; null when there is none, or when it cannot go on: its PUT
    /// already ended, or the upload grew since it was parked, i.e. another instance appended in
    /// between. Its reader would then take bytes another machine wrote into a file it opened
    /// before, which a shared network volume does not promise to show; and with requests going
    /// round the instances every one of them would restart a PUT from the first byte. Either way it
    /// is aborted, and this upload gets no other early PUT here.</summary>
    public async ValueTask<StreamingCommit?> TakeAsync(string uploadId, long stagedLength)
    {
        if (!_parked.TryRemove(uploadId, out var parked))
        {
            return null;
        }
        parked.Dispose();
        if (!parked.Commit.Put.IsCompleted && parked.StagedEnd == stagedLength)
        {
            return parked.Commit;
        }
        await EndedEarlyAsync(uploadId, parked.Commit).ConfigureAwait(false);
        return null;
    }

    /// <summary>Keeps the commit of a request that ended whole at <paramref name="stagedEnd"/>
    /// without completing its upload, for the next one.</summary>
    public async ValueTask ParkAsync(string uploadId, StreamingCommit commit, long stagedEnd)
    {
        if (commit.Put.IsCompleted)
        {
            await EndedEarlyAsync(uploadId, commit).ConfigureAwait(false);
            return;
        }
        var parked = new Parked(commit with { Ahead = true }, stagedEnd);
        if (!_parked.TryAdd(uploadId, parked))
        {
            // Requests on one upload are serialised by its lease, so this does not happen; if it
            // did, two PUTs would follow one upload: keep neither.
            await UploadCommit.AbortStreamingAsync(commit).ConfigureAwait(false);
            return;
        }
        parked.Timer = time.CreateTimer(_ => _ = ExpireAsync(uploadId, parked), null, options.Value.CommitAheadIdleTimeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The upload is gone (terminated): its open commit, if any, is aborted.</summary>
    public async ValueTask ForgetAsync(string uploadId)
    {
        _ended.TryRemove(uploadId, out _);
        if (_parked.TryRemove(uploadId, out var parked))
        {
            parked.Dispose();
            await UploadCommit.AbortStreamingAsync(parked.Commit).ConfigureAwait(false);
        }
    }

    /// <summary>An early PUT that ended before the upload was complete, or cannot go on, cannot carry
    /// the document: it is dropped, and this upload gets no other early PUT here.</summary>
    private async ValueTask EndedEarlyAsync(string uploadId, StreamingCommit commit)
    {
        if (_ended.Count >= MaxRemembered)
        {
            _ended.Clear();
        }
        _ended[uploadId] = 0;
        Log.CommitAheadEnded(logger, uploadId);
        await UploadCommit.AbortStreamingAsync(commit).ConfigureAwait(false);
    }

    private async Task ExpireAsync(string uploadId, Parked parked)
    {
        if (!_parked.TryRemove(new KeyValuePair<string, Parked>(uploadId, parked)))
        {
            return;
        }
        parked.Dispose();
        Log.CommitAheadIdle(logger, uploadId);
        await UploadCommit.AbortStreamingAsync(parked.Commit).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var uploadId in _parked.Keys)
        {
            await ForgetAsync(uploadId).ConfigureAwait(false);
        }
    }

    /// <summary>For a container disposed synchronously: aborting a PUT only cancels it and waits for it to end.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private sealed class Parked(StreamingCommit commit, long stagedEnd) : IDisposable
    {
        public StreamingCommit Commit { get; } = commit;

        /// <summary>How far the upload was staged when its request ended.</summary>
        public long StagedEnd { get; } = stagedEnd;

        public ITimer? Timer { get; set; }

        public void Dispose() => Timer?.Dispose();
    }
}
