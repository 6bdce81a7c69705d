using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace RsResumeProxy.Discovery;

/// <summary>
/// CORS for tus. Browsers must be allowed to send the tus request headers and to read the tus
/// response headers (tus checklist §6, P-08); RS clients must also read ETag. The backend's own
/// CORS answers are merged with these lists, never duplicated: one Access-Control-Allow-Origin.
/// </summary>
public static class CorsHeaders
{
    public const string AllowOrigin = "Access-Control-Allow-Origin";
    public const string AllowMethods = "Access-Control-Allow-Methods";
    public const string AllowHeaders = "Access-Control-Allow-Headers";
    public const string ExposeHeaders = "Access-Control-Expose-Headers";
    public const string MaxAge = "Access-Control-Max-Age";

    public static readonly string[] TusMethods = ["POST", "PATCH", "HEAD", "DELETE", "OPTIONS", "GET", "PUT"];

    public static readonly string[] TusRequestHeaders =
    [
        "Authorization", "Content-Type", "Tus-Resumable", "Upload-Length", "Upload-Offset", "Upload-Metadata",
        "Upload-Defer-Length", "Upload-Concat", "Upload-Checksum", "If-Match", "If-None-Match",
        "X-HTTP-Method-Override", "X-Requested-With", "X-Request-ID", "Content-Disposition", "Repr-Digest", "Content-MD5",
    ];

    public static readonly string[] TusResponseHeaders =
    [
        "Location", "Tus-Resumable", "Tus-Version", "Tus-Extension", "Tus-Max-Size", "Tus-Checksum-Algorithm",
        "Upload-Offset", "Upload-Length", "Upload-Defer-Length", "Upload-Metadata", "Upload-Concat", "Upload-Expires",
        "ETag", "Content-Length", "Content-Type", "Retry-After",
    ];

    /// <summary>CORS headers for an answer the proxy writes itself.</summary>
    public static void ApplyToTusAnswer(HttpContext context)
    {
        var origin = context.Request.Headers.Origin;
        if (StringValues.IsNullOrEmpty(origin))
        {
            return;
        }
        var headers = context.Response.Headers;
        headers[AllowOrigin] = origin.ToString();
        headers.Append("Vary", "Origin");
        headers[ExposeHeaders] = string.Join(", ", TusResponseHeaders);
    }

    /// <summary>Adds <paramref name="additions"/> to a comma-separated header list, keeping what is
    /// there (case-insensitively), so the backend's list survives and nothing is repeated.</summary>
    public static string Merge(string? existing, IEnumerable<string> additions)
    {
        var items = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in (existing ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Concat(additions))
        {
            if (seen.Add(item))
            {
                items.Add(item);
            }
        }
        return string.Join(", ", items);
    }
}
