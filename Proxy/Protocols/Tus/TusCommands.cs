using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using RsResumeProxy.Configuration;
using RsResumeProxy.Integrity;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols.Tus;

/// <summary>
/// tus request headers parsed into engine commands. Everything a header can get wrong is refused
/// here, before the engine is asked and before a byte of the body is read, so an
/// Expect: 100-continue client sends nothing.
/// </summary>
internal static class TusCommands
{
    private const string DefaultDocumentType = "application/octet-stream";

    /// <summary>A creation (RS-flavoured PUT or tus POST), or, with Upload-Concat: final, a final
    /// concatenation, or a refusal.</summary>
    public static TusCreation ParseCreation(
        HttpContext context, UploadTarget target, bool byPut, ResumableUploadOptions options)
    {
        var request = context.Request;
        // Concatenation: a partial upload gets its own URL and is never committed on its own; a
        // final one is assembled from partial uploads and committed at this document URL.
        var partial = false;
        if (Header(request, TusHeaders.UploadConcat) is { } concatHeader)
        {
            if (byPut)
            {
                return Refused("Upload-Concat belongs on a tus POST creation, not on a PUT.");
            }
            if (!UploadConcat.TryParse(concatHeader, out var concat, out var concatError))
            {
                return Refused(concatError!);
            }
            if (concat!.IsFinal)
            {
                return ParseFinal(context, target, concat, concatHeader);
            }
            partial = true;
        }

        // Length: Upload-Length, or Upload-Defer-Length: 1, or (PUT only) the Content-Length of
        // the whole document. Never both Upload-Length and Upload-Defer-Length.
        var lengthHeader = Header(request, TusHeaders.UploadLength);
        var deferHeader = Header(request, TusHeaders.UploadDeferLength);
        long? length;
        if (deferHeader is not null)
        {
            if (deferHeader != "1")
                return Refused("Upload-Defer-Length must be 1.");
            if (lengthHeader is not null)
                return Refused("Send Upload-Length or Upload-Defer-Length, not both.");
            length = null;
        }
        else if (lengthHeader is not null)
        {
            if (!StrictNumber.TryParse(lengthHeader, out var parsed))
                return Refused("Upload-Length must be a non-negative decimal integer.");
            length = parsed;
        }
        else if (byPut && request.ContentLength is { } total)
        {
            length = total;
        }
        else
        {
            return Refused(byPut
                ? "A resumable PUT needs Upload-Length (or a Content-Length giving the whole document)."
                : "Upload-Length or Upload-Defer-Length: 1 is required.");
        }

        var metadataHeader = Header(request, TusHeaders.UploadMetadata);
        if (!UploadMetadata.TryParse(metadataHeader, out var metadata, out var metadataError))
        {
            return Refused(metadataError!);
        }
        // A whole-document digest describes the document, which a partial upload is not; a client
        // that sets it as a header on every request (tus-js-client's "headers") sends it on the
        // final creation too, where it is verified.
        DocumentDigest? digest = null;
        if (!partial && !DocumentDigestHeaders.TryParse(Header(request, DocumentDigestHeaders.ReprDigest),
                Header(request, DocumentDigestHeaders.ContentMd5), out digest, out var digestError))
        {
            return Refused(digestError!);
        }

        // The document's type: a PUT carries it as its own Content-Type (the body is the document);
        // a POST names it in the metadata, and its body, if any, is tus data.
        string? documentType;
        if (byPut)
        {
            documentType = request.ContentType;
        }
        else
        {
            if (HttpUploadBody.MayHaveBytes(context) && !IsOffsetOctetStream(request.ContentType))
            {
                return new TusCreation(Refusal: new UploadRefusal(RefusalReason.Malformed, 415, $"A creation body must be {TusHeaders.OffsetOctetStream}."));
            }
            documentType = metadata.DocumentType() ?? DefaultDocumentType;
        }

        if (!TryPlanVerification(context, out var verification, out var checksumError))
        {
            return Refused(checksumError!, close: true);
        }
        return new TusCreation(new CreateUpload(target)
        {
            Length = length,
            Kind = partial ? UploadKind.Partial : UploadKind.Document,
            DocumentType = documentType,
            IfMatch = Header(request, "If-Match"),
            IfNoneMatch = Header(request, "If-None-Match"),
            Metadata = metadataHeader,
            Concat = partial ? "partial" : null,
            ExpectedDigest = digest,
            Body = HttpUploadBody.From(context, options, verification, TusHeaders.UploadChecksum),
        });
    }

    private static TusCreation ParseFinal(
        HttpContext context, UploadTarget target, UploadConcat concat, string concatHeader)
    {
        var request = context.Request;
        if (Header(request, TusHeaders.UploadLength) is not null || Header(request, TusHeaders.UploadDeferLength) is not null)
        {
            // tus: "The Client MUST NOT include the Upload-Length header in the final upload creation."
            return Refused("A final upload's length is the sum of its parts; send no Upload-Length or Upload-Defer-Length.");
        }
        if (HttpUploadBody.MayHaveBytes(context))
        {
            // The final's bytes are its parts'; as tusd does, a body here is forbidden.
            return new TusCreation(Refusal: new UploadRefusal(RefusalReason.FinalNotAppendable, 403, "A final concatenation upload takes no body.") { CloseConnection = true });
        }
        var metadataHeader = Header(request, TusHeaders.UploadMetadata);
        if (!UploadMetadata.TryParse(metadataHeader, out var metadata, out var metadataError))
        {
            return Refused(metadataError!);
        }
        if (!DocumentDigestHeaders.TryParse(Header(request, DocumentDigestHeaders.ReprDigest),
                Header(request, DocumentDigestHeaders.ContentMd5), out var digest, out var digestError))
        {
            return Refused(digestError!);
        }
        return new TusCreation(Final: new CreateFinalUpload(target, concat.PartIds)
        {
            DocumentType = metadata.DocumentType() ?? DefaultDocumentType,
            IfMatch = Header(request, "If-Match"),
            IfNoneMatch = Header(request, "If-None-Match"),
            Metadata = metadataHeader,
            Concat = concatHeader,
            ExpectedDigest = digest,
        });
    }

    /// <summary>A PATCH: media type (415), Upload-Offset (400), optional Upload-Length (400), the
    /// chunk checksum plan (400), all before the body.</summary>
    public static TusAppend ParseAppend(HttpContext context, UploadTarget target, ResumableUploadOptions options)
    {
        var request = context.Request;
        if (!IsOffsetOctetStream(request.ContentType))
        {
            return new TusAppend(Refusal: new UploadRefusal(RefusalReason.Malformed, 415, $"A PATCH body must be {TusHeaders.OffsetOctetStream}."));
        }
        if (!StrictNumber.TryParse(Header(request, TusHeaders.UploadOffset), out var clientOffset))
        {
            return new TusAppend(Refusal: UploadRefusal.Malformed("Upload-Offset must be a non-negative decimal integer."));
        }
        long? declared = null;
        if (Header(request, TusHeaders.UploadLength) is { } lengthHeader)
        {
            if (!StrictNumber.TryParse(lengthHeader, out var parsed))
            {
                return new TusAppend(Refusal: UploadRefusal.Malformed("Upload-Length must be a non-negative decimal integer."));
            }
            declared = parsed;
        }
        if (!TryPlanVerification(context, out var verification, out var checksumError))
        {
            return new TusAppend(Refusal: UploadRefusal.Malformed(checksumError!) with { CloseConnection = true });
        }
        return new TusAppend(new AppendToUpload(target, clientOffset)
        {
            DeclaredLength = declared,
            Body = HttpUploadBody.From(context, options, verification, TusHeaders.UploadChecksum),
        });
    }

    /// <summary>tus names one media type; parameters such as "; charset" are tolerated.</summary>
    internal static bool IsOffsetOctetStream(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals(TusHeaders.OffsetOctetStream, StringComparison.OrdinalIgnoreCase);

    /// <summary>The checksum plan of a request, decided from its headers alone: an unknown algorithm
    /// or a malformed value is refused with 400 (tus checklist EXT-CK-06).</summary>
    private static bool TryPlanVerification(HttpContext context, out ChunkVerification plan, out string? error) =>
        ChunkVerification.TryPlan(Header(context.Request, TusHeaders.UploadChecksum), TrailerDeclared(context),
            HttpUploadBody.CanCarryTrailers(context), out plan, out error);

    private static bool TrailerDeclared(HttpContext context) =>
        context.Request.Headers["Trailer"].Any(v => v is not null && v.Split(',').Any(
            name => name.Trim().Equals(TusHeaders.UploadChecksum, StringComparison.OrdinalIgnoreCase)));

    private static string? Header(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        return values.Count == 0 ? null : values.ToString();
    }

    private static TusCreation Refused(string message, bool close = false) =>
        new(Refusal: UploadRefusal.Malformed(message) with { CloseConnection = close });
}
