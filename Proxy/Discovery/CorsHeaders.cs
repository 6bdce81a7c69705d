using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace RsResumeProxy.Discovery;

/// <summary>
/// CORS for resumable uploads, tus and the IETF draft alike. Browsers must be allowed to send
/// their request headers and to read their response headers (tus checklist §6, P-08); RS clients
/// must also read ETag. The backend's own
/// CORS answers are merged with these lists, never duplicated: one Access-Control-Allow-Origin.
/// </summary>
internal static class CorsHeaders
{
    public const string AllowOrigin = "Access-Control-Allow-Origin";
    public const string AllowMethods = "Access-Control-Allow-Methods";
    public const string AllowHeaders = "Access-Control-Allow-Headers";
    public const string ExposeHeaders = "Access-Control-Expose-Headers";
    public const string MaxAge = "Access-Control-Max-Age";

    public static readonly string[] UploadMethods = ["POST", "PATCH", "HEAD", "DELETE", "OPTIONS", "GET", "PUT"];

    public static readonly string[] UploadRequestHeaders =
    [
        "Authorization", "Content-Type", "Tus-Resumable", "Upload-Length", "Upload-Offset", "Upload-Metadata",
        "Upload-Defer-Length", "Upload-Concat", "Upload-Checksum", "If-Match", "If-None-Match",
        "X-HTTP-Method-Override", "X-Requested-With", "X-Request-ID", "Content-Disposition", "Repr-Digest", "Content-MD5",
        "Upload-Complete", "Upload-Draft-Interop-Version",
    ];

    public static readonly string[] UploadResponseHeaders =
    [
        "Location", "Tus-Resumable", "Tus-Version", "Tus-Extension", "Tus-Max-Size", "Tus-Checksum-Algorithm",
        "Upload-Offset", "Upload-Length", "Upload-Defer-Length", "Upload-Metadata", "Upload-Concat", "Upload-Expires",
        "ETag", "Content-Length", "Content-Type", "Retry-After",
        "Upload-Complete", "Upload-Limit", "Upload-Draft-Interop-Version", "Accept-Patch",
    ];

    /// <summary>
    /// CORS headers for an answer the proxy writes itself (every upload answer: success, error and
    /// the relayed commit answer alike). draft-dejong-remotestorage: "All responses MUST carry CORS
    /// headers", and any origin may use a storage; access is the bearer token, never a cookie, so
    /// no Allow-Credentials. Like armadietto, the Origin is echoed (or "*" without one) and
    /// Vary: Origin is always sent so a cache never hands one origin's answer to another. Set, not
    /// appended: exactly one Access-Control-Allow-Origin, whatever a handler put in the answer.
    /// Which origins may send tus requests at all is decided by the backend's answer to the
    /// preflight that every tus request needs (Tus-Resumable is not a safelisted header).
    /// </summary>
    public static void ApplyToUploadAnswer(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers[AllowOrigin] = AllowedOrigin(context.Request.Headers.Origin);
        headers.Vary = Merge(headers.Vary, ["Origin"]);
        headers[ExposeHeaders] = Merge(headers[ExposeHeaders], UploadResponseHeaders);
    }

    /// <summary>The Origin echoed, or "*" when there is none or the request is malformed with
    /// several (their comma-joined value would name no origin at all).</summary>
    public static string AllowedOrigin(StringValues origin) =>
        origin.Count == 1 && !string.IsNullOrWhiteSpace(origin[0]) ? origin[0]! : "*";

    /// <summary>Adds <paramref name="additions"/> to a comma-separated header list, keeping what is
    /// there (case-insensitively), so the backend's list survives and nothing is repeated.</summary>
    public static string Merge(StringValues existing, IEnumerable<string> additions)
    {
        var items = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Each header line may itself be a list, and a backend may send the header more than once.
        var current = existing.SelectMany(line => (line ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        foreach (var item in current.Concat(additions))
        {
            if (seen.Add(item))
            {
                items.Add(item);
            }
        }
        return string.Join(", ", items);
    }
}
