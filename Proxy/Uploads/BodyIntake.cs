using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Integrity;
using RsResumeProxy.Operations;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.Locks;

namespace RsResumeProxy.Uploads;

/// <summary>Streams a tus request body into the staged file, without Kestrel's 30 MB default
/// request limit (our own limits are the upload length and MaxUploadSize), verifying it against
/// its Upload-Checksum header or trailer on the way.</summary>
public sealed class BodyIntake(StagingArea staging, IOptions<ResumableUploadOptions> options, ProxyMetrics metrics)
{
    public static long? DeclaredLength(UploadRequest request) => request.Http.Request.ContentLength;

    /// <summary>Whether the request may carry a body: a positive Content-Length, or none and a
    /// framing that can carry one (chunked HTTP/1.1, an HTTP/2 stream not ended with its headers).</summary>
    public static bool HasBody(UploadRequest request) =>
        request.Http.Request.ContentLength is > 0
        || (request.Http.Request.ContentLength is null
            && (request.Http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
                ?? request.Http.Request.Headers.TransferEncoding.Count > 0));

    /// <summary>
    /// The checksum plan of a request, decided from its headers alone, before a byte of the body is
    /// read: an unknown algorithm or a malformed value is refused with 400 (tus checklist EXT-CK-06).
    /// </summary>
    public static bool TryPlanVerification(UploadRequest request, out ChunkVerification plan, out TusAnswer? refusal)
    {
        var declared = request.Headers["Trailer"].Any(v => v is not null && v.Split(',').Any(
            name => name.Trim().Equals(Tus.TusHeaders.UploadChecksum, StringComparison.OrdinalIgnoreCase)));
        if (!ChunkVerification.TryPlan(request.Header(Tus.TusHeaders.UploadChecksum), declared, CanCarryTrailers(request), out plan, out var error))
        {
            refusal = TusAnswer.Error(400, error!).Closing();
            return false;
        }
        refusal = null;
        return true;
    }

    /// <summary>HTTP/2 and HTTP/3 always can; HTTP/1.1 only with chunked framing.</summary>
    private static bool CanCarryTrailers(UploadRequest request)
    {
        var http = request.Http.Request;
        if (!http.SupportsTrailers())
        {
            return false;
        }
        if (HttpProtocol.IsHttp2(http.Protocol) || HttpProtocol.IsHttp3(http.Protocol))
        {
            return true;
        }
        return http.ContentLength is null
            && http.Headers.TransferEncoding.Any(v => v is not null && v.Contains("chunked", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Appends the body to the staged file <paramref name="uploadId"/> at <paramref name="offset"/>.
    /// A chunk that fails its checksum, or that carried a checksum but did not arrive whole, is cut
    /// off again before this returns (tus: the chunk is discarded; the caller holds the lease, so
    /// no one sees the bytes in between).
    /// Writing stops when a newer request asks for the upload (the lease's StopRequested) and when
    /// the lease can no longer be trusted (Lost: a Redis lock that could not be renewed), the latter
    /// reported as <see cref="AppendStop.LeaseLost"/> so that the caller records nothing more.
    /// </summary>
    public async Task<BodyIntakeResult> ReceiveAsync(UploadRequest request, string uploadId, long offset, long maxBytes,
        ChunkVerification verification, UploadLease lease)
    {
        var sizeLimit = request.Http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false })
        {
            sizeLimit.MaxRequestBodySize = null;
        }
        // A client trickling bytes slower than this is cut off by Kestrel; what it sent is kept.
        var rate = request.Http.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttpMinRequestBodyDataRateFeature>();
        if (rate is not null)
        {
            rate.MinDataRate = options.Value.MinBodyDataRate > 0
                ? new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(options.Value.MinBodyDataRate, options.Value.MinBodyDataRateGrace)
                : null;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(lease.StopRequested, lease.Lost);
        var append = await staging.AppendAsync(uploadId, offset, request.Http.Request.BodyReader, maxBytes,
            options.Value.BodyIdleTimeout, verification.Digest, stop.Token).ConfigureAwait(false);
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
            // Kestrel fills the trailers once the body has been read to its end, which it just was.
            var trailer = request.Http.Request.CheckTrailersAvailable()
                ? request.Http.Request.GetTrailer(Tus.TusHeaders.UploadChecksum).ToString()
                : null;
            verdict = verification.VerifyTrailer(trailer, out error);
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
            staging.Truncate(uploadId, offset);
        }
        return new BodyIntakeResult(new AppendResult(0, offset, append.Stop), verdict, error);
    }

    /// <summary>The answer for a body that did not end normally or did not pass its checksum, or
    /// null when it did. Bytes received before a stop are already flushed and counted in the staged
    /// file, unless they carried a checksum that could not be verified.</summary>
    public static TusAnswer? AnswerFor(BodyIntakeResult result)
    {
        switch (result.Checksum)
        {
            case ChecksumVerdict.Mismatched:
                return TusAnswer.Error(460, $"Checksum mismatch: the chunk was discarded; the offset stays {result.NewLength}.")
                    .With(Tus.TusHeaders.UploadOffset, result.NewLength);
            case ChecksumVerdict.TrailerInvalid:
                return TusAnswer.Error(400, result.ChecksumError ?? "The Upload-Checksum trailer is invalid; the chunk was discarded.")
                    .With(Tus.TusHeaders.UploadOffset, result.NewLength);
            case ChecksumVerdict.Unverifiable:
                return AnswerForStop(result.Append.Stop, kept: false);
            default:
                return AnswerForStop(result.Append.Stop, kept: true);
        }
    }

    private static TusAnswer? AnswerForStop(AppendStop stop, bool kept)
    {
        var what = kept ? "the bytes received were kept" : "the chunk carried a checksum it can no longer be verified against, so it was discarded";
        return stop switch
        {
            AppendStop.EndOfBody => null,
            AppendStop.LimitExceeded => TusAnswer.Error(413, kept
                ? "The body goes past the upload's length or the maximum upload size; the bytes up to the limit were kept."
                : "The body goes past the upload's length or the maximum upload size; " + what + ".").Closing(),
            AppendStop.DiskFull => TusAnswer.Error(507, $"The staging disk is full; {(kept ? "the bytes written before were kept" : what)}. Retry later.").Closing(),
            // Not 408: tus clients retry only 5xx, 409 and 423 (tus-js-client's defaultOnShouldRetry),
            // and a body that stalled is a network fault to resume from, not a request to abandon.
            AppendStop.IdleTimeout => TusAnswer.Error(503, $"The body stalled; {what}. Ask for the offset (HEAD) and resume.")
                .With("Retry-After", "1").Closing(),
            AppendStop.Superseded => TusAnswer.Error(409, $"A newer request on this upload took over; {what}.").Closing(),
            AppendStop.LeaseLost => TusAnswer.Error(503, $"The proxy lost its hold on this upload (its coordination store did not answer); {what}. Ask for the offset (HEAD) and resume.")
                .With("Retry-After", "5").Closing(),
            _ => TusAnswer.Error(400, $"The body ended early; {what}. Ask for the offset (HEAD) and resume.").Closing(),
        };
    }
}
