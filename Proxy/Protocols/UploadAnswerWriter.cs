using Microsoft.AspNetCore.Http;
using RsResumeProxy.Discovery;

namespace RsResumeProxy.Protocols;

/// <summary>
/// Writes an answer the proxy makes itself, whatever the protocol: status, the protocol's headers,
/// CORS, Connection: close when asked, and the body (none on HEAD, 204 and 304). Each protocol adds
/// what every one of its answers carries before calling this.
/// </summary>
internal static class UploadAnswerWriter
{
    public static async Task WriteAsync(HttpContext context, int status, IEnumerable<KeyValuePair<string, string>> headers,
        byte[] body, string? contentType, bool closeConnection)
    {
        var response = context.Response;
        response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            response.Headers.Append(name, value);
        }
        CorsHeaders.ApplyToUploadAnswer(context);
        if (closeConnection)
        {
            // Kestrel would otherwise drain an unread body for up to 5 s before closing; tell the
            // client the connection ends here so it does not keep sending (tus checklist P-06).
            response.Headers.Connection = "close";
        }

        var isHead = HttpMethods.IsHead(context.Request.Method);
        if (body.Length > 0 && status is not (204 or 304) && !isHead)
        {
            response.ContentType = contentType ?? "application/octet-stream";
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        else if (status is not (204 or 304) && !isHead)
        {
            response.ContentLength = 0;
        }
        await response.CompleteAsync().ConfigureAwait(false);
    }
}
