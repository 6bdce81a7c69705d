using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Integrity;
using RsResumeProxy.Operations;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.Locks;

namespace RsResumeProxy.Uploads;

/// <summary>
/// Streams a request body onto an upload's staged bytes, verifying it against its chunk checksum
/// (header or trailer) on the way. A chunk that fails its checksum, or that carried one but did not
/// arrive whole, is cut off again before this returns (the caller holds the lease, so nobody sees
/// the bytes in between). Writing stops when a newer request asks for the upload (the lease's
/// StopRequested) and when the lease can no longer be trusted (Lost: a Redis lock that could not be
/// renewed), the latter reported as <see cref="AppendStop.LeaseLost"/> so the caller records nothing more.
/// </summary>
internal sealed class BodyIntake(IStagingStore staging, IOptions<ResumableUploadOptions> options, ProxyMetrics metrics)
{
    /// <param name="follower">A streaming commit reading behind this intake, told as bytes are staged.</param>
    public async Task<BodyIntakeResult> ReceiveAsync(UploadBody body, string uploadId, long offset, long maxBytes, UploadLease lease,
        Streaming.StagedFileFollower? follower = null)
    {
        if (!body.MayHaveBytes)
        {
            return BodyIntakeResult.Empty(offset);
        }
        var verification = body.Verification;
        var digest = follower is null ? verification.Digest : new Streaming.ProgressDigest(verification.Digest, follower, offset);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(lease.StopRequested, lease.Lost);
        var append = body.Reader is { } reader
            ? await staging.AppendAsync(uploadId, offset, reader, maxBytes, options.Value.BodyIdleTimeout, digest, stop.Token).ConfigureAwait(false)
            : await staging.AppendAsync(uploadId, offset, body.Content, maxBytes, options.Value.BodyIdleTimeout, digest, stop.Token).ConfigureAwait(false);
        metrics.BytesReceived(append.BytesWritten);
        if (append.Stop == AppendStop.Superseded && lease.Lost.IsCancellationRequested)
        {
            append = append with { Stop = AppendStop.LeaseLost };
        }
        if (!verification.Requested)
        {
            return new BodyIntakeResult(append, ChecksumVerdict.NotRequested);
        }

        ChecksumVerdict verdict;
        string? error = null;
        if (append.Stop != AppendStop.EndOfBody)
        {
            verdict = ChecksumVerdict.Unverifiable;
        }
        else if (verification.UsesTrailer)
        {
            verdict = verification.VerifyTrailer(body.ReadChecksumTrailer(), out error);
        }
        else
        {
            verdict = verification.Verify();
        }
        if (verdict == ChecksumVerdict.Matched)
        {
            return new BodyIntakeResult(append, verdict);
        }
        if (append.BytesWritten > 0)
        {
            await staging.TruncateAsync(uploadId, offset, CancellationToken.None).ConfigureAwait(false);
        }
        return new BodyIntakeResult(new AppendResult(0, offset, append.Stop), verdict, error);
    }

    /// <summary>The refusal for a body that did not end normally or did not pass its checksum, or
    /// null when it did. Bytes received before a stop are already durable and counted in the staged
    /// length, unless they carried a checksum that could not be verified.</summary>
    public static UploadRefusal? RefusalFor(BodyIntakeResult result)
    {
        switch (result.Checksum)
        {
            case ChecksumVerdict.Mismatched:
                return new UploadRefusal(RefusalReason.ChecksumMismatch, 460, $"Checksum mismatch: the chunk was discarded; the offset stays {result.NewLength}.")
                {
                    Offset = result.NewLength,
                };
            case ChecksumVerdict.TrailerInvalid:
                return UploadRefusal.Malformed(result.ChecksumError ?? "The Upload-Checksum trailer is invalid; the chunk was discarded.") with
                {
                    Offset = result.NewLength,
                };
            case ChecksumVerdict.Unverifiable:
                return RefusalForStop(result.Append.Stop, kept: false, result.NewLength);
            default:
                return RefusalForStop(result.Append.Stop, kept: true, result.NewLength);
        }
    }

    private static UploadRefusal? RefusalForStop(AppendStop stop, bool kept, long offset)
    {
        var what = kept ? "the bytes received were kept" : "the chunk carried a checksum it can no longer be verified against, so it was discarded";
        UploadRefusal Stopped(int status, string message) =>
            new(RefusalReason.BodyStopped, status, message) { CloseConnection = true, Offset = offset };
        return stop switch
        {
            AppendStop.EndOfBody => null,
            AppendStop.LimitExceeded => Stopped(413, kept
                ? "The body goes past the upload's length or the maximum upload size; the bytes up to the limit were kept."
                : "The body goes past the upload's length or the maximum upload size; " + what + ".") with { Reason = RefusalReason.TooLarge },
            AppendStop.DiskFull => Stopped(507, $"The staging disk is full; {(kept ? "the bytes written before were kept" : what)}. Retry later.")
                with { Reason = RefusalReason.StagingFull },
            // Not 408: tus clients retry only 5xx, 409 and 423 (tus-js-client's defaultOnShouldRetry),
            // and a body that stalled is a network fault to resume from, not a request to abandon.
            AppendStop.IdleTimeout => Stopped(503, $"The body stalled; {what}. Ask for the offset (HEAD) and resume.") with { RetryAfter = 1 },
            AppendStop.Superseded => Stopped(409, $"A newer request on this upload took over; {what}."),
            AppendStop.LeaseLost => Stopped(503, $"The proxy lost its hold on this upload (its coordination store did not answer); {what}. Ask for the offset (HEAD) and resume.")
                with { RetryAfter = 5 },
            // Object storage that stops answering is an outage to wait out, like Redis: the offset is
            // what it held before, the bytes taken since were not stored.
            AppendStop.StagingUnavailable => Stopped(503, $"The staging storage did not answer; {(kept ? $"the bytes it held before were kept (offset {offset}), the rest of this body was not stored" : what)}. Ask for the offset (HEAD) and resume.")
                with { Reason = RefusalReason.Unavailable, RetryAfter = 5 },
            _ => Stopped(400, $"The body ended early; {what}. Ask for the offset (HEAD) and resume."),
        };
    }
}
