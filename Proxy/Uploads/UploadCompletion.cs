using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Backend;
using RsResumeProxy.Configuration;
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
        CommitResult result;
        var started = time.GetTimestamp();
        await using (var content = staging.OpenRead(state.Id))
        {
            // Not tied to the client's connection: once started, the commit runs to its outcome so a
            // client that dropped learns it from HEAD. CommitTimeout bounds it.
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
