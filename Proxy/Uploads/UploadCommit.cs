using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Backend;
using RsResumeProxy.Configuration;
using RsResumeProxy.Integrity;
using RsResumeProxy.Operations;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads;

/// <summary>
/// Finishing an upload whose every byte is staged: the one PUT to the backend, then recording the
/// outcome. Runs under the upload's lease. An accepted document's staged bytes are removed and its
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
            // Uploads only grow, so bytes that do not match cannot be repaired in place: the upload
            // is discarded, and the backend never sees them.
            Log.DocumentDigestMismatch(logger, state.Id, expected.Algorithm);
            await DiscardAsync(state).ConfigureAwait(false);
            return UploadOutcome.Refused(new UploadRefusal(RefusalReason.DigestMismatch, 460,
                $"The uploaded bytes do not match the {expected.Algorithm} digest declared when the upload was created. "
                + "Nothing was stored and the upload was discarded; start a new upload."));
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
        var elapsed = time.GetElapsedTime(started);
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
