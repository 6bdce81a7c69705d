using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RsResumeProxy.Protocols.Tus;

/// <summary>Writes a <see cref="TusAnswer"/>: Tus-Resumable on every answer, Tus-Version on a 412,
/// then what every upload answer gets (<see cref="UploadAnswerWriter"/>).</summary>
internal static class TusAnswerWriter
{
    public static Task WriteAsync(HttpContext context, TusAnswer answer)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }
        response.StatusCode = answer.Status;
        if (answer.Status == 460)
        {
            // Kestrel knows no phrase for tus's own status code and would send an empty one.
            context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = "Checksum Mismatch";
        }
        response.Headers[TusHeaders.TusResumable] = TusHeaders.Version;
        if (answer.Status == 412)
        {
            response.Headers[TusHeaders.TusVersion] = TusHeaders.Version;
        }
        return UploadAnswerWriter.WriteAsync(context, answer.Status, answer.Headers, answer.Body, answer.BodyContentType, answer.CloseConnection);
    }
}
