using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RsResumeProxy.Protocols.Rufh;
using RsResumeProxy.Protocols.Tus;
using Yarp.ReverseProxy.Transforms;

namespace RsResumeProxy.Discovery;

/// <summary>
/// Announces resumable uploads where remoteStorage clients look for server features: the
/// properties of the remoteStorage link in the WebFinger answer (the RS spec's WebFinger section
/// allows extra properties; remotestorage.js hands them to apps as remote.properties). Only a
/// 200 JSON answer to GET /.well-known/webfinger is touched; its Content-Length is set to the new
/// body and every other header stays as the backend sent it (a HEAD answer loses its
/// Content-Length, which would be the old body's). Anything else, or a document we
/// cannot edit safely, streams through untouched.
/// </summary>
internal sealed class WebFingerTransform(ILogger<WebFingerTransform> logger) : ResponseTransform
{
    public const string WebFingerPath = "/.well-known/webfinger";

    /// <summary>The property name (the tus protocol's home) and, as its value, the Tus-Version.</summary>
    public const string ResumableUploadProperty = "https://tus.io/protocols/resumable-upload";

    /// <summary>The IETF draft's property: its datatracker page, and as its value the interop
    /// versions spoken, comma-separated like Tus-Version ("6,8,9").</summary>
    public const string DraftResumableUploadProperty = "https://datatracker.ietf.org/doc/draft-ietf-httpbis-resumable-upload";

    /// <summary>The remoteStorage link relation, and the one used before draft 05 of the RS spec.</summary>
    public static readonly string[] RemoteStorageRels = ["http://tools.ietf.org/id/draft-dejong-remotestorage", "remotestorage"];

    /// <summary>A JRD is small (armadietto's is 511 bytes); a body past this bound is not a
    /// document worth holding in memory, so it streams through as it is.</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    public override async ValueTask ApplyAsync(ResponseTransformContext context)
    {
        var http = context.HttpContext;
        var proxied = context.ProxyResponse;
        if (proxied is null
            || proxied.StatusCode != HttpStatusCode.OK
            || !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            || !http.Request.Path.Equals(WebFingerPath, StringComparison.Ordinal)
            || !IsUtf8Json(proxied.Content.Headers.ContentType)
            || proxied.Content.Headers.ContentEncoding.Any(coding => !coding.Equals("identity", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }
        if (HttpMethods.IsHead(http.Request.Method))
        {
            // The backend's length is that of the document before the property goes in. Knowing the
            // new one would take a GET to the backend; a HEAD may leave it out (RFC 9110 §9.3.2).
            http.Response.ContentLength = null;
            return;
        }
        if (proxied.Content.Headers.ContentLength is > MaxDocumentBytes)
        {
            Log.WebFingerUnchanged(logger, "larger than the bound for a WebFinger document");
            return;
        }

        // From here on the body is ours to write: YARP must not copy it as well.
        context.SuppressResponseBody = true;
        var cancellation = http.RequestAborted;
        var stream = await proxied.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        var (document, complete) = await ReadBoundedAsync(stream, cancellation).ConfigureAwait(false);
        if (document is null)
        {
            // The backend failed mid-body: the client gets a cut connection, as YARP would give it.
            http.Abort();
            return;
        }
        if (!complete)
        {
            Log.WebFingerUnchanged(logger, "larger than the bound for a WebFinger document");
            await http.Response.Body.WriteAsync(document, cancellation).ConfigureAwait(false);
            await stream.CopyToAsync(http.Response.Body, cancellation).ConfigureAwait(false);
            return;
        }

        var outcome = JrdRewriter.AddLinkProperty(document, RemoteStorageRels, ResumableUploadProperty, TusHeaders.Version);
        var withTus = outcome.Document ?? document;
        // The draft's property goes in after tus's, by the same splice, so each is added or left alone on its own.
        var draft = JrdRewriter.AddLinkProperty(withTus, RemoteStorageRels, DraftResumableUploadProperty, RufhInteropVersions.Announced);
        if (outcome.Kind != JrdRewriteKind.Rewritten)
        {
            Log.WebFingerUnchanged(logger, outcome.Kind switch
            {
                JrdRewriteKind.AlreadyPresent => "the property is already there",
                JrdRewriteKind.NoRemoteStorageLink => "no remoteStorage link",
                _ => "not a JRD that can be edited safely",
            });
        }
        var body = draft.Document ?? withTus;
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, cancellation).ConfigureAwait(false);
    }

    /// <summary>JRD is application/jrd+json (RFC 7033 §10.2), UTF-8 always; some servers say
    /// application/json. Another declared charset means another encoding: leave it alone.</summary>
    internal static bool IsUtf8Json(MediaTypeHeaderValue? contentType)
    {
        var mediaType = contentType?.MediaType;
        if (mediaType is null
            || !(mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                 || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }
        var charset = contentType!.CharSet?.Trim('"');
        return string.IsNullOrEmpty(charset)
            || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads up to <see cref="MaxDocumentBytes"/> + 1 bytes; Complete says the body ended
    /// within the bound. A null document means the backend's body failed.</summary>
    private static async Task<(byte[]? Document, bool Complete)> ReadBoundedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            while (copy.Length <= MaxDocumentBytes)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (copy.ToArray(), true);
                }
                copy.Write(buffer, 0, read);
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return (null, false);
        }
        return (copy.ToArray(), false);
    }
}
