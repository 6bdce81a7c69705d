using Microsoft.AspNetCore.Http;

namespace RsResumeProxy.Protocols.Rufh;

/// <summary>Writes a <see cref="RufhAnswer"/>; the draft adds no field to every answer.</summary>
internal static class RufhAnswerWriter
{
    public static Task WriteAsync(HttpContext context, RufhAnswer answer) =>
        context.Response.HasStarted
            ? Task.CompletedTask
            : UploadAnswerWriter.WriteAsync(context, answer.Status, answer.Headers, answer.Body, answer.BodyContentType, answer.CloseConnection);
}
