using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using RsResumeProxy.Configuration;
using RsResumeProxy.Integrity;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols.Rufh;

/// <summary>
/// The draft's request fields read into engine commands, strictly (RFC 9651 Items; an invalid
/// field counts as absent, and a required one that is absent gives 400), all before a byte of the
/// body is read.
/// </summary>
internal static class RufhCommands
{
    /// <summary>A PUT or POST carries the document itself, so its Content-Type is the document's.</summary>
    private const string DefaultDocumentType = "application/octet-stream";

    /// <summary>
    /// Creation. The length is Upload-Length, or, when the request says it completes the upload
    /// (?1), its Content-Length; both present and different is inconsistent. ?1 with neither
    /// (a chunked body) takes the length from where the body ends. The request's Content-Type,
    /// If-Match and If-None-Match belong to the document and are replayed on the one PUT.
    /// </summary>
    public static RufhParsed<CreateUpload> ParseCreation(HttpContext context, UploadTarget target, ResumableUploadOptions options)
    {
        var request = context.Request;
        if (RufhFields.Boolean(request.Headers[RufhHeaders.UploadComplete]) is not { } complete)
        {
            return RufhParsed<CreateUpload>.Refused(UploadRefusal.Malformed("Upload-Complete must be ?0 or ?1."));
        }
        var uploadLength = RufhFields.NonNegativeInteger(request.Headers[RufhHeaders.UploadLength]);
        long? length = uploadLength;
        if (complete && request.ContentLength is { } contentLength)
        {
            if (uploadLength is { } declared && declared != contentLength)
            {
                return RufhParsed<CreateUpload>.Refused(InconsistentLength(
                    $"Upload-Length ({declared}) and the Content-Length of a request that completes the upload ({contentLength}) differ."));
            }
            length = contentLength;
        }
        if (!DocumentDigestHeaders.TryParse(Header(request, DocumentDigestHeaders.ReprDigest),
                Header(request, DocumentDigestHeaders.ContentMd5), out var digest, out var digestError))
        {
            return RufhParsed<CreateUpload>.Refused(UploadRefusal.Malformed(digestError!));
        }
        return new RufhParsed<CreateUpload>(new CreateUpload(target)
        {
            Length = length,
            CompleteAtEndOfBody = complete,
            DocumentType = request.ContentType ?? DefaultDocumentType,
            IfMatch = Header(request, "If-Match"),
            IfNoneMatch = Header(request, "If-None-Match"),
            ExpectedDigest = digest,
            Body = Body(context, options),
        });
    }

    /// <summary>
    /// Append: application/partial-upload (415 otherwise, with Accept-Patch), Upload-Offset and
    /// Upload-Complete (400 when absent or invalid). A completing append with a Content-Length
    /// declares the upload's length as offset + Content-Length, so a length that disagrees is
    /// refused before the body; Upload-Length, when sent, must say the same.
    /// </summary>
    public static RufhParsed<AppendToUpload> ParseAppend(HttpContext context, UploadTarget target, ResumableUploadOptions options)
    {
        var request = context.Request;
        if (!IsPartialUpload(request.ContentType))
        {
            return RufhParsed<AppendToUpload>.Refused(new UploadRefusal(RefusalReason.Malformed, 415,
                $"An append's body must be {RufhHeaders.PartialUploadMediaType}.")
            {
                Headers = [new("Accept-Patch", RufhHeaders.PartialUploadMediaType)],
            });
        }
        if (RufhFields.NonNegativeInteger(request.Headers[RufhHeaders.UploadOffset]) is not { } offset)
        {
            return RufhParsed<AppendToUpload>.Refused(UploadRefusal.Malformed("Upload-Offset must be a non-negative Integer of at most 15 digits."));
        }
        if (RufhFields.Boolean(request.Headers[RufhHeaders.UploadComplete]) is not { } complete)
        {
            return RufhParsed<AppendToUpload>.Refused(UploadRefusal.Malformed("Upload-Complete must be ?0 or ?1."));
        }
        var declared = RufhFields.NonNegativeInteger(request.Headers[RufhHeaders.UploadLength]);
        if (complete && request.ContentLength is { } contentLength)
        {
            var total = offset + contentLength;
            if (declared is { } length && length != total)
            {
                return RufhParsed<AppendToUpload>.Refused(InconsistentLength(
                    $"Upload-Length ({length}) is not Upload-Offset + Content-Length ({total}) on a request that completes the upload."));
            }
            declared = total;
        }
        return new RufhParsed<AppendToUpload>(new AppendToUpload(target, offset)
        {
            DeclaredLength = declared,
            CompleteAtEndOfBody = complete,
            Body = Body(context, options),
        });
    }

    internal static bool IsPartialUpload(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals(RufhHeaders.PartialUploadMediaType, StringComparison.OrdinalIgnoreCase);

    private static UploadRefusal InconsistentLength(string message) => new(RefusalReason.LengthMismatch, 400, message);

    /// <summary>The draft has no chunk checksum of its own here, so there is no trailer to read.</summary>
    private static UploadBody Body(HttpContext context, ResumableUploadOptions options) =>
        HttpUploadBody.From(context, options, ChunkVerification.None, trailerName: string.Empty);

    private static string? Header(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        return values.Count == 0 ? null : values.ToString();
    }
}
