using Microsoft.AspNetCore.Http;
using RsResumeProxy.Discovery;

namespace RsResumeProxy.Protocols.Rufh;

/// <summary>Writes a <see cref="RufhAnswer"/>: status, headers, CORS, body.</summary>
internal static class RufhAnswerWriter
{
    public static async Task WriteAsync(HttpContext context, RufhAnswer answer)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }
        response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers.Append(name, value);
        }
        CorsHeaders.ApplyToUploadAnswer(context);
        if (answer.CloseConnection)
        {
            // A body that will not be read: say the connection ends here (tus checklist P-06).
            response.Headers.Connection = "close";
        }
        var isHead = HttpMethods.IsHead(context.Request.Method);
        if (answer.Status is not (204 or 304) && !isHead)
        {
            response.ContentLength = answer.Body.Length;
            if (answer.Body.Length > 0)
            {
                response.ContentType = answer.BodyContentType ?? "application/octet-stream";
                await response.Body.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
            }
        }
        await response.CompleteAsync().ConfigureAwait(false);
    }
}
