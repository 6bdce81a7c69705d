using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using RsResumeProxy.Configuration;
using RsResumeProxy.Integrity;
using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols;

/// <summary>The request body of an upload request, as the engine takes it, with the HTTP framing's
/// facts and Kestrel's limits set for an upload: our own limits are the upload's length and
/// MaxUploadSize, not Kestrel's 30 MB default, and a trickling body is cut off at MinBodyDataRate.</summary>
internal static class HttpUploadBody
{
    /// <summary>Whether the request may carry a body: a positive Content-Length, or none and a
    /// framing that can carry one (chunked HTTP/1.1, an HTTP/2 stream not ended with its headers).</summary>
    public static bool MayHaveBytes(HttpContext context) =>
        context.Request.ContentLength is > 0
        || (context.Request.ContentLength is null
            && (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
                ?? context.Request.Headers.TransferEncoding.Count > 0));

    /// <summary>HTTP/2 and HTTP/3 always can carry trailers; HTTP/1.1 only with chunked framing.</summary>
    public static bool CanCarryTrailers(HttpContext context)
    {
        var http = context.Request;
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

    public static UploadBody From(HttpContext context, ResumableUploadOptions options, ChunkVerification verification, string trailerName)
    {
        var mayHaveBytes = MayHaveBytes(context);
        if (mayHaveBytes)
        {
            var sizeLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (sizeLimit is { IsReadOnly: false })
            {
                sizeLimit.MaxRequestBodySize = null;
            }
            // A client trickling bytes slower than this is cut off by Kestrel; what it sent is kept.
            var rate = context.Features.Get<IHttpMinRequestBodyDataRateFeature>();
            if (rate is not null)
            {
                rate.MinDataRate = options.MinBodyDataRate > 0 ? new MinDataRate(options.MinBodyDataRate, options.MinBodyDataRateGrace) : null;
            }
        }
        // Kestrel's data-rate cut-off reads as a stall there, so it gets the resumable 503.
        var reader = new DataRateTimeoutReader(context.Request.BodyReader);
        return new UploadBody
        {
            Content = reader.AsStream(leaveOpen: true),
            Reader = reader,
            DeclaredLength = context.Request.ContentLength,
            MayHaveBytes = mayHaveBytes,
            Verification = verification,
            // Kestrel fills the trailers once the body has been read to its end.
            ReadChecksumTrailer = () => context.Request.CheckTrailersAvailable() ? context.Request.GetTrailer(trailerName).ToString() : null,
        };
    }
}
