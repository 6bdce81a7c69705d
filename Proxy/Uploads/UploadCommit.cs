using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Backend;
using RsResumeProxy.Configuration;
using RsResumeProxy.Integrity;
using RsResumeProxy.Operations;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads.Streaming;

namespace RsResumeProxy.Uploads;

/// <summary>
/// Finishing an upload: the one PUT to the backend, then recording the outcome. The PUT starts
/// either once every byte is staged, or, for a request that completes the upload, as its body
/// starts to arrive, following the staged file (<see cref="TryStartStreaming"/>). Runs under the upload's lease. An accepted document's staged bytes are removed and its
/// outcome kept for <see cref="ResumableUploadOptions.CommittedRetention"/>; a refused or failed
/// commit keeps every byte, so the client's ordinary retry commits it later.
/// </summary>
internal sealed class UploadCommit(
    BackendCommitter committer,
    IStagingStore staging,
    IUploadStateStore store,
    IOptions<ResumableUploadOptions> options,
    TimeProvider time,
    ProxyMetrics metrics,
    ILogger<UploadCommit> logger)
{
    public async Task<UploadOutcome> CommitAsync(UploadTarget target, UploadState state)
    {
        var length = state.Length ?? throw new InvalidOperationException("Cannot commit an upload of unknown length.");
        if (state.ExpectedDigest is { } expected && !await MatchesDeclaredDigestAsync(state, expected).ConfigureAwait(false))
        {
            return await RefuseForDigestAsync(state, expected).ConfigureAwait(false);
        }

        CommitResult result;
        var started = time.GetTimestamp();
        await using (var content = await OpenDocumentAsync(state).ConfigureAwait(false))
        {
            // Not tied to the client's connection: once started, the commit runs to its outcome so a
            // client that dropped learns it from an offset query. CommitTimeout bounds it.
            result = await committer.CommitAsync(target.Backend.Client, target.Backend.DestinationPrefix, state,
                target.Authorization, content, length, options.Value.CommitTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        return await RecordAsync(state, result, time.GetElapsedTime(started)).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the PUT of a document whose completing body is arriving now, its body following the
    /// staged file (<see cref="StagedFileFollower"/>), or null where the bytes do not lie in a local
    /// staged file (another kind of staging store): such an upload commits once its body is in.
    /// </summary>
    public StreamingCommit? TryStartStreaming(UploadTarget target, UploadState state)
    {
        if (staging is not StagingArea area || state.Kind != UploadKind.Document || state.Length is not { } length || length == 0)
        {
            return null;
        }
        var follower = new StagedFileFollower(area.PathOf(state.Id), length, state.ExpectedDigest);
        var cancel = new CancellationTokenSource();
        // No deadline while the client is still sending: the body's own idle timeout bounds that
        // part; CommitTimeout starts when the last byte is released (FinishStreamingAsync).
        var put = committer.CommitAsync(target.Backend.Client, target.Backend.DestinationPrefix, state,
            target.Authorization, follower, length, Timeout.InfiniteTimeSpan, cancel.Token);
        return new StreamingCommit(follower, put, cancel, time.GetTimestamp());
    }

    /// <summary>The completing body arrived whole and verified: lets the last byte go, waits for the
    /// backend's answer, and records it as <see cref="CommitAsync"/> does. A PUT begun by an earlier
    /// request (commit ahead) is not the outcome when it ended before its last byte was let go (the
    /// backend answered early, or cut off a request it found too old), or failed without an answer
    /// or with a 502 or 503 (its connection may have outlived a backend restart): the document is
    /// then committed afresh, as it would have been without commit ahead. A backend too slow to
    /// answer in CommitTimeout (504) is not asked twice.</summary>
    public async Task<UploadOutcome> FinishStreamingAsync(UploadTarget target, UploadState state, StreamingCommit streaming)
    {
        var endedEarly = streaming.Put.IsCompleted;
        streaming.Follower.Release();
        CommitResult result;
        try
        {
            result = await streaming.Put.WaitAsync(options.Value.CommitTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await AbortStreamingAsync(streaming).ConfigureAwait(false);
            result = CommitResult.Unavailable(504, "The storage server did not answer the final PUT in time; the upload is kept, retry it.",
                Yarp.ReverseProxy.Forwarder.ForwarderError.RequestTimedOut);
        }
        await streaming.Follower.DisposeAsync().ConfigureAwait(false);
        streaming.Cancel.Dispose();
        if (streaming.Follower.DigestMismatched)
        {
            return await RefuseForDigestAsync(state, state.ExpectedDigest!).ConfigureAwait(false);
        }
        if (streaming.Ahead && (endedEarly || result is { Kind: CommitKind.Unavailable, StatusCode: not 504 }))
        {
            Log.CommitAheadEnded(logger, state.Id);
            return await CommitAsync(target, state).ConfigureAwait(false);
        }
        return await RecordAsync(state, result, time.GetElapsedTime(streaming.StartedAt)).ConfigureAwait(false);
    }

    /// <summary>The completing body failed: the PUT is aborted before the backend has a whole body,
    /// so it stores nothing; the staged bytes stay for the resume.</summary>
    public static async Task AbortStreamingAsync(StreamingCommit streaming)
    {
        streaming.Follower.Abort();
        // Also when the whole body is out and the backend has not answered (CommitTimeout).
        await streaming.Cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            await streaming.Put.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The cancellation above: what the backend would have said no longer matters.
        }
        await streaming.Follower.DisposeAsync().ConfigureAwait(false);
        streaming.Cancel.Dispose();
    }

    private async Task<UploadOutcome> RefuseForDigestAsync(UploadState state, DocumentDigest expected)
    {
        // Uploads only grow, so bytes that do not match cannot be repaired in place: the upload
        // is discarded, and the backend never sees them.
        Log.DocumentDigestMismatch(logger, state.Id, expected.Algorithm);
        await DiscardAsync(state).ConfigureAwait(false);
        return UploadOutcome.Refused(new UploadRefusal(RefusalReason.DigestMismatch, 460,
            $"The uploaded bytes do not match the {expected.Algorithm} digest declared when the upload was created. "
            + "Nothing was stored and the upload was discarded; start a new upload."));
    }

    /// <summary>Records a commit's outcome: an accepted document's staged bytes go, its outcome is
    /// kept; otherwise every byte stays and the offset stays one short of the length.</summary>
    private async Task<UploadOutcome> RecordAsync(UploadState state, CommitResult result, TimeSpan elapsed)
    {
        var length = state.Length!.Value;
        Log.Committed(logger, state.Id, result.Kind, result.StatusCode, length, elapsed.TotalMilliseconds);
        if (result.Kind != CommitKind.Accepted)
        {
            metrics.CommitFailed(result.Kind == CommitKind.Refused ? "refused" : "unavailable", elapsed);
            return new UploadOutcome(UploadOutcomeKind.Completed) { State = state, Commit = result, Offset = Math.Max(0, length - 1) };
        }

        metrics.CommitAccepted(length, elapsed);
        var now = time.GetUtcNow();
        var committed = state with
        {
            Commit = new CommitOutcome(result.StatusCode, result.ETag, now),
            ExpiresAt = now + options.Value.CommittedRetention,
        };
        await store.SaveAsync(committed, CancellationToken.None).ConfigureAwait(false);
        await staging.DeleteAsync(state.Id, CancellationToken.None).ConfigureAwait(false);
        // Parts are consumed by their final (tus allows deleting them after concatenation); a
        // repeated final is answered from the committed record instead.
        await DeletePartsAsync(state).ConfigureAwait(false);
        return new UploadOutcome(UploadOutcomeKind.Completed) { State = committed, Commit = result, Offset = length };
    }

    /// <summary>The outcome that replays an earlier commit from its record.</summary>
    public static UploadOutcome Replay(UploadState committed) =>
        new(UploadOutcomeKind.Replayed) { State = committed, Offset = committed.Length ?? 0 };

    /// <summary>The document's bytes: the staged bytes, or for a final concatenation its parts in order.</summary>
    private async Task<Stream> OpenDocumentAsync(UploadState state)
    {
        if (state.Kind != UploadKind.Final)
        {
            return await staging.OpenReadAsync(state.Id, CancellationToken.None).ConfigureAwait(false);
        }
        var parts = new List<Stream>();
        try
        {
            foreach (var part in state.Parts ?? [])
            {
                parts.Add(await staging.OpenReadAsync(part, CancellationToken.None).ConfigureAwait(false));
            }
            return new ConcatenatedReadStream(parts);
        }
        catch
        {
            parts.ForEach(p => p.Dispose());
            throw;
        }
    }

    private async Task<bool> MatchesDeclaredDigestAsync(UploadState state, DocumentDigest expected)
    {
        await using var document = await OpenDocumentAsync(state).ConfigureAwait(false);
        return await DocumentVerifier.MatchesAsync(expected, document, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task DiscardAsync(UploadState state)
    {
        await staging.DeleteAsync(state.Id, CancellationToken.None).ConfigureAwait(false);
        await DeletePartsAsync(state).ConfigureAwait(false);
        await store.DeleteAsync(state.Id, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task DeletePartsAsync(UploadState state)
    {
        foreach (var part in (state.Parts ?? []).Distinct())
        {
            await staging.DeleteAsync(part, CancellationToken.None).ConfigureAwait(false);
            await store.DeleteAsync(part, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
