using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Backend;
using RsResumeProxy.Configuration;
using RsResumeProxy.Integrity;
using RsResumeProxy.Operations;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Tus;

namespace RsResumeProxy.Uploads;

/// <summary>
/// Finishing an upload whose every byte is staged: the one PUT to the backend, then recording the
/// outcome. Runs under the upload's lease. An accepted document's staged bytes are removed and its
/// outcome kept for <see cref="ResumableUploadOptions.CommittedRetention"/>; a refused or failed
/// commit keeps every byte, so the ordinary tus retry commits it later.
/// </summary>
public sealed class UploadCompletion(
    BackendCommitter committer,
    StagingArea staging,
    IUploadStateStore store,
    IOptions<ResumableUploadOptions> options,
    TimeProvider time,
    ProxyMetrics metrics,
    ILogger<UploadCompletion> logger)
{
    public async Task<TusAnswer> CommitAsync(UploadRequest request, UploadState state)
    {
        var length = state.Length ?? throw new InvalidOperationException("Cannot commit an upload of unknown length.");
        if (state.ExpectedDigest is { } expected && !await MatchesDeclaredDigestAsync(state, expected).ConfigureAwait(false))
        {
            // tus uploads only grow, so bytes that do not match cannot be repaired in place: the
            // upload is discarded, and the backend never sees them.
            Log.DocumentDigestMismatch(logger, state.Id, expected.Algorithm);
            await DiscardAsync(state).ConfigureAwait(false);
            return TusAnswer.Error(460, $"The uploaded bytes do not match the {expected.Algorithm} digest declared when the upload was created. "
                + "Nothing was stored and the upload was discarded; start a new upload.");
        }

        CommitResult result;
        var started = time.GetTimestamp();
        await using (var content = OpenDocument(state))
        {
            // Not tied to the client's connection: once started, the commit runs to its outcome so a
            // client that dropped learns it from HEAD. CommitTimeout bounds it while it makes no progress.
            result = await committer.CommitAsync(request.Backend.Client, request.Backend.DestinationPrefix, state,
                request.Authorization, content, length, options.Value.CommitTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        var elapsed = time.GetElapsedTime(started);
        Log.Committed(logger, state.Id, result.Kind, result.StatusCode, length, elapsed.TotalMilliseconds);
        if (result.Kind == CommitKind.Accepted)
        {
            metrics.CommitAccepted(length, elapsed);
        }
        else
        {
            metrics.CommitFailed(result.Kind == CommitKind.Refused ? "refused" : "unavailable", elapsed);
        }

        if (result.Kind == CommitKind.Accepted)
        {
            var now = time.GetUtcNow();
            var committed = state with
            {
                Commit = new CommitOutcome(result.StatusCode, result.ETag, now),
                ExpiresAt = now + options.Value.CommittedRetention,
            };
            await store.SaveAsync(committed, CancellationToken.None).ConfigureAwait(false);
            staging.Delete(state.Id);
            // Parts are consumed by their final (tus allows deleting them after concatenation); a
            // repeated final is answered from the committed record instead.
            await DeletePartsAsync(state).ConfigureAwait(false);
            return CommittedAnswer(committed, result.StatusCode).WithBody(result.Body, result.ContentType);
        }

        var answer = TusAnswer.Of(result.StatusCode).WithBody(result.Body, result.ContentType);
        if (result.ETag is not null)
        {
            answer.With("ETag", result.ETag);
        }
        if (result.Kind == CommitKind.Unavailable)
        {
            answer.With("Retry-After", "5");
        }
        return answer;
    }

    /// <summary>The document's bytes: the staged file, or for a final concatenation its parts in order.</summary>
    private Stream OpenDocument(UploadState state)
    {
        if (state.Kind != UploadKind.Final)
        {
            return staging.OpenRead(state.Id);
        }
        var parts = new List<Stream>();
        try
        {
            foreach (var part in state.Parts ?? [])
            {
                parts.Add(staging.OpenRead(part));
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
        await using var document = OpenDocument(state);
        return await DocumentVerifier.MatchesAsync(expected, document, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task DiscardAsync(UploadState state)
    {
        staging.Delete(state.Id);
        await DeletePartsAsync(state).ConfigureAwait(false);
        await store.DeleteAsync(state.Id, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task DeletePartsAsync(UploadState state)
    {
        foreach (var part in (state.Parts ?? []).Distinct())
        {
            staging.Delete(part);
            await store.DeleteAsync(part, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The answer that reports a commit: the backend's status and ETag and the full offset.</summary>
    public static TusAnswer CommittedAnswer(UploadState committed, int status)
    {
        var answer = TusAnswer.Of(status).With(TusHeaders.UploadOffset, committed.Length ?? 0);
        if (committed.Commit?.ETag is { } etag)
        {
            answer.With("ETag", etag);
        }
        return answer;
    }
}
