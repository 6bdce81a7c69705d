using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using RsResumeProxy.Discovery;

namespace RsResumeProxy.Protocols.Tus;

/// <summary>Writes a <see cref="TusAnswer"/>: status, Tus-Resumable on every answer, CORS, body.</summary>
internal static class TusAnswerWriter
{
    public static async Task WriteAsync(HttpContext context, TusAnswer answer)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }
        response.StatusCode = answer.Status;
        if (answer.Status == 460)
        {
            // Kestrel knows no phrase for tus's own status code and would send an empty one.
            context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = "Checksum Mismatch";
        }
        response.Headers[TusHeaders.TusResumable] = TusHeaders.Version;
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers.Append(name, value);
        }
        if (answer.Status == 412)
        {
            response.Headers[TusHeaders.TusVersion] = TusHeaders.Version;
        }
        CorsHeaders.ApplyToTusAnswer(context);
        if (answer.CloseConnection)
        {
            // Kestrel would otherwise drain an unread body for up to 5 s before closing; tell the
            // client the connection ends here so it does not keep sending (tus checklist P-06).
            response.Headers.Connection = "close";
        }

        var isHead = HttpMethods.IsHead(context.Request.Method);
        if (answer.Body.Length > 0 && answer.Status is not (204 or 304) && !isHead)
        {
            response.ContentType = answer.BodyContentType ?? "application/octet-stream";
            response.ContentLength = answer.Body.Length;
            await response.Body.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
        }
        else if (answer.Status is not (204 or 304) && !isHead)
        {
            response.ContentLength = 0;
        }
        await response.CompleteAsync().ConfigureAwait(false);
    }
}
