using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Staging.Files;

namespace RsResumeProxy.Uploads;

/// <summary>Streams a tus request body into the staged file, without Kestrel's 30 MB default
/// request limit (our own limits are the upload length and MaxUploadSize).</summary>
public sealed class BodyIntake(StagingArea staging, IOptions<ResumableUploadOptions> options)
{
    public static long? DeclaredLength(UploadRequest request) => request.Http.Request.ContentLength;

    /// <summary>Whether the request may carry a body: a positive Content-Length or a chunked one.</summary>
    public static bool HasBody(UploadRequest request) =>
        request.Http.Request.ContentLength is > 0
        || (request.Http.Request.ContentLength is null && request.Http.Request.Headers.TransferEncoding.Count > 0);

    public Task<AppendResult> ReceiveAsync(UploadRequest request, long offset, long maxBytes, IncrementalHash? hash, CancellationToken stop)
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
        return staging.AppendAsync(request.UploadId, offset, request.Http.Request.Body, maxBytes, options.Value.BodyIdleTimeout, hash, stop);
    }

    /// <summary>The answer for a body that did not end normally, or null when it did. The bytes
    /// received before the stop are already flushed and counted in the staged file.</summary>
    public static TusAnswer? AnswerForStop(AppendResult result) => result.Stop switch
    {
        AppendStop.EndOfBody => null,
        AppendStop.LimitExceeded => TusAnswer.Error(413, "The body goes past the upload's length or the maximum upload size; the bytes up to the limit were kept.").Closing(),
        AppendStop.DiskFull => TusAnswer.Error(507, "The staging disk is full; the bytes written before were kept. Retry later.").Closing(),
        AppendStop.IdleTimeout => TusAnswer.Error(408, "The body stalled; the bytes received were kept. Ask for the offset (HEAD) and resume.").Closing(),
        AppendStop.Superseded => TusAnswer.Error(409, "A newer request on this upload took over; the bytes received were kept.").Closing(),
        _ => TusAnswer.Error(400, "The body ended early; the bytes received were kept. Ask for the offset (HEAD) and resume.").Closing(),
    };
}
